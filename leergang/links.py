"""Absolute links for e-mails, on the configured site address.

A request's Host header is chosen by whoever sends the request; a link built from it in a
password-reset or invitation e-mail would hand the token to the sender's host. So every link we
e-mail starts with ``WAGTAILADMIN_BASE_URL`` (which Wagtail uses for its own e-mails too).
"""

from urllib.parse import urlsplit

from django.conf import settings


def site_url():
    """The site's address without a trailing slash, e.g. ``https://leergang.example.org``."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def absolute_url(path="/"):
    """``path`` (as reverse() gives it) on the site's address."""
    if urlsplit(path).netloc or urlsplit(path).scheme:
        raise ValueError(f"absolute_url() takes a path, not a URL: {path!r}")
    return site_url() + "/" + path.lstrip("/")
