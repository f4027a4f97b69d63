"""Every answer of the provider that cannot be trusted is refused: a Dutch page, no session.

The tokens come from the real provider on loopback; where a test needs a bad token it changes
what the provider really sent (one byte of the signature) or where it is fetched from."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.test import Client

from sso import conf
from sso.backends import OIDCBackend
from sso.models import ExternalIdentity

from .conftest import authorize, configure, login, put_user, query, start

pytestmark = pytest.mark.django_db

UNVERIFIED = "kon niet worden gecontroleerd"


@pytest.fixture
def linked(sso, participant):
    ExternalIdentity.objects.create(user=participant, issuer=sso, subject="fenna-sub")
    put_user(sso, "fenna-sub", email="fenna@hva.example")
    return participant


def refused(response, client, status=403):
    assert response.status_code == status
    assert SESSION_KEY not in client.session
    return response.content.decode()


def test_wrong_nonce_is_refused(client, linked):
    authorize_url = start(client)
    session = client.session
    session["oidc_states"][query(authorize_url)["state"]]["nonce"] = "een-andere-nonce"
    session.save()
    response = client.get(authorize(authorize_url, "fenna-sub"))
    assert UNVERIFIED in refused(response, client)


def test_expired_id_token_is_refused(client, settings, expired_oidc_server, participant):
    configure(settings, expired_oidc_server)
    ExternalIdentity.objects.create(
        user=participant, issuer=expired_oidc_server, subject="fenna-sub"
    )
    response = login(client, expired_oidc_server, "fenna-sub")
    assert UNVERIFIED in refused(response, client)


def test_tampered_signature_is_refused(client, linked, monkeypatch):
    real_get_token = OIDCBackend.get_token

    def tampered(self, payload):
        token = real_get_token(self, payload)
        header, body, signature = token["id_token"].split(".")
        flipped = ("A" if signature[10] != "A" else "B").join([signature[:10], signature[11:]])
        token["id_token"] = ".".join([header, body, flipped])
        return token

    monkeypatch.setattr(OIDCBackend, "get_token", tampered)
    response = login(client, conf.issuer(), "fenna-sub")
    assert UNVERIFIED in refused(response, client)


def test_token_from_an_unknown_issuer_is_refused(client, linked, sso):
    # The same provider, reached by another name, signs its tokens as another issuer.
    conf.metadata()
    key = f"sso:discovery:{sso}"
    document = dict(cache.get(key))
    document["token_endpoint"] = document["token_endpoint"].replace("localhost", "127.0.0.1")
    cache.set(key, document)
    response = login(client, sso, "fenna-sub")
    assert UNVERIFIED in refused(response, client)


def test_a_replayed_code_is_refused(client, linked):
    callback = authorize(start(client), "fenna-sub")
    code = query(callback)["code"]
    assert client.get(callback).status_code == 302
    client.logout()

    # The same callback again: its state was used up.
    assert UNVERIFIED in refused(client.get(callback), client, status=400)
    # The used code with a fresh state of a new login attempt: the provider refuses it.
    attacker = Client()
    state = query(start(attacker))["state"]
    response = attacker.get(f"/accounts/sso/callback/?code={code}&state={state}")
    assert UNVERIFIED in refused(response, attacker)


def test_a_callback_without_a_login_attempt_is_refused(client, sso):
    response = client.get("/accounts/sso/callback/?code=abc&state=def")
    assert UNVERIFIED in refused(response, client, status=400)


def test_a_refusal_at_the_provider_is_a_dutch_page(client, sso):
    state = query(start(client))["state"]
    response = client.get(f"/accounts/sso/callback/?error=access_denied&state={state}")
    assert "geannuleerd" in refused(response, client)
