"""Who may edit the course in the Wagtail admin: Trainers and Beheerders, not guild members."""

import contextlib

from django.contrib.auth.models import Group, Permission
from django.db import DatabaseError
from wagtail.models import GroupPagePermission

from leergang import roles

from .models import CourseIndexPage

EDITOR_GROUPS = [roles.TRAINERS, roles.ADMINISTRATORS]
PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]


def ensure_editor_permissions(course_index=None):
    """Give the editor groups add/edit/publish on the course overview. Idempotent; returns the
    number of rows created. Without an argument it uses the existing course overview, if any."""
    if course_index is None:
        course_index = CourseIndexPage.objects.first()
        if course_index is None:
            return 0
    permissions = list(
        Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=PAGE_PERMISSIONS
        )
    )
    created = 0
    for group in Group.objects.filter(name__in=EDITOR_GROUPS):
        for permission in permissions:
            _, was_created = GroupPagePermission.objects.get_or_create(
                group=group, page_id=course_index.pk, permission=permission
            )
            created += was_created
    return created


def on_post_migrate(sender, **kwargs):
    # Runs after every migrate: once the course overview exists, its editors can work on it.
    # A partial migrate (e.g. migrating backwards) may not have the tables.
    with contextlib.suppress(DatabaseError):
        ensure_editor_permissions()
