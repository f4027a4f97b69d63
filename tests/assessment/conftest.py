import pytest

from assessment import services
from demo.factories.assessment import MilestoneFactory, RubricFactory, criterion
from portfolio.models import FieldworkEntry, Portfolio


@pytest.fixture
def rubric(db):
    return RubricFactory(
        name="Testrubric",
        criteria=[
            criterion("Aansluiten bij ambities", ["onvoldoende", "voldoende", "goed"]),
            criterion("Reflectie", ["oppervlakkig", "eerlijk", "diepgaand"]),
        ],
    )


@pytest.fixture
def milestone(cohort, rubric):
    return MilestoneFactory(cohort=cohort, rubric=rubric, name="Tussentijdse beoordeling")


def make_portfolio(user, title="Bankje bij de brug"):
    portfolio = Portfolio.objects.get_or_create(enrolment=user.enrolments.first())[0]
    FieldworkEntry.objects.create(
        portfolio=portfolio,
        title=title,
        place="Wergea",
        residents_idea="<p>Een bankje bij de brug.</p>",
        is_draft=False,
    )
    return portfolio


@pytest.fixture
def portfolio(participant):
    return make_portfolio(participant)


@pytest.fixture
def submission(portfolio, milestone, participant, trainer):
    draft = services.start(portfolio, milestone, participant)
    return services.submit(draft, participant)


def levels(submission, label):
    """{criterion_key: (level_key, comment)} choosing the level called ``label`` everywhere."""
    return {
        c["key"]: (next(lv["key"] for lv in c["levels"] if lv["label"] == label), f"{label}!")
        for c in submission.rubric_version.criteria
    }


def form_data(submission, label, *, version=None, comment="Goed gedaan"):
    data = {"action": "scores", "version": submission.version if version is None else version}
    for key, (level_key, _c) in levels(submission, label).items():
        data[f"level_{key}"] = level_key
        data[f"comment_{key}"] = comment
    return data
