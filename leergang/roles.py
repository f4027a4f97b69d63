"""The four groups and what each may do.

Groups are created by a data migration (0002); their model permissions are (re)applied after
every migrate, because permissions of models added later only exist once ``post_migrate`` ran.
Object-level rules (which cohort, whose portfolio) live on QuerySets, not here.
"""

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


def has_role(user, group_name):
    """Cached per request on the user object: group names are read once."""
    if not getattr(user, "is_authenticated", False):
        return False
    names = getattr(user, "_role_names", None)
    if names is None:
        names = set(user.groups.values_list("name", flat=True))
        user._role_names = names
    return group_name in names


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
