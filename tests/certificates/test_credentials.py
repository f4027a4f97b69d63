"""Open Badges 3.0: a VC-JWT signed with Ed25519; the published key verifies it, a changed
byte does not; revocation shows through credentialStatus."""

import base64
import json

import jwt
import pytest
from django.test import override_settings
from django.urls import reverse

from certificates import credentials, keys, services
from certificates.models import SigningKey

from .conftest import SITE

pytestmark = pytest.mark.django_db


def fetch(client, url):
    response = client.get(url.removeprefix(SITE))
    assert response.status_code == 200, url
    return response


def published_key(client, token):
    header = jwt.get_unverified_header(token)
    assert header["alg"] == "EdDSA" and header["typ"] == "JWT"
    return json.loads(fetch(client, header["kid"]).content)


def test_the_credential_verifies_with_the_published_key(client, certificate):
    token = fetch(client, reverse("certificates:credential", args=[certificate.public_id])).content
    token = token.decode()
    jwk = published_key(client, token)
    assert jwk["kty"] == "OKP" and jwk["crv"] == "Ed25519" and "d" not in jwk
    payload = credentials.verify(token, jwk)
    assert payload["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert payload["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert payload["iss"] == payload["issuer"]["id"] and payload["jti"] == payload["id"]
    subject = payload["credentialSubject"]
    assert subject["identifier"][0]["identityHash"] == certificate.recipient_hash
    assert subject["achievement"]["type"] == ["Achievement"]
    assert len(subject["achievement"]["alignment"]) == 4
    # The issuer's key set lists the same key.
    issuer_id = certificate.cohort_settings.public_id
    jwks = json.loads(fetch(client, reverse("certificates:jwks", args=[issuer_id])).content)
    assert jwk["kid"] in [k["kid"] for k in jwks["keys"]]


def _flip(segment, index):
    raw = bytearray(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))
    raw[index] ^= 0x01
    return base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode()


def test_one_changed_byte_fails_the_signature(certificate):
    token = credentials.sign(certificate)
    _private, jwk = keys.signing_key()
    header, payload, signature = token.split(".")
    raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    position = raw.index(b"Leergang")
    for changed in (
        f"{header}.{_flip(payload, position)}.{signature}",
        f"{header}.{payload}.{_flip(signature, 10)}",
    ):
        with pytest.raises(credentials.InvalidCredential):
            credentials.verify(changed, jwk)
    assert credentials.verify(token, jwk)["jti"] == f"urn:uuid:{certificate.public_id}"


def test_the_key_is_made_once_and_kept(certificate):
    first = credentials.sign(certificate)
    second = credentials.sign(certificate)
    assert first == second  # Ed25519 is deterministic
    assert SigningKey.objects.count() == 1


def test_a_configured_key_signs_and_its_private_half_stays_out_of_the_database(certificate):
    pem = keys.new_private_pem()
    with override_settings(LEERGANG_BADGE_SIGNING_KEY=pem):
        token = credentials.sign(certificate)
        _private, jwk = keys.signing_key()
    row = SigningKey.objects.get(kid=jwk["kid"])
    assert row.private_pem == "" and row.public_jwk == jwk
    assert credentials.verify(token, keys.published_jwk(jwk["kid"]))


def test_revocation_shows_in_credential_status(client, certificate, administrator):
    payload = jwt.decode(credentials.sign(certificate), options={"verify_signature": False})
    status = payload["credentialStatus"]
    assert status["type"] == "1EdTechRevocationList"
    assert json.loads(fetch(client, status["id"]).content)["revokedCredentials"] == []
    services.revoke(certificate, administrator, "Fraude.")
    listed = json.loads(fetch(client, status["id"]).content)["revokedCredentials"]
    assert [c["id"] for c in listed] == [payload["id"]]
    assert listed[0]["revocationReason"] == "Fraude."
