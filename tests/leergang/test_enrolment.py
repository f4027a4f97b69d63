import pytest
from django.core import mail

from leergang import services
from leergang.models import Enrolment, User

pytestmark = pytest.mark.django_db


def test_csv_enrols_good_rows_and_reports_bad_rows(cohort):
    raw = (
        b"naam;e-mail\n"
        b"Anna Jansen;anna@example.org\n"
        b"Bert;geen-adres\n"
        b";leeg@example.org\n"
        b"Carla de Boer;CARLA@example.org\n"
        b"Dubbel;anna@example.org\n"
    )
    report = services.enrol_from_csv(cohort, raw)
    assert [r.email for r in report.enrolled] == ["anna@example.org", "carla@example.org"]
    failed = {r.line: r.errors for r in report.failed}
    assert set(failed) == {3, 4, 6}
    assert "geldig" in failed[3][0]
    assert "naam" in failed[4][0]
    assert "twee keer" in failed[6][0]
    assert Enrolment.objects.filter(cohort=cohort).count() == 2
    assert User.objects.get(email="carla@example.org").last_name == "de Boer"
    assert len(mail.outbox) == 2
    assert "/accounts/invitation/" in mail.outbox[0].body


def test_csv_twice_enrols_nobody_twice(cohort):
    raw = b"naam,e-mail\nAnna Jansen,anna@example.org\n"
    services.enrol_from_csv(cohort, raw)
    report = services.enrol_from_csv(cohort, raw)
    assert report.enrolled == [] and len(report.already) == 1
    assert Enrolment.objects.count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    "raw, message",
    [
        (b"", "leeg"),
        (b"\x00\x01\x02binary", "CSV"),
        (b"foo,bar\n1,2\n", "kolommen"),
        (b"x" * (1024 * 1024 + 1), "1 MB"),
    ],
)
def test_malformed_csv_gets_a_clear_message_and_changes_nothing(cohort, raw, message):
    report = services.enrol_from_csv(cohort, raw)
    assert message in report.fatal
    assert Enrolment.objects.count() == 0


def test_csv_write_is_all_or_nothing(cohort, monkeypatch):
    raw = b"naam,e-mail\nAnna,anna@example.org\nBert,bert@example.org\n"
    original = services.enrol
    calls = []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("database gone")
        return original(*args, **kwargs)

    monkeypatch.setattr(services, "enrol", flaky)
    with pytest.raises(RuntimeError):
        services.enrol_from_csv(cohort, raw)
    assert Enrolment.objects.count() == 0
    assert mail.outbox == []


def test_admin_enrol_view_one_by_one_and_csv(client, administrator, cohort):
    client.force_login(administrator)
    url = f"/admin/cohorts/{cohort.pk}/enrol/"
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(
        url, {"action": "one", "first_name": "Els", "last_name": "Kok", "email": "els@example.org"}
    )
    assert response.status_code == 302
    assert cohort.enrolments.filter(user__email="els@example.org").exists()
    bad = client.post(url, {"action": "one", "first_name": "Els", "email": "geen"})
    assert bad.status_code == 200
    assert 'value="Els"' in bad.content.decode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("groep.csv", b"naam,e-mail\nPiet Pol,piet@example.org\nX,nee\n")
    response = client.post(url, {"action": "csv", "csv_file": upload})
    content = response.content.decode()
    assert response.status_code == 200
    assert "piet@example.org" not in content or "1 deelnemer" in content
    assert "nee" in content
    assert cohort.enrolments.count() == 2


def test_participant_cannot_reach_enrol_view(client, participant, cohort):
    client.force_login(participant)
    response = client.get(f"/admin/cohorts/{cohort.pk}/enrol/")
    assert response.status_code in (302, 403)
    assert cohort.enrolments.count() == 1
