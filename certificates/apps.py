from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from leergang import roles


def grant_administrators(sender, apps=global_apps, using="default", **kwargs):
    """Administrators manage certificate settings and certificates (leergang.roles lists the
    core apps; a feature app adds its own models to the group, after every migrate)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.using(using).get_or_create(name=roles.ADMINISTRATORS)
    wanted = Permission.objects.using(using).filter(content_type__app_label="certificates")
    if wanted.exists():
        group.permissions.add(*wanted)


class CertificatesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "certificates"
    verbose_name = _("Certificates and open badges")

    def ready(self):
        post_migrate.connect(grant_administrators, sender=self)
