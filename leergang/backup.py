"""Back up and restore the whole site: database (as Django JSON) and both media folders.

One archive holds everything a working site needs: ``data.json`` (every model, natural keys),
``media/`` (public CMS images and documents) and ``private/`` (portfolio attachments, exports).
JSON instead of pg_dump keeps the round trip the same on SQLite and PostgreSQL.
"""

import io
import json
import tarfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.contrib.contenttypes.models import ContentType
from django.core import management
from django.db import connection, transaction

FORMAT_VERSION = 1
# Derived or transient data: rebuilt by the application, not restored.
EXCLUDE = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "wagtailsearch.indexentry",
    "axes",
    "django_tasks_database",
]


def _add_tree(tar, root: Path, arcname: str):
    root = Path(root)
    if root.exists():
        tar.add(root, arcname=arcname)


def create_backup(target: Path) -> dict:
    out = io.StringIO()
    management.call_command(
        "dumpdata",
        *[],
        exclude=EXCLUDE,
        natural_foreign=True,
        natural_primary=False,
        indent=None,
        stdout=out,
    )
    data = out.getvalue().encode()
    meta = {"format": FORMAT_VERSION, "objects": len(json.loads(data or b"[]"))}
    with tarfile.open(target, "w:gz") as tar:
        for name, payload in (("data.json", data), ("meta.json", json.dumps(meta).encode())):
            info = tarfile.TarInfo(name)
            info.size = len(payload)
            tar.addfile(info, io.BytesIO(payload))
        _add_tree(tar, settings.MEDIA_ROOT, "media")
        _add_tree(tar, settings.PRIVATE_MEDIA_ROOT, "private")
    return meta


def _safe_members(tar, prefix):
    for member in tar.getmembers():
        if member.name == prefix or member.name.startswith(prefix + "/"):
            if member.issym() or member.islnk() or member.isdev():
                continue
            member.name = member.name[len(prefix) :].lstrip("/") or "."
            yield member


def restore_backup(source: Path) -> dict:
    """Restore into an empty (freshly migrated) database. Files are written with the data filter."""
    with tarfile.open(source, "r:gz") as tar:
        meta = json.loads(tar.extractfile("meta.json").read())
        if meta.get("format") != FORMAT_VERSION:
            raise ValueError(f"Unknown backup format {meta.get('format')!r}")
        data = tar.extractfile("data.json").read()
        for prefix, root in (
            ("media", settings.MEDIA_ROOT),
            ("private", settings.PRIVATE_MEDIA_ROOT),
        ):
            Path(root).mkdir(parents=True, exist_ok=True)
            tar.extractall(root, members=list(_safe_members(tar, prefix)), filter="data")
    fixture = Path(settings.PRIVATE_MEDIA_ROOT) / ".restore-data.json"
    fixture.write_bytes(data)
    try:
        with transaction.atomic():
            # Migrations and post_migrate handlers seed rows (root page, locale, groups,
            # workflows); the backup has its own, so start from empty tables.
            _empty_database()
            management.call_command("loaddata", str(fixture), verbosity=0)
    finally:
        fixture.unlink(missing_ok=True)
    if connection.vendor == "postgresql":
        out = io.StringIO()
        labels = [a.label for a in apps.get_app_configs()]
        management.call_command("sqlsequencereset", *labels, stdout=out, no_color=True)
        with connection.cursor() as cursor:
            cursor.execute(out.getvalue())
    _clear_search_index()
    management.call_command("update_index", verbosity=0)
    return meta


def _clear_search_index():
    """The search index is rebuilt from the restored rows; SQLite's FTS table is not flushed."""
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        for table in ("wagtailsearch_indexentry_fts", "wagtailsearch_indexentry"):
            if table in tables:
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608


def _empty_database():
    """Empty every table, then recreate only content types and permissions (not in the dump)."""
    management.call_command(
        "flush", interactive=False, inhibit_post_migrate=True, verbosity=0, allow_cascade=True
    )
    ContentType.objects.clear_cache()
    for app_config in apps.get_app_configs():
        if app_config.models_module is not None:
            create_contenttypes(app_config, verbosity=0)
            create_permissions(app_config, verbosity=0)
