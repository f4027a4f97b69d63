"""The account pages of issue 13 in real Chromium, at phone and desktop width: the login error
and lock-out pages, and changing the login e-mail through the confirmation link.

Set ``LEERGANG_SHOTS=/some/dir`` to keep a screenshot of every page looked at.
"""

import os
import re
from pathlib import Path

import pytest
from django.core import mail

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (360, 1280)
SHOTS = os.environ.get("LEERGANG_SHOTS")


def look(page, name, sideways_ok=False):
    """At each width: no sideways scrolling, and a screenshot when asked for."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert sideways_ok or scroll <= width, f"{name} scrolls sideways at {width} px ({scroll})"
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)


def submit_login(page, url, email, password):
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()


def test_login_error_and_lock_out_pages(live_server, page, participant):
    submit_login(page, live_server.url, "Deelnemer@Example.org", "fout")
    assert "komen niet overeen" in page.locator("#error-summary").inner_text()
    look(page, "login-error")
    for _ in range(4):
        submit_login(page, live_server.url, "deelnemer@example.org", "fout")
    assert page.get_by_role("heading", level=1).inner_text() == "Te veel pogingen"
    assert page.get_by_role("link", name="wachtwoord opnieuw instellen").is_visible()
    look(page, "locked-out")


def test_trainer_changes_login_email_through_the_link(live_server, page, login, trainer):
    login("trainer@example.org")
    page.goto(f"{live_server.url}/admin/account/")
    field = page.locator("#id_login_email-email")
    field.fill("marieke.postma@example.org")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert "We hebben een link gestuurd naar marieke.postma@example.org" in page.content()
    look(page, "account-page", sideways_ok=True)  # Wagtail's own layout
    trainer.refresh_from_db()
    assert trainer.email == "trainer@example.org"

    confirm = next(m for m in mail.outbox if m.to == ["marieke.postma@example.org"])
    path = re.search(r"/accounts/email/confirm/\S+/", confirm.body).group(0)
    page.goto(live_server.url + path)
    assert page.get_by_role("heading", level=1).inner_text() == "Bevestig je nieuwe e-mailadres"
    look(page, "email-confirm")
    page.get_by_role("button", name="Nieuw e-mailadres bevestigen").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Je e-mailadres is gewijzigd"
    look(page, "email-confirmed")
    trainer.refresh_from_db()
    assert trainer.email == "marieke.postma@example.org"

    page.goto(live_server.url + path)
    assert page.get_by_role("heading", level=1).inner_text() == "Deze link werkt niet meer"
    look(page, "email-link-used")
