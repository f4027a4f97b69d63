from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgendaConfig(AppConfig):
    name = "agenda"
    verbose_name = _("Calendar")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import tracking  # noqa: F401  (keeps the calendar's sequence numbers and cancellations)
