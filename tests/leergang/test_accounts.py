from unittest import mock

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from demo.factories.leergang import ParticipantFactory
from leergang import services

pytestmark = pytest.mark.django_db


def test_login_with_email_is_case_insensitive(client, participant):
    response = client.post(
        "/accounts/login/", {"username": " Deelnemer@Example.org ", "password": "leergang-demo"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")


def test_wrong_password_gives_dutch_message_and_keeps_email(client, participant):
    response = client.post(
        "/accounts/login/", {"username": "deelnemer@example.org", "password": "fout"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "komen niet overeen" in content
    assert 'value="deelnemer@example.org"' in content
    assert "_auth_user_id" not in client.session


def test_login_flood_locks_out_even_the_right_password(client, participant):
    for _ in range(5):
        client.post("/accounts/login/", {"username": "deelnemer@example.org", "password": "x"})
    response = client.post(
        "/accounts/login/", {"username": "deelnemer@example.org", "password": "leergang-demo"}
    )
    assert response.status_code == 429
    assert "Te veel pogingen" in response.content.decode()
    assert "_auth_user_id" not in client.session


def _invitation_path(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("invitation", args=[uid, default_token_generator.make_token(user)])


def _set_password(client, path):
    response = client.get(path, follow=True)
    return client.post(
        response.redirect_chain[-1][0] if response.redirect_chain else path,
        {"new_password1": "Buurt-en-Straat-42", "new_password2": "Buurt-en-Straat-42"},
    )


def test_invitation_sets_password_logs_in_and_works_once(client, cohort):
    enrolment, _ = services.enrol(cohort, "nieuw@example.org", "Nieuwe", "Deelnemer")
    user = enrolment.user
    assert not user.has_usable_password()
    path = _invitation_path(user)
    response = _set_password(client, path)
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    user.refresh_from_db()
    assert user.check_password("Buurt-en-Straat-42")
    client.logout()
    again = client.get(path, follow=True)
    assert "werkt niet meer" in again.content.decode()


def test_expired_or_wrong_invitation_is_refused(client, cohort):
    enrolment, _ = services.enrol(cohort, "nieuw@example.org", "Nieuwe", "Deelnemer")
    path = _invitation_path(enrolment.user)
    with mock.patch.object(default_token_generator, "_num_seconds", return_value=10**10):
        response = client.get(path, follow=True)
    assert "werkt niet meer" in response.content.decode()
    uid = urlsafe_base64_encode(force_bytes(enrolment.user.pk))
    wrong = client.get(reverse("invitation", args=[uid, "abc-123"]), follow=True)
    assert "werkt niet meer" in wrong.content.decode()
    assert not enrolment.user.has_usable_password()


def test_password_reset_sends_a_working_link(client, participant):
    client.post("/accounts/password/reset/", {"email": "deelnemer@example.org"})
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password/reset/" in line)
    response = _set_password(client, link.split("testserver")[-1])
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.check_password("Buurt-en-Straat-42")


def test_user_email_is_unique_case_insensitively(db):
    ParticipantFactory(email="a@example.org")
    from leergang.models import User

    assert User.objects.get_by_natural_key("A@EXAMPLE.ORG").email == "a@example.org"
