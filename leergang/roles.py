"""The four groups and what each may do.

Groups are created by a data migration (0002); their model permissions are (re)applied after
every migrate, because permissions of models added later only exist once ``post_migrate`` ran.
Object-level rules (which cohort, whose portfolio) live on QuerySets, not here.
"""

from django.apps import apps
from django.core.cache import cache
from django.db.models import Q

from .generations import Generation, shared

PARTICIPANTS = "Deelnemers"
TRAINERS = "Trainers"
GUILD_MEMBERS = "Gildeleden"
ADMINISTRATORS = "Beheerders"
ALL_GROUPS = [PARTICIPANTS, TRAINERS, GUILD_MEMBERS, ADMINISTRATORS]

# app_label -> codename prefixes a role gets on every model of that app, or (app_label, codename).
ROLE_PERMISSIONS = {
    PARTICIPANTS: [],
    TRAINERS: [
        ("wagtailadmin", "access_admin"),
        ("wagtailimages", "add_image"),
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "choose_document"),
        ("leergang", "view_cohort"),
    ],
    GUILD_MEMBERS: [
        ("wagtailadmin", "access_admin"),
        ("wagtailimages", "add_image"),
        ("wagtailimages", "choose_image"),
    ],
    ADMINISTRATORS: [
        ("wagtailadmin", "access_admin"),
        ("leergang", "*"),
        ("modules", "*"),
        ("portfolio", "*"),
        ("portfolio_pdf", "*"),
        ("assessment", "*"),
        ("stories", "*"),
        ("wagtailimages", "*"),
        ("wagtaildocs", "*"),
        ("taggit", "*"),
        ("wagtailcore", "*"),
    ],
}


# What a user's groups grant, kept in the shared cache under the role generation: any change to
# group membership, a group's permissions or a user's own permissions starts a new one
# (leergang/apps.py connects the signals), so a removed role is gone at the next request. The
# TTL bounds a change made outside the ORM's signals (a queryset update of the group table) and,
# without a shared cache (no REDIS_URL), a change made in another server process.
ROLE_GENERATION = Generation("roles:generation")
ROLE_SNAPSHOT_SECONDS = 300
ROLE_SNAPSHOT_SECONDS_UNSHARED = 10


def snapshot_key(user):
    joined = user.date_joined.timestamp() if user.date_joined else 0
    return f"roles:{ROLE_GENERATION.current()}:{user.pk}:{joined:.6f}"


def _snapshot(user):
    """(group names, may use the admin through a permission): once per request from the user
    object, else from the cache, else two queries. The key holds the account's creation time,
    so a deleted account's snapshot never serves a new account that got the same id."""
    snapshot = getattr(user, "_role_snapshot", None)
    if snapshot is not None:
        return snapshot
    key = snapshot_key(user)
    snapshot = cache.get(key)
    if snapshot is None:
        permission = apps.get_model("auth", "Permission")
        admin = (
            permission.objects.filter(
                content_type__app_label="wagtailadmin", codename="access_admin"
            )
            .filter(Q(group__user=user) | Q(user=user))
            .exists()
        )
        snapshot = (frozenset(user.groups.values_list("name", flat=True)), admin)
        seconds = ROLE_SNAPSHOT_SECONDS if shared() else ROLE_SNAPSHOT_SECONDS_UNSHARED
        cache.set(key, snapshot, seconds)
    user._role_snapshot = snapshot
    return snapshot


def has_role(user, group_name):
    if not getattr(user, "is_authenticated", False):
        return False
    return group_name in _snapshot(user)[0]


def may_use_admin(user):
    """What ``user.has_perm("wagtailadmin.access_admin")`` answers, without loading every
    permission of the user on each page (the header asks on every page)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or _snapshot(user)[1]


def roles_changed(sender, **kwargs):
    """Receiver for membership and permission changes (see leergang/apps.py)."""
    if kwargs.get("action", "post_").startswith("post_"):
        ROLE_GENERATION.advance()


def apply_role_permissions(group_model, permission_model):
    """Give each group its model permissions. Idempotent; adds, never removes."""
    for group_name, specs in ROLE_PERMISSIONS.items():
        group, _ = group_model.objects.get_or_create(name=group_name)
        wanted = []
        for app_label, codename in specs:
            qs = permission_model.objects.filter(content_type__app_label=app_label)
            if codename != "*":
                qs = qs.filter(codename=codename)
            wanted.extend(qs)
        if wanted:
            group.permissions.add(*wanted)
