"""Real Chromium: participant submits, trainer scores and asks for a revision, participant
resubmits, trainer passes."""

import re

import pytest
from playwright.sync_api import expect

from demo.factories.assessment import MilestoneFactory, RubricFactory, criterion
from portfolio.models import FieldworkEntry, Portfolio

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def setup(participant, trainer, cohort):
    rubric = RubricFactory(
        name="E2E-rubric",
        criteria=[
            criterion("Aansluiten bij ambities", ["niet", "wel", "sterk"]),
            criterion("Reflectie", ["niet", "wel", "sterk"]),
        ],
    )
    MilestoneFactory(cohort=cohort, rubric=rubric, name="Tussentijdse beoordeling")
    portfolio = Portfolio.objects.get_or_create(enrolment=participant.enrolments.first())[0]
    FieldworkEntry.objects.create(
        portfolio=portfolio, title="Bankje bij de brug", is_draft=False, place="Wergea"
    )


def choose_levels(page, label):
    for fieldset in page.locator("fieldset.criterion").all():
        fieldset.get_by_role("radio", name=re.compile(rf"^{label} \(")).check()


def test_submit_revise_resubmit_pass(setup, page, login, live_server):
    # The participant prepares and submits.
    login("deelnemer@example.org")
    page.goto(f"{live_server.url}/inleveren/")
    page.get_by_role("button", name="Inzending voorbereiden Tussentijdse beoordeling").click()
    expect(page.get_by_test_id("state")).to_have_text("Concept")
    page.get_by_role("button", name="Portfolio indienen").click()
    expect(page.get_by_test_id("state")).to_have_text("Ingediend")
    detail_url = page.url
    page.get_by_role("button", name=re.compile("Uitloggen")).click()

    # The trainer finds it in the queue, scores, comments and asks for a revision.
    login("trainer@example.org")
    page.goto(f"{live_server.url}/trainer/")
    page.get_by_role("link", name=re.compile("Beoordelen Fenna")).click()
    expect(page.get_by_role("heading", name="Bankje bij de brug")).to_be_visible()
    choose_levels(page, "voldoende")
    page.get_by_label("Opmerking bij “Reflectie”").fill("Je reflectie mag dieper.")
    page.get_by_role("button", name="Scores opslaan").click()
    expect(page.get_by_text("Je scores zijn opgeslagen.")).to_be_visible()
    expect(page.get_by_test_id("state")).to_have_text("In beoordeling")
    page.get_by_label("Opmerking bij dit verslag").fill("Mooi hoe je de bewoners liet beginnen.")
    page.get_by_role("button", name="Opmerking toevoegen").click()
    page.get_by_label("Herkansing vragen").check()
    page.get_by_label("Bericht aan de deelnemer").fill(
        "Schrijf uit waarom je het bankje niet zelf regelde."
    )
    page.get_by_role("button", name="Besluit bevestigen").click()
    expect(page.get_by_test_id("state")).to_have_text("Herkansing gevraagd")
    page.get_by_role("button", name=re.compile("Uitloggen")).click()

    # The participant reads the feedback and resubmits with a response.
    login("deelnemer@example.org")
    page.goto(detail_url)
    expect(page.get_by_text("Schrijf uit waarom je het bankje niet zelf regelde.")).to_be_visible()
    expect(page.get_by_text("Je reflectie mag dieper.")).to_be_visible()
    page.get_by_label("Jouw reactie op de feedback").fill(
        "Ik heb mijn keuze toegelicht in mijn reflectie."
    )
    page.get_by_role("button", name="Portfolio opnieuw indienen").click()
    expect(page.get_by_text("Ronde 2 is ingediend.")).to_be_visible()
    expect(page.get_by_test_id("state")).to_have_text("Ingediend")
    page.get_by_role("button", name=re.compile("Uitloggen")).click()

    # The trainer passes round 2; both rounds stay visible.
    login("trainer@example.org")
    page.goto(f"{live_server.url}/trainer/")
    page.get_by_role("link", name=re.compile("Beoordelen Fenna")).click()
    expect(page.get_by_text("Ronde 1: Herkansing gevraagd")).to_be_visible()
    choose_levels(page, "goed")
    page.get_by_role("button", name="Scores opslaan").click()
    page.get_by_label("Voldaan", exact=True).check()
    page.get_by_role("button", name="Besluit bevestigen").click()
    expect(page.get_by_test_id("state")).to_have_text("Voldaan")
    expect(page.get_by_text("Heeft het oordeel gegeven: voldaan")).to_be_visible()
