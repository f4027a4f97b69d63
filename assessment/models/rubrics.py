"""Rubrics as administrators edit them, and the frozen versions submissions are assessed by."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from modules.models import LearningOutcome


def outcome_choices():
    """Every learning outcome of the course, as "Module: outcome", for mapping criteria."""
    return [
        (str(o.pk), f"{o.page.title}: {o.text}")
        for o in LearningOutcome.objects.select_related("page").order_by("page__path", "sort_order")
    ]


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
    outcomes = blocks.MultipleChoiceBlock(
        label=_("learning outcomes"),
        choices=outcome_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The learning outcomes this criterion judges: the outcome coverage map shows the "
            "trainer's latest level on it next to the participant's evidence."
        ),
    )

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
            frozen = {
                "key": str(block.id),
                "name": value["name"],
                "explanation": value["explanation"] or "",
                "weight": str(value["weight"] if value["weight"] is not None else 1),
                "levels": levels,
            }
            outcomes = _outcome_ids(value.get("outcomes"))
            if outcomes:
                # Only when mapped, so rubrics without a mapping keep their frozen version.
                frozen["outcomes"] = outcomes
            criteria.append(frozen)
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


def _outcome_ids(values):
    ids = []
    for value in values or []:
        try:
            ids.append(int(value))
        except (TypeError, ValueError):
            continue
    return sorted(set(ids))


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
