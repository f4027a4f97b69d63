"""Outcome coverage: evidence per learning outcome, gaps, the trainer's latest judgement,
who may see which map, and a cohort overview whose query count does not grow."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessment import coverage, services
from assessment.models import Rubric
from demo.factories.assessment import MilestoneFactory, RubricFactory, criterion
from demo.factories.leergang import EnrolmentFactory, ParticipantFactory
from demo.factories.modules import CourseIndexPageFactory, ModulePageFactory, stream
from portfolio.models import FieldworkEntry, Portfolio, ValuesReflection
from portfolio.services import assignment_key


@pytest.fixture
def module(home_page):
    index = CourseIndexPageFactory(parent=home_page)
    body = stream(
        [
            (
                "assignment",
                {
                    "title": "Waar sta jij voor?",
                    "kind": "values",
                    "instructions": "<p>Schrijf over je waarden.</p>",
                    "outcomes": "2",
                },
            )
        ]
    )
    return ModulePageFactory(
        parent=index,
        title="Laagdrempelig contact",
        body=body,
        outcomes=[
            "Je legt contact met bewoners.",
            "Je handelt vanuit je waarden.",
            "Je kent de buurt.",
        ],
    )


@pytest.fixture
def outcomes(module):
    return list(module.learning_outcomes.order_by("sort_order"))


@pytest.fixture
def mapped_rubric(db, outcomes):
    return RubricFactory(
        name="Rubric met leeruitkomsten",
        criteria=[
            criterion("Contact", outcomes=[outcomes[0]]),
            criterion("Waarden", outcomes=[outcomes[1]]),
        ],
    )


def _portfolio(user):
    return Portfolio.objects.get_or_create(enrolment=user.enrolments.first())[0]


def _entry(portfolio, outcome, title="Bankje bij de brug", draft=False):
    entry = FieldworkEntry.objects.create(portfolio=portfolio, title=title, is_draft=draft)
    entry.learning_outcomes.set([outcome])
    return entry


def _assess(portfolio, milestone, user, trainer, label, *, passed=True):
    submission = services.submit(services.start(portfolio, milestone, user), user)
    version = submission.rubric_version
    services.save_scores(
        submission,
        trainer,
        {
            c["key"]: (next(lv["key"] for lv in c["levels"] if lv["label"] == label), "")
            for c in version.criteria
        },
    )
    services.give_verdict(submission, trainer, passed, "")
    return submission


def _by_outcome(modules):
    return {o.outcome.pk: o for m in modules for o in m.outcomes}


def test_rubric_freezes_the_mapping(mapped_rubric, outcomes):
    version = mapped_rubric.current_version()
    assert [c["outcomes"] for c in version.criteria] == [[outcomes[0].pk], [outcomes[1].pk]]
    # A rubric without mapping keeps its old definition shape (no new version for nothing).
    plain = RubricFactory(name="Zonder", criteria=[criterion("A")])
    assert "outcomes" not in plain.definition()["criteria"][0]
    assert isinstance(mapped_rubric, Rubric)


def test_evidence_gaps_and_reflections(participant, outcomes, module):
    portfolio = _portfolio(participant)
    _entry(portfolio, outcomes[0])
    _entry(portfolio, outcomes[2], title="Nog een concept", draft=True)
    assignment = next(
        a for a in __import__("modules.assignments").assignments.assignments_for_user(participant)
    )
    ValuesReflection.objects.create(
        portfolio=portfolio, stage="intake", assignment_id=assignment_key(assignment)
    )
    found = _by_outcome(coverage.portfolio_coverage(portfolio, participant))
    assert [e.title for e in found[outcomes[0].pk].entries] == ["Bankje bij de brug"]
    assert [e.kind for e in found[outcomes[1].pk].evidence] == ["reflection"]
    # A draft entry is no evidence: the third outcome is a gap.
    assert not found[outcomes[2].pk].has_evidence
    assert coverage.totals(coverage.portfolio_coverage(portfolio, participant)) == (3, 2, 0)


def test_judgement_from_the_latest_decided_round_of_this_participant(
    participant, peer, cohort, trainer, outcomes, mapped_rubric
):
    first = MilestoneFactory(cohort=cohort, rubric=mapped_rubric, name="Tussentijds", order=1)
    final = MilestoneFactory(cohort=cohort, rubric=mapped_rubric, name="Eind", order=2)
    mine, theirs = _portfolio(participant), _portfolio(peer)
    _entry(mine, outcomes[0])
    _entry(theirs, outcomes[0])
    _assess(mine, first, participant, trainer, "voldoende")
    _assess(mine, final, participant, trainer, "goed")
    _assess(theirs, first, peer, trainer, "onvoldoende", passed=False)

    found = _by_outcome(coverage.portfolio_coverage(mine, participant))
    judgement = found[outcomes[0].pk].judgement
    assert (judgement.level, judgement.milestone, judgement.criterion) == (
        "goed",
        "Eind",
        "Contact",
    )
    assert found[outcomes[1].pk].judgement.level == "goed"
    assert found[outcomes[2].pk].judgement is None  # no criterion maps to it
    peer_found = _by_outcome(coverage.portfolio_coverage(theirs, peer))
    assert peer_found[outcomes[0].pk].judgement.level == "onvoldoende"


def test_no_judgement_before_the_verdict(participant, cohort, trainer, outcomes, mapped_rubric):
    milestone = MilestoneFactory(cohort=cohort, rubric=mapped_rubric, name="Tussentijds")
    portfolio = _portfolio(participant)
    _entry(portfolio, outcomes[0])
    submission = services.submit(services.start(portfolio, milestone, participant), participant)
    services.save_scores(
        submission,
        trainer,
        {c["key"]: (c["levels"][2]["key"], "") for c in submission.rubric_version.criteria},
    )
    found = _by_outcome(coverage.portfolio_coverage(portfolio, participant))
    assert found[outcomes[0].pk].judgement is None


def test_participant_page_shows_evidence_gaps_and_judgement(
    client, participant, cohort, trainer, outcomes, mapped_rubric
):
    milestone = MilestoneFactory(cohort=cohort, rubric=mapped_rubric, name="Eind")
    portfolio = _portfolio(participant)
    entry = _entry(portfolio, outcomes[0], title="<b>Bankje</b>")
    _assess(portfolio, milestone, participant, trainer, "goed")
    client.force_login(participant)
    page = client.get(reverse("assessment:coverage")).content.decode()
    assert entry.get_absolute_url() in page
    assert "&lt;b&gt;Bankje&lt;/b&gt;" in page
    assert "Nog geen bewijs." in page
    assert "goed" in page
    assert "1 van de 3 leeruitkomsten" in page


@pytest.mark.parametrize("role", ["anonymous", "trainer", "guild_member", "administrator"])
def test_own_page_is_for_participants(client, role, request, home_page):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("assessment:coverage"))
    if role == "anonymous":
        assert response.status_code == 302 and "login" in response.url
    else:
        assert response.status_code == 404


def test_trainer_map_of_a_participant(
    client, participant, trainer, other_trainer, guild_member, outcomes
):
    _entry(_portfolio(participant), outcomes[0])
    url = reverse("assessment:coverage_participant", args=[participant.enrolments.first().pk])
    client.force_login(trainer)
    page = client.get(url).content.decode()
    assert "Bankje bij de brug" in page and "Fenna" in page
    for other in (other_trainer, guild_member, participant):
        client.force_login(other)
        assert client.get(url).status_code == 404
    client.logout()
    assert "login" in client.get(url).url


def test_cohort_overview_access_and_text(
    client, cohort, participant, peer, trainer, other_trainer, outcomes
):
    _entry(_portfolio(participant), outcomes[0])
    url = reverse("assessment:coverage_cohort", args=[cohort.pk])
    client.force_login(trainer)
    page = client.get(url).content.decode()
    assert "<caption" in page and 'scope="col"' in page and 'scope="row"' in page
    assert "1 bewijsstuk" in page and "geen bewijs" in page
    assert "<svg" in page
    client.force_login(other_trainer)
    assert client.get(url).status_code == 404
    client.force_login(participant)
    assert client.get(url).status_code == 404


def _fill(cohort, n, outcomes, milestone, trainer):
    for i in range(n):
        user = ParticipantFactory(email=f"p{cohort.pk}-{i}@example.org")
        EnrolmentFactory(cohort=cohort, user=user)
        portfolio = _portfolio(user)
        _entry(portfolio, outcomes[i % len(outcomes)])
        if i % 2 == 0:
            _assess(portfolio, milestone, user, trainer, "voldoende")


def _queries(client, cohort):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("assessment:coverage_cohort", args=[cohort.pk]))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_cohort_overview_query_count_is_constant(client, trainer, outcomes, mapped_rubric):
    from demo.factories.leergang import CohortFactory

    small, large = (
        CohortFactory(name="Klein", trainers=[trainer]),
        CohortFactory(name="Groot", trainers=[trainer]),
    )
    for group, n in ((small, 2), (large, 20)):
        milestone = MilestoneFactory(cohort=group, rubric=mapped_rubric, name="Eind")
        _fill(group, n, outcomes, milestone, trainer)
    client.force_login(trainer)
    _queries(client, small)  # warm caches (sessions, site)
    assert _queries(client, large) == _queries(client, small)


def test_admin_edits_the_mapping_and_the_self_assessment_flag(
    client, administrator, mapped_rubric, outcomes, cohort
):
    from wagtail.admin.admin_url_finder import AdminURLFinder

    milestone = MilestoneFactory(cohort=cohort, rubric=mapped_rubric, name="Eind")
    client.force_login(administrator)
    finder = AdminURLFinder(administrator)
    page = client.get(finder.get_edit_url(mapped_rubric)).content.decode()
    assert outcomes[2].text in page and 'type="checkbox"' in page
    page = client.get(finder.get_edit_url(milestone)).content.decode()
    assert 'name="self_assessment"' in page
