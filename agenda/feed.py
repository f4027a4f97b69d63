"""iCalendar documents (RFC 5545) of sessions and deadlines, written with ``icalendar``.

Data first, rendering apart: ``items_for(cohorts)`` gathers the events with their sequence and
status in a fixed number of queries; ``render(items)`` only writes them.
"""

import dataclasses
import datetime

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone, vDuration

from assessment.models import Milestone
from leergang.models import CohortSession

from .events import EventData, deadline_event, module_of, session_event, zone
from .models import CalendarEntry, entry_uid

PRODID = "-//Leergang Creative Communities//Agenda//NL"
# How often a subscribed client should fetch again (Apple, Outlook; Google decides itself).
REFRESH = datetime.timedelta(hours=6)


@dataclasses.dataclass(frozen=True)
class Item:
    """One event as the feed writes it."""

    data: EventData
    sequence: int
    cancelled: bool
    last_modified: datetime.datetime | None
    module_title: str = ""

    @property
    def uid(self):
        return entry_uid(self.data.kind, self.data.source_id, self.data.cohort_id)

    @property
    def ends(self):
        return self.data.ends_at or self.data.starts_at

    @property
    def is_session(self):
        return self.data.kind == CalendarEntry.Kind.SESSION


def _item(data, entry, module_title=""):
    if entry is None:
        return Item(data, 0, False, None, module_title)
    sequence = entry.sequence
    if entry.cancelled_at is not None or entry.fingerprint != data.fingerprint:
        # Changed without a signal (a queryset update, a renamed module): say it is newer.
        sequence += 1
    return Item(data, sequence, False, entry.updated_at, module_title)


def session_items(sessions, entries):
    """Items of these sessions (with ``cohort`` and ``agenda_module__module`` selected)."""
    items = []
    for session in sessions:
        module = module_of(session)
        data = session_event(session, module)
        key = (data.kind, data.source_id, data.cohort_id)
        items.append(_item(data, entries.get(key), module.title if module else ""))
    return items


def items_for(cohort_ids):
    """Every session and deadline of these cohorts once, plus the cancelled ones."""
    cohort_ids = list(cohort_ids)
    entries = {
        (e.kind, e.source_id, e.cohort_id): e
        for e in CalendarEntry.objects.filter(cohort_id__in=cohort_ids)
    }
    sessions = CohortSession.objects.filter(cohort_id__in=cohort_ids).select_related(
        "cohort", "agenda_module__module"
    )
    items = session_items(sessions, entries)
    for milestone in Milestone.objects.filter(cohort_id__in=cohort_ids).select_related("cohort"):
        data = deadline_event(milestone)
        items.append(_item(data, entries.get((data.kind, data.source_id, data.cohort_id))))
    live = {(i.data.kind, i.data.source_id, i.data.cohort_id) for i in items}
    for key, entry in entries.items():
        if key not in live:
            # Gone (deleted, or moved to another cohort): cancelled, whatever the entry says.
            sequence = entry.sequence + (0 if entry.cancelled_at else 1)
            items.append(Item(EventData.from_entry(entry), sequence, True, entry.updated_at))
    return sorted(items, key=lambda i: (i.data.starts_at, i.data.kind, i.data.source_id))


def _event(item, stamp):
    data = item.data
    event = Event()
    event.add("uid", item.uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", data.starts_at)
    if data.ends_at:
        event.add("dtend", data.ends_at)
    event.add("summary", data.summary)
    if data.location:
        event.add("location", data.location)
    event.add("description", data.description)
    if data.url:
        event.add("url", data.url)
    event.add("sequence", item.sequence)
    event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
    if item.last_modified:
        event.add("last-modified", item.last_modified.astimezone(datetime.UTC))
    if item.is_session:
        event.add("categories", [_("Session")])
    else:
        # A deadline is a moment, not time taken: it does not make you look busy.
        event.add("categories", [_("Deadline")])
        event.add("transp", "TRANSPARENT")
    return event


def render(items, *, name):
    """The calendar as bytes (text/calendar, UTF-8) with a VTIMEZONE for Europe/Amsterdam."""
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    tz = zone()
    with translation.override(settings.LANGUAGE_CODE):
        cal = Calendar()
        cal.add("prodid", PRODID)
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        cal.add("method", "PUBLISH")
        cal.add("x-wr-calname", name)
        cal.add("x-wr-timezone", settings.TIME_ZONE)
        cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", vDuration(REFRESH))
        dates = [i.data.starts_at.date() for i in items] or [timezone.localdate()]
        # The zone's rules for the years the events fall in (and one either side).
        first = datetime.date(min(dates).year - 1, 1, 1)
        last = datetime.date(max(dates).year + 2, 1, 1)
        cal.add_component(Timezone.from_tzinfo(tz, settings.TIME_ZONE, first, last))
        for item in items:
            cal.add_component(_event(item, stamp))
    return cal.to_ical()
