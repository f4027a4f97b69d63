"""Sharing a portfolio for peer review (intervisie) with a named member of the same cohort.

``portfolio.models`` re-exports the model; ``PortfolioQuerySet.visible_to`` reads
``PortfolioShare.objects.active()``, so every view follows when a share ends.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leergang.models import Enrolment


class PortfolioShareQuerySet(models.QuerySet):
    def active(self):
        """Shares that give access now: not ended, and the recipient still holds the enrolment
        in the owner's cohort that the share was made for. Enrolling again later makes a new
        enrolment, so an ended share never comes back by itself."""
        return self.filter(
            ended_at=None,
            recipient_enrolment__user=F("user"),
            recipient_enrolment__cohort=F("portfolio__enrolment__cohort"),
        )

    def ended(self):
        return self.exclude(pk__in=self.active().values("pk"))

    def end(self, reason):
        """Stop these shares at once; they stay listed, as ended, for their owners."""
        return self.filter(ended_at=None).update(ended_at=timezone.now(), end_reason=reason)


class PortfolioShare(models.Model):
    """Read-only access for a named member of the same cohort (intervisie). Revoking deletes it.

    It ends by itself when the recipient's enrolment in that cohort ends; the owner then sees it
    as ended, with the date and the reason, until they remove it or share again."""

    class EndReason(models.TextChoices):
        LEFT_COHORT = "left_cohort", _("no longer enrolled in this cohort")
        ACCOUNT_ERASED = "account_erased", _("the account was erased")

    portfolio = models.ForeignKey(
        "portfolio.Portfolio", on_delete=models.CASCADE, related_name="shares"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="portfolio_shares"
    )
    # The recipient's enrolment in the owner's cohort when the share was made.
    recipient_enrolment = models.ForeignKey(
        Enrolment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    end_reason = models.CharField(
        _("reason it ended"), max_length=20, choices=EndReason.choices, blank=True
    )

    objects = PortfolioShareQuerySet.as_manager()

    class Meta:
        app_label = "portfolio"
        verbose_name = _("portfolio share")
        verbose_name_plural = _("portfolio shares")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["portfolio", "user"],
                condition=Q(ended_at__isnull=True),
                name="unique_active_portfolio_share",
            )
        ]

    def __str__(self):
        return f"{self.portfolio} → {self.user}"

    def save(self, *args, **kwargs):
        if self.recipient_enrolment_id is None and self.ended_at is None:
            self.recipient_enrolment = Enrolment.objects.filter(
                user_id=self.user_id, cohort_id=self.portfolio.enrolment.cohort_id
            ).first()
        super().save(*args, **kwargs)


@receiver(pre_delete, sender=Enrolment, dispatch_uid="portfolio_end_shares_of_enrolment")
def end_shares_of_enrolment(sender, instance, **kwargs):
    """The recipient left the cohort: their shares end now (access already ends with the
    enrolment, through ``active()``; this records when and why for the owner)."""
    PortfolioShare.objects.filter(recipient_enrolment=instance).end(
        PortfolioShare.EndReason.LEFT_COHORT
    )
