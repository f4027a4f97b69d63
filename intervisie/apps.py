from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntervisieConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "intervisie"
    verbose_name = _("Intervisie")
