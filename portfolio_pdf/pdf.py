"""A portfolio snapshot as a print-ready, archival PDF.

Building data and rendering are kept apart: ``build_html`` turns a snapshot (see
``portfolio.snapshot``) into the print HTML, the same HTML the browser preview shows;
``render_html`` lays it out with WeasyPrint in a child process that has a time and memory
limit; ``get_or_render`` stores the result under a hash of everything that went into it.
"""

import contextlib
import copy
import hashlib
import io
import json
import logging
import multiprocessing
import os
import resource
import signal
import threading
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from pypdf import PdfReader
from weasyprint import HTML

from . import derived, fetcher, pdfa, sources
from .models import RenderedPdf
from .printdata import normalise_feedback, prepare, when

logger = logging.getLogger(__name__)

# Bump whenever the print template or CSS changes, so cached PDFs are rendered afresh.
TEMPLATE_VERSION = "2026-12-peer"
PDF_VARIANT = "pdf/a-3a"
RENDER_TIMEOUT = float(getattr(settings, "PORTFOLIO_PDF_TIMEOUT", 120))
RENDER_NICENESS = 10
RENDER_MEMORY_MB = int(getattr(settings, "PORTFOLIO_PDF_MEMORY_MB", 1024))
# Above this the participant's own PDF goes to the background: a rough estimate from the
# bench (about 0.03 s per entry and 0.08 s per image on a laptop) keeps it under ~4 s.
BACKGROUND_ENTRIES = 60
BACKGROUND_IMAGES = 30


class RenderError(Exception):
    """A render that could not finish; ``str()`` is a Dutch message for the user."""


@dataclass(frozen=True)
class RenderOptions:
    """What the participant chose to put in: all entries or some, with or without feedback."""

    entry_ids: tuple | None = None
    include_feedback: bool = False

    def as_dict(self):
        return {
            "entry_ids": None if self.entry_ids is None else sorted(self.entry_ids),
            "include_feedback": self.include_feedback,
        }

    @classmethod
    def from_dict(cls, data):
        data = data or {}
        ids = data.get("entry_ids")
        return cls(
            entry_ids=None if ids is None else tuple(sorted(int(i) for i in ids)),
            include_feedback=bool(data.get("include_feedback")),
        )


@dataclass
class RenderResult:
    pdf: bytes
    page_count: int
    seconds: float
    peak_rss_mb: float
    refused: list = field(default_factory=list)


# --- data ------------------------------------------------------------------------------------


def select_entries(snapshot, options):
    """A copy of the snapshot with only the chosen fieldwork entries."""
    data = copy.deepcopy(snapshot)
    if options.entry_ids is not None:
        wanted = set(options.entry_ids)
        data["entries"] = [e for e in data.get("entries", []) if e.get("id") in wanted]
    return data


def snapshot_attachments(snapshot):
    """{attachment id: (storage name, content type)} of every attachment in the snapshot."""
    found = {}
    for entry in snapshot.get("entries", []):
        for att in entry.get("attachments", []):
            if att.get("storage_name") and att.get("id") is not None:
                found[int(att["id"])] = (att["storage_name"], att.get("content_type", ""))
    return found


def estimate(snapshot, options=None):
    data = select_entries(snapshot, options or RenderOptions())
    entries = data.get("entries", [])
    images = sum(
        1
        for e in entries
        for a in e.get("attachments", [])
        if a.get("content_type") in fetcher.IMAGE_TYPES
    )
    return {"entries": len(entries), "images": images}


def needs_background(snapshot, options=None):
    """Would this render take longer than a few seconds? Then it goes to the worker."""
    size = estimate(snapshot, options)
    return size["entries"] > BACKGROUND_ENTRIES or size["images"] > BACKGROUND_IMAGES


def build_html(
    snapshot,
    *,
    options=None,
    feedback=None,
    submission_label="",
    for_browser=False,
    attachment_src=None,
    static_prefix=None,
):
    """The print HTML of a snapshot. The PDF and the browser preview use this same HTML; only
    where the fonts, CSS and images come from differs."""
    with translation.override("nl"):
        return _build_html(
            snapshot,
            options or RenderOptions(),
            feedback,
            submission_label,
            for_browser,
            attachment_src,
            static_prefix,
        )


def _build_html(
    snapshot, options, feedback, submission_label, for_browser, attachment_src, static_prefix
):
    data = select_entries(snapshot, options)
    if attachment_src is None:

        def attachment_src(att):
            return fetcher.attachment_url(att["id"])

    if static_prefix is None:
        static_prefix = fetcher.STATIC_PREFIX
    prepared = prepare(
        data,
        normalise_feedback(feedback) if options.include_feedback else None,
        attachment_src=attachment_src,
    )
    owner = data.get("owner", {})
    cohort = data.get("cohort", {})
    taken = when(data.get("created_at")) or timezone.now()
    context = {
        **prepared,
        "owner_name": owner.get("name", ""),
        "cohort_name": cohort.get("name", ""),
        "cohort_start": when(cohort.get("start_date")),
        "cohort_end": when(cohort.get("end_date")),
        "course_name": _("Creative Communities course"),
        "snapshot_date": taken,
        "submission_label": submission_label,
        "static_prefix": static_prefix,
        "for_browser": for_browser,
        "title": _("Portfolio of %(name)s") % {"name": owner.get("name", "")},
        "subject": _("Portfolio of the Creative Communities course, cohort %(cohort)s")
        % {"cohort": cohort.get("name", "")},
        "template_version": TEMPLATE_VERSION,
    }
    return render_to_string("portfolio_pdf/pdf/portfolio.html", context)


