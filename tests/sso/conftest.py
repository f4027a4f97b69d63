"""A real OpenID provider (oidc-provider-mock, built on Authlib) on loopback, per test module."""

from datetime import timedelta
from urllib.parse import parse_qs, quote, urlsplit

import httpx
import oidc_provider_mock
import pytest
from django.test import Client

CLIENT_ID = "leergang-test"
CLIENT_SECRET = "test-secret"


@pytest.fixture(scope="module")
def oidc_server():
    with oidc_provider_mock.run_server_in_thread(require_nonce=True) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="module")
def expired_oidc_server():
    """A provider whose ID tokens expired two minutes before they were issued."""
    with oidc_provider_mock.run_server_in_thread(
        require_nonce=True, access_token_max_age=timedelta(minutes=-2)
    ) as server:
        yield f"http://localhost:{server.server_port}"


def configure(settings, issuer):
    settings.LEERGANG_OIDC_ISSUER = issuer
    settings.LEERGANG_OIDC_CLIENT_ID = CLIENT_ID
    settings.LEERGANG_OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.LEERGANG_OIDC_LABEL = "Inloggen met SURFconext of eduID"
    settings.LEERGANG_OIDC_SCOPES = "openid profile email"
    settings.LOGOUT_REDIRECT_URL = "sso:logged_out"


@pytest.fixture
def sso(settings, oidc_server, db):
    configure(settings, oidc_server)
    return oidc_server


def put_user(issuer, sub, **claims):
    """Tell the provider who `sub` is (the claims SURFconext would release)."""
    claims.setdefault("email_verified", True)
    response = httpx.put(f"{issuer}/users/{quote(sub, safe='')}", json=claims)
    assert response.status_code == 204


def authorize(authorize_url, sub):
    """What the person does at the provider: log in as `sub`. Returns the callback path+query."""
    response = httpx.post(authorize_url, data={"sub": sub})
    assert response.status_code in (302, 303), response.text
    location = urlsplit(response.headers["location"])
    return f"{location.path}?{location.query}"


def start(client: Client, next_url=""):
    response = client.get("/accounts/sso/inloggen/" + (f"?next={next_url}" if next_url else ""))
    assert response.status_code == 302
    return response["Location"]


def login(client: Client, issuer, sub, **claims):
    """The whole code flow in one browser (the Django test client); returns the last response."""
    put_user(issuer, sub, **claims)
    callback = authorize(start(client), sub)
    return client.get(callback)


def query(url):
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
