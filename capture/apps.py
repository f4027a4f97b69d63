from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaptureConfig(AppConfig):
    name = "capture"
    verbose_name = _("Quick capture")
    default_auto_field = "django.db.models.BigAutoField"
