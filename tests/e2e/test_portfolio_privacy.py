"""A participant writes a fieldwork entry with a phone number, sees it flagged and replaces it."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_phone_number_is_found_and_replaced_with_pseudonym(
    live_server, page, login, participant, home_page
):
    login("deelnemer@example.org")
    page.goto(f"{live_server.url}/portfolio/veldwerk/nieuw/")
    page.get_by_label("Titel").fill("Huisbezoek bij bewoner A")
    page.get_by_label("Plaats").fill("Heechterp")
    page.get_by_label("Wat ik deed").fill("Ik belde bewoner A op 06-12345678 om af te spreken.")
    # The autosave reports itself politely while typing.
    page.get_by_text("Concept opgeslagen om").wait_for(timeout=10000)
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state()
    assert page.url.endswith("/privacy/")
    mark = page.locator("mark", has_text="06-12345678").first
    assert mark.is_visible()
    page.get_by_label("Vervangen door").fill("[telefoon bewoner A]")
    page.get_by_role("button", name="Vervang door pseudoniem").click()
    page.wait_for_load_state()
    assert "is vervangen door" in page.content()
    body = page.locator("main").inner_text()
    assert "06-12345678" not in body.split("is vervangen door")[-1]
    assert "[telefoon bewoner A]" in body

    from portfolio.models import FieldworkEntry

    entry = FieldworkEntry.objects.get(title="Huisbezoek bij bewoner A")
    assert "06-12345678" not in entry.actions
    assert not entry.is_draft
    assert entry.findings.filter(status="open").count() == 0
