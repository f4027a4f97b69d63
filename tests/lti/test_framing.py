"""The tool inside the LMS's frame: launched pages may be framed by that LMS only, everything
else refuses any frame; in the frame the cookies are third-party ones."""

import pytest

from lti.models import Platform
from sso.models import ExternalIdentity

from .conftest import CLIENT_ID, DEPLOYMENT, ISSUER, launch

pytestmark = pytest.mark.django_db

LMS_ORIGIN = "https://lms.hogeschool.example"


def frame_ancestors(response):
    policy = response.headers["Content-Security-Policy"]
    [rule] = [r for r in policy.split("; ") if r.startswith("frame-ancestors")]
    return rule.removeprefix("frame-ancestors ").split()


@pytest.fixture
def other_lms(cohort):
    """Another registered LMS (active) and an inactive one."""
    Platform.objects.create(
        name="Canvas",
        issuer="https://canvas.instructure.com",
        client_id="1000",
        deployment_ids="d",
        key_set_url="https://sso.canvaslms.com/api/lti/security/jwks",
        auth_login_url="https://sso.canvaslms.com/api/lti/authorize_redirect",
        auth_token_url="https://sso.canvaslms.com/login/oauth2/token",
        frame_origins="https://hogeschool.instructure.com\n",
    )
    Platform.objects.create(
        name="Oud",
        issuer="https://old.example",
        client_id="x",
        deployment_ids="d",
        key_set_url="https://old.example/jwks",
        auth_login_url="https://old.example/auth",
        auth_token_url="https://old.example/token",
        active=False,
    )


def test_a_normal_page_refuses_every_frame(client, participant):
    client.force_login(participant)
    response = client.get("/portfolio/")
    assert response.status_code == 200
    assert response.headers["X-Frame-Options"] == "DENY"
    assert frame_ancestors(response) == ["'none'"]


def test_a_launched_session_may_be_framed_by_its_own_lms_only(
    client, lms, registration, participant, other_lms
):
    ExternalIdentity.objects.create(
        user=participant, source="lti", issuer=ISSUER, subject="lms-user-1"
    )
    response, _, _ = launch(client, lms)
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "X-Frame-Options" not in page.headers
    assert frame_ancestors(page) == [LMS_ORIGIN]
    assert f"form-action 'self' {LMS_ORIGIN}" in page.headers["Content-Security-Policy"]
    # The Wagtail admin is never framed by an LMS.
    admin = client.get("/admin/")
    assert admin.headers["X-Frame-Options"] == "DENY"
    assert frame_ancestors(admin) == ["'self'"]


def test_the_login_initiation_may_be_framed_by_every_active_lms(client, registration, other_lms):
    response = client.get("/lti/login/", {"iss": ISSUER, "client_id": CLIENT_ID, "login_hint": "u"})
    assert response.status_code == 200
    assert "X-Frame-Options" not in response.headers
    assert frame_ancestors(response) == [
        LMS_ORIGIN,
        "https://canvas.instructure.com",
        "https://sso.canvaslms.com",
        "https://hogeschool.instructure.com",
    ]
    html = response.content.decode()
    assert "Open de leergang in een nieuw venster" in html and "lti/frame-check.js" in html


def test_an_unknown_lms_gets_no_frame_check_page(client, registration):
    response = client.get("/lti/login/", {"iss": "https://evil.example", "login_hint": "u"})
    assert response.status_code == 400


def test_over_https_the_cookies_are_third_party_and_partitioned(client, registration):
    params = {
        "iss": ISSUER,
        "client_id": CLIENT_ID,
        "login_hint": "u",
        "lti_deployment_id": DEPLOYMENT,
        "target_link_uri": "https://testserver/portfolio/",
        "lti1p3_new_window": "1",
    }
    response = client.get("/lti/login/", params, secure=True)
    assert response.status_code == 302
    cookies = {name: morsel.OutputString() for name, morsel in response.cookies.items()}
    [state] = [value for name, value in cookies.items() if name.startswith("lti1p3-state")]
    for value in (cookies["sessionid"], state):
        assert "SameSite=None" in value and "Secure" in value and value.endswith("; Partitioned")


def test_over_plain_http_the_cookies_stay_lax(client, registration):
    params = {"iss": ISSUER, "client_id": CLIENT_ID, "login_hint": "u", "lti1p3_new_window": "1"}
    response = client.get("/lti/login/", params)
    session = response.cookies["sessionid"].OutputString()
    assert "SameSite=Lax" in session and "Partitioned" not in session
