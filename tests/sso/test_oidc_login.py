"""OpenID Connect login against a real provider on loopback: the code flow, and who gets in.

Each refusal is checked the way a person meets it: a Dutch page, and no session afterwards."""

import base64
import hashlib

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client

from demo.factories.leergang import CohortFactory, EnrolmentFactory, ParticipantFactory
from leergang.models import Enrolment, User
from leergang.services import enrol, invitation_path
from sso.models import ExternalIdentity, SelfRegistrationRule, SSOSettings

from .conftest import authorize, configure, login, put_user, query, start

pytestmark = pytest.mark.django_db


def logged_in(client):
    return SESSION_KEY in client.session


def link(user, issuer, sub):
    return ExternalIdentity.objects.create(user=user, issuer=issuer, subject=sub)


def test_without_configuration_there_is_no_button_and_no_sso_url(client, db):
    page = client.get("/accounts/login/")
    assert "SURFconext" not in page.content.decode()
    assert client.get("/accounts/sso/inloggen/").status_code == 404
    assert client.get("/accounts/sso/callback/?code=x&state=y").status_code == 404


def test_the_login_page_offers_sso_when_configured(client, sso):
    page = client.get("/accounts/login/").content.decode()
    assert "Inloggen met SURFconext of eduID" in page
    assert 'href="/accounts/sso/inloggen/' in page


def test_full_code_flow_with_pkce_logs_a_linked_participant_in(client, sso, participant):
    link(participant, sso, "fenna-sub")
    put_user(
        sso,
        "fenna-sub",
        email="fenna@hva.example",
        name="Fenna de Vries",
        eduperson_principal_name="fvries@hva.example",
        schac_home_organization="hva.example",
        eduperson_affiliation=["student", "member"],
    )
    authorize_url = start(client, next_url="/portfolio/")
    params = query(authorize_url)
    assert params["code_challenge_method"] == "S256"
    assert params["nonce"] and params["state"] and params["client_id"] == "leergang-test"
    stored = client.session["oidc_states"][params["state"]]
    digest = hashlib.sha256(stored["code_verifier"].encode()).digest()
    assert base64.urlsafe_b64encode(digest).rstrip(b"=").decode() == params["code_challenge"]

    response = client.get(authorize(authorize_url, "fenna-sub"))

    assert response.status_code == 302 and response["Location"] == "/portfolio/"
    assert client.session[SESSION_KEY] == str(participant.pk)
    identity = ExternalIdentity.objects.get(subject="fenna-sub")
    assert identity.principal_name == "fvries@hva.example"
    assert identity.home_organization == "hva.example"
    assert identity.affiliations == ["student", "member"]
    assert identity.email == "fenna@hva.example"
    participant.refresh_from_db()
    assert participant.email == "deelnemer@example.org"  # the provider never rewrites the account


def test_a_stranger_sees_whom_to_ask_and_gets_no_account(client, sso):
    SSOSettings.objects.create(contact="Anna Jansen (leergang@hva.example)")
    users = User.objects.count()
    response = login(client, sso, "stranger", email="vreemde@example.org", name="Vreemde")
    assert response.status_code == 403
    text = response.content.decode()
    assert "U bent niet ingeschreven voor deze leergang" in text
    assert "Anna Jansen (leergang@hva.example)" in text
    assert not logged_in(client)
    assert User.objects.count() == users and not ExternalIdentity.objects.exists()


def test_matching_e_mail_alone_never_logs_in(client, sso, participant):
    response = login(client, sso, "someone-else", email=participant.email)
    assert response.status_code == 403
    assert "niet ingeschreven" in response.content.decode()
    assert not logged_in(client) and not ExternalIdentity.objects.exists()


def test_self_registration_for_an_allowed_affiliation_enrols_the_person(client, sso):
    cohort = CohortFactory(name="Najaar 2027")
    SelfRegistrationRule.objects.create(
        affiliation="student", home_organization="hva.example", cohort=cohort
    )
    response = login(
        client,
        sso,
        "new-student",
        email="Nieuw@HvA.example",
        given_name="Nora",
        family_name="Nieuw",
        schac_home_organization="hva.example",
        eduperson_affiliation=["student@hva.example"],
    )
    assert response.status_code == 302
    user = User.objects.get(email="nieuw@hva.example")
    assert client.session[SESSION_KEY] == str(user.pk)
    assert user.is_participant and (user.first_name, user.last_name) == ("Nora", "Nieuw")
    assert Enrolment.objects.filter(user=user, cohort=cohort).exists()
    assert not user.has_usable_password()


def test_self_registration_refuses_other_affiliations_and_taken_addresses(client, sso, participant):
    SelfRegistrationRule.objects.create(affiliation="student", cohort=CohortFactory())
    employee = login(client, sso, "emp", email="emp@example.org", eduperson_affiliation="employee")
    assert employee.status_code == 403 and not User.objects.filter(email="emp@example.org")
    taken = login(client, sso, "taker", email=participant.email, eduperson_affiliation="student")
    assert taken.status_code == 403
    assert not logged_in(client) and not ExternalIdentity.objects.exists()


def test_an_invited_participant_links_their_first_sso_login_to_the_invitation(client, sso, cohort):
    enrolment, _ = enrol(cohort, "genodigde@example.org", "Gea", "Genodigd")
    url = invitation_path(enrolment.user)
    page = client.get(url, follow=True)
    html = page.content.decode()
    assert "Inloggen met SURFconext of eduID" in html
    uidb64 = url.rstrip("/").split("/")[-2]
    button = f"/accounts/sso/uitnodiging/{uidb64}/"
    assert button in html

    assert client.get(button)["Location"] == "/accounts/sso/inloggen/"
    authorize_url = start(client)
    put_user(sso, "gea-sub", email="gea@uni.example")
    response = client.get(authorize(authorize_url, "gea-sub"))

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(enrolment.user.pk)
    assert ExternalIdentity.objects.get(subject="gea-sub").user == enrolment.user
    # The invitation has done its work: it cannot be claimed again, by anyone.
    other = Client()
    other.get(url, follow=True)
    assert other.get(button).status_code == 404


