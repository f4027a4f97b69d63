from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_role_permissions(sender, using="default", **kwargs):
    from django.apps import apps

    from .roles import apply_role_permissions

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    apply_role_permissions(Group.objects.db_manager(using).model, Permission)


class LeergangConfig(AppConfig):
    name = "leergang"
    verbose_name = _("Course")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # After every migrate (all apps), so permissions of every app exist.
        post_migrate.connect(_sync_role_permissions, dispatch_uid="leergang_role_permissions")
