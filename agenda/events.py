"""What a calendar event says about a session or a deadline, in one place: the feeds, the
per-session download and the change tracking (``tracking.py``) all build it here, so a change
is noticed exactly when the feed's text would change."""

import dataclasses
import datetime
import hashlib
import zoneinfo

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from leergang.links import absolute_url

from .models import CalendarEntry

Kind = CalendarEntry.Kind


def zone():
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


@dataclasses.dataclass(frozen=True)
class EventData:
    kind: str
    source_id: int
    cohort_id: int
    summary: str
    location: str
    description: str
    url: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime | None
    # The topic or milestone name alone, for our own pages (the summary says what kind it is).
    title: str = ""

    @property
    def fingerprint(self):
        parts = [
            self.summary,
            self.location,
            self.description,
            self.url,
            self.starts_at.isoformat(),
            self.ends_at.isoformat() if self.ends_at else "",
        ]
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()

    def entry_fields(self):
        return {
            "fingerprint": self.fingerprint,
            "summary": self.summary[:300],
            "location": self.location[:300],
            "description": self.description,
            "url": self.url[:500],
            "starts_at": self.starts_at,
            "ends_at": self.ends_at,
        }

    @classmethod
    def from_entry(cls, entry):
        """The last known text of a source that is gone (a tombstone)."""
        tz = zone()
        return cls(
            kind=entry.kind,
            source_id=entry.source_id,
            cohort_id=entry.cohort_id,
            summary=entry.summary,
            location=entry.location,
            description=entry.description,
            url=entry.url,
            starts_at=entry.starts_at.astimezone(tz),
            ends_at=entry.ends_at.astimezone(tz) if entry.ends_at else None,
            title=entry.summary,
        )


def module_of(session):
    """The module a session belongs to (``SessionModule``), or None."""
    try:
        return session.agenda_module.module
    except ObjectDoesNotExist:
        return None


def _page_url(page):
    url = page.get_url() or ""
    return absolute_url(url) if url.startswith("/") else url


def session_event(session, module=None):
    """The event of a session (bijeenkomst). Texts in Dutch: feed readers send no language."""
    tz = zone()
    starts = datetime.datetime.combine(session.date, session.start_time, tzinfo=tz)
    ends = None
    if session.end_time and session.end_time > session.start_time:
        ends = datetime.datetime.combine(session.date, session.end_time, tzinfo=tz)
    with translation.override(settings.LANGUAGE_CODE):
        lines = [_("Session of %(cohort)s") % {"cohort": session.cohort.name}]
        if module is not None:
            lines.append(_("Module: %(module)s") % {"module": module.title})
        lines.append(_("Topic: %(topic)s") % {"topic": session.topic})
        url = _page_url(module) if module is not None and module.live else ""
        url = url or absolute_url(reverse("dashboard"))
        lines.append(_("More: %(url)s") % {"url": url})
        summary = _("Session: %(topic)s") % {"topic": session.topic}
    return EventData(
        kind=Kind.SESSION,
        source_id=session.pk,
        cohort_id=session.cohort_id,
        summary=summary,
        location=session.place,
        description="\n".join(lines),
        url=url,
        starts_at=starts,
        ends_at=ends,
        title=session.topic,
    )


def deadline_event(milestone):
    """The event of a milestone's deadline: a moment, without an end."""
    url = absolute_url(reverse("assessment:submissions"))
    with translation.override(settings.LANGUAGE_CODE):
        summary = _("Deadline: %(milestone)s") % {"milestone": milestone.name}
        description = "\n".join(
            [
                _("Submit your portfolio for %(milestone)s (%(cohort)s).")
                % {"milestone": milestone.name, "cohort": milestone.cohort.name},
                _("Submit: %(url)s") % {"url": url},
            ]
        )
    return EventData(
        kind=Kind.DEADLINE,
        source_id=milestone.pk,
        cohort_id=milestone.cohort_id,
        summary=summary,
        location="",
        description=description,
        url=url,
        starts_at=milestone.deadline.astimezone(zone()),
        ends_at=None,
        title=milestone.name,
    )
