"""Outcome coverage: per learning outcome, the evidence in a portfolio and the trainer's judgement.

Evidence is what the participant links themselves: fieldwork entries through their learning
outcomes (chosen in the entry form), values reflections through the assignment they answer
(a values assignment in a module names the outcomes it serves). The judgement is the level the
first assessor gave, in the latest decided round, on a criterion that the round's frozen rubric
version maps to the outcome (``CriterionBlock.outcomes``); rounds still being assessed do not
count, so a participant never sees a level before the verdict.

This joins portfolio, module and assessment data, so it lives in ``assessment`` (above
``portfolio`` and ``modules`` in the layers); views only render what it returns. The number of
queries does not depend on the number of portfolios: eight in all.
"""

from dataclasses import dataclass, field

from django.urls import reverse

from modules.assignments import assignments_for_user
from modules.models import LearningOutcome, ModulePage
from portfolio.models import FieldworkEntry, ValuesReflection
from portfolio.services import assignment_key

from .models import Assessment, RubricVersion, Score, Submission


@dataclass
class Evidence:
    kind: str  # "entry" or "reflection"
    title: str
    date: object
    url: str


@dataclass
class Judgement:
    level: str
    points: int
    criterion: str
    milestone: str
    round: int
    decided_at: object


@dataclass
class OutcomeCoverage:
    outcome: LearningOutcome
    number: int  # the outcome's number within its module, as assignments refer to it
    evidence: list = field(default_factory=list)
    judgement: Judgement | None = None

    @property
    def entries(self):
        return [e for e in self.evidence if e.kind == "entry"]

    @property
    def reflections(self):
        return [e for e in self.evidence if e.kind == "reflection"]

    @property
    def has_evidence(self):
        return bool(self.evidence)


@dataclass
class ModuleCoverage:
    module: ModulePage
    outcomes: list

    @property
    def gaps(self):
        return [o for o in self.outcomes if not o.has_evidence]


def course_outcomes():
    """The live modules in course order with their outcomes (two queries)."""
    modules = list(ModulePage.objects.in_course_order().defer("body"))
    by_page = {m.pk: [] for m in modules}
    for outcome in LearningOutcome.objects.filter(page__in=list(by_page)).order_by(
        "page_id", "sort_order", "pk"
    ):
        by_page[outcome.page_id].append(outcome)
    return [(m, by_page[m.pk]) for m in modules]


def _reflection_outcomes(viewer):
    """{assignment key: [outcome ids]} of the values assignments ``viewer`` can read."""
    return {
        assignment_key(a): [o.pk for o in a.outcomes]
        for a in assignments_for_user(viewer)
        if a.kind == "values" and a.outcomes
    }


def _evidence(portfolio_ids, viewer, owner_view):
    """{(portfolio_id, outcome_id): [Evidence]}, entries first (newest first), then reflections."""
    found = {}
    links = (
        FieldworkEntry.learning_outcomes.through.objects.filter(
            fieldworkentry__portfolio_id__in=portfolio_ids, fieldworkentry__is_draft=False
        )
        .order_by("-fieldworkentry__date", "-fieldworkentry__pk")
        .values_list(
            "fieldworkentry__portfolio_id",
            "learningoutcome_id",
            "fieldworkentry__public_id",
            "fieldworkentry__title",
            "fieldworkentry__date",
        )
    )
    for portfolio_id, outcome_id, public_id, title, date in links:
        found.setdefault((portfolio_id, outcome_id), []).append(
            Evidence("entry", title, date, reverse("portfolio:entry", args=[public_id]))
        )
    served = _reflection_outcomes(viewer)
    reflections = (
        ValuesReflection.objects.filter(portfolio_id__in=portfolio_ids)
        .exclude(assignment_id="")
        .order_by("created_at")
        .values_list("portfolio_id", "portfolio__public_id", "stage", "assignment_id", "updated_at")
    )
    stages = dict(ValuesReflection.Stage.choices)
    for portfolio_id, portfolio_public_id, stage, key, updated_at in reflections:
        if owner_view:
            url = reverse("portfolio:values_edit", args=[stage])
        else:
            url = reverse("portfolio:growth", args=[portfolio_public_id])
        for outcome_id in served.get(key, []):
            found.setdefault((portfolio_id, outcome_id), []).append(
                Evidence("reflection", str(stages.get(stage, stage)), updated_at.date(), url)
            )
    return found


def _judgements(portfolio_ids):
    """{(portfolio_id, outcome_id): Judgement} from the latest decided round's first assessor."""
    scores = list(
        Score.objects.filter(
            assessment__submission__portfolio_id__in=portfolio_ids,
            assessment__submission__state__in=Submission.FEEDBACK_STATES,
            assessment__role=Assessment.Role.FIRST,
            assessment__replaced_at__isnull=True,
        )
        .exclude(level_key="")
        .values_list(
            "assessment__submission__portfolio_id",
            "assessment__submission__rubric_version_id",
            "assessment__submission__decided_at",
            "assessment__submission__milestone__name",
            "assessment__submission__round",
            "criterion_key",
            "level_key",
        )
    )
    versions = {
        v.pk: v for v in RubricVersion.objects.filter(pk__in={s[1] for s in scores if s[1]})
    }
    latest = {}
    for portfolio_id, version_id, decided_at, milestone, round_, criterion_key, level_key in scores:
        version = versions.get(version_id)
        criterion = version.criterion(criterion_key) if version else None
        level = version.level(criterion_key, level_key) if criterion else None
        if level is None or decided_at is None:
            continue
        for outcome_id in criterion.get("outcomes", []):
            key = (portfolio_id, outcome_id)
            current = latest.get(key)
            if current is None or decided_at > current.decided_at:
                latest[key] = Judgement(
                    level["label"],
                    level["points"],
                    criterion["name"],
                    milestone,
                    round_,
                    decided_at,
                )
    return latest


