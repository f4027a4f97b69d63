"""Enrolling an address that already has an account (issue 13.4): the administrator is told,
and a staff account is never quietly made a participant."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from demo.factories.leergang import AdministratorFactory, ParticipantFactory
from leergang import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrol_url(client, administrator, cohort):
    client.force_login(administrator)
    return f"/admin/cohorts/{cohort.pk}/enrol/"


@pytest.mark.parametrize(
    "account, role",
    [("guild_member", "gildelid"), ("trainer", "trainer"), ("administrator", "beheerder")],
)
def test_a_staff_address_is_refused_with_the_reason(
    request, client, enrol_url, cohort, account, role
):
    user = request.getfixturevalue(account)
    response = client.post(
        enrol_url,
        {"action": "one", "first_name": "Iemand", "email": user.email.upper()},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert f"bestaand account van een {role}" in content
    assert user.email.upper() in content  # what was typed stays in the field
    assert not cohort.enrolments.filter(user=user).exists()
    assert not user.groups.filter(name="Deelnemers").exists()
    assert mail.outbox == []


def test_an_existing_participant_account_is_reported_as_existing(
    client, enrol_url, cohort, outsider
):
    response = client.post(
        enrol_url,
        {"action": "one", "first_name": "X", "email": "Deelnemer3@Example.org"},
        follow=True,
    )
    content = response.content.decode()
    assert "had al een account (deelnemer)" in content
    assert cohort.enrolments.filter(user=outsider).exists()
    (message,) = mail.outbox
    # They have a password already: the e-mail says to log in, it holds no password link.
    assert "/accounts/invitation/" not in message.body
    assert "/accounts/login/" in message.body


def test_csv_refuses_staff_rows_and_lists_existing_accounts(
    client, enrol_url, cohort, trainer, guild_member, outsider
):
    upload = SimpleUploadedFile(
        "groep.csv",
        b"naam;e-mail\n"
        b"Nieuwe Deelnemer;nieuw@example.org\n"
        b"Marieke Postma;TRAINER@example.org\n"
        b"Gilde Lid;gildelid@example.org\n"
        b"Oud Deelnemer;deelnemer3@example.org\n",
    )
    response = client.post(enrol_url, {"action": "csv", "csv_file": upload})
    content = response.content.decode()
    assert "bestaand account van een trainer" in content
    assert "bestaand account van een gildelid" in content
    assert "bestaand account (deelnemer)" in content
    enrolled = set(cohort.enrolments.values_list("user__email", flat=True))
    assert enrolled == {"nieuw@example.org", "deelnemer3@example.org"}
    assert sorted(m.to[0] for m in mail.outbox) == ["deelnemer3@example.org", "nieuw@example.org"]


def test_the_service_itself_refuses_staff_accounts(cohort, trainer):
    with pytest.raises(services.EnrolmentRefused) as refused:
        services.enrol(cohort, "Trainer@Example.org", "Marieke")
    assert "trainer" in refused.value.reason
    assert not cohort.enrolments.filter(user=trainer).exists()


def test_a_deactivated_account_is_refused(cohort):
    ParticipantFactory(email="weg@example.org", is_active=False)
    AdministratorFactory(email="baas@example.org")
    with pytest.raises(services.EnrolmentRefused):
        services.enrol(cohort, "weg@example.org")
    report = services.enrol_from_csv(cohort, b"naam,e-mail\nBaas,baas@example.org\n")
    assert report.enrolled == [] and len(report.failed) == 1
    assert "beheerder" in report.failed[0].errors[0]
