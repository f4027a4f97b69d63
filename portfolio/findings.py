"""What the privacy check found: one row per match in a portfolio's own text.

``portfolio.models`` re-exports these; ``portfolio.privacy`` keeps them in line with the text.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .tagging import FieldworkTag, TaggedFieldworkEntry


class PrivacyFindingQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=PrivacyFinding.Status.OPEN)

    def concerning_entries(self, entries):
        """Findings in these entries' free text and captions, and in the tags they carry."""
        tag_ids = TaggedFieldworkEntry.objects.filter(content_object__in=entries).values("tag_id")
        return self.filter(Q(entry__in=entries) | Q(tag__in=tag_ids))


class PrivacyFinding(models.Model):
    """Something in the portfolio's own text that looks like personal data of a resident.

    It concerns exactly one thing: a free-text ``field`` of a fieldwork ``entry``; the caption
    of an ``attachment`` (field "caption"; ``entry`` is the attachment's entry); a fieldwork
    ``tag`` (field "tag"); or an ``answer`` of a values reflection (field "answer")."""

    class Kind(models.TextChoices):
        EMAIL = "email", _("E-mail address")
        PHONE = "phone", _("Phone number")
        POSTCODE = "postcode", _("Postcode with house number")
        ADDRESS = "address", _("Street address")
        BSN = "bsn", _("Citizen service number (BSN)")
        IBAN = "iban", _("Bank account (IBAN)")
        NAME = "name", _("Real name")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        NOT_PERSONAL = "not_personal", _("Not personal data")

    portfolio = models.ForeignKey(
        "portfolio.Portfolio", on_delete=models.CASCADE, related_name="privacy_findings"
    )
    entry = models.ForeignKey(
        "portfolio.FieldworkEntry",
        on_delete=models.CASCADE,
        related_name="findings",
        null=True,
        blank=True,
    )
    attachment = models.ForeignKey(
        "portfolio.Attachment",
        on_delete=models.CASCADE,
        related_name="findings",
        null=True,
        blank=True,
    )
    tag = models.ForeignKey(
        FieldworkTag, on_delete=models.CASCADE, related_name="findings", null=True, blank=True
    )
    answer = models.ForeignKey(
        "portfolio.ValuesAnswer",
        on_delete=models.CASCADE,
        related_name="findings",
        null=True,
        blank=True,
    )
    field = models.CharField(max_length=40)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.CharField(max_length=300)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)

    objects = PrivacyFindingQuerySet.as_manager()

    class Meta:
        app_label = "portfolio"
        verbose_name = _("privacy finding")
        verbose_name_plural = _("privacy findings")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "field", "kind", "text"],
                condition=Q(attachment__isnull=True, tag__isnull=True, answer__isnull=True),
                name="unique_entry_finding",
            ),
            models.UniqueConstraint(
                fields=["attachment", "kind", "text"],
                condition=Q(attachment__isnull=False),
                name="unique_caption_finding",
            ),
            models.UniqueConstraint(
                fields=["tag", "kind", "text"],
                condition=Q(tag__isnull=False),
                name="unique_tag_finding",
            ),
            models.UniqueConstraint(
                fields=["answer", "kind", "text"],
                condition=Q(answer__isnull=False),
                name="unique_answer_finding",
            ),
            models.CheckConstraint(
                condition=Q(entry__isnull=False, tag__isnull=True, answer__isnull=True)
                | Q(
                    entry__isnull=True,
                    attachment__isnull=True,
                    answer__isnull=True,
                    tag__isnull=False,
                )
                | Q(
                    entry__isnull=True,
                    attachment__isnull=True,
                    tag__isnull=True,
                    answer__isnull=False,
                ),
                name="privacy_finding_one_subject",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text}"

    def save(self, *args, **kwargs):
        if self.attachment_id and not self.entry_id:
            self.entry_id = self.attachment.entry_id
        if not self.portfolio_id:
            if self.entry_id:
                self.portfolio_id = self.entry.portfolio_id
            elif self.tag_id:
                self.portfolio_id = self.tag.portfolio_id
            elif self.answer_id:
                self.portfolio_id = self.answer.reflection.portfolio_id
        super().save(*args, **kwargs)

    @property
    def subject(self):
        """What the finding is in: "entry" (free text), "caption", "tag" or "answer"."""
        if self.tag_id:
            return "tag"
        if self.answer_id:
            return "answer"
        if self.attachment_id:
            return "caption"
        return "entry"
