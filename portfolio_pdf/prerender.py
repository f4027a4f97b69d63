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
    if not prerender_portfolio.get_backend().supports_defer:
        return False
    cache.set(_changed_key(portfolio_id), time.time(), int(DELAY.total_seconds() * 10))
    if not cache.add(_pending_key(portfolio_id), 1, int(DELAY.total_seconds() * 6)):
        return False  # one waits already; it will see this change
    prerender_portfolio.using(run_after=timezone.now() + DELAY).enqueue(portfolio_id)
    return True


def render_default(portfolio):
    """Render (or find in the cache) the PDF the download page gives by default."""
    if sources.blockers(portfolio):
        return None  # the download would be refused until the participant resolves them
    snapshot = sources.live_snapshot(portfolio)
    options, assessed = default_options(portfolio)
    feedback = sources.submission_feedback(assessed) if options.include_feedback else None
    if pdf.needs_background(snapshot, options):
        return None  # large portfolios go to a background job on request anyway
    return pdf.get_or_render(
        snapshot,
        options=options,
        feedback=feedback,
        allowed_attachments=sources.readable_attachment_ids(portfolio.enrolment.user, snapshot),
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
