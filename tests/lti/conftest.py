"""The LTI 1.3 platform (an LMS) for the tests: tools/lti_platform.py, with a real RSA key, its
key set served over HTTP on loopback, and launches signed as an LMS signs them."""

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from lti.models import Platform
from tools.lti_platform import CLAIM as CLAIM  # the tests name it
from tools.lti_platform import LtiPlatform, start

ISSUER = "https://lms.hogeschool.example"
CLIENT_ID = "leergang-tool"
DEPLOYMENT = "deployment-1"


@pytest.fixture(scope="module")
def lms():
    """The platform of tools/lti_platform.py (also `make lti-platform`), on a free port."""
    platform = LtiPlatform(issuer=ISSUER, client_id=CLIENT_ID, deployment=DEPLOYMENT)
    server = start(platform)
    yield platform
    server.shutdown()
    server.server_close()


@pytest.fixture
def registration(lms, cohort):
    lms.lineitems.clear()
    lms.scores.clear()
    lms.fail_next = 0
    lms.members = []
    lms.page_size = None
    lms.member_requests.clear()
    return Platform.objects.create(
        name="Brightspace",
        issuer=ISSUER,
        client_id=CLIENT_ID,
        deployment_ids=f"{DEPLOYMENT}\n",
        key_set_url=lms.url + "/jwks",
        auth_login_url=ISSUER + "/auth",
        auth_token_url=lms.url + "/token",
        cohort=cohort,
    )


def login_initiation(client):
    """The LMS's first step; returns (state, nonce) from the redirect to its auth endpoint."""
    response = client.post(
        "/lti/login/",
        {
            "iss": ISSUER,
            "client_id": CLIENT_ID,
            "login_hint": "lms-user-1",
            "target_link_uri": "http://testserver/portfolio/",
            "lti_message_hint": "hint",
            "lti_deployment_id": DEPLOYMENT,
        },
    )
    # First the page that checks the browser keeps cookies in the LMS's frame; its script
    # continues to the same login with lti1p3_new_window=1.
    assert response.status_code == 200, response.content[:500]
    continue_url = html.unescape(
        re.search(r'data-continue="([^"]+)"', response.content.decode()).group(1)
    )
    assert "lti1p3_new_window=1" in continue_url
    response = client.get(continue_url)
    assert response.status_code == 302, response.content[:500]
    params = {k: v[0] for k, v in parse_qs(urlsplit(response["Location"]).query).items()}
    assert params["redirect_uri"] == "http://testserver/lti/launch/"
    return params["state"], params["nonce"]


def launch(client, lms, token_claims=None, key=None, **extra):
    state, nonce = login_initiation(client)
    claims = token_claims or lms.launch_claims(nonce, **extra)
    token = lms.sign(claims, key=key)
    return client.post("/lti/launch/", {"id_token": token, "state": state}), token, state
