"""Which Wagtail page answers a path, from the shared cache.

Wagtail finds a page by walking the tree from the site's root: the site, the root page, and for
every path segment the child with that slug and its specific row, about seven queries for a module
page, on every request. Here the outcome of that walk is kept in the cache under the route
generation, keyed on host, port, path and language: the page's id and type, and plain copies of its
parent (for the breadcrumb) and of the site (for its URLs). A hit reads only the page itself, and
only while it is live. Anything that can change which page a path leads to (a page saved,
deleted, moved, published or unpublished; a site or locale changed) starts a new generation
(leergang/generations.py), so the next request walks the tree again.

Only the walk is skipped: Wagtail's own ``serve`` still runs, so view restrictions (login,
groups, password), the ``before_serve_page`` hooks and the page's ``serve`` apply as before. Only
routes that end on a page without extra arguments are kept (no project page overrides ``route``).
"""

import hashlib
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.utils.translation import get_language
from wagtail import views as wagtail_views
from wagtail.models import Locale, Page, Site
from wagtail.url_routing import RouteResult

from .generations import Generation, shared

GENERATION = Generation("route:generation")
# Without a shared cache another process's move or new slug is seen after this long (an unpublished
# or deleted page is gone at once: a hit reads the page, and only while it is live).
SECONDS = 3600
SECONDS_UNSHARED = 60


def route_changed(*args, **kwargs):
    GENERATION.advance()


def model_changed(sender, instance=None, **kwargs):
    if isinstance(instance, Page | Site | Locale):
        GENERATION.advance()


def _key(request, path):
    raw = "|".join([request._get_raw_host(), request.get_port(), path, get_language() or ""])
    digest = hashlib.sha256(raw.encode()).hexdigest()
    return f"route:{GENERATION.current()}:{digest}"


@dataclass(frozen=True)
class Route:
    """What the walk found: the page's id and type, its parent and the site, the last two as
    plain copies without related objects (the page's breadcrumb and URLs need no more)."""

    page_id: int
    content_type_id: int
    parent: Page | None
    site: Site | None


def _plain(instance):
    if instance is None:
        return None
    model = type(instance)._meta.concrete_model
    if model is not Site:
        model = Page  # a parent as Wagtail's own get_parent returns it: the base page row
    fields = [field.attname for field in model._meta.concrete_fields]
    return model.from_db(instance._state.db, fields, [getattr(instance, f) for f in fields])


def _route_of(request, page):
    return Route(
        page_id=page.pk,
        content_type_id=page.content_type_id,
        parent=_plain(getattr(page, "_cached_parent_obj", None)),
        site=_plain(getattr(request, "_wagtail_site", None)),
    )


def _page_of(route):
    model = ContentType.objects.get_for_id(route.content_type_id).model_class()
    if model is None:
        return None
    page = model.objects.filter(pk=route.page_id, live=True).first()
    if page is not None and route.parent is not None:
        page._cached_parent_obj = route.parent
    return page


def serve(request, path):
    key = _key(request, path)
    route = cache.get(key)
    page = _page_of(route) if isinstance(route, Route) else None
    if page is not None:
        request._wagtail_route_for_request = RouteResult(page)
        if route.site is not None:
            request._wagtail_site = route.site
    else:
        result = Page.route_for_request(request, path)
        if result is not None and not result[1] and not result[2]:
            seconds = SECONDS if shared() else SECONDS_UNSHARED
            cache.set(key, _route_of(request, result[0]), seconds)
    return wagtail_views.serve(request, path)
