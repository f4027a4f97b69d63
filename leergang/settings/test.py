"""Fast, isolated settings for the test suite (bakerydemo style)."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

# The factories and seed_demo live in the demo app (dev and test only, never production).
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LEERGANG_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
_tmp = BASE_DIR / "var" / "test"  # noqa: F405
_tmp.mkdir(parents=True, exist_ok=True)
# Media per test process: parallel test runs never see each other's files.
# A child process a test starts (a killed worker, say) is given its parent's folder.
if os.environ.get("LEERGANG_TEST_MEDIA_DIR"):
    _media = Path(os.environ["LEERGANG_TEST_MEDIA_DIR"])
else:
    _media = Path(tempfile.mkdtemp(prefix="leergang-test-media-"))
    atexit.register(shutil.rmtree, _media, ignore_errors=True)
MEDIA_ROOT = _media / "media"
STATIC_ROOT = _tmp / "static"
STATIC_ROOT.mkdir(exist_ok=True)
PRIVATE_MEDIA_ROOT = _media / "private"
if DJANGO_STORAGE == "filesystem":  # noqa: F405
    STORAGES["private"]["OPTIONS"]["location"] = PRIVATE_MEDIA_ROOT  # noqa: F405
# pytest-django's --reuse-db needs a file, not an in-memory SQLite database.
DATABASES["default"].setdefault("TEST", {})  # noqa: F405
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"]["NAME"] = os.environ.get(  # noqa: F405
        "LEERGANG_TEST_DB", str(_tmp / "test-db.sqlite3")
    )
AXES_ENABLED = True
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
