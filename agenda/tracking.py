"""Keeps ``CalendarEntry`` in step with sessions and deadlines, without touching their apps.

- saved with a different text or time: the entry's SEQUENCE goes up;
- deleted: the entry stays as a tombstone, cancelled, with a higher SEQUENCE;
- moved to another cohort: cancelled there, a new event (new UID) in the other cohort.

Saving without a change (Wagtail saves every session of a cohort when the cohort is saved)
changes nothing. Sessions and deadlines that existed before this app have no entry yet: the
feed shows them with SEQUENCE 0, which is what it would have said about them.
"""

from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from assessment.models import Milestone
from leergang.models import Cohort, CohortSession

from .events import EventData, deadline_event, module_of, session_event
from .models import CalendarEntry, SessionModule


def _entry(data):
    return CalendarEntry.objects.filter(
        kind=data.kind, source_id=data.source_id, cohort_id=data.cohort_id
    ).first()


def record(new, before=None):
    """Write what the feed says now about ``new`` (EventData); ``before`` is what it said
    before this save, when known (the source's previous row)."""
    now = timezone.now()
    if before is not None and before.cohort_id != new.cohort_id:
        cancel(before)
        before = None
    entry = _entry(new)
    if entry is None:
        changed = before is not None and before.fingerprint != new.fingerprint
        CalendarEntry.objects.create(
            kind=new.kind,
            source_id=new.source_id,
            cohort_id=new.cohort_id,
            sequence=1 if changed else 0,
            updated_at=now,
            **new.entry_fields(),
        )
        return
    if entry.cancelled_at is None and entry.fingerprint == new.fingerprint:
        return
    for name, value in new.entry_fields().items():
        setattr(entry, name, value)
    entry.sequence += 1
    entry.cancelled_at = None
    entry.updated_at = now
    entry.save()


def cancel(data):
    """The event is gone from this cohort: a tombstone with a higher SEQUENCE."""
    now = timezone.now()
    entry = _entry(data)
    if entry is None:
        CalendarEntry.objects.create(
            kind=data.kind,
            source_id=data.source_id,
            cohort_id=data.cohort_id,
            sequence=1,
            cancelled_at=now,
            updated_at=now,
            **data.entry_fields(),
        )
    elif entry.cancelled_at is None:
        entry.sequence += 1
        entry.cancelled_at = now
        entry.updated_at = now
        entry.save(update_fields=["sequence", "cancelled_at", "updated_at"])


def _deleted_with(origin, model):
    """Whether a delete started at ``origin`` (an instance or a queryset) of ``model``."""
    if isinstance(origin, models.QuerySet):
        return origin.model is model
    return isinstance(origin, model)


# Sessions ---------------------------------------------------------------------------------------


@receiver(pre_save, sender=CohortSession, dispatch_uid="agenda_session_before")
def remember_session(sender, instance, raw=False, **kwargs):
    before = None
    if not raw and instance.pk is not None:
        before = CohortSession.objects.select_related("cohort").filter(pk=instance.pk).first()
    instance._agenda_before = before


@receiver(post_save, sender=CohortSession, dispatch_uid="agenda_session_saved")
def session_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    before = getattr(instance, "_agenda_before", None)
    module = module_of(instance)
    record(session_event(instance, module), session_event(before, module) if before else None)


@receiver(post_delete, sender=CohortSession, dispatch_uid="agenda_session_deleted")
def session_deleted(sender, instance, origin=None, **kwargs):
    if _deleted_with(origin, Cohort):
        return  # the whole cohort goes, and its calendar entries with it
    entry = CalendarEntry.objects.filter(
        kind=CalendarEntry.Kind.SESSION, source_id=instance.pk, cohort_id=instance.cohort_id
    ).first()
    cancel(EventData.from_entry(entry) if entry else session_event(instance))


@receiver(post_save, sender=SessionModule, dispatch_uid="agenda_session_module_saved")
@receiver(post_delete, sender=SessionModule, dispatch_uid="agenda_session_module_deleted")
def session_module_changed(sender, instance, raw=False, origin=None, **kwargs):
    if raw:
        return
    if origin is not None and not _deleted_with(origin, SessionModule):
        return  # deleted with its session (or cohort): the session's own signal speaks
    session = CohortSession.objects.select_related("cohort").filter(pk=instance.session_id).first()
    if session is not None:
        record(session_event(session, module_of(session)))


# Deadlines --------------------------------------------------------------------------------------


@receiver(pre_save, sender=Milestone, dispatch_uid="agenda_milestone_before")
def remember_milestone(sender, instance, raw=False, **kwargs):
    before = None
    if not raw and instance.pk is not None:
        before = Milestone.objects.select_related("cohort").filter(pk=instance.pk).first()
    instance._agenda_before = before


@receiver(post_save, sender=Milestone, dispatch_uid="agenda_milestone_saved")
def milestone_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    before = getattr(instance, "_agenda_before", None)
    record(deadline_event(instance), deadline_event(before) if before else None)


@receiver(post_delete, sender=Milestone, dispatch_uid="agenda_milestone_deleted")
def milestone_deleted(sender, instance, origin=None, **kwargs):
    if _deleted_with(origin, Cohort):
        return
    entry = CalendarEntry.objects.filter(
        kind=CalendarEntry.Kind.DEADLINE, source_id=instance.pk, cohort_id=instance.cohort_id
    ).first()
    cancel(EventData.from_entry(entry) if entry else deadline_event(instance))


# A renamed cohort changes the text of its events ------------------------------------------------


@receiver(post_save, sender=Cohort, dispatch_uid="agenda_cohort_saved")
def cohort_saved(sender, instance, created=False, raw=False, **kwargs):
    if raw or created:
        return
    known = CalendarEntry.objects.filter(cohort=instance, cancelled_at__isnull=True)
    if not known.exists():
        return
    sessions = CohortSession.objects.filter(cohort=instance).select_related(
        "cohort", "agenda_module__module"
    )
    for session in sessions:
        record(session_event(session, module_of(session)))
    for milestone in Milestone.objects.filter(cohort=instance).select_related("cohort"):
        record(deadline_event(milestone))
