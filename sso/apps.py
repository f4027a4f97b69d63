from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from leergang import roles


def grant_administrators(sender, using="default", **kwargs):
    """Administrators manage SSO settings and self-registration rules (as for the core apps)."""
    # Permissions of every app exist only once the last app's post_migrate ran.
    with_models = [a for a in apps.get_app_configs() if a.models_module is not None]
    if sender.label != with_models[-1].label:
        return

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.using(using).get_or_create(name=roles.ADMINISTRATORS)
    group.permissions.add(
        *Permission.objects.using(using).filter(content_type__app_label__in=["sso", "lti"])
    )


class SsoConfig(AppConfig):
    name = "sso"
    verbose_name = _("Single sign-on")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_migrate.connect(grant_administrators, dispatch_uid="sso_admin_perms")
