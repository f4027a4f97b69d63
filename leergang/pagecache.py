"""Public pages for anonymous visitors from the cache (``LEERGANG_PAGE_CACHE_SECONDS``; 0, the
default outside production, switches it off).

Only a request that carries no session cookie and no Authorization header is answered from the
cache or stored: a logged-in user (who always has a session cookie) never gets a cached page and
never fills one. A response is stored only when it is a plain 200 for GET, sets no cookie (a page
that used a CSRF token, a message or the session sets one), is not ``private``/``no-store``/
``no-cache`` and varies on nothing but Accept-Language and Cookie; the key holds the host, the
full path with its query and the active language. Every stored page carries the cache generation:
publishing or unpublishing a Wagtail page, and any save or delete of content the public pages
show (``CONTENT_APPS``), start a new generation, so a change is visible at the next request.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import cc_delim_re
from django.utils.translation import get_language

from .generations import Generation

GENERATION_KEY = "pagecache:generation"
GENERATION = Generation(GENERATION_KEY)
# Apps whose rows the public pages show; users, sessions, axes and tasks are left out (a login
# must not empty the cache).
CONTENT_APPS = {
    "leergang",
    "modules",
    "stories",
    "agenda",
    "certificates",
    "wagtailcore",
    "wagtailimages",
    "wagtaildocs",
    "taggit",
}
SKIP_MODELS = {"leergang.user"}
EXCLUDED_PREFIXES = ("/cms/", "/django-admin/", "/admin/", "/accounts/", "/lti/", "/sso/")
ALLOWED_VARY = {"accept-language", "cookie"}
HEADER = "X-Page-Cache"


def seconds():
    return int(getattr(settings, "LEERGANG_PAGE_CACHE_SECONDS", 0) or 0)


def generation():
    return GENERATION.current()


def new_generation(*args, **kwargs):
    """A new generation now and once more at the change's commit (leergang/generations.py)."""
    GENERATION.advance()


def content_changed(sender, **kwargs):
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.app_label not in CONTENT_APPS or meta.label_lower in SKIP_MODELS:
        return
    new_generation()


def may_use(request):
    if request.method not in ("GET", "HEAD") or not seconds():
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META:
        return False
    return not request.path.startswith(EXCLUDED_PREFIXES)


def key_for(request):
    raw = f"{request.get_host()}|{request.get_full_path()}|{get_language()}"
    return f"pagecache:{generation()}:{hashlib.sha256(raw.encode()).hexdigest()}"


def storable(request, response):
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v.strip()}
    return vary <= ALLOWED_VARY


class AnonymousPageCacheMiddleware:
    """After the session and locale middleware (the key needs the language), before CSRF and
    authentication (whose cookies it must see on the way out)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not may_use(request):
            return self.get_response(request)
        key = key_for(request)
        stored = cache.get(key)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response[HEADER] = "hit"
            return response
        response = self.get_response(request)
        if storable(request, response):
            headers = [(k, v) for k, v in response.items() if k.lower() != "set-cookie"]
            cache.set(key, (response.status_code, headers, response.content), seconds())
            response[HEADER] = "miss"
        return response
