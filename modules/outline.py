"""The course outline for the dashboard: live modules in course order, each with its link and
sections, and the assignments in their bodies, in one small query however many modules there are.

The dashboard shows every module and every open assignment, so building it from page objects
grew with the course (a page object per module, each body parsed, twice). The outline is built
once from those objects and kept under a fingerprint of everything it is made of: per live module
its id, tree position, URL path, title, section keys and a hash of its body (computed by the
database), and the site root paths (which decide the links). Any edit, publish, unpublish, move
or deletion changes that fingerprint, so a kept outline is never stale. The fingerprint itself
is read once per content generation (see ``_checked_fingerprint``), so most requests read
nothing. The outline holds no personal data and no translated text.
"""

import hashlib
import threading
import time
from dataclasses import dataclass

from django.db.models import TextField
from django.db.models.functions import MD5, Cast
from wagtail.models import Site

from leergang import pagecache

from .facts import SECONDS
from .models import ModulePage, can_read_content

# Outlines kept per process, newest last; a handful covers every site and a publish in between.
_KEEP = 8
_outlines = {}
# Per host: (content generation, fingerprint, when it was read).
_checked = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class OutlineModule:
    """What the dashboard needs of a module: no body, no page object."""

    pk: int
    title: str
    url: str
    section_keys: tuple


@dataclass(frozen=True)
class OutlineAssignment:
    """An assignment block, named as ``portfolio.services.assignment_key`` records it."""

    module: OutlineModule
    block_id: str
    title: str
    kind: str  # "values" or "fieldwork" (or "" for an assignment of neither kind)


@dataclass(frozen=True)
class Outline:
    modules: tuple
    assignments: tuple


def _fingerprint(request):
    rows = list(
        ModulePage.objects.live()
        .order_by("path")
        .values_list(
            "pk", "path", "url_path", "title", "section_keys", MD5(Cast("body", TextField()))
        )
    )
    roots = Site.get_site_root_paths()
    host = request.get_host() if request is not None else ""
    raw = repr((rows, [tuple(r) for r in roots], host))
    return hashlib.sha256(raw.encode()).hexdigest()


def _build(request):
    pages = list(ModulePage.objects.live().order_by("path"))
    modules, assignments = [], []
    for page in pages:
        module = OutlineModule(
            pk=page.pk,
            title=page.title,
            url=page.get_url(request) or "",
            section_keys=tuple(page.section_keys or ()),
        )
        modules.append(module)
        for item in page.body.raw_data:
            if item.get("type") != "assignment" or not item.get("id"):
                continue
            value = item.get("value") or {}
            kind = value.get("kind")
            assignments.append(
                OutlineAssignment(
                    module=module,
                    block_id=item["id"],
                    title=value.get("title") or "",
                    kind=kind if kind in ("values", "fieldwork") else "",
                )
            )
    return Outline(modules=tuple(modules), assignments=tuple(assignments))


def _checked_fingerprint(request):
    """The fingerprint, read from the database once per content generation (``leergang.pagecache``:
    any change to a module, a page or the sites starts one) and at least every ``SECONDS``, which
    bounds how long a process without a shared cache (no ``REDIS_URL``) trusts its own
    generation while another process changed the course."""
    host = request.get_host() if request is not None else ""
    generation = pagecache.generation()
    now = time.monotonic()
    seen = _checked.get(host)
    if seen is not None and seen[0] == generation and now - seen[2] < SECONDS:
        return seen[1]
    key = _fingerprint(request)
    with _lock:
        _checked[host] = (generation, key, now)
    return key


def course_outline(request):
    """The outline for this request (read once per request, whoever asks)."""
    memo = getattr(request, "_course_outline", None)
    if memo is not None:
        return memo
    key = _checked_fingerprint(request)
    outline = _outlines.get(key)
    if outline is None:
        outline = _build(request)
        # Kept only when nothing changed while it was built (a second read of the rows).
        if _fingerprint(request) == key:
            with _lock:
                _outlines[key] = outline
                while len(_outlines) > _KEEP:
                    _outlines.pop(next(iter(_outlines)))
    if request is not None:
        request._course_outline = outline
    return outline


def visible_assignments(request):
    """The outline's assignments when the user may read module content, else none (the rule
    of ``ModulePage.objects.visible_to``)."""
    if not can_read_content(request.user):
        return ()
    return course_outline(request).assignments
