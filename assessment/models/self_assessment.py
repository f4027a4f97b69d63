"""The participant's own scores on the rubric of a milestone (zelfbeoordeling)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .submissions import Milestone


class SelfAssessment(models.Model):
    """What a participant is writing as their self-assessment for the next round of a milestone.

    One working copy per (portfolio, milestone): kept as typed while the participant works,
    frozen into the submission's snapshot (``snapshot["self_assessment"]``) when they submit, so
    a later edit only prepares the next round and never changes a submitted one.
    ``scores`` is ``{criterion_key: {"level": level_key or "", "sentence": text}}``."""

    portfolio = models.ForeignKey(
        "portfolio.Portfolio",
        on_delete=models.CASCADE,
        related_name="self_assessments",
        verbose_name=_("portfolio"),
    )
    milestone = models.ForeignKey(
        Milestone,
        on_delete=models.CASCADE,
        related_name="self_assessments",
        verbose_name=_("milestone"),
    )
    scores = models.JSONField(_("scores"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["portfolio", "milestone"], name="one_self_assessment_per_milestone"
            )
        ]

    def __str__(self):
        return f"{self.portfolio} – {self.milestone.name}"
