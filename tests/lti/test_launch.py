"""LTI 1.3 resource-link launches from a platform with a real key: who gets in, and what is
refused (a Dutch page, no session)."""

import time

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth import SESSION_KEY

from sso.models import ExternalIdentity

from .conftest import CLAIM, ISSUER, launch, login_initiation

pytestmark = pytest.mark.django_db

UNVERIFIED = "kon niet worden gecontroleerd"


def refused(response, client, status=403):
    assert response.status_code == status
    assert SESSION_KEY not in client.session
    return response.content.decode()


def test_the_tool_publishes_its_key_set(client, db):
    keys = client.get("/lti/jwks/").json()["keys"]
    assert len(keys) == 1 and keys[0]["kty"] == "RSA" and keys[0]["alg"] == "RS256"
    assert "d" not in keys[0]  # never the private part
    assert client.get("/lti/jwks/").json() == {"keys": keys}  # made once, then kept


def test_a_launch_of_a_linked_participant_opens_the_placed_page(
    client, lms, registration, participant
):
    ExternalIdentity.objects.create(
        user=participant, source="lti", issuer=ISSUER, subject="lms-user-1"
    )
    response, _, _ = launch(client, lms)
    assert response.status_code == 302 and response["Location"] == "http://testserver/portfolio/"
    assert client.session[SESSION_KEY] == str(participant.pk)


def test_an_unknown_lms_user_is_not_enrolled_even_with_a_known_e_mail(
    client, lms, registration, participant
):
    response, _, _ = launch(client, lms, email=participant.email)
    assert "niet ingeschreven" in refused(response, client)
    assert not ExternalIdentity.objects.exists()


def test_instructors_become_trainers_only_where_the_admin_allowed_it(
    client, lms, registration, participant, cohort
):
    ExternalIdentity.objects.create(
        user=participant, source="lti", issuer=ISSUER, subject="lms-user-1"
    )
    instructor = {CLAIM + "roles": ["http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"]}
    launch(client, lms, **instructor)
    assert participant not in cohort.trainers.all()

    registration.instructors_become_trainers = True
    registration.save()
    client.logout()
    launch(client, lms, **instructor)
    assert participant in cohort.trainers.all()


@pytest.fixture
def linked(participant):
    return ExternalIdentity.objects.create(
        user=participant, source="lti", issuer=ISSUER, subject="lms-user-1"
    )


def test_a_wrong_audience_is_refused(client, lms, registration, linked):
    state, nonce = login_initiation(client)
    claims = lms.launch_claims(nonce, aud="another-tool")
    response = client.post("/lti/launch/", {"id_token": lms.sign(claims), "state": state})
    assert UNVERIFIED in refused(response, client)


def test_an_expired_launch_is_refused(client, lms, registration, linked):
    state, nonce = login_initiation(client)
    claims = lms.launch_claims(nonce, exp=int(time.time()) - 60)
    response = client.post("/lti/launch/", {"id_token": lms.sign(claims), "state": state})
    assert UNVERIFIED in refused(response, client)


def test_a_replayed_launch_is_refused(client, lms, registration, linked):
    first, token, state = launch(client, lms)
    assert first.status_code == 302
    client.logout()
    # The same signed launch posted again (its state cookie is still in this browser).
    response = client.post("/lti/launch/", {"id_token": token, "state": state})
    assert UNVERIFIED in refused(response, client)


def test_an_unknown_deployment_is_refused(client, lms, registration, linked):
    response, _, _ = launch(client, lms, **{CLAIM + "deployment_id": "someone-elses"})
    assert UNVERIFIED in refused(response, client)


def test_a_tampered_signature_is_refused(client, lms, registration, linked):
    state, nonce = login_initiation(client)
    header, body, signature = lms.sign(lms.launch_claims(nonce)).split(".")
    flipped = signature[:10] + ("A" if signature[10] != "A" else "B") + signature[11:]
    response = client.post(
        "/lti/launch/", {"id_token": f"{header}.{body}.{flipped}", "state": state}
    )
    assert UNVERIFIED in refused(response, client)


def test_a_launch_signed_with_another_key_is_refused(client, lms, registration, linked):
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    response, _, _ = launch(client, lms, key=other)
    assert UNVERIFIED in refused(response, client)


def test_an_unknown_platform_cannot_start_a_login(client, db):
    response = client.post("/lti/login/", {"iss": "https://evil.example", "login_hint": "x"})
    assert response.status_code == 400


def test_a_login_without_parameters_is_a_dutch_page_not_an_error(client, db):
    response = client.get("/lti/login/")
    assert response.status_code == 400 and UNVERIFIED in response.content.decode()


def test_a_launch_that_targets_the_launch_url_itself_opens_the_dashboard(
    client, lms, registration, participant
):
    """Many LMSs send the tool's launch URL as target_link_uri: no particular page."""
    ExternalIdentity.objects.create(
        user=participant, source="lti", issuer=ISSUER, subject="lms-user-1"
    )
    response, _, _ = launch(
        client, lms, **{CLAIM + "target_link_uri": "http://testserver/lti/launch/"}
    )
    assert response.status_code == 302 and response["Location"] == "/mijn-leergang/"
