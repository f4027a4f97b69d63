"""Warm a freshly started web process before it serves its first request.

Without it, the first requests of every gunicorn worker pay for what Django and Wagtail do lazily:
importing every view behind the URL configuration, reading the translation catalogues of each
language and compiling the templates the pages use (about half a second for the first request
alone, and tens of milliseconds for each page type after it). At a restart under load, such as a
deploy while a cohort is working, that lands on the first users of each worker: in ``make load``
the first 30 seconds had a median of 270 ms against 30 ms afterwards. ``leergang/wsgi.py`` calls
:func:`warm_up` in the worker's main thread, before gunicorn lets it accept connections.

Nothing here touches the database, the cache or the PDF renderer (Pango must not be initialised
before the render pool forks; see ``portfolio_pdf/pdf.py``).
"""

import logging
import time
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.urls import get_resolver, reverse
from django.utils import translation

logger = logging.getLogger(__name__)


def project_template_names():
    """The names of the templates this project ships (its own apps and TEMPLATES' DIRS), not
    those of Wagtail's or Django's admin: the pages users visit most are built from these."""
    base = Path(settings.BASE_DIR).resolve()
    roots = []
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if base in path.parents and ".venv" not in path.parts:
            roots.append(path / "templates")
    for engine in settings.TEMPLATES:
        roots.extend(Path(d) for d in engine.get("DIRS", []))
    names = set()
    for root in roots:
        if root.is_dir():
            names.update(p.relative_to(root).as_posix() for p in root.rglob("*.html"))
    return sorted(names)


def warm_up():
    """Import every view, load every language's catalogue, compile the project's templates.
    Returns the number of templates compiled; a template that fails to compile is logged and
    left for its page to report, as it would be without the warm-up."""
    started = time.perf_counter()
    get_resolver().url_patterns  # noqa: B018 - imports every URL module and its views
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Log in")  # reads the catalogues
            reverse("wagtail_serve", args=("",))  # builds the reverse lookup per language
    compiled = 0
    django_engine = engines["django"]
    for name in project_template_names():
        try:
            django_engine.get_template(name)
        except (TemplateDoesNotExist, TemplateSyntaxError, ImportError, LookupError):
            logger.warning("Warm-up could not compile template %s", name, exc_info=True)
            continue
        compiled += 1
    logger.info(
        "Warmed up in %.0f ms (%d templates)", (time.perf_counter() - started) * 1000, compiled
    )
    return compiled
