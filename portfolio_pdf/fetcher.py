"""The only way WeasyPrint gets at a file while it renders a portfolio.

WeasyPrint's own fetcher opens ``file://`` and network URLs, so a hostile ``<img>`` or
``<link rel="attachment">`` could pull ``/etc/passwd`` or an intranet page into the PDF. This
fetcher never opens anything itself: every URL must sit under one internal origin that
does not exist on any network (``.invalid`` is reserved), and maps to either

- ``<origin>/static/portfolio_pdf/<path>``: a file below this app's static folder (fonts, print
  CSS), or
- ``<origin>/attachment/<id>``: an attachment that belongs to the snapshot being rendered,
  read from the private storage. The caller decides which ids are allowed, after the same
  permission check as the web view.

Everything else raises, which WeasyPrint reports as a warning and renders nothing for.
"""

import logging
import re
from pathlib import Path

from django.core.exceptions import SuspiciousOperation
from django.core.files.storage import storages
from weasyprint.urls import URLFetcher, URLFetcherResponse

# WeasyPrint logs every layout step at INFO; only warnings matter here.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

logger = logging.getLogger(__name__)

ORIGIN = "https://leergang-pdf.invalid/"
STATIC_PREFIX = ORIGIN + "static/portfolio_pdf/"
ATTACHMENT_PREFIX = ORIGIN + "attachment/"
STATIC_ROOT = (Path(__file__).resolve().parent / "static" / "portfolio_pdf").resolve()
# Attachments are limited to 10 MB on upload; anything larger here is not ours.
MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024
IMAGE_TYPES = {"image/jpeg", "image/png", "image/webp", "image/gif"}
STATIC_TYPES = {
    ".css": "text/css",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".png": "image/png",
    ".svg": "image/svg+xml",
}
_ID_RE = re.compile(r"^[0-9]{1,12}$")


class FetchRefused(ValueError):
    """A URL outside what this render may read."""


def attachment_url(attachment_id):
    return f"{ATTACHMENT_PREFIX}{int(attachment_id)}"


class PortfolioURLFetcher(URLFetcher):
    """Resolves only our static files and the allowed attachments; refuses everything else.

    ``attachments`` maps an attachment id to ``(storage_name, content_type)``.
    """

    def __init__(self, attachments=None, *, storage_alias="private"):
        # No handlers are used, but the base class keeps the options WeasyPrint reads.
        super().__init__(timeout=5, allowed_protocols={"https"}, allow_redirects=False)
        self.attachments = {int(k): tuple(v) for k, v in (attachments or {}).items()}
        self.storage_alias = storage_alias
        self.refused = []

    def fetch(self, url, headers=None):
        url = str(url)
        try:
            if url.startswith(STATIC_PREFIX):
                return self._static(url)
            if url.startswith(ATTACHMENT_PREFIX):
                return self._attachment(url)
        except FetchRefused:
            self.refused.append(url[:200])
            raise
        self.refused.append(url[:200])
        logger.warning("PDF render refused to fetch %s", url[:200])
        raise FetchRefused(f"Refused: {url[:200]}")

    def open(self, url, data=None, timeout=None):
        return self.fetch(getattr(url, "full_url", url))

    def _static(self, url):
        relative = url[len(STATIC_PREFIX) :].split("?", 1)[0].split("#", 1)[0]
        if not relative or "\\" in relative or "%" in relative:
            raise FetchRefused(url)
        path = (STATIC_ROOT / relative).resolve()
        if not path.is_relative_to(STATIC_ROOT) or not path.is_file():
            raise FetchRefused(url)
        content_type = STATIC_TYPES.get(path.suffix.lower())
        if content_type is None:
            raise FetchRefused(url)
        return URLFetcherResponse(
            url, path.read_bytes(), headers={"Content-Type": content_type}, status=200
        )

    def _attachment(self, url):
        ident = url[len(ATTACHMENT_PREFIX) :]
        if not _ID_RE.match(ident) or int(ident) not in self.attachments:
            raise FetchRefused(url)
        storage_name, content_type = self.attachments[int(ident)]
        if content_type not in IMAGE_TYPES:
            raise FetchRefused(url)
        storage = storages[self.storage_alias]
        try:
            if storage.size(storage_name) > MAX_ATTACHMENT_BYTES:
                raise FetchRefused(url)
            with storage.open(storage_name, "rb") as handle:
                body = handle.read(MAX_ATTACHMENT_BYTES + 1)
        except (OSError, ValueError, MemoryError, SuspiciousOperation) as exc:
            # A missing file leaves an empty frame, not a failed export.
            logger.error("PDF render could not read attachment %s: %s", ident, exc)
            raise FetchRefused(url) from exc
        return URLFetcherResponse(url, body, headers={"Content-Type": content_type}, status=200)
