"""The main flows with the keyboard alone: Tab, Shift+Tab, Enter, Space, arrow keys and typing.

Each stop on the way must show a visible focus indicator (see a11y_keyboard.tab_to). Form errors
must be announced (role=alert, focused) and linked to their fields; the progress of a long export
must be announced in a live region.
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from assessment import services as assessment_services
from demo.factories.assessment import MilestoneFactory, RubricFactory, criterion
from demo.factories.portfolio import FieldworkEntryFactory, PortfolioFactory
from portfolio.models import FieldworkEntry, Portfolio

from .a11y_keyboard import activate, assert_no_positive_tabindex, focused, tab_to, type_into

pytestmark = pytest.mark.django_db(transaction=True)


def keyboard_login(page, base_url, email, password="leergang-demo"):  # noqa: S107
    page.goto(f"{base_url}/accounts/login/")
    type_into(page, page.get_by_label("E-mailadres"), email)
    type_into(page, page.get_by_label("Wachtwoord"), password)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/mijn-leergang/$"))


@pytest.fixture
def milestone(cohort):
    rubric = RubricFactory(
        name="Toetsrubric",
        criteria=[
            criterion("Aansluiten bij ambities", ["niet", "wel", "sterk"]),
            criterion("Reflectie", ["niet", "wel", "sterk"]),
        ],
    )
    return MilestoneFactory(cohort=cohort, rubric=rubric, name="Tussentijdse beoordeling")


@pytest.fixture
def portfolio(participant):
    return Portfolio.objects.get_or_create(enrolment=participant.enrolments.first())[0]


def test_log_in_with_errors_announced_and_linked(live_server, page, participant, home_page):
    page.goto(live_server.url + "/")
    assert_no_positive_tabindex(page)
    # The first stop is the skip link: visible when focused, and it leads past the menu.
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Naar de inhoud"
    expect(page.locator(".skip-link")).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    activate(page, page.get_by_role("link", name="Inloggen").first)
    page.wait_for_url(re.compile(r"/accounts/login/"))
    # The login page puts the cursor in the e-mail field straight away.
    expect(page.get_by_label("E-mailadres")).to_be_focused()

    # Submitting the empty form: the error summary is an alert and takes focus.
    tab_to(page, page.get_by_role("button", name="Inloggen"))
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Controleer het volgende")
    assert page.evaluate("document.activeElement.id") == "error-summary"
    # The first link in the summary leads to the field, which says what is wrong.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    email = page.get_by_label("E-mailadres")
    expect(email).to_be_focused()
    assert email.get_attribute("aria-invalid") == "true"
    error_id = email.get_attribute("aria-describedby").split()[-1]
    expect(page.locator(f"#{error_id}")).to_contain_text("verplicht")

    page.keyboard.type("deelnemer@example.org")
    type_into(page, page.get_by_label("Wachtwoord"), "leergang-demo")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/mijn-leergang/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Fenna")


def test_write_a_fieldwork_entry(live_server, page, participant, portfolio, home_page):
    keyboard_login(page, live_server.url, "deelnemer@example.org")
    # From the dashboard to the form by the menu, not by URL.
    activate(page, page.get_by_role("link", name="Portfolio", exact=True))
    page.wait_for_url(re.compile(r"/portfolio/$"))
    activate(page, page.get_by_role("link", name="Nieuw veldwerkverslag").first)
    page.wait_for_url(re.compile(r"/veldwerk/nieuw/$"))
    assert_no_positive_tabindex(page)

    # The fields come in reading order: each next field is not above the previous one.
    title = page.get_by_label("Titel")
    path = tab_to(page, title)
    page.keyboard.type("Koffie bij de bushalte")
    tops = [path[-1]["top"]]
    for label, text in [
        ("Plaats", "Wergea"),
        ("Wat ik deed", "Ik zat een uur bij de bushalte en vroeg wachtenden naar hun buurt."),
        ("Mijn reflectie", "Mensen praten makkelijker als ik niets kom brengen."),
    ]:
        path = tab_to(page, page.get_by_label(label, exact=True))
        tops += [stop["top"] for stop in path]
        page.keyboard.type(text)
    assert tops == sorted(tops), f"focus jumps back up the form: {tops}"

    activate(page, page.get_by_role("button", name="Opslaan"))
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text("Koffie bij de bushalte")
    entry = FieldworkEntry.objects.get(title="Koffie bij de bushalte")
    assert not entry.is_draft and entry.place == "Wergea"


def test_fix_a_privacy_finding(live_server, page, participant, portfolio, home_page):
    keyboard_login(page, live_server.url, "deelnemer@example.org")
    page.goto(f"{live_server.url}/portfolio/veldwerk/nieuw/")
    type_into(page, page.get_by_label("Titel"), "Telefoontje met bewoner A")
    type_into(page, page.get_by_label("Wat ik deed"), "Ik belde bewoner A op 06-12345678.")
    activate(page, page.get_by_role("button", name="Opslaan"))
    page.wait_for_url(re.compile(r"/privacy/$"))
    expect(page.get_by_role("status").first).to_contain_text("persoonsgegevens")

    type_into(page, page.get_by_label("Vervangen door"), "[telefoon bewoner A]")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.get_by_role("status").first).to_contain_text("is vervangen door")
    entry = FieldworkEntry.objects.get(title="Telefoontje met bewoner A")
    assert "06-12345678" not in entry.actions
    assert entry.findings.filter(status="open").count() == 0


def test_submit_the_portfolio(live_server, page, participant, portfolio, milestone, home_page):
    FieldworkEntryFactory(portfolio=portfolio, title="Bankje bij de brug", is_draft=False)
    keyboard_login(page, live_server.url, "deelnemer@example.org")
    activate(page, page.get_by_role("link", name="Inleveren", exact=True))
    page.wait_for_url(re.compile(r"/inleveren/$"))
    activate(
        page, page.get_by_role("button", name="Inzending voorbereiden Tussentijdse beoordeling")
    )
    expect(page.get_by_test_id("state")).to_have_text("Concept")
    activate(page, page.get_by_role("button", name="Portfolio indienen"))
    expect(page.get_by_test_id("state")).to_have_text("Ingediend")


def test_assess_a_submission(
    live_server, page, participant, trainer, portfolio, milestone, home_page
):
    FieldworkEntryFactory(portfolio=portfolio, title="Bankje bij de brug", is_draft=False)
    submission = assessment_services.start(portfolio, milestone, participant)
    assessment_services.submit(submission, participant)

    keyboard_login(page, live_server.url, "trainer@example.org")
    activate(page, page.get_by_role("link", name="Beoordelen", exact=True))
    page.wait_for_url(re.compile(r"/trainer/$"))
    activate(page, page.get_by_role("link", name=re.compile("Beoordelen Fenna")))
    page.wait_for_url(re.compile(r"/trainer/inzending/\d+/$"))
    assert_no_positive_tabindex(page)

    # A radio group is one Tab stop; the arrow keys choose a level, as in any radio group.
    for fieldset in page.locator("fieldset.criterion").all():
        radios = fieldset.get_by_role("radio")
        tab_to(page, radios.first)
        page.keyboard.press("Space")
        page.keyboard.press("ArrowDown")
        expect(radios.nth(1)).to_be_checked()
    activate(page, page.get_by_role("button", name="Scores opslaan"))
    expect(page.get_by_text("Je scores zijn opgeslagen.")).to_be_visible()

    decision = page.locator("fieldset", has=page.get_by_label("Voldaan", exact=True))
    tab_to(page, decision.get_by_role("radio").first)
    passed = page.get_by_label("Voldaan", exact=True)
    for _ in range(decision.get_by_role("radio").count()):
        if passed.is_checked():
            break
        page.keyboard.press("ArrowDown")
    expect(passed).to_be_checked()
    activate(page, page.get_by_role("button", name="Besluit bevestigen"))
    expect(page.get_by_test_id("state")).to_have_text("Voldaan")
    submission.refresh_from_db()
    assert submission.state == submission.State.PASSED


def test_export_the_pdf(live_server, page, participant, portfolio, home_page):
    """A participant downloads the PDF of the portfolio with Enter on the download button."""
    FieldworkEntryFactory(portfolio=portfolio, title="Bankje bij de brug", is_draft=False)
    keyboard_login(page, live_server.url, "deelnemer@example.org")
    activate(page, page.get_by_role("link", name="Pdf maken"))
    page.wait_for_url(re.compile(r"/portfolio/pdf/$"))
    tab_to(page, page.get_by_role("button", name="Pdf downloaden"))
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    with open(download.value.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_long_export_announces_its_progress(
    live_server, page, trainer, participant, peer, cohort, home_page, worker
):
    for user in (participant, peer):
        own = PortfolioFactory(enrolment=user.enrolments.get())
        FieldworkEntryFactory(portfolio=own, title=f"Buurtgesprek van {user.first_name}")

    keyboard_login(page, live_server.url, "trainer@example.org")
    page.goto(f"{live_server.url}/portfolio/pdf/cohort/{cohort.pk}/")
    tab_to(page, page.get_by_label("Alle portfolio's (zoals ze nu zijn)"))
    page.keyboard.press("Space")
    activate(page, page.get_by_role("button", name="Export starten"))
    page.wait_for_url(re.compile(r"/taak/"))
    started = timezone.now()
    page.evaluate("window.__samePage = true")

    live = page.locator("[aria-live=polite][data-job-live]")
    expect(live).to_contain_text("100 %", timeout=120_000)
    # The page was updated in place, not reloaded: a screen reader keeps its place.
    assert page.evaluate("window.__samePage === true"), "the job page reloaded itself"
    expect(page.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "100")
    download = page.get_by_role("link", name="Downloaden")
    tab_to(page, download)
    assert (timezone.now() - started).total_seconds() < 120
