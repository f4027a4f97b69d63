"""PDFs ready before they are asked for.

Some seconds after the last change to a portfolio (``PORTFOLIO_PDF_PRERENDER_DELAY``, 8 s), a
worker renders the PDF the participant downloads by default: every entry, with the latest
feedback when the participant chose that the last time. The download is then a cache hit. Changes
within the delay are gathered into one render (debounced through the cache); a render whose
portfolio changed again while it waited is postponed, not wasted.

Only with a worker that can defer tasks (the database backend): the immediate backend of the
tests would render on every save, so there nothing is prerendered unless a test asks.
"""

import datetime
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django_tasks import task

from portfolio.models import Portfolio

from . import pdf, sources
from .models import RenderedPdf

logger = logging.getLogger(__name__)

DELAY = datetime.timedelta(seconds=float(getattr(settings, "PORTFOLIO_PDF_PRERENDER_DELAY", 8)))
CHOICE_TIMEOUT = 60 * 60 * 24 * 90  # the participant's last choice is remembered for 90 days


def _changed_key(portfolio_id):
    return f"portfolio_pdf:changed:{portfolio_id}"


def _pending_key(portfolio_id):
    return f"portfolio_pdf:pending:{portfolio_id}"


def _choice_key(portfolio_id):
    return f"portfolio_pdf:with-feedback:{portfolio_id}"


def remember_choice(portfolio, options):
    """What the participant chose for a whole-portfolio download, for the next prerender."""
    if options.entry_ids is None:
        cache.set(_choice_key(portfolio.pk), bool(options.include_feedback), CHOICE_TIMEOUT)


def default_options(portfolio):
    assessed = sources.latest_assessed_submission(portfolio)
    with_feedback = bool(cache.get(_choice_key(portfolio.pk))) and assessed is not None
    return pdf.RenderOptions(include_feedback=with_feedback), assessed


def schedule(portfolio_id):
    """A portfolio changed: render its default PDF once it has been quiet for ``DELAY``."""
    forget_ready(portfolio_id)
    if not prerender_portfolio.get_backend().supports_defer:
        return False
    cache.set(_changed_key(portfolio_id), time.time(), int(DELAY.total_seconds() * 10))
    if not cache.add(_pending_key(portfolio_id), 1, int(DELAY.total_seconds() * 6)):
        return False  # one waits already; it will see this change
    prerender_portfolio.using(run_after=timezone.now() + DELAY).enqueue(portfolio_id)
    return True


def _ready_key(portfolio_id, include_feedback):
    return f"portfolio_pdf:ready:{portfolio_id}:{int(bool(include_feedback))}"


GENERATION_KEY = "portfolio_pdf:ready-generation"
# Saving anything of these apps may rename what a snapshot shows (a module title, a learning
# outcome, a tag): every "ready" mark is then forgotten at once.
SHARED_APPS = {"modules", "taggit", "wagtailcore"}


def _context_print(portfolio, user):
    """What a snapshot shows besides the portfolio's own rows: owner, cohort, shared names."""
    cohort = portfolio.enrolment.cohort
    return [
        user.get_full_name() or user.email,
        user.email,
        cohort.pk,
        cohort.name,
        str(cohort.start_date),
        str(cohort.end_date),
        cache.get(GENERATION_KEY, 0),
        pdf.TEMPLATE_VERSION,
    ]


def forget_all_ready(sender, **kwargs):
    if sender._meta.app_label in SHARED_APPS:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:
            cache.set(GENERATION_KEY, 1, None)


def _feedback_print(options, feedback):
    """The part of the cache key that the feedback makes (empty snapshot), to compare cheaply."""
    return pdf.cache_key({"entries": []}, options, feedback)


def feedback_for(options, assessed):
    """The feedback a live download shows with these options (None without)."""
    if options.include_feedback and assessed is not None:
        return sources.submission_feedback(assessed)
    return None


def render_live(portfolio, user, options, *, snapshot=None, assessed=None):
    """THE way a live portfolio's PDF is made or found, for the download view and for the
    prerender job alike: the same snapshot, options, feedback and readable attachments, so the
    same cache key. A whole-portfolio PDF is remembered as ready (see ``ready``)."""
    if snapshot is None:
        snapshot = sources.live_snapshot(portfolio)
    feedback = feedback_for(options, assessed)
    rendered = pdf.get_or_render(
        snapshot,
        options=options,
        feedback=feedback,
        allowed_attachments=sources.readable_attachment_ids(user, snapshot),
    )
    if options.entry_ids is None:
        cache.set(
            _ready_key(portfolio.pk, options.include_feedback),
            {
                "pk": rendered.pk,
                "key": rendered.key,
                "user": user.pk,
                "feedback": _feedback_print(options, feedback),
                "context": _context_print(portfolio, user),
            },
            CHOICE_TIMEOUT,
        )
    return rendered


def ready(portfolio, user, options, assessed):
    """The whole-portfolio PDF made by ``render_live`` if nothing changed since, else None;
    without building the snapshot. Every change to the portfolio's content forgets it
    (``forget_ready``, from the signals), and every invalidation deletes its row, so a hit is
    never stale; the feedback is compared on its own."""
    if options.entry_ids is not None:
        return None
    mark = cache.get(_ready_key(portfolio.pk, options.include_feedback))
    if not mark or mark.get("user") != user.pk:
        return None
    if mark.get("context") != _context_print(portfolio, user):
        return None
    if mark.get("feedback") != _feedback_print(options, feedback_for(options, assessed)):
        return None
    rendered = RenderedPdf.objects.filter(pk=mark["pk"], key=mark["key"]).first()
    if (
        rendered is None
        or not rendered.file
        or not rendered.file.storage.exists(rendered.file.name)
    ):
        return None
    RenderedPdf.objects.filter(pk=rendered.pk).update(last_used_at=timezone.now())
    return rendered


def forget_ready(portfolio_id):
    cache.delete_many([_ready_key(portfolio_id, False), _ready_key(portfolio_id, True)])


def render_default(portfolio):
    """Render (or find in the cache) the PDF the download page gives by default."""
    if sources.blockers(portfolio):
        return None  # the download would be refused until the participant resolves them
    snapshot = sources.live_snapshot(portfolio)
    options, assessed = default_options(portfolio)
    if pdf.needs_background(snapshot, options):
        return None  # large portfolios go to a background job on request anyway
    return render_live(
        portfolio, portfolio.enrolment.user, options, snapshot=snapshot, assessed=assessed
    )


@task()
def prerender_portfolio(portfolio_id):
    changed = cache.get(_changed_key(portfolio_id)) or 0
    quiet_for = time.time() - changed
    if quiet_for < DELAY.total_seconds():
        # Changed again while this waited: try again when it has been quiet long enough.
        wait = DELAY - datetime.timedelta(seconds=quiet_for)
        prerender_portfolio.using(run_after=timezone.now() + wait).enqueue(portfolio_id)
        return "postponed"
    cache.delete(_pending_key(portfolio_id))
    portfolio = Portfolio.objects.select_related("enrolment__user").filter(pk=portfolio_id).first()
    if portfolio is None:
        return "gone"
    try:
        rendered = render_default(portfolio)
    except pdf.RenderError as exc:
        logger.warning("Prerender of portfolio %s failed: %s", portfolio_id, exc)
        return "failed"
    return "rendered" if rendered is not None else "skipped"
