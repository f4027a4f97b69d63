"""Assessment of portfolios: rubrics, milestones, submissions (frozen snapshots), scores, verdicts.

Rubric versioning: administrators edit a ``Rubric`` freely in the admin. Whenever a portfolio is
submitted, the rubric's current definition (criteria, levels, weights, verdict rule) is frozen into
a ``RubricVersion`` (a new one only when the definition differs from the latest version) and the
submission points at that version. Scores refer to criterion and level keys of that frozen
version, so no edit of a rubric can ever change a past assessment.

Rounds: each round of a (portfolio, milestone) is its own ``Submission`` row with its own frozen
snapshot; a revision request closes a round and a resubmission opens the next one, so every round
stays visible as it was.
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from leergang.models import Enrolment


class LevelBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("level"), max_length=60)
    points = blocks.IntegerBlock(label=_("points"), min_value=0, max_value=100)
    description = blocks.TextBlock(label=_("description"), required=False)

    class Meta:
        icon = "list-ol"
        label = _("Level")
        description = _("One level of a criterion, e.g. 'voldoende', with what it looks like.")


class CriterionBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("criterion"), max_length=200)
    explanation = blocks.TextBlock(label=_("explanation"), required=False)
    weight = blocks.DecimalBlock(
        label=_("weight"), min_value=0, max_digits=5, decimal_places=2, default=Decimal("1")
    )
    levels = blocks.ListBlock(LevelBlock(), label=_("levels"), min_num=2)

    class Meta:
        icon = "tick"
        label = _("Criterion")
        description = _("What the trainer looks at, with a description of every level.")


class Rubric(models.Model):
    """An assessment rubric as edited by administrators; frozen into versions when used."""

    class VerdictRule(models.TextChoices):
        ALL_AT_LEAST = "all_at_least", _("Every criterion at least the pass mark")
        WEIGHTED_AVERAGE = "weighted_average", _("Weighted average at least the pass mark")

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    criteria = StreamField(
        [("criterion", CriterionBlock())], verbose_name=_("criteria"), use_json_field=True
    )
    verdict_rule = models.CharField(
        _("rule for the overall verdict"),
        max_length=30,
        choices=VerdictRule.choices,
        default=VerdictRule.ALL_AT_LEAST,
    )
    pass_mark = models.DecimalField(
        _("pass mark (points)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("2"),
        help_text=_("The points a criterion (or the weighted average) needs for a pass."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        HelpPanel(
            content=_(
                "Changes apply to new submissions. A submission keeps the version of the "
                "rubric it was submitted with, so past assessments never change."
            )
        ),
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("criteria"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("verdict_rule"), FieldPanel("pass_mark")])],
            heading=_("Overall verdict"),
        ),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.criteria is not None and not len(self.criteria):
            raise ValidationError({"criteria": _("A rubric needs at least one criterion.")})

    def definition(self):
        """The rubric as plain data; block ids are the stable keys of criteria and levels."""
        criteria = []
        for block in self.criteria:
            value = block.value
            levels = []
            for item in value["levels"].bound_blocks:
                levels.append(
                    {
                        "key": str(item.id),
                        "label": item.value["label"],
                        "points": int(item.value["points"]),
                        "description": item.value["description"] or "",
                    }
                )
            criteria.append(
                {
                    "key": str(block.id),
                    "name": value["name"],
                    "explanation": value["explanation"] or "",
                    "weight": str(value["weight"] if value["weight"] is not None else 1),
                    "levels": levels,
                }
            )
        return {
            "name": self.name,
            "description": self.description,
            "verdict_rule": self.verdict_rule,
            "verdict_rule_label": str(self.get_verdict_rule_display()),
            "pass_mark": str(self.pass_mark),
            "criteria": criteria,
        }

    def current_version(self):
        """The latest frozen version, or a new one if the rubric was edited since."""
        definition = self.definition()
        latest = self.versions.order_by("-number").first()
        if latest and latest.definition == definition:
            return latest
        return RubricVersion.objects.create(
            rubric=self, number=(latest.number + 1) if latest else 1, definition=definition
        )


class RubricVersion(models.Model):
    """A frozen copy of a rubric as it was when portfolios were submitted against it."""

    rubric = models.ForeignKey(
        Rubric, on_delete=models.PROTECT, related_name="versions", verbose_name=_("rubric")
    )
    number = models.PositiveIntegerField(_("version"))
    definition = models.JSONField(editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("rubric version")
        verbose_name_plural = _("rubric versions")
        ordering = ["rubric", "number"]
        constraints = [
            models.UniqueConstraint(fields=["rubric", "number"], name="unique_rubric_version")
        ]

    def __str__(self):
        return f"{self.rubric} v{self.number}"

    @property
    def criteria(self):
        return self.definition.get("criteria", [])

    def criterion(self, key):
        return next((c for c in self.criteria if c["key"] == key), None)

    def level(self, criterion_key, level_key):
        criterion = self.criterion(criterion_key)
        if criterion is None:
            return None
        return next((lv for lv in criterion["levels"] if lv["key"] == level_key), None)

    def outcome(self, scores):
        """Apply the verdict rule to {criterion_key: points}; None while incomplete."""
        criteria = self.criteria
        if not criteria or any(c["key"] not in scores for c in criteria):
            return None
        pass_mark = Decimal(self.definition.get("pass_mark", "0"))
        if self.definition.get("verdict_rule") == Rubric.VerdictRule.WEIGHTED_AVERAGE:
            total_weight = sum(Decimal(c["weight"]) for c in criteria)
            if not total_weight:
                return None
            average = sum(Decimal(c["weight"]) * scores[c["key"]] for c in criteria)
            return (average / total_weight) >= pass_mark
        return all(Decimal(scores[c["key"]]) >= pass_mark for c in criteria)


class MilestoneQuerySet(models.QuerySet):
    def for_user(self, user):
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

    objects = MilestoneQuerySet.as_manager()

    panels = [
        FieldPanel("cohort"),
        FieldPanel("name"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("deadline"), FieldPanel("order")]),
        FieldPanel("rubric"),
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
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_administrator:
            qs = self.all()
        elif user.is_trainer:
            qs = self.filter(portfolio__enrolment__cohort__trainers=user).distinct()
        else:
            return self.none()
        return qs.exclude(portfolio__enrolment__user=user)

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
        from .summary import assessment_summary

        return assessment_summary(self)


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
