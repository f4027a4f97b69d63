"""Where the PDF's input comes from: the live portfolio, a submission's frozen snapshot, and the
assessment's feedback. The assessment app is optional here (imported lazily), so the PDF of a
portfolio works whether or not assessment is installed."""

from django.http import Http404
from django.utils.translation import gettext as _

from portfolio.models import Attachment, Portfolio
from portfolio.privacy import export_blockers
from portfolio.snapshot import build_snapshot


def submission_model():
    try:
        from assessment.models import Submission
    except ImportError:
        return None
    return Submission


def milestone_model():
    try:
        from assessment.models import Milestone
    except ImportError:
        return None
    return Milestone


def own_portfolio(user):
    portfolio = Portfolio.objects.get_or_create_for(user)
    if portfolio is None:
        raise Http404
    return portfolio


def live_snapshot(portfolio):
    """All entries that are not drafts, as the participant sees them now."""
    return build_snapshot(portfolio)


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
    Submission = submission_model()
    if Submission is None:
        raise Http404
    submission = (
        Submission.objects.visible_to(user)
        .select_related("portfolio__enrolment__user", "milestone")
        .filter(pk=pk)
        .exclude(snapshot={})
        .first()
    )
    if submission is None:
        raise Http404
    return submission


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
    Submission = submission_model()
    if Submission is None:
        return None
    return (
        Submission.objects.filter(portfolio=portfolio, state__in=Submission.FEEDBACK_STATES)
        .select_related("milestone")
        .order_by("-decided_at", "-pk")
        .first()
    )


def cohort_milestones(cohort):
    Milestone = milestone_model()
    if Milestone is None:
        return []
    return list(Milestone.objects.filter(cohort=cohort).order_by("order", "deadline"))


def milestone_submissions(cohort, milestone_id):
    """The latest submitted round of every participant at this milestone."""
    Submission = submission_model()
    if Submission is None:
        return []
    submissions = (
        Submission.objects.filter(
            milestone_id=milestone_id, milestone__cohort=cohort, submitted_at__isnull=False
        )
        .exclude(state=Submission.State.CONCEPT)
        .exclude(snapshot={})
        .select_related("portfolio__enrolment__user", "milestone")
        .order_by("portfolio_id", "-round")
    )
    latest = {}
    for submission in submissions:
        latest.setdefault(submission.portfolio_id, submission)
    return list(latest.values())
