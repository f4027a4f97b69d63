"""What makes the site an installable app: the manifest, the service worker's configuration and
what the capture page lists."""

import functools
import hashlib
import json

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db.models import Count, Q
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _

from portfolio.models import PrivacyFinding

THEME_COLOR = "#a4471f"
BACKGROUND_COLOR = "#fbf7f1"
# Kept by the service worker for everyone (no personal data): the capture page's shell.
SHELL = (
    "css/site.css",
    "js/site.js",
    "capture/capture.css",
    "capture/capture.js",
    "capture/ui.js",
    "capture/photos.js",
    "capture/sync.js",
    "capture/privacy.js",
    "capture/store.js",
    "capture/boot.js",
    "capture/sw-main.js",
    "icons/favicon.svg",
    "icons/icon-192.png",
)


def manifest():
    capture = reverse("capture:home")
    return {
        "id": capture,
        "name": _("Creative Communities: fieldwork"),
        "short_name": _("Fieldwork"),
        "description": _(
            "Write down fieldwork where it happens, also without a connection; it is sent to "
            "your portfolio as soon as you are online."
        ),
        "lang": "nl",
        "dir": "ltr",
        "start_url": capture,
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "categories": ["education", "productivity"],
        "icons": [
            {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("capture/icons/maskable-192.png"),
                "sizes": "192x192",
                "type": "image/png",
                "purpose": "maskable",
            },
            {
                "src": static("capture/icons/maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
        "shortcuts": [
            {"name": _("New quick entry"), "url": f"{capture}#nieuw"},
            {"name": _("Fieldwork log"), "url": reverse("portfolio:own_log")},
        ],
    }


def _shell_version():
    digest = hashlib.sha256()
    for name in SHELL:
        path = finders.find(name)
        with open(path, "rb") as fh:
            digest.update(fh.read())
    return digest.hexdigest()[:16]


_cached_version = functools.cache(_shell_version)


def shell_version():
    """Changes whenever a file of the shell changes, so that the phone fetches them anew."""
    return _shell_version() if settings.DEBUG else _cached_version()


def service_worker_config():
    return {
        "version": shell_version(),
        "shell": [static(name) for name in SHELL] + [reverse("capture:offline")],
        "catalog": reverse("capture:jsi18n"),
        "offline": reverse("capture:offline"),
        # Kept per user (network first): the capture page and the first page of the log.
        "pages": [reverse("capture:home"), reverse("portfolio:own_log")],
        "scope": "/portfolio/",
    }


def service_worker_script():
    config = json.dumps(service_worker_config()).replace("<", "\\u003c")
    return (
        "// The quick-capture service worker; its logic is in capture/static/capture/sw-main.js.\n"
        f"self.CAPTURE_SW = {config};\n"
        f"importScripts({json.dumps(static('capture/store.js'))}, "
        f"{json.dumps(static('capture/sw-main.js'))});\n"
    )


def recent_entries(portfolio, count):
    """The participant's latest entries with their open privacy findings."""
    return list(
        portfolio.entries.annotate(
            open_findings=Count("findings", filter=Q(findings__status=PrivacyFinding.Status.OPEN))
        )
        .only("public_id", "title", "date", "is_draft", "setting")
        .order_by("-date", "-created_at")[:count]
    )
