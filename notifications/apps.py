from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _start_schedule(sender, **kwargs):
    # Once per migrate (on the last app's signal), so the worker has a periodic task waiting.
    from django.apps import apps

    with_models = [a for a in apps.get_app_configs() if a.models_module is not None]
    if sender.label != with_models[-1].label:
        return
    from .tasks import ensure_scheduled

    ensure_scheduled()


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals  # noqa: F401  (notifications on feedback, verdicts, moderation)

        post_migrate.connect(_start_schedule, dispatch_uid="notifications_start_schedule")
