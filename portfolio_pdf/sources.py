"""Where the PDF's input comes from: the live portfolio, a submission's frozen snapshot, and the
assessment's feedback.

Submissions belong to a sibling app (assessment) that this app does not import. That app
registers a source of submissions through the Wagtail hook ``register_pdf_submission_source``:
a function returning an object with the methods of ``SubmissionSource``. Without one, the PDF
of a portfolio works as ever and there are no submission PDFs (404) and no feedback.

Peer feedback (a higher app) registers a function ``(portfolio)`` with ``portfolio_pdf_peer_comments``
that returns the comments the owner chose for their PDF, as dicts with ``entry_id`` (None for
the portfolio as a whole), ``author``, ``written_at`` and ``html``. They go into the live
snapshot, so the cache key changes with the owner's choice.
"""

from typing import Protocol

from django.http import Http404
from django.utils.translation import gettext as _
from wagtail import hooks

from portfolio.models import Attachment, Portfolio
from portfolio.privacy import export_blockers
from portfolio.snapshot import build_snapshot

SUBMISSION_SOURCE_HOOK = "register_pdf_submission_source"
PEER_COMMENTS_HOOK = "portfolio_pdf_peer_comments"


class SubmissionSource(Protocol):
    """What the PDF asks of the app that keeps submissions. A submission it returns has
    ``pk``, ``snapshot``, ``portfolio``, ``milestone.name``, ``round``, ``submitted_at``,
    ``created_at``, ``has_feedback`` and ``assessment_summary()``."""

    def printable(self, user, pk):
        """The submission ``pk`` with a frozen snapshot, if ``user`` may read it; else None."""

    def may_read(self, user, pk):
        """May ``user`` (still) read submission ``pk``?"""

    def latest_assessed(self, portfolio):
        """The portfolio's most recently decided round, or None."""

    def milestones(self, cohort):
        """The cohort's milestones, in their order (objects with ``pk`` and ``name``)."""

    def latest_rounds(self, cohort, milestone_id):
        """The latest submitted round with a snapshot of every participant at this milestone."""


def submission_source():
    """The registered source of submissions, or None when no app registers one."""
    for register in hooks.get_hooks(SUBMISSION_SOURCE_HOOK):
        return register()
    return None


def own_portfolio(user):
    portfolio = Portfolio.objects.get_or_create_for(user)
    if portfolio is None:
        raise Http404
    return portfolio


def live_snapshot(portfolio):
    """All entries that are not drafts, as the participant sees them now, with the peer
    comments the participant put in their PDF."""
    snapshot = build_snapshot(portfolio)
    comments = [c for fn in hooks.get_hooks(PEER_COMMENTS_HOOK) for c in fn(portfolio)]
    if comments:
        snapshot["peer_comments"] = comments
    return snapshot


def readable_attachment_ids(user, snapshot):
    """The attachments of this snapshot the user may read (the web view's own rule)."""
    ids = [
        a["id"] for e in snapshot.get("entries", []) for a in e.get("attachments", []) if "id" in a
    ]
    if not ids:
        return set()
    return set(Attachment.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


def available_attachment_ids(snapshot):
    """The attachments of this snapshot that still exist and have consent (the attachment's
    own rule, ``Attachment.has_consent``). A frozen snapshot keeps listing an attachment after
    it was deleted or its consent was withdrawn; the PDF must not."""
    ids = {
        int(a["id"])
        for e in snapshot.get("entries", [])
        for a in e.get("attachments", [])
        if a.get("id") is not None
    }
    if not ids:
        return set()
    consent = Attachment.objects.filter(pk__in=ids).only(
        "consent", "consent_given_by", "consent_use"
    )
    return {a.pk for a in consent if a.has_consent}


def blockers(portfolio, entry_ids=None):
    return export_blockers(portfolio, entry_ids=entry_ids)


def visible_submission(user, pk):
    source = submission_source()
    submission = source.printable(user, pk) if source is not None else None
    if submission is None:
        raise Http404
    return submission


def may_read_submission(user, pk):
    source = submission_source()
    return source is not None and bool(source.may_read(user, pk))


def submission_label(submission):
    return _("the snapshot submitted for “%(milestone)s”, round %(round)d, on %(date)s") % {
        "milestone": submission.milestone.name,
        "round": submission.round,
        "date": (submission.submitted_at or submission.created_at).strftime("%d-%m-%Y"),
    }


def submission_feedback(submission):
    """The round's assessment summary, or None while it has no verdict."""
    if not getattr(submission, "has_feedback", False):
        return None
    return submission.assessment_summary()


def latest_assessed_submission(portfolio):
    source = submission_source()
    return source.latest_assessed(portfolio) if source is not None else None


def cohort_milestones(cohort):
    source = submission_source()
    return list(source.milestones(cohort)) if source is not None else []


def milestone_submissions(cohort, milestone_id):
    """The latest submitted round of every participant at this milestone."""
    source = submission_source()
    return list(source.latest_rounds(cohort, milestone_id)) if source is not None else []
