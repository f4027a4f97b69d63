from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _
from wagtail.signals import page_published


class ModulesConfig(AppConfig):
    name = "modules"
    verbose_name = _("Course modules")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Modules that import models: only once the app registry is ready (Django's rule).
        from .media import index_module_files
        from .models import ModulePage
        from .permissions import on_post_migrate

        post_migrate.connect(on_post_migrate, sender=self, dispatch_uid="modules_page_perms")
        page_published.connect(
            index_module_files, sender=ModulePage, dispatch_uid="modules_index_files"
        )
