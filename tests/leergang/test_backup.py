import shutil
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

from leergang.backup import create_backup, restore_backup

pytestmark = pytest.mark.django_db(transaction=True)


def _counts():
    labels = [
        "leergang",
        "modules",
        "portfolio",
        "assessment",
        "stories",
        "wagtailcore",
        "wagtailimages",
    ]
    return {
        m._meta.label: m.objects.count()
        for label in labels
        if label in {a.label for a in apps.get_app_configs()}
        for m in apps.get_app_config(label).get_models()
        if not m._meta.proxy
        and m._meta.label not in ("wagtailcore.PageLogEntry", "wagtailcore.ModelLogEntry")
    }


def _files(root):
    root = Path(root)
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and not p.name.startswith(".")
    }


def test_backup_and_restore_round_trip(settings, tmp_path, client):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    before = _counts()
    private_before = _files(settings.PRIVATE_MEDIA_ROOT)
    archive = tmp_path / "backup.tar.gz"
    create_backup(archive)

    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.PRIVATE_MEDIA_ROOT, ignore_errors=True)
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)
    assert _counts()["leergang.User"] == 0

    restore_backup(archive)
    assert _counts() == before
    assert _files(settings.PRIVATE_MEDIA_ROOT) == private_before
    settings.DEBUG = False
    response = client.get("/")
    assert response.status_code == 200
    client.post(
        "/accounts/login/", {"username": "deelnemer@example.org", "password": "leergang-demo"}
    )
    assert client.get("/mijn-leergang/").status_code == 200