def cache_key(snapshot, options=None, feedback=None, submission_label=""):
    """sha256 of everything that shapes the PDF. The snapshot's own timestamp is left out, so
    the same content built again hits the cache; attachments change their storage name on
    every upload, so a new image is a new key."""
    options = options or RenderOptions()
    data = select_entries(snapshot, options)
    data.pop("created_at", None)
    payload = {
        "snapshot": data,
        "options": options.as_dict(),
        "feedback": normalise_feedback(feedback) if options.include_feedback else None,
        "submission": submission_label,
        "template": TEMPLATE_VERSION,
        "variant": PDF_VARIANT,
    }
    raw = json.dumps(payload, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


# --- rendering -------------------------------------------------------------------------------


def write_pdf(html, attachments):
    """Render in this process with our fetcher (the child's work; also used by the bench)."""
    url_fetcher = fetcher.PortfolioURLFetcher(attachments)
    document = HTML(string=html, base_url=fetcher.ORIGIN, url_fetcher=url_fetcher).render(
        pdf_variant=PDF_VARIANT,
        pdf_tags=True,
        dpi=200,
        jpeg_quality=85,
        optimize_images=True,
    )
    pdf = document.write_pdf(
        pdf_variant=PDF_VARIANT, pdf_tags=True, dpi=200, jpeg_quality=85, optimize_images=True
    )
    return pdfa.finish(pdf), len(document.pages), url_fetcher.refused


def _child(conn, html, attachments, memory_mb, timeout):
    # Runs in the forked child: cap memory and CPU, render, send the bytes back.
    try:
        # Below the page requests in the CPU's queue: a burst of renders takes the cores the
        # worker's other threads would use for pages (issue 19: five PDFs at once while fifty
        # people browse); a render still runs at full speed on an idle machine.
        os.nice(RENDER_NICENESS)
        # The address space limit counts what the forked child inherited from its parent
        # (a long-running worker grows), so the allowance is added on top of that.
        limit = _address_space() + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        cpu = int(timeout) + 5
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
        pdf, pages, refused = write_pdf(html, attachments)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        conn.send(("ok", pdf, pages, peak, refused))
    except MemoryError:
        conn.send(("memory", None, 0, 0, []))
    except BaseException as exc:  # noqa: BLE001 - everything goes back to the parent
        conn.send(("error", f"{type(exc).__name__}: {exc}"[:500], 0, 0, []))
    finally:
        conn.close()
        os._exit(0)


_warmed = False
# Held while this process warms up Pango and while it forks a render child. Pango starts its
# fontconfig initialisation in a thread of its own; a child forked while that (or any warm-up
# in another thread) is under way inherits a lock whose owner does not exist in the child and
# waits on it forever (issue 19). Serialising warm-up and fork means a child is only ever made
# from a process whose font machinery is idle and fully initialised.
_fork_lock = threading.Lock()


def _warm_up():
    """Lay out one small page in this process once, so that every forked child starts with
    WeasyPrint, Pango and the shipped fonts already loaded instead of loading them itself.

    The caller holds ``_fork_lock``; ``_warmed`` is set only once the warm-up has finished,
    so no thread forks while another is still in it."""
    global _warmed
    if _warmed:
        return
    try:
        write_pdf(build_html({"owner": {"name": "-"}, "cohort": {}, "entries": []}), {})
    except Exception:  # a failed warm-up only costs speed
        logger.exception("PDF warm-up failed")
    _warmed = True


def _start_child(process, timeout):
    """Warm up (once) and fork, never while another thread is warming up or forking."""
    if not _fork_lock.acquire(timeout=max(timeout, 1)):
        logger.error("PDF render could not start within %.0f s (warm-up busy)", timeout)
        raise RenderError(_("The PDF could not be made. Please try again later."))
    try:
        _warm_up()
        process.start()
    finally:
        _fork_lock.release()


def _address_space():
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


def render_html(html, attachments, *, timeout=None, memory_mb=None):
    """Render ``html`` in a child process with a time and memory limit.

    The child is forked, so WeasyPrint and the fonts loaded here are shared, not re-imported;
    the fork waits for any warm-up in another thread (see ``_fork_lock``).
    A child that runs out of time is killed; one that runs out of memory reports it. Either
    way the caller gets a RenderError with a Dutch message, and the log says what happened."""
    timeout = RENDER_TIMEOUT if timeout is None else timeout
    memory_mb = RENDER_MEMORY_MB if memory_mb is None else memory_mb
    ctx = multiprocessing.get_context("fork")
    parent_conn, child_conn = ctx.Pipe(duplex=False)
    start = time.perf_counter()
    process = ctx.Process(
        target=_child, args=(child_conn, html, attachments, memory_mb, timeout), daemon=True
    )
    try:
        _start_child(process, timeout)
    except BaseException:
        parent_conn.close()
        raise
    finally:
        child_conn.close()
    try:
        if not parent_conn.poll(timeout):
            _kill(process)
            logger.error("PDF render killed after %.0f s (time limit)", timeout)
            raise RenderError(
                _(
                    "Making the PDF took longer than %(seconds)d seconds and was stopped. "
                    "Choose fewer entries or try again later."
                )
                % {"seconds": int(timeout)}
            )
        try:
            status, pdf, pages, peak, refused = parent_conn.recv()
        except EOFError:
            status, pdf, pages, peak, refused = "died", None, 0, 0, []
    finally:
        parent_conn.close()
        process.join(5)
        if process.is_alive():
            _kill(process)
    seconds = time.perf_counter() - start
    if status == "ok":
        if refused:
            logger.warning("PDF render refused %d URL(s): %s", len(refused), refused[:5])
        return RenderResult(pdf, pages, seconds, peak, refused)
    if status == "memory":
        logger.error("PDF render stopped: memory limit of %d MB reached", memory_mb)
        raise RenderError(
            _(
                "Making the PDF needed more memory than allowed and was stopped. "
                "Choose fewer entries or smaller images."
            )
        )
    logger.error("PDF render failed (%s): %s", status, pdf or process.exitcode)
    raise RenderError(_("The PDF could not be made. Please try again later."))


def _kill(process):
    with contextlib.suppress(ProcessLookupError, TypeError):
        os.kill(process.pid, signal.SIGKILL)
    process.join(5)


def page_count(pdf_bytes):
    return len(PdfReader(io.BytesIO(pdf_bytes)).pages)


def keep_attachments(snapshot, allowed):
    """A copy of the snapshot without the attachments outside ``allowed``: an attachment that
    was deleted, lost its consent or may not be read is left out whole (image and caption)."""
    data = copy.deepcopy(snapshot)
    for entry in data.get("entries", []):
        entry["attachments"] = [
            a
            for a in entry.get("attachments", [])
            if a.get("id") is not None and a["id"] in allowed
        ]
    return data


def get_or_render(
    snapshot,
    *,
    options=None,
    feedback=None,
    submission_label="",
    allowed_attachments=None,
    submission_id=None,
    portfolio_public_id=None,
):
    """The RenderedPdf for this content: from the cache when nothing changed, else rendered.

    Only attachments that still exist and have consent are shown; ``allowed_attachments``
    narrows that to the ids the caller checked the user may read. ``submission_id`` says the
    snapshot is that submission's frozen one (None: the live portfolio); ``portfolio_public_id``
    names the portfolio when the snapshot no longer does (an erased one). What went in is
    recorded (see ``derived``), so that erasing or changing a source deletes this copy."""
    options = options or RenderOptions()
    allowed = sources.available_attachment_ids(snapshot)
    if allowed_attachments is not None:
        allowed &= {int(i) for i in allowed_attachments}
    data = keep_attachments(select_entries(snapshot, options), allowed)
    key = cache_key(data, options, feedback, submission_label)
    cached = RenderedPdf.objects.filter(key=key).first()
    if cached is not None and cached.file and cached.file.storage.exists(cached.file.name):
        RenderedPdf.objects.filter(pk=cached.pk).update(last_used_at=timezone.now())
        return cached
    html = build_html(data, options=options, feedback=feedback, submission_label=submission_label)
    embedded = snapshot_attachments(data)
    result = render_html(html, embedded)
    rendered = cached or RenderedPdf(key=key)
    rendered.portfolio_public_id = snapshot.get("portfolio_id") or portfolio_public_id
    rendered.submission_id = submission_id
    rendered.size = len(result.pdf)
    rendered.page_count = result.page_count
    rendered.render_seconds = result.seconds
    rendered.last_used_at = timezone.now()
    rendered.file.save(f"{key}.pdf", ContentFile(result.pdf), save=False)
    try:
        with transaction.atomic():
            rendered.save()
            derived.record_render(rendered, attachment_ids=_listed_attachments(data))
    except IntegrityError:
        # Someone else rendered the same content at the same moment: theirs is as good.
        rendered.file.delete(save=False)
        return RenderedPdf.objects.get(key=key)
    # An attachment deleted or withdrawn while this rendered found no copy to delete yet.
    if not set(embedded) <= sources.available_attachment_ids(data):
        derived.delete_copies(RenderedPdf.objects.filter(pk=rendered.pk))
        raise RenderError(_("The portfolio changed while the PDF was being made. Try again."))
    return rendered


def _listed_attachments(snapshot):
    return {
        int(a["id"])
        for e in snapshot.get("entries", [])
        for a in e.get("attachments", [])
        if a.get("id") is not None
    }


def download_name(snapshot, suffix=""):
    owner = slugify((snapshot.get("owner") or {}).get("name", "")) or "portfolio"
    return f"portfolio-{owner}{suffix}.pdf"
