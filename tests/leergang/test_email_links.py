"""E-mailed links use the configured site address; reset e-mails are rate limited (issue 13.6)."""

import re

import pytest
from django.core import mail

from demo.factories.leergang import ParticipantFactory
from leergang.links import absolute_url

pytestmark = pytest.mark.django_db

SITE = "https://leergang.example.org"
RESET = "/accounts/password/reset/"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.WAGTAILADMIN_BASE_URL = SITE


def page_text(response):
    """The page without its CSRF tokens, which differ on every request."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def links(message):
    return re.findall(r"https?://\S+", message.body)


def test_reset_email_uses_the_site_address_whatever_the_host_header(client, participant):
    client.post(RESET, {"email": participant.email}, HTTP_HOST="evil.example")
    (message,) = mail.outbox
    assert "evil.example" not in message.body + message.subject
    assert links(message) and all(link.startswith(SITE + "/accounts/") for link in links(message))


def test_invitation_uses_the_site_address_whatever_the_host_header(client, administrator, cohort):
    client.force_login(administrator)
    client.post(
        f"/admin/cohorts/{cohort.pk}/enrol/",
        {"action": "one", "first_name": "Els", "email": "els@example.org"},
        HTTP_HOST="evil.example",
    )
    (message,) = mail.outbox
    assert "evil.example" not in message.body
    assert [link for link in links(message) if "/accounts/invitation/" in link]
    assert all(link.startswith(SITE + "/") for link in links(message))


def test_the_fourth_reset_request_for_one_address_sends_nothing(client, participant):
    answers = []
    for spelling in ["deelnemer@example.org", "Deelnemer@example.org", "DEELNEMER@example.org"]:
        answers.append(client.post(RESET, {"email": spelling}, follow=True))
    assert len(mail.outbox) == 3
    fourth = client.post(RESET, {"email": "deelnemer@example.org"}, follow=True)
    assert len(mail.outbox) == 3
    assert fourth.redirect_chain == answers[0].redirect_chain
    assert page_text(fourth) == page_text(answers[0])
    # The limit is per address: someone else still gets their link.
    ParticipantFactory(email="ander@example.org")
    client.post(RESET, {"email": "ander@example.org"})
    assert len(mail.outbox) == 4


def test_reset_requests_are_limited_per_client_address(client):
    for n in range(20):
        ParticipantFactory(email=f"p{n}@example.org")
        client.post(RESET, {"email": f"p{n}@example.org"}, REMOTE_ADDR="203.0.113.7")
    assert len(mail.outbox) == 20
    ParticipantFactory(email="p20@example.org")
    response = client.post(RESET, {"email": "p20@example.org"}, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 302 and response["Location"] == "/accounts/password/reset/sent/"
    assert len(mail.outbox) == 20
    client.post(RESET, {"email": "p20@example.org"}, REMOTE_ADDR="198.51.100.7")
    assert len(mail.outbox) == 21


def test_unknown_and_known_address_get_the_same_page(client, participant):
    known = client.post(RESET, {"email": participant.email}, follow=True)
    unknown = client.post(RESET, {"email": "niemand@example.org"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain
    assert page_text(known) == page_text(unknown)
    assert len(mail.outbox) == 1


def test_an_invitee_whose_link_expired_can_ask_for_a_new_one(client, cohort):
    invitee = ParticipantFactory(email="uitgenodigd@example.org")
    invitee.set_unusable_password()
    invitee.save()
    client.post(RESET, {"email": "Uitgenodigd@example.org"})
    (message,) = mail.outbox
    assert message.to == ["uitgenodigd@example.org"]


def test_absolute_url_takes_paths_only():
    assert absolute_url("/accounts/login/") == SITE + "/accounts/login/"
    with pytest.raises(ValueError):
        absolute_url("https://evil.example/accounts/login/")
