"""The demo app: in dev and test settings only, above every other app, and seed_demo's contract."""

import ast
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

from leergang.models import Cohort, User

ROOT = Path(__file__).resolve().parents[2]
DEMO_ONLY = ("demo", "factory", "wagtail_factories", "faker")


def _manage(settings_module, *args, tmp_path, **env):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings_module,
        # A scratch database: if seed_demo ever ran here it would not touch anyone's data.
        "DATABASE_URL": f"sqlite:///{tmp_path / 'scratch.sqlite3'}",
        **env,
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_do_not_know_seed_demo(tmp_path):
    production = {
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "leergang.example.org",
    }
    installed = _manage(
        "leergang.settings.production",
        "shell",
        "-c",
        "from django.apps import apps; print('demo installed:', apps.is_installed('demo'))",
        tmp_path=tmp_path,
        **production,
    )
    assert "demo installed: False" in installed.stdout, installed.stdout + installed.stderr

    seeded = _manage(
        "leergang.settings.production", "seed_demo", "--force", tmp_path=tmp_path, **production
    )
    assert seeded.returncode != 0
    assert "Unknown command: 'seed_demo'" in seeded.stderr


def test_dev_and_test_settings_install_demo(tmp_path):
    assert apps.is_installed("demo")
    dev = _manage("leergang.settings.dev", "help", "seed_demo", tmp_path=tmp_path)
    assert dev.returncode == 0, dev.stderr
    assert "--force" in dev.stdout


def _imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def test_no_runtime_app_imports_the_demo_app_or_factory_boy():
    runtime_apps = [
        Path(config.path)
        for config in apps.get_app_configs()
        if Path(config.path).parent == ROOT and config.name != "demo"
    ]
    assert {p.name for p in runtime_apps} >= {"leergang", "modules", "portfolio", "stories"}
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for app in runtime_apps
        for path in app.rglob("*.py")
        for name in _imported_modules(path)
        if name.split(".")[0] in DEMO_ONLY
    ]
    assert offenders == []


@pytest.mark.django_db
def test_seed_demo_builds_the_demo_accounts_and_cohort():
    call_command("seed_demo", "--force", stdout=open(os.devnull, "w"))  # noqa: SIM115
    roles = {
        "deelnemer@example.org": "is_participant",
        "deelnemer2@example.org": "is_participant",
        "trainer@example.org": "is_trainer",
        "gildelid@example.org": "is_guild_member",
        "beheerder@example.org": "is_administrator",
    }
    for email, role in roles.items():
        user = User.objects.get(email=email)
        assert user.check_password("leergang-demo"), email
        assert getattr(user, role), (email, role)
    cohort = Cohort.objects.get(name="Voorjaar 2017")
    assert [u.email for u in cohort.trainers.all()] == ["trainer@example.org"]
    assert set(cohort.enrolments.values_list("user__email", flat=True)) == {
        "deelnemer@example.org",
        "deelnemer2@example.org",
        "deelnemer3@example.org",  # the third member of the demo's intervisie group
    }
