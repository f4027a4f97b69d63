"""Real Chromium: the trainer forms an intervisie group, a participant brings in a case, two
peers respond in turn, the case holder moves it on and closes it; each step shows up in the
notification centre of whom it concerns. Also screenshots at 360 and 1280 px."""

import os
import re

import pytest
from playwright.sync_api import expect

from demo.factories.leergang import EnrolmentFactory, ParticipantFactory
from demo.factories.portfolio import FieldworkEntryFactory
from portfolio.models import Portfolio

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = os.environ.get("INTERVISIE_SHOTS")  # a folder: screenshots of the pages go there


@pytest.fixture
def setup(participant, peer, trainer, cohort):
    third = ParticipantFactory(email="deelnemer5@example.org", first_name="Sjoukje")
    EnrolmentFactory(cohort=cohort, user=third)
    portfolio = Portfolio.objects.get_or_create(enrolment=peer.enrolments.get())[0]
    FieldworkEntryFactory(
        portfolio=portfolio, title="Buurtfeest aan de Kade", is_draft=False, place="Wergea"
    )
    return third


def logout(page):
    page.get_by_role("button", name=re.compile("Uitloggen")).click()


def shot(page, name):
    if not SHOTS:
        return
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def notifications_show(page, live_server, text):
    page.goto(f"{live_server.url}/meldingen/")
    expect(page.locator(".notif-item--unread").filter(has_text=text).first).to_be_visible()


def respond(page, text):
    page.get_by_label("Je reactie").fill(text)
    page.get_by_role("button", name="Reactie plaatsen").click()
    expect(page.get_by_text("Je reactie is geplaatst.")).to_be_visible()


def test_intervisie_flow(setup, page, login, live_server):
    # The trainer forms the group.
    login("trainer@example.org")
    page.goto(f"{live_server.url}/trainer/intervisie/")
    page.get_by_role("link", name="Voorjaar 2017").click()
    page.get_by_label("Naam").fill("Groep Wergea")
    page.get_by_label("Fenna de Vries").check()
    page.get_by_label("Jelle").check()
    page.get_by_role("button", name="Groep samenstellen").click()
    expect(page.get_by_text("Een intervisiegroep heeft 3 tot 6 deelnemers").first).to_be_visible()
    page.get_by_label("Sjoukje").check()
    page.get_by_role("button", name="Groep samenstellen").click()
    expect(page.get_by_text("De groep Groep Wergea is samengesteld.")).to_be_visible()
    shot(page, "trainer-groups")
    logout(page)

    # Jelle brings in a case.
    login("deelnemer2@example.org")
    page.goto(f"{live_server.url}/intervisie/")
    page.get_by_role("link", name="Groep Wergea").click()
    page.get_by_role("link", name="Casus inbrengen").click()
    page.get_by_label("Veldwerkverslag").select_option(label="Buurtfeest aan de Kade")
    page.get_by_label("Je vraag aan de groep").fill("Hoe geef ik het initiatief terug?")
    page.get_by_role("button", name="Inbrengen").click()
    expect(page.get_by_test_id("phase")).to_have_text("Verhelderende vragen")
    case_url = page.url
    logout(page)

    # Fenna hears of it and asks a clarifying question; the privacy check stops a number.
    login("deelnemer@example.org")
    notifications_show(page, live_server, "Nieuwe casus in je intervisiegroep")
    page.goto(case_url)
    page.get_by_label("Je reactie").fill("Wie belde je op 06-12345678?")
    page.get_by_role("button", name="Reactie plaatsen").click()
    expect(page.get_by_text("Dit lijkt op persoonsgegevens van een bewoner").first).to_be_visible()
    expect(page.get_by_label("Je reactie")).to_have_value("Wie belde je op 06-12345678?")
    respond(page, "Wie had het idee als eerste?")
    shot(page, "case-member")
    logout(page)

    # Jelle is told, answers, and moves on to recognition.
    login("deelnemer2@example.org")
    notifications_show(page, live_server, "Reactie op je inbreng")
    page.goto(case_url)
    page.get_by_text("Deze vraag beantwoorden").click()
    page.get_by_label("Je antwoord").fill("Een bewoner, op de markt.")
    page.get_by_role("button", name="Antwoord plaatsen").click()
    expect(page.get_by_text("Je antwoord is geplaatst.")).to_be_visible()
    page.get_by_role("button", name="Naar de volgende fase").click()
    expect(page.get_by_test_id("phase")).to_have_text("Herkenning")
    logout(page)

    # Sjoukje, then Fenna respond in turn.
    login("deelnemer5@example.org")
    notifications_show(page, live_server, "Intervisie: volgende fase")
    page.goto(case_url)
    respond(page, "Dat herken ik: ik trek ook vaak de kar.")
    logout(page)
    login("deelnemer@example.org")
    page.goto(case_url)
    respond(page, "Herkenbaar, bij de moestuin ook.")
    logout(page)

    # Jelle moves on through advice to closing, and closes.
    login("deelnemer2@example.org")
    page.goto(case_url)
    page.get_by_role("button", name="Naar de volgende fase").click()
    expect(page.get_by_test_id("phase")).to_have_text("Advies of een andere aanpak")
    page.get_by_role("button", name="Naar de volgende fase").click()
    expect(page.get_by_test_id("phase")).to_have_text("Wat neem ik mee")
    page.get_by_role("textbox", name="Wat neem ik mee").fill(
        "Ik vraag een bewoner om voor te zitten."
    )
    page.get_by_role("button", name="Casus afsluiten").click()
    expect(page.get_by_text("De casus is afgesloten.").first).to_be_visible()
    expect(page.get_by_test_id("phase")).to_have_text("Afgesloten")
    shot(page, "case-holder-closed")
    logout(page)

    # Fenna sees it closed, read only.
    login("deelnemer@example.org")
    notifications_show(page, live_server, "Intervisie: volgende fase")
    page.goto(case_url)
    expect(page.get_by_text("alleen nog te lezen")).to_be_visible()
    expect(page.get_by_label("Je reactie")).to_have_count(0)
