"""Real Chromium: a participant starts a thread mentioning a peer from the module page, the peer
finds the notification and replies, the trainer locks the thread with a reason."""

import re

import pytest
from playwright.sync_api import expect

from demo.factories.modules import CourseIndexPageFactory, ModulePageFactory
from discussions import services

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def module(home_page):
    course = CourseIndexPageFactory(parent=home_page, title="De leergang", slug="leergang")
    return ModulePageFactory(parent=course, title="Laagdrempelig contact", slug="contact")


def logout(page):
    page.get_by_role("button", name=re.compile("Uitloggen")).click()


def test_thread_mention_reply_and_lock(
    module, participant, peer, trainer, cohort, page, login, live_server
):
    peer_handle = services.handles(services.members(module, cohort))[peer.pk]

    login("deelnemer@example.org")
    page.goto(f"{live_server.url}{module.url}")
    page.get_by_role("link", name=re.compile("Naar het gesprek")).click()
    expect(
        page.get_by_role("heading", name=re.compile("Gesprek: Laagdrempelig contact"))
    ).to_be_visible()
    page.get_by_label("Titel").fill("Koffie op straat")
    page.get_by_label("Je bericht").fill(
        f"Wie gaat er mee met de koffiekar, @{peer_handle}? <script>alert(1)</script>"
    )
    page.get_by_role("button", name="Onderwerp plaatsen").click()
    expect(page.get_by_role("heading", name="Koffie op straat")).to_be_visible()
    expect(page.get_by_text("<script>alert(1)</script>", exact=False)).to_be_visible()
    logout(page)

    login("deelnemer2@example.org")
    page.goto(f"{live_server.url}/meldingen/")
    page.get_by_role("link", name="Koffie op straat").first.click()
    expect(page.get_by_role("heading", name="Koffie op straat")).to_be_visible()
    page.get_by_label("Je reactie").fill("Ik ga mee, zaterdag om tien uur.")
    page.get_by_role("button", name="Reactie plaatsen").click()
    expect(page.get_by_text("Ik ga mee, zaterdag om tien uur.")).to_be_visible()
    logout(page)

    login("trainer@example.org")
    page.goto(f"{live_server.url}/meldingen/")
    page.goto(f"{live_server.url}{module.url}")
    page.get_by_role("link", name=re.compile("Naar het gesprek")).click()
    page.get_by_role("link", name="Koffie op straat").click()
    page.locator("summary", has_text="Onderwerp sluiten").click()
    page.get_by_label("Reden", exact=True).last.fill("Afgesproken, het gesprek is klaar")
    page.get_by_role("button", name="Onderwerp sluiten").click()
    expect(page.get_by_text("Het onderwerp is gesloten.")).to_be_visible()
    expect(page.get_by_text(re.compile("Reden: Afgesproken"))).to_be_visible()
    expect(page.get_by_role("button", name="Reactie plaatsen")).to_have_count(0)
