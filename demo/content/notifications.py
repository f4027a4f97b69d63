"""Demo notifications for deelnemer@example.org: the feedback and the verdict on her
submission, a deadline reminder and a session reminder, most of them unread. Idempotent.

Called by seed_demo (demo/management/commands/seed_demo.py) after the stories.
Their e-mails count as sent already, so the scheduled job sends nobody an e-mail about the demo's past."""

import datetime

from django.urls import reverse
from django.utils import timezone

from assessment.models import Milestone, Submission
from leergang.models import CohortSession, User
from notifications import api
from notifications.models import Notification, NotificationMail
from notifications.scheduled import deadline_key, deadline_title, session_key, session_title
from notifications.signals import ASSESSMENT_ACTIONS, submission_title

EMAIL = "deelnemer@example.org"
STATE_ACTIONS = {
    Submission.State.REVISION_REQUESTED: "assessment.request_revision",
    Submission.State.PASSED: "assessment.pass",
    Submission.State.FAILED: "assessment.fail",
}


def _ensure(user, kind, url, *, key, title, at, actor=None, read=False):
    notification, created = Notification.objects.get_or_create(
        user=user,
        key=key,
        defaults={
            "kind": kind,
            "title": title,
            "target_url": url,
            "actor": actor,
            "channel": api.channel_for(user, kind),
        },
    )
    # Made by the signals while the assessment demo ran (time: now), or just now: dated.
    Notification.objects.filter(pk=notification.pk).update(
        created_at=at, read_at=at if read else None, emailed_at=at
    )
    if notification.channel == "digest":
        delivery, _ = NotificationMail.objects.get_or_create(
            user=user, key=f"digest:{at.date().isoformat()}", defaults={"sent_at": at}
        )
        Notification.objects.filter(pk=notification.pk).update(digest=delivery)
    return created


def _reminders(user, made):
    tz = timezone.get_current_timezone()
    final = Milestone.objects.filter(cohort__enrolments__user=user, name="Eindbeoordeling").first()
    if final is not None:
        at = final.deadline - datetime.timedelta(days=7)
        made += _ensure(
            user,
            "deadline",
            reverse("assessment:submissions"),
            key=deadline_key(final, 7),
            title=deadline_title(final),
            at=at,
        )
    session = CohortSession.objects.filter(cohort__enrolments__user=user).order_by("-date").first()
    if session is not None:
        made += _ensure(
            user,
            "session_tomorrow",
            reverse("dashboard"),
            key=session_key(session),
            title=session_title(session),
            at=datetime.datetime.combine(
                session.date - datetime.timedelta(days=1), datetime.time(7, 1), tzinfo=tz
            ),
        )
    return made


def seed(stdout, **context):
    user = User.objects.filter(email=EMAIL).first()
    if user is None:
        return None
    made = 0
    decided = Submission.objects.filter(
        portfolio__enrolment__user=user, state__in=list(STATE_ACTIONS), decided_at__isnull=False
    ).select_related("milestone", "decided_by", "portfolio__enrolment__user")
    for submission in decided.order_by("decided_at"):
        action = STATE_ACTIONS[submission.state]
        made += _ensure(
            user,
            ASSESSMENT_ACTIONS[action],
            submission.get_absolute_url(),
            key=f"{action}:{submission.pk}",
            title=submission_title(submission, action),
            at=submission.decided_at,
            actor=submission.decided_by,
            # The revision request was read long ago; the verdict is news.
            read=action == "assessment.request_revision",
        )
    made = _reminders(user, made)
    unread = Notification.objects.owned_by(user).unread().count()
    stdout(f"  notifications of {EMAIL}: {made} made, {unread} unread")
    return None
