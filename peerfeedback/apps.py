from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeerfeedbackConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "peerfeedback"
    verbose_name = _("Peer feedback")
