"""What the server remembers about drafts written on a phone (quick capture).

A phone gives every draft an id of its own before it has ever reached the server. That id is
the idempotency key: sending the same draft twice (a retry after a timeout, a reload while it
was on its way) finds the receipt and never makes a second entry. The receipt also remembers
which version of the entry the phone last saw, so that a change made on the phone while the
entry was edited elsewhere is recognised as a conflict and both versions are kept.

A receipt holds no text of the entry itself: the versions are ``portfolio.EntryRevision`` rows.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CaptureReceipt(models.Model):
    """One draft from a phone and the fieldwork entry it became."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    client_id = models.UUIDField(_("draft id on the device"))
    # SET_NULL: an entry deleted at the desk leaves the receipt, so that the phone is told the
    # entry is gone (and can send its copy as a new one) instead of "never heard of it".
    entry = models.ForeignKey(
        "portfolio.FieldworkEntry",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="capture_receipts",
        verbose_name=_("fieldwork entry"),
    )
    # Which rich-text field of the entry holds the phone's note ("actions", "outcome", ...).
    note_field = models.CharField(max_length=20)
    # The version the phone was last told about, and the revision that holds its text.
    synced_version = models.CharField(max_length=40, blank=True)
    synced_revision = models.ForeignKey(
        "portfolio.EntryRevision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The last change the phone sent (a replay of it changes nothing).
    last_change_id = models.UUIDField(null=True, blank=True)
    # What the phone was told about a conflict for that change (which version won, when, a link
    # to the history; field names and times, never text), so that a replay is told the same.
    last_conflict = models.JSONField(null=True, blank=True)
    # The phone's photo ids that were stored: {client photo id: attachment public id}.
    photos = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("quick capture receipt")
        verbose_name_plural = _("quick capture receipts")
        constraints = [
            models.UniqueConstraint(fields=["user", "client_id"], name="one_receipt_per_draft")
        ]

    def __str__(self):
        return f"{self.client_id} → {self.entry_id or '-'}"
