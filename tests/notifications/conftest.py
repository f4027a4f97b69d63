import pytest

from assessment import services
from demo.factories.assessment import MilestoneFactory, RubricFactory, criterion
from demo.factories.stories import StoryIndexPageFactory, StoryPageFactory
from portfolio.models import FieldworkEntry, Portfolio


@pytest.fixture
def milestone(cohort):
    return MilestoneFactory(
        cohort=cohort,
        rubric=RubricFactory(name="Rubric meldingen", criteria=[criterion("Reflectie")]),
        name="Tussentijdse beoordeling",
    )


def portfolio_of(user):
    portfolio = Portfolio.objects.get_or_create(enrolment=user.enrolments.first())[0]
    FieldworkEntry.objects.create(
        portfolio=portfolio,
        title="Bankje bij de brug",
        place="Wergea",
        residents_idea="<p>Een bankje bij de brug.</p>",
        is_draft=False,
    )
    return portfolio


@pytest.fixture
def submitted(participant, milestone):
    draft = services.start(portfolio_of(participant), milestone, participant)
    return services.submit(draft, participant)


def scores(submission, label):
    return {
        c["key"]: (next(lv["key"] for lv in c["levels"] if lv["label"] == label), "")
        for c in submission.rubric_version.criteria
    }


@pytest.fixture
def story_index(home_page):
    index = StoryIndexPageFactory(parent=home_page)
    index.save_revision().publish()
    return index


@pytest.fixture
def story_in_moderation(story_index, guild_member):
    story = StoryPageFactory(
        parent=story_index, title="Een bankje bij de speeltuin", owner=guild_member, live=False
    )
    story.save_revision(user=guild_member)
    story_index.get_workflow().start(story, guild_member)
    return story
