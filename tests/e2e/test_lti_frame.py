"""The course inside an LMS's iframe, in real Chromium: the test LMS (tools/lti_platform.py on
127.0.0.1) frames the tool (the live server on localhost, another site: its cookies are
third-party there). The launch logs the learner in inside the frame, the page renders, and a
form with a CSRF token posts inside the frame."""

import pytest

from sso.models import ExternalIdentity
from tools.lti_platform import PEOPLE, LtiPlatform, register, start

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def test_lms(live_server, cohort):
    platform = LtiPlatform()
    platform.tool_url = live_server.url
    server = start(platform)
    register(platform, cohort)
    yield platform
    server.shutdown()
    server.server_close()


def test_the_tool_renders_and_posts_a_form_inside_the_lms_frame(
    live_server, page, test_lms, participant, home_page
):
    assert "localhost" in live_server.url and "127.0.0.1" in test_lms.url  # two sites
    ExternalIdentity.objects.create(
        user=participant, source="lti", issuer=test_lms.issuer, subject=PEOPLE["learner"]["sub"]
    )
    page.goto(f"{test_lms.url}/?role=learner&target={live_server.url}/portfolio/")
    tool = page.frame_locator("#tool")
    heading = tool.get_by_role("heading", level=1)
    heading.wait_for()
    frame = page.frame(url=lambda url: url.startswith(live_server.url))
    assert frame.url == f"{live_server.url}/portfolio/"
    assert "Inloggen" not in heading.inner_text()
    assert tool.get_by_role("button", name="Uitloggen").is_visible()

    # The language switch is a POST with the CSRF token, inside the frame.
    tool.get_by_role("button", name="English").click()
    tool.get_by_role("button", name="Log out").wait_for()
    assert page.frame(url=lambda url: url.startswith(live_server.url)).url.endswith("/portfolio/")
    page.screenshot(path="var/screenshots/lti-frame-1280.png", full_page=True)


def test_the_tool_refuses_a_frame_outside_an_lti_launch(live_server, page, test_lms, home_page):
    """The same LMS page framing an ordinary page of the site gets nothing (frame-ancestors)."""
    responses = []
    page.on("response", lambda r: responses.append(r) if "/accounts/login/" in r.url else None)
    page.set_content(f"<iframe id='tool' src='{live_server.url}/accounts/login/'></iframe>")
    page.wait_for_timeout(1000)
    frame = page.frame(url=lambda url: url.startswith(live_server.url))
    assert responses and responses[0].headers["x-frame-options"] == "DENY"
    assert frame is None or "Inloggen" not in (frame.content() if frame else "")
