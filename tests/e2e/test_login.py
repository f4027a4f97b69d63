import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_participant_logs_in_and_reaches_dashboard(
    live_server, page, login, participant, home_page
):
    login("deelnemer@example.org")
    assert page.url.endswith("/mijn-leergang/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Welkom")
    assert "Voorjaar 2017" in page.content()
