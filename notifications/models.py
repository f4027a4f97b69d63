"""Notifications: what happened that concerns someone, where it is, and whether they saw it.

A notification holds a short title and a link to the thing itself, never its content. Each
kind reaches a person the way they chose (``NotificationPreference``): in the site only, by
e-mail at once, or in a daily digest. ``NotificationMail`` is the ledger of e-mails sent: its
unique (user, key) is what makes the scheduled job safe to run twice.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import kinds
from .kinds import Channel


class NotificationQuerySet(models.QuerySet):
    def owned_by(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)

    def unread(self):
        return self.filter(read_at__isnull=True)

    def mark_read(self, now=None):
        return self.unread().update(read_at=now or timezone.now())


class NotificationMail(models.Model):
    """One e-mail the centre sent someone: a notification at once (``notification:<id>``) or
    a day's digest (``digest:<date>``). Written before the e-mail goes out, in the same
    transaction: a second run finds the key taken and sends nothing."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_mails",
        verbose_name=_("recipient"),
    )
    key = models.CharField(_("key"), max_length=100)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("notification e-mail")
        verbose_name_plural = _("notification e-mails")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="one_notification_mail_per_key")
        ]

    def __str__(self):
        return f"{self.key} ({self.sent_at:%Y-%m-%d %H:%M})"


class Notification(models.Model):
    """Something that happened that concerns ``user``: a verdict, feedback, a deadline..."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=40)
    title = models.CharField(_("title"), max_length=200, blank=True)
    # A path on this site (checked by notify()); the e-mails put the site's address before it.
    target_url = models.CharField(_("link"), max_length=500)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    # Makes a notification happen once (a reminder per deadline, a verdict per round).
    key = models.CharField(max_length=200, blank=True)
    # How it was to reach the user, chosen when it was made.
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    digest = models.ForeignKey(
        NotificationMail,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("digest"),
    )

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], condition=~Q(key=""), name="one_notification_per_key"
            )
        ]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notification_list"),
            models.Index(fields=["user", "read_at"], name="notification_unread"),
        ]

    def __str__(self):
        return f"{self.kind_label}: {self.title}" if self.title else str(self.kind_label)

    def get_absolute_url(self):
        """Opens the thing itself and marks the notification read."""
        return reverse("notifications:open", args=[self.pk])

    @property
    def kind_label(self):
        spec = kinds.KINDS.get(self.kind)
        return spec.label if spec else self.kind

    @property
    def is_unread(self):
        return self.read_at is None


class NotificationPreference(models.Model):
    """How one kind of notification reaches one person (absent: the kind's default)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=40)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self):
        return f"{self.user}: {self.kind} → {self.channel}"
