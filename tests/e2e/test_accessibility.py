"""axe-core in real Chromium on every page type, for every role that sees it, plus 320 px width.

The demo world (``seed_demo``) is built once per test, and each test visits all pages of its roles,
collecting problems so one run names every failing rule and page at once. A problem is an axe
violation of impact serious or critical, an error status, or a page that scrolls sideways at 320 px.
"""

import pytest
from django.core.management import call_command

from . import a11y_pages

pytestmark = pytest.mark.django_db(transaction=True)


def _check_roles(browser, live_server, roles):
    call_command("seed_demo", "--force", stdout=open("/dev/null", "w"))  # noqa: SIM115
    targets = a11y_pages.demo_targets()
    problems, checked = [], 0
    for role in roles:
        context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(15000)
        try:
            if a11y_pages.ROLES[role]:
                a11y_pages.log_in(page, live_server.url, a11y_pages.ROLES[role])
            for target in targets[role]:
                page.set_viewport_size({"width": 1280, "height": 900})
                response = a11y_pages.open_target(page, live_server.url, target)
                if response is not None and response.status >= 400:
                    problems.append(
                        f"[{role}] {target.name} ({target.path}): HTTP {response.status}"
                    )
                    continue
                problems += a11y_pages.axe_problems(page, role, target)
                overflow = a11y_pages.overflow_problem(page, role, target, width=320)
                if overflow:
                    problems.append(overflow)
                checked += 1
        finally:
            context.close()
    return checked, problems


@pytest.mark.parametrize(
    "roles",
    [("anonymous",), ("participant",), ("trainer", "guild_member", "administrator")],
    ids=["visitor", "participant", "staff"],
)
def test_no_serious_axe_violations_and_no_sideways_scrolling(browser, live_server, roles):
    checked, problems = _check_roles(browser, live_server, roles)
    assert checked >= 5, f"only {checked} pages could be checked"
    assert not problems, f"{len(problems)} accessibility problems:\n" + "\n".join(problems)


def test_entry_form_errors_are_linked_to_their_fields(browser, live_server):
    """On the fieldwork form with errors, every invalid field points at its message."""
    call_command("seed_demo", "--force", stdout=open("/dev/null", "w"))  # noqa: SIM115
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    try:
        a11y_pages.log_in(page, live_server.url, a11y_pages.ROLES["participant"])
        page.goto(f"{live_server.url}/portfolio/veldwerk/nieuw/")
        page.get_by_role("button", name="Opslaan").click()
        page.wait_for_load_state()
        summary = page.get_by_role("alert").filter(has_text="Controleer het volgende")
        assert summary.is_visible()
        # The summary has focus, so it is read out first.
        assert page.evaluate("document.activeElement.id") == "error-summary"
        invalid = page.locator("main [aria-invalid=true]")
        assert invalid.count() >= 1
        for i in range(invalid.count()):
            field = invalid.nth(i)
            described = field.get_attribute("aria-describedby") or ""
            error_id = next(part for part in described.split() if part.endswith("_error"))
            assert page.locator(f"#{error_id}").inner_text().strip()
            field_id = field.get_attribute("id")
            assert summary.locator(f"a[href='#{field_id}']").count() == 1
    finally:
        context.close()
