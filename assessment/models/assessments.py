"""What assessors record on a submission round: their scores per criterion and comments."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .submissions import Submission


class AssessmentQuerySet(models.QuerySet):
    def current(self):
        """The assessments that count; a taken-over assessor's scores are kept but replaced."""
        return self.filter(replaced_at__isnull=True)


class Assessment(models.Model):
    """The scores of one assessor (first or second) for one submission round.

    Each assessor's scores are their own: when another trainer takes over as first assessor,
    the previous assessor's row is kept with ``replaced_at`` set, and the new assessor starts a
    row of their own. At most one current (not replaced) assessment per role."""

    class Role(models.TextChoices):
        FIRST = "first", _("First assessor")
        SECOND = "second", _("Second assessor")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="assessments")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="assessments",
        verbose_name=_("assessor"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    replaced_at = models.DateTimeField(_("replaced at"), null=True, blank=True, editable=False)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["submission", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "role"],
                condition=models.Q(replaced_at__isnull=True),
                name="one_current_assessment_per_role",
            )
        ]

    def __str__(self):
        return f"{self.submission} – {self.get_role_display()}"

    def points(self):
        return {s.criterion_key: s.points for s in self.scores.all()}


class Score(models.Model):
    """The level chosen for one criterion of the frozen rubric version, with a comment."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    criterion_key = models.CharField(max_length=64)
    level_key = models.CharField(max_length=64)
    points = models.IntegerField()
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion_key"], name="one_score_per_criterion"
            )
        ]

    def __str__(self):
        return f"{self.criterion_key}: {self.points}"


class EntryComment(models.Model):
    """A trainer's comment on one fieldwork entry of the snapshot (by its id in the snapshot)."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="entry_comments"
    )
    entry_id = models.IntegerField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("comment on an entry")
        verbose_name_plural = _("comments on entries")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:60]
