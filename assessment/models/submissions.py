"""Milestones of a cohort and the submissions (rounds with frozen snapshots) made at them."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from leergang.models import Cohort, Enrolment
from leergang.permissions import is_course_staff

from ..summary import assessment_summary
from .rubrics import Rubric, RubricVersion


class MilestoneQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The milestones of the cohorts ``user`` takes part in as a participant."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(cohort__enrolments__user=user)


class Milestone(models.Model):
    """A moment at which participants of a cohort submit their portfolio, e.g. 'tussentijds'."""

    cohort = models.ForeignKey(
        "leergang.Cohort",
        on_delete=models.CASCADE,
        related_name="milestones",
        verbose_name=_("cohort"),
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    deadline = models.DateTimeField(_("deadline"))
    rubric = models.ForeignKey(
        Rubric, on_delete=models.PROTECT, related_name="milestones", verbose_name=_("rubric")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    self_assessment = models.BooleanField(
        _("self-assessment"),
        default=False,
        help_text=_(
            "Participants may score themselves on the rubric before they submit; the trainer "
            "sees their scores next to the assessment."
        ),
    )

    objects = MilestoneQuerySet.as_manager()

    panels = [
        FieldPanel("cohort"),
        FieldPanel("name"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("deadline"), FieldPanel("order")]),
        FieldPanel("rubric"),
        FieldPanel("self_assessment"),
    ]

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["cohort", "order", "deadline"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "name"], name="unique_milestone_name")
        ]

    def __str__(self):
        return f"{self.name} ({self.cohort})"

    @property
    def is_overdue(self):
        return self.deadline < timezone.now()


class SubmissionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Owner, trainers of the owner's cohort, administrators. Everyone else nothing."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_administrator:
            return self.all()
        # Owner and trainers: the enrolment rule, kept in one place on Enrolment.
        return self.filter(portfolio__enrolment__in=Enrolment.objects.visible_to(user).values("pk"))

    def assessable_by(self, user):
        """Trainers of the cohort and administrators, never for their own work."""
        if not is_course_staff(user):
            return self.none()
        return self.filter(
            portfolio__enrolment__cohort__in=Cohort.objects.managed_by(user).values("pk")
        ).exclude(portfolio__enrolment__user=user)

    def owned_by(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(portfolio__enrolment__user=user)

    def waiting(self):
        return self.filter(state__in=Submission.WAITING_STATES)

    def with_relations(self):
        return self.select_related(
            "portfolio__enrolment__user",
            "portfolio__enrolment__cohort",
            "milestone",
            "first_assessor",
            "second_assessor",
            "decided_by",
            "rubric_version",
        )


class Submission(models.Model):
    """One round of a participant's portfolio submitted at a milestone, with its frozen snapshot."""

    class State(models.TextChoices):
        CONCEPT = "concept", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        IN_REVIEW = "in_review", _("Being assessed")
        REVISION_REQUESTED = "revision_requested", _("Revision requested")
        PASSED = "passed", _("Passed")
        FAILED = "failed", _("Not passed")

    WAITING_STATES = (State.SUBMITTED, State.IN_REVIEW)
    FEEDBACK_STATES = (State.REVISION_REQUESTED, State.PASSED, State.FAILED)

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    portfolio = models.ForeignKey(
        "portfolio.Portfolio",
        on_delete=models.CASCADE,
        related_name="submissions",
        verbose_name=_("portfolio"),
    )
    milestone = models.ForeignKey(
        Milestone, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("milestone")
    )
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.CONCEPT, db_index=True
    )
    snapshot = models.JSONField(_("snapshot"), default=dict, blank=True, editable=False)
    rubric_version = models.ForeignKey(
        RubricVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submissions",
        verbose_name=_("rubric version"),
    )
    # Bumped by every change of scores or state; the forms carry it to detect a concurrent save.
    version = models.PositiveIntegerField(default=1)
    first_assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assessor"),
    )
    second_assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("second assessor"),
    )
    feedback = models.TextField(_("feedback"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # The participant's answer to this round's feedback, written when resubmitting.
    response = models.TextField(_("response to the feedback"), blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["portfolio", "milestone", "round"], name="unique_submission_round"
            )
        ]
        indexes = [models.Index(fields=["state", "submitted_at"], name="submission_queue")]

    def __str__(self):
        return f"{self.participant} – {self.milestone.name} ({_('round')} {self.round})"

    def get_absolute_url(self):
        return reverse("assessment:submission", args=[self.pk])

    @property
    def participant(self):
        return self.portfolio.enrolment.user

    @property
    def cohort(self):
        return self.portfolio.enrolment.cohort

    def get_assess_url(self):
        return reverse("assessment:assess", args=[self.pk])

    @property
    def is_waiting(self):
        return self.state in self.WAITING_STATES

    @property
    def has_feedback(self):
        return self.state in self.FEEDBACK_STATES

    @property
    def state_badge(self):
        return {
            self.State.PASSED: "badge--ok",
            self.State.FAILED: "badge--error",
            self.State.REVISION_REQUESTED: "badge--warn",
        }.get(self.state, "")

    def snapshot_entry_ids(self):
        return {e.get("id") for e in self.snapshot.get("entries", [])}

    def assessment(self, role):
        """The current first or second assessment, from a prefetch when there is one."""
        for a in self.assessments.all():
            if a.role == role and a.replaced_at is None:
                return a
        return None

    def replaced_assessments(self):
        """Scores of assessors who were taken over, oldest first: kept as theirs, for the history."""
        return sorted(
            (a for a in self.assessments.all() if a.replaced_at is not None),
            key=lambda a: a.replaced_at,
        )

    def scores_by_key(self, role="first"):
        assessment = self.assessment(role)
        if assessment is None:
            return {}
        return {s.criterion_key: s for s in assessment.scores.all()}

    def rounds(self):
        """All rounds of this portfolio at this milestone, oldest first."""
        return Submission.objects.filter(
            portfolio_id=self.portfolio_id, milestone_id=self.milestone_id
        ).order_by("round")

    def assessment_summary(self):
        """Everything the PDF (and others) need to print this round's feedback; see README."""
        return assessment_summary(self)
