from django.apps import AppConfig, apps
from django.conf import settings
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from . import roles
from .roles import apply_role_permissions


def _is_last_app(sender):
    with_models = [a for a in apps.get_app_configs() if a.models_module is not None]
    return sender.label == with_models[-1].label


def _sync_role_permissions(sender, using="default", **kwargs):
    if not _is_last_app(sender):
        return
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    apply_role_permissions(Group.objects.db_manager(using).model, Permission)


def _ensure_wagtail_roots(sender, using="default", **kwargs):
    """Recreate what Wagtail's data migrations made, after a flush (transactional tests).

    A flush empties every table and then sends post_migrate; without a locale, a root page
    and a root collection the next test could not create pages or images.
    """
    if not _is_last_app(sender):
        return
    Locale = apps.get_model("wagtailcore", "Locale")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    locale, _ = Locale.objects.using(using).get_or_create(language_code=settings.LANGUAGE_CODE)
    if not Page.objects.using(using).filter(depth=1).exists():
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale, live=True))
    if not Collection.objects.using(using).filter(depth=1).exists():
        Collection.add_root(instance=Collection(name="Root"))


class LeergangConfig(AppConfig):
    name = "leergang"
    verbose_name = _("Course")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # post_migrate is sent once per app; content types and permissions of an app are made
        # by receivers of its own signal, so act on the last app's signal, when all exist.
        # After every migrate (all apps), so permissions of every app exist.
        post_migrate.connect(_sync_role_permissions, dispatch_uid="leergang_role_permissions")
        post_migrate.connect(_ensure_wagtail_roots, dispatch_uid="leergang_wagtail_roots")
        # Anonymous page cache (leergang/pagecache.py): a publish or a content change starts a
        # new generation.
        from django.db.models.signals import m2m_changed, post_delete, post_save
        from wagtail.signals import page_published, page_unpublished

        from . import pagecache

        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(pagecache.content_changed, dispatch_uid=f"pagecache.{id(signal)}")
        page_published.connect(pagecache.new_generation, dispatch_uid="pagecache.published")
        page_unpublished.connect(pagecache.new_generation, dispatch_uid="pagecache.unpublished")
        # The route cache (leergang/routing.py): whatever can change which page a path leads to.
        from wagtail.signals import post_page_move

        from . import routing

        for signal in (post_save, post_delete):
            signal.connect(routing.model_changed, dispatch_uid=f"routing.{id(signal)}")
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(routing.route_changed, dispatch_uid=f"routing.{id(signal)}")
        # The role cache (leergang/roles.py): membership and permission changes start a new
        # role generation.
        user_model = self.get_model("User")
        group_model = apps.get_model("auth", "Group")
        permission_model = apps.get_model("auth", "Permission")
        for through in (
            user_model.groups.through,
            user_model.user_permissions.through,
            group_model.permissions.through,
        ):
            m2m_changed.connect(
                roles.roles_changed, sender=through, dispatch_uid=f"roles.{through}"
            )
        for model in (group_model, permission_model):
            for signal in (post_save, post_delete):
                signal.connect(
                    roles.roles_changed, sender=model, dispatch_uid=f"roles.{model}.{id(signal)}"
                )
