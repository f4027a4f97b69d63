"""The public check in real Chromium: readable at 360 and 1280 px, no sideways scrolling, no
serious axe violations. ``CERTIFICATE_SCREENSHOTS=<dir>`` keeps the screenshots."""

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import override_settings
from django.urls import reverse

from certificates import services

pytestmark = [pytest.mark.e2e]
SHOTS = os.environ.get("CERTIFICATE_SCREENSHOTS")


def _look(browser, url, name):
    problems = []
    for width in (360, 1280):
        context = browser.new_context(locale="nl-NL", viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto(url)
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
        if page.evaluate("document.documentElement.scrollWidth") > width:
            problems.append(f"{name} scrolls sideways at {width} px")
        for violation in Axe().run(page).response["violations"]:
            if violation.get("impact") in ("serious", "critical"):
                problems.append(f"{name} {width}: {violation['id']} {violation['help']}")
        context.close()
    return problems


def test_the_check_reads_well_valid_revoked_and_unknown(
    transactional_db,
    browser,
    live_server,
    certificate,
    administrator,
):
    with override_settings(WAGTAILADMIN_BASE_URL=live_server.url):
        url = live_server.url + reverse("certificates:verify", args=[certificate.number])
        problems = _look(browser, url, "verify-valid")
        problems += _look(
            browser,
            live_server.url + reverse("certificates:verify", args=["CC-2017-00000-00000"]),
            "verify-unknown",
        )
        services.revoke(certificate, administrator, "Onterecht uitgereikt.")
        problems += _look(browser, url, "verify-revoked")
    assert problems == []
