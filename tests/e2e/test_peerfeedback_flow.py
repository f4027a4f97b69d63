"""Real Chromium: a reader comments on a portfolio shared with them; the owner is notified,
puts the comment in their PDF and sees it in the PDF preview."""

import re

import pytest
from playwright.sync_api import expect

from demo.factories.portfolio import FieldworkEntryFactory
from portfolio.models import Portfolio, PortfolioShare

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def shared(participant, peer):
    portfolio = Portfolio.objects.get_or_create(enrolment=participant.enrolments.get())[0]
    FieldworkEntryFactory(portfolio=portfolio, title="Koffie op het plein", is_draft=False)
    PortfolioShare.objects.create(portfolio=portfolio, user=peer)
    return portfolio


def test_peer_feedback_flow(shared, page, login, live_server):
    login("deelnemer2@example.org")
    page.goto(f"{live_server.url}{shared.get_absolute_url()}")
    page.get_by_label("Je reactie").fill("Mooi hoe je de bewoners zelf laat beginnen.")
    page.get_by_role("button", name="Reactie plaatsen").click()
    expect(page.get_by_text("Je reactie is geplaatst.")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Bewerken"))).to_be_visible()
    page.get_by_role("button", name=re.compile("Uitloggen")).click()

    login("deelnemer@example.org")
    page.goto(f"{live_server.url}/meldingen/")
    page.locator(".notif-item--unread").first.get_by_role("link").first.click()
    section = page.locator("#reacties")
    expect(section.get_by_text("Mooi hoe je de bewoners zelf laat beginnen.")).to_be_visible()
    expect(section.get_by_text("Niet in je pdf")).to_be_visible()
    section.get_by_label("In mijn pdf").check()
    section.get_by_role("button", name="Keuzes opslaan").click()
    expect(page.get_by_text("Je keuzes voor deze reactie zijn opgeslagen.")).to_be_visible()
    expect(page.locator("#reacties").get_by_text("In je pdf", exact=True)).to_be_visible()
    page.goto(f"{live_server.url}/portfolio/pdf/voorbeeld/?scope=all")
    expect(page.get_by_text("Mooi hoe je de bewoners zelf laat beginnen.")).to_be_visible()
