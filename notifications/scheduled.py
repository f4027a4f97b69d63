"""The scheduled job: reminders (deadlines, sessions tomorrow), unsent e-mails, digests.

Run by ``manage.py send_notifications`` (cron or a systemd timer) and by the worker's periodic
task (``tasks.py``). Every step is idempotent: reminders have a key per user, e-mails a key in
the ledger, so a second run the same hour (or day) creates and sends nothing.
"""

import dataclasses
import datetime

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from assessment.models import Milestone, Submission
from leergang.models import CohortSession, Enrolment, User

from . import mail
from .api import notify

# Reminders before a deadline, in days: the window of each ends where the next one begins.
DEADLINE_REMINDERS = (7, 1)


@dataclasses.dataclass
class Report:
    deadline_reminders: int = 0
    session_reminders: int = 0
    immediate: int = 0
    digests: int = 0

    def __str__(self):
        return (
            f"deadline reminders: {self.deadline_reminders}, session reminders: "
            f"{self.session_reminders}, e-mails at once: {self.immediate}, digests: {self.digests}"
        )


def morning_hour():
    """From this local hour on, the day's digests and 'session tomorrow' go out."""
    return getattr(settings, "LEERGANG_NOTIFICATION_HOUR", 7)


def run(now=None):
    now = now or timezone.now()
    report = Report()
    report.deadline_reminders = deadline_reminders(now)
    in_the_morning = timezone.localtime(now).hour >= morning_hour()
    if in_the_morning:
        report.session_reminders = session_reminders(now)
    report.immediate = mail.send_pending_immediate(now)
    if in_the_morning:
        report.digests = mail.send_digests(now)
    return report


def _window(days):
    """(more than, at most) this long before the deadline, for the reminder of ``days``."""
    later = [d for d in DEADLINE_REMINDERS if d < days]
    return datetime.timedelta(days=max(later) if later else 0), datetime.timedelta(days=days)


def _not_submitted(milestone):
    """Participants of the milestone's cohort who have not submitted for it (a draft is not
    submitted)."""
    submitted = Submission.objects.filter(milestone=milestone, submitted_at__isnull=False).values(
        "portfolio__enrolment__user_id"
    )
    return User.objects.filter(
        is_active=True,
        pk__in=Enrolment.objects.filter(cohort_id=milestone.cohort_id).values("user_id"),
    ).exclude(pk__in=submitted)


def deadline_title(milestone):
    with translation.override(settings.LANGUAGE_CODE):
        return _("%(milestone)s: deadline %(date)s") % {
            "milestone": milestone.name,
            "date": formats.date_format(timezone.localtime(milestone.deadline), "DATETIME_FORMAT"),
        }


def deadline_key(milestone, days):
    # The deadline is in the key: a deadline that moves is reminded of again.
    return f"deadline:{milestone.pk}:{milestone.deadline:%Y%m%d%H%M}:{days}"


def session_title(session):
    with translation.override(settings.LANGUAGE_CODE):
        return _("%(topic)s, tomorrow at %(time)s in %(place)s") % {
            "topic": session.topic,
            "time": formats.time_format(session.start_time, "TIME_FORMAT"),
            "place": session.place,
        }


def session_key(session):
    return f"session:{session.pk}:{session.date.isoformat()}"


def deadline_reminders(now):
    count = 0
    url = reverse("assessment:submissions")
    soon = Milestone.objects.filter(
        deadline__gt=now, deadline__lte=now + datetime.timedelta(days=max(DEADLINE_REMINDERS))
    ).select_related("cohort")
    for milestone in soon:
        left = milestone.deadline - now
        days = next(d for d in DEADLINE_REMINDERS if _window(d)[0] < left <= _window(d)[1])
        title, key = deadline_title(milestone), deadline_key(milestone, days)
        for user in _not_submitted(milestone):
            if notify(user, "deadline", url, title=title, key=key):
                count += 1
    return count


def session_reminders(now):
    """The day before a session: its cohort's participants and trainers."""
    tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
    url = reverse("dashboard")
    count = 0
    for session in CohortSession.objects.filter(date=tomorrow).select_related("cohort"):
        title, key = session_title(session), session_key(session)
        people = User.objects.filter(is_active=True).filter(
            Q(enrolments__cohort_id=session.cohort_id) | Q(trained_cohorts=session.cohort_id)
        )
        for user in people.distinct():
            if notify(user, "session_tomorrow", url, title=title, key=key):
                count += 1
    return count