def test_an_invitation_for_a_staff_account_is_never_linked(client, sso, cohort, trainer):
    # Enrolment refuses staff addresses now; an invitation link for an account that became a
    # trainer later must still never link.
    EnrolmentFactory(cohort=cohort, user=trainer)
    url = invitation_path(trainer)
    client.get(url, follow=True)
    response = client.get(f"/accounts/sso/uitnodiging/{url.rstrip('/').split('/')[-2]}/")
    assert response.status_code == 403
    assert "niet automatisch gekoppeld" in response.content.decode()
    assert not ExternalIdentity.objects.exists()


def test_a_password_account_links_only_after_password_login_and_confirmation(client, sso, trainer):
    put_user(sso, "marieke-sub", email="m.postma@hva.example")
    # Without the password login and the confirmation, the login is a stranger's.
    assert login(Client(), sso, "marieke-sub").status_code == 403

    assert (
        client.post(
            "/accounts/login/", {"username": trainer.email, "password": "leergang-demo"}
        ).status_code
        == 302
    )
    assert "Koppelen" in client.get("/accounts/sso/koppelen/").content.decode()
    authorize_url = client.post("/accounts/sso/koppelen/")
    authorize_url = client.get(authorize_url["Location"])["Location"]
    response = client.get(authorize(authorize_url, "marieke-sub"))
    assert response["Location"] == "/accounts/sso/koppelen/"
    assert ExternalIdentity.objects.get(subject="marieke-sub").user == trainer

    fresh = Client()
    assert login(fresh, sso, "marieke-sub").status_code == 302
    assert fresh.session[SESSION_KEY] == str(trainer.pk)


def test_an_identity_of_another_account_is_not_moved_by_linking(client, sso, participant, peer):
    link(peer, sso, "peer-sub")
    client.force_login(participant)
    client.post("/accounts/sso/koppelen/")
    response = login(client, sso, "peer-sub")
    assert response.status_code == 403
    assert ExternalIdentity.objects.get(subject="peer-sub").user == peer


def test_logout_ends_the_session_and_offers_the_providers_end_session(client, sso, participant):
    link(participant, sso, "fenna-sub")
    login(client, sso, "fenna-sub")
    assert logged_in(client)
    response = client.post("/accounts/logout/", follow=True)
    assert not logged_in(client)
    html = response.content.decode()
    assert "U bent afgemeld" in html
    assert f"{sso}/oauth2/end_session?client_id=leergang-test" in html


def test_a_role_that_must_use_sso_cannot_log_in_with_its_password(client, sso, participant):
    SSOSettings.objects.create(require_for_participants=True)
    response = client.post(
        "/accounts/login/", {"username": participant.email, "password": "leergang-demo"}
    )
    assert response.status_code == 200 and not logged_in(client)
    assert "niet met een wachtwoord" in response.content.decode()
    # A wrong password says nothing about SSO (no probing which accounts exist).
    wrong = Client().post("/accounts/login/", {"username": participant.email, "password": "x"})
    assert "niet met een wachtwoord" not in wrong.content.decode()
    admin = ParticipantFactory(is_superuser=True, email="root@example.org")
    assert (
        Client()
        .post("/accounts/login/", {"username": admin.email, "password": "leergang-demo"})
        .status_code
        == 302
    )


def test_the_account_page_needs_a_login_and_unlinks_only_ones_own(client, sso, participant, peer):
    own = link(participant, sso, "fenna-sub")
    theirs = link(peer, sso, "peer-sub")
    assert client.get("/accounts/sso/koppelen/")["Location"].startswith("/accounts/login/")
    client.force_login(participant)
    page = client.get("/accounts/sso/koppelen/").content.decode()
    assert "fenna-sub" not in page and "peer" not in page.lower().split("<main")[-1]
    assert client.post(f"/accounts/sso/koppelen/{theirs.pk}/ontkoppelen/").status_code == 404
    assert ExternalIdentity.objects.filter(pk=theirs.pk).exists()
    client.post(f"/accounts/sso/koppelen/{own.pk}/ontkoppelen/")
    assert not ExternalIdentity.objects.filter(pk=own.pk).exists()


def test_unlinking_is_refused_without_a_password_to_fall_back_on(client, sso, participant):
    participant.set_unusable_password()
    participant.save()
    own = link(participant, sso, "fenna-sub")
    client.force_login(participant)
    response = client.post(f"/accounts/sso/koppelen/{own.pk}/ontkoppelen/", follow=True)
    assert "Kies eerst een wachtwoord" in response.content.decode()
    assert ExternalIdentity.objects.filter(pk=own.pk).exists()


def test_the_dashboard_shows_where_to_link_only_when_sso_is_configured(
    client, participant, settings
):
    client.force_login(participant)
    assert "/accounts/sso/koppelen/" not in client.get("/mijn-leergang/").content.decode()
    configure(settings, "http://localhost:1")
    assert "/accounts/sso/koppelen/" in client.get("/mijn-leergang/").content.decode()


def test_closing_an_account_ends_its_sso_session(client, sso, participant):
    link(participant, sso, "fenna-sub")
    login(client, sso, "fenna-sub")
    assert client.get("/mijn-leergang/").status_code == 200
    participant.is_active = False
    participant.save()
    assert client.get("/mijn-leergang/").status_code == 302
