"""A participant reads a module, marks a section as done and sees the dashboard change."""

import re

import pytest
from playwright.sync_api import expect

from demo.factories.modules import CourseIndexPageFactory, ModulePageFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def module(home_page):
    index = CourseIndexPageFactory(parent=home_page)
    return ModulePageFactory(
        parent=index,
        title="Laagdrempelig contact",
        slug="laagdrempelig-contact",
        outcomes=["Je legt contact met bewoners."],
    )


def test_participant_marks_section_done(live_server, page, login, participant, module):
    login("deelnemer@example.org")
    page.goto(f"{live_server.url}/mijn-leergang/")
    panel = page.get_by_role("region", name="Jouw voortgang")
    expect(panel).to_contain_text("Hele leergang: 0%")

    page.goto(f"{live_server.url}{module.url}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Laagdrempelig contact")
    expect(page.get_by_text("Tekst van onderdeel 1")).to_be_visible()
    expect(page.get_by_text("0 van 2 onderdelen gedaan")).to_be_visible()

    page.get_by_role("button", name=re.compile(r"^Markeer als gedaan.*Onderdeel 1")).click()
    expect(page.get_by_text("1 van 2 onderdelen gedaan")).to_be_visible()
    expect(
        page.get_by_role("button", name=re.compile(r"^Markeer als niet gedaan.*Onderdeel 1"))
    ).to_be_visible()

    page.goto(f"{live_server.url}/mijn-leergang/")
    panel = page.get_by_role("region", name="Jouw voortgang")
    expect(panel).to_contain_text("Hele leergang: 50%")
    expect(panel).to_contain_text("1 van 2 onderdelen")


def test_marking_works_without_javascript(live_server, browser, participant, module):
    context = browser.new_context(locale="nl-NL", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mailadres").fill("deelnemer@example.org")
    page.get_by_label("Wachtwoord").fill("leergang-demo")
    page.get_by_role("button", name="Inloggen").click()
    page.goto(f"{live_server.url}{module.url}")
    page.get_by_role("button", name=re.compile(r"^Markeer als gedaan.*Onderdeel 2")).click()
    expect(page.get_by_text("Onderdeel gemarkeerd als gedaan.")).to_be_visible()
    expect(page.get_by_text("1 van 2 onderdelen gedaan")).to_be_visible()
    context.close()
