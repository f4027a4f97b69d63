"""What a member of staff sees in the Wagtail admin: the one rule behind every admin listing.

Wagtail decides well who may *edit* a page or an image, but its listings, choosers, reports,
search and admin API show more: everything below a page a user may add to (every guild
member's draft story below the stories index) and every image of a collection a user may
choose from. Administrators see everything; trainers and guild members see their own work:

- pages: ``visible_pages(user, pages)``. Apps narrow it through the ``restrict_admin_pages``
  hook (``fn(user, pages) -> pages``), so that the core never imports a higher app (stories
  keeps a guild member to their own stories). Wagtail asks it through the page permission
  policy below (explorer, page search, admin API, site history, workflow reports) and the
  page chooser hooks;
- page choosers also offer the published, public site (``choosable_pages``): anyone can read
  those titles on the site itself;
- images and documents: ``OwnWorkCollectionPolicy``: Wagtail's collection permissions, and
  for a guild member only what they uploaded themselves.

Views that have no hook (the site-history report, the page chooser's "chosen" answer, the
page-types report) are replaced in ``leergang/admin_views.py``.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Q
from taggit.models import Tag, TaggedItem
from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import policy_registry

from . import roles
from .ids import as_pks
from .permissions import is_administrator

PAGE_SCOPE_HOOK = "restrict_admin_pages"


def sees_everything(user):
    """Administrators (and superusers) see the whole admin."""
    return bool(getattr(user, "is_active", False)) and is_administrator(user)


def confined_to_own_work(user):
    """A guild member with no editing role: their own stories, images and documents only."""
    return (
        getattr(user, "is_authenticated", False)
        and not sees_everything(user)
        and roles.has_role(user, roles.GUILD_MEMBERS)
        and not roles.has_role(user, roles.TRAINERS)
    )


def visible_pages(user, pages):
    """``pages`` narrowed to those ``user`` may see anywhere in the admin."""
    if sees_everything(user):
        return pages
    if not getattr(user, "is_authenticated", False):
        return pages.none()
    for restrict in hooks.get_hooks(PAGE_SCOPE_HOOK):
        pages = restrict(user, pages)
    return pages


def _published_titles():
    """Live pages without a view restriction whose title is the published one (a pending
    change of title is a draft too)."""
    return (
        Page.objects.live()
        .public()
        .filter(Q(has_unpublished_changes=False) | Q(draft_title=F("title")))
    )


def choosable_pages(user, pages):
    """What a page chooser may offer ``user``: the pages they see in the admin, and the
    published site."""
    if sees_everything(user):
        return pages
    visible = policy_registry.get_by_type(Page).explorable_instances(user)
    return pages.filter(Q(pk__in=visible.values("pk")) | Q(pk__in=_published_titles().values("pk")))


def may_explore(user, page):
    explorable = policy_registry.get_by_type(Page).explorable_instances(user)
    return page.depth == 1 or explorable.filter(pk=page.pk).exists()


def visible_objects(user, model, pks):
    """Those of ``pks`` (any model of the admin) that ``user`` may see there."""
    pks = as_pks(pks)
    if issubclass(model, Page):
        objects = policy_registry.get_by_type(Page).explorable_instances(user)
    elif model in _collection_models():
        policy = policy_registry.get_by_type(model)
        objects = policy.instances_user_has_any_permission_for(user, ["choose", "change"])
    else:
        objects = visible_snippets(user, model)
    return objects.filter(pk__in=pks).values_list("pk", flat=True)


def visible_snippets(user, model):
    """A model whose manager has ``visible_to(user)`` (cohorts: a trainer's own) shows only
    those; other models all, to whoever has a permission on them."""
    if sees_everything(user):
        return model.objects.all()
    visible_to = getattr(model.objects, "visible_to", None)
    if visible_to is not None:
        return visible_to(user)
    opts = model._meta
    if any(user.has_perm(f"{opts.app_label}.{a}_{opts.model_name}") for a in ("view", "change")):
        return model.objects.all()
    return model.objects.none()


def may_choose_page(user, page):
    return page.depth == 1 or choosable_pages(user, Page.objects.filter(pk=page.pk)).exists()


def offered_tags(user, tags):
    """Tags the admin may suggest to ``user``: those of pages they may choose and of images
    and documents they may choose. Participants' fieldwork tags share taggit's tag table and
    are never offered."""
    if sees_everything(user):
        return tags
    pages = choosable_pages(user, Page.objects.all())
    used = Q(pk__in=[])
    for relation in Tag._meta.related_objects:
        through = relation.related_model
        field = next((f for f in through._meta.get_fields() if f.name == "content_object"), None)
        # Generic tagged items (images, documents) have no concrete target; see below.
        target = getattr(field, "related_model", None)
        if isinstance(target, type) and issubclass(target, Page):
            on_pages = through.objects.filter(content_object__in=pages.values("pk"))
            used |= Q(pk__in=on_pages.values("tag_id"))
    for model in _collection_models():
        choosable = policy_registry.get_by_type(model).instances_user_has_any_permission_for(
            user, ["choose"]
        )
        items = TaggedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=choosable.values("pk"),
        )
        used |= Q(pk__in=items.values("tag_id"))
    return tags.filter(used)


def _collection_models():
    return [get_image_model(), get_document_model()]


class ScopedPagePermissionPolicy(PagePermissionPolicy):
    """Wagtail's page permissions, with every listing narrowed by ``visible_pages``."""

    def explorable_instances(self, user):
        return visible_pages(user, super().explorable_instances(user))

    def instances_user_has_any_permission_for(self, user, actions):
        return visible_pages(user, super().instances_user_has_any_permission_for(user, actions))

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if not super().user_has_any_permission_for_instance(user, actions, instance):
            return False
        return sees_everything(user) or (
            visible_pages(user, Page.objects.filter(pk=instance.pk)).exists()
        )


class OwnWorkCollectionPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's collection permissions for images and documents; a guild member (who shares
    the stories collection with every other author) lists, chooses and changes only what they
    uploaded themselves."""

    def instances_user_has_any_permission_for(self, user, actions):
        instances = super().instances_user_has_any_permission_for(user, actions)
        if confined_to_own_work(user):
            instances = instances.filter(**{self.owner_field_name: user})
        return instances

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if confined_to_own_work(user) and getattr(instance, f"{self.owner_field_name}_id") != (
            user.pk
        ):
            return False
        return super().user_has_any_permission_for_instance(user, actions, instance)


def own_work_policy(model, auth_model):
    return OwnWorkCollectionPolicy(
        model, auth_model=auth_model, owner_field_name="uploaded_by_user"
    )