def coverage(portfolios, viewer, *, owner_view=False):
    """The modules with their outcomes and, per portfolio, what serves each outcome.

    Returns ``(modules, {portfolio_id: [ModuleCoverage]})``; ``modules`` is the course's
    [(module, [outcomes])] for headers. ``owner_view`` links evidence to the owner's own pages."""
    modules = course_outcomes()
    ids = [p.pk for p in portfolios]
    evidence = _evidence(ids, viewer, owner_view) if ids else {}
    judgements = _judgements(ids) if ids else {}
    result = {}
    for portfolio_id in ids:
        result[portfolio_id] = [
            ModuleCoverage(
                module,
                [
                    OutcomeCoverage(
                        outcome,
                        number,
                        evidence.get((portfolio_id, outcome.pk), []),
                        judgements.get((portfolio_id, outcome.pk)),
                    )
                    for number, outcome in enumerate(outcomes, start=1)
                ],
            )
            for module, outcomes in modules
            if outcomes
        ]
    return modules, result


def portfolio_coverage(portfolio, viewer):
    """One portfolio's map: [ModuleCoverage], for the participant or one of their trainers."""
    owner_view = portfolio.is_owner(viewer)
    return coverage([portfolio], viewer, owner_view=owner_view)[1][portfolio.pk]


def empty_map():
    """The map of a participant without a portfolio yet: every outcome a gap."""
    return [
        ModuleCoverage(m, [OutcomeCoverage(o, n) for n, o in enumerate(outcomes, start=1)])
        for m, outcomes in course_outcomes()
        if outcomes
    ]


def totals(modules):
    """(outcomes, with evidence, with a judgement) over a portfolio's map."""
    outcomes = [o for m in modules for o in m.outcomes]
    return (
        len(outcomes),
        sum(1 for o in outcomes if o.has_evidence),
        sum(1 for o in outcomes if o.judgement),
    )


@dataclass
class GridRow:
    module: ModulePage
    number: int
    outcome: LearningOutcome
    cells: list  # one OutcomeCoverage per participant, in the order of the columns
    covered: int  # participants with evidence
    code: str = ""  # "2.3": module 2, outcome 3, for the chart's axis

    @property
    def judged(self):
        return sum(1 for c in self.cells if c.judgement)


def cohort_grid(cohort, viewer):
    """Outcomes × participants of one cohort: ``(participants, rows)``.

    ``participants`` is [(enrolment, portfolio or None)] by name; a participant who never
    opened their portfolio has no evidence anywhere. Queries as ``coverage`` plus one."""
    enrolments = list(
        cohort.enrolments.select_related("user", "portfolio").order_by(
            "user__first_name", "user__last_name", "user__email"
        )
    )
    participants = [(e, getattr(e, "portfolio", None)) for e in enrolments]
    portfolios = [p for _e, p in participants if p is not None]
    modules, maps = coverage(portfolios, viewer)
    empty = {}
    for _module, outcomes in modules:
        for number, outcome in enumerate(outcomes, start=1):
            empty[outcome.pk] = OutcomeCoverage(outcome, number)
    by_portfolio = {
        pid: {o.outcome.pk: o for m in mods for o in m.outcomes} for pid, mods in maps.items()
    }
    rows = []
    modules = [(m, o) for m, o in modules if o]
    for module_no, (module, outcomes) in enumerate(modules, start=1):
        for number, outcome in enumerate(outcomes, start=1):
            cells = [
                by_portfolio[p.pk][outcome.pk] if p is not None else empty[outcome.pk]
                for _e, p in participants
            ]
            rows.append(
                GridRow(
                    module,
                    number,
                    outcome,
                    cells,
                    sum(1 for c in cells if c.has_evidence),
                    f"{module_no}.{number}",
                )
            )
    return participants, rows


def grid_chart(rows, participants):
    """A horizontal bar per outcome: how many participants have evidence for it (for the SVG)."""
    total = len(participants)
    label_width, bar_width, row_height = 40, 240, 26
    bars = []
    for i, row in enumerate(rows):
        width = round(bar_width * row.covered / total) if total else 0
        bars.append(
            {
                "label": row.code,
                "name": f"{row.module.title}, {row.number}: {row.outcome.text}",
                "y": 8 + i * row_height,
                "text_y": 8 + i * row_height + 15,
                "width": width,
                "covered": row.covered,
                "value_x": label_width + width + 6,
            }
        )
    return {
        "width": label_width + bar_width + 50,
        "height": 16 + len(rows) * row_height,
        "left": label_width,
        "bar_width": bar_width,
        "bar_height": row_height - 8,
        "total": total,
        "bars": bars,
    }
