"""Factories for rubrics, milestones and submissions, shared by the tests, the bench and seed_demo."""

import datetime
import uuid

import factory
from django.utils import timezone

from assessment.models import Milestone, Rubric, Submission
from demo.factories.leergang import CohortFactory
from portfolio.snapshot import build_snapshot

LEVELS = [("onvoldoende", 1), ("voldoende", 2), ("goed", 3)]


def criterion(name, descriptions=None, *, explanation="", weight="1", levels=LEVELS, outcomes=()):
    """Raw StreamField data for one criterion, with explicit ids so keys stay stable;
    ``outcomes``: the learning outcomes (instances or ids) it judges."""
    descriptions = descriptions or ["", "", ""]
    return {
        "type": "criterion",
        "id": str(uuid.uuid4()),
        "value": {
            "name": name,
            "explanation": explanation,
            "weight": weight,
            "levels": [
                {
                    "type": "item",
                    "id": str(uuid.uuid4()),
                    "value": {"label": label, "points": points, "description": description},
                }
                for (label, points), description in zip(levels, descriptions, strict=False)
            ],
            "outcomes": [str(getattr(o, "pk", o)) for o in outcomes],
        },
    }


class RubricFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rubric
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Rubric {n}")
    criteria = factory.LazyFunction(
        lambda: [criterion("Reflectie"), criterion("Gebiedsgericht werken")]
    )
    verdict_rule = Rubric.VerdictRule.ALL_AT_LEAST
    pass_mark = 2


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone
        django_get_or_create = ("cohort", "name")

    cohort = factory.SubFactory(CohortFactory)
    name = factory.Sequence(lambda n: f"Mijlpaal {n}")
    deadline = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))
    rubric = factory.SubFactory(RubricFactory)
    order = factory.Sequence(lambda n: n)


class SubmissionFactory(factory.django.DjangoModelFactory):
    """A submitted round with a frozen snapshot (use services.submit for the real path)."""

    class Meta:
        model = Submission

    milestone = factory.SubFactory(MilestoneFactory)
    round = 1
    state = Submission.State.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)
    rubric_version = factory.LazyAttribute(lambda o: o.milestone.rubric.current_version())
    snapshot = factory.LazyAttribute(lambda o: build_snapshot(o.portfolio))
