"""The course calendar: personal feed addresses and what the feeds have said so far.

A calendar client only learns that an event changed when its SEQUENCE goes up, and that it was
cancelled when it sees STATUS:CANCELLED with a higher SEQUENCE. The core's ``CohortSession`` and
assessment's ``Milestone`` keep no such history, so ``CalendarEntry`` keeps it beside them: one row
per (kind, source, cohort), maintained by signals (``agenda/tracking.py``), which outlives a
deleted session as a tombstone.
"""

import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leergang.links import site_url


def new_key():
    # 256 bits, URL-safe: the address is the only secret between the feed and its reader.
    return secrets.token_urlsafe(32)


class CalendarTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)

    def owned_by(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)


class CalendarToken(models.Model):
    """A personal, secret calendar address. Anyone who has it reads the owner's sessions and
    deadlines, so the owner can revoke it (it then answers 404) and make a new one."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_tokens",
        verbose_name=_("user"),
    )
    key = models.CharField(_("key"), max_length=64, unique=True, default=new_key, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last fetched at"), null=True, blank=True)

    objects = CalendarTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar address")
        verbose_name_plural = _("calendar addresses")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(revoked_at__isnull=True),
                name="one_active_calendar_token",
            )
        ]

    def __str__(self):
        state = _("revoked") if self.revoked_at else _("active")
        return f"{self.user} ({state})"


class CalendarEntry(models.Model):
    """What the feeds last said about one session or deadline of one cohort: its sequence
    number and its text, kept after the source is deleted so the event can be cancelled."""

    class Kind(models.TextChoices):
        SESSION = "session", _("Session")
        DEADLINE = "deadline", _("Deadline")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # The session's or milestone's primary key; no foreign key, so the row survives its source.
    source_id = models.PositiveBigIntegerField(_("source"))
    cohort = models.ForeignKey(
        "leergang.Cohort", on_delete=models.CASCADE, related_name="+", verbose_name=_("cohort")
    )
    sequence = models.PositiveIntegerField(_("sequence"), default=0)
    fingerprint = models.CharField(max_length=64)
    summary = models.CharField(_("summary"), max_length=300)
    location = models.CharField(_("location"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    url = models.CharField(max_length=500, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("calendar entry")
        verbose_name_plural = _("calendar entries")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "source_id", "cohort"], name="one_calendar_entry_per_source"
            )
        ]

    def __str__(self):
        return f"{self.summary} ({self.sequence})"

    @property
    def uid(self):
        return entry_uid(self.kind, self.source_id, self.cohort_id)


def entry_uid(kind, source_id, cohort_id):
    """Stable per (kind, source, cohort): a session moved to another cohort is a new event
    there and a cancelled one in the cohort it left."""
    host = urlsplit(site_url()).hostname or "leergang"
    return f"{kind}-{source_id}-c{cohort_id}@{host}"


class SessionModule(models.Model):
    """Which course module a session belongs to (optional; CohortSession itself knows only date,
    time, place and topic). Shown in the calendar event and the calendar page."""

    session = models.OneToOneField(
        "leergang.CohortSession",
        on_delete=models.CASCADE,
        related_name="agenda_module",
        verbose_name=_("session"),
    )
    module = models.ForeignKey(
        "modules.ModulePage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("module"),
    )

    class Meta:
        verbose_name = _("module of a session")
        verbose_name_plural = _("modules of sessions")
        ordering = ["session__date", "session__start_time"]

    def __str__(self):
        return f"{self.session} – {self.module.title}"
