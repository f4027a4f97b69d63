"""The Wagtail admin: issuing one by one or for a cohort, revoking with a reason, exports,
and who may do what."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import ModelLogEntry

from certificates import services
from certificates.models import Certificate, RegisterpleinNumber
from demo.factories.assessment import MilestoneFactory
from demo.factories.leergang import EnrolmentFactory, ParticipantFactory

from .conftest import pass_final

pytestmark = pytest.mark.django_db


def cohort_url(cohort_settings):
    return reverse("certificates_admin_cohort", args=[cohort_settings.cohort_id])


def test_an_administrator_issues_the_whole_cohort_in_one_step(
    client, administrator, passed, peer, cohort_settings
):
    client.force_login(administrator)
    page = client.get(cohort_url(cohort_settings)).content.decode()
    assert "1 certificaat uitreiken" in page
    assert "Jelle" in page and "heeft nog niet ingeleverd voor “Eindbeoordeling”" in page
    response = client.post(cohort_url(cohort_settings), {"action": "issue_all"}, follow=True)
    assert "1 certificaat uitgereikt." in response.content.decode()
    assert Certificate.objects.get().holder_name == "Fenna de Vries"
    client.post(cohort_url(cohort_settings), {"action": "issue_all"})
    assert Certificate.objects.count() == 1


def test_issuing_one_who_has_not_passed_is_refused_with_the_reason(
    client, administrator, peer, cohort_settings, course
):
    client.force_login(administrator)
    enrolment = peer.enrolments.get()
    response = client.post(
        cohort_url(cohort_settings), {"action": "issue", "enrolment": enrolment.pk}, follow=True
    )
    assert "heeft nog niet ingeleverd" in response.content.decode()
    assert not Certificate.objects.exists()


def test_a_participant_of_another_cohort_cannot_be_slipped_in(
    client, administrator, outsider, cohort_settings
):
    client.force_login(administrator)
    response = client.post(
        cohort_url(cohort_settings),
        {"action": "issue", "enrolment": outsider.enrolments.get().pk},
        follow=True,
    )
    assert "Kies een deelnemer van deze groep." in response.content.decode()


def test_trainers_issue_only_where_the_settings_allow_it(
    client, trainer, other_trainer, passed, cohort_settings
):
    client.force_login(trainer)
    assert client.get(cohort_url(cohort_settings)).status_code == 404
    cohort_settings.trainers_may_issue = True
    cohort_settings.save()
    assert client.get(cohort_url(cohort_settings)).status_code == 200
    client.post(cohort_url(cohort_settings), {"action": "issue_all"})
    assert Certificate.objects.get().issued_by == trainer
    # A trainer may issue but not revoke or export.
    certificate = Certificate.objects.get()
    assert (
        client.get(reverse("certificates_admin_revoke", args=[certificate.pk])).status_code == 404
    )
    edubadges = reverse("certificates_admin_edubadges", args=[cohort_settings.cohort_id])
    assert client.get(edubadges).status_code == 404
    client.force_login(other_trainer)
    assert client.get(cohort_url(cohort_settings)).status_code == 404


def test_revoking_asks_a_reason_keeps_what_was_typed_and_logs(client, administrator, certificate):
    client.force_login(administrator)
    url = reverse("certificates_admin_revoke", args=[certificate.pk])
    response = client.post(url, {"reason": "   "})
    assert response.status_code == 200
    assert "Geef de reden waarom het certificaat wordt ingetrokken." in response.content.decode()
    certificate.refresh_from_db()
    assert not certificate.is_revoked
    response = client.post(url, {"reason": "Uitgereikt aan de verkeerde deelnemer."}, follow=True)
    assert f"Certificaat {certificate.number} is ingetrokken." in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.is_revoked and certificate.revoked_by == administrator
    assert ModelLogEntry.objects.filter(action="certificates.revoke").count() == 1


def test_the_edubadges_export_reads_as_edubadges_splits_it(
    client, administrator, certificate, passed
):
    passed.first_name = "Fenna, Anna"
    passed.save()
    client.force_login(administrator)
    url = reverse("certificates_admin_edubadges", args=[certificate.cohort_settings.cohort_id])
    response = client.get(url)
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("Recipient")  # edubadges skips this header line
    cells = lines[1].split(";")
    # edubadges splits on , ; and tab without quoting: every cell must survive that.
    assert all("," not in c and "\t" not in c for c in cells)
    assert cells[:3] == ["deelnemer@example.org", "Fenna Anna", "de Vries"]
    assert cells[4].endswith(f"/certificaat/controleren/{certificate.number}/")
    assert len(lines) == 2


def test_the_registerplein_list_has_who_gave_a_number(
    client, administrator, certificate, passed, peer, cohort_settings
):
    RegisterpleinNumber.objects.create(user=passed, number="104233")
    pass_final(peer, cohort_settings.final_milestone)
    client.force_login(administrator)
    client.post(cohort_url(cohort_settings), {"action": "issue_all"})
    url = reverse("certificates_admin_registerplein", args=[cohort_settings.cohort_id])
    text = client.get(url).content.decode("utf-8-sig")
    rows = [line.split(";") for line in text.splitlines()]
    assert rows[0][0] == "Registratienummer"
    assert rows[1] == [
        "104233",
        "Fenna de Vries",
        "deelnemer@example.org",
        "2017-04126",
        "24",
        "2017-06-20",
        certificate.number,
    ]
    assert len(rows) == 2  # Jelle gave no number


def test_a_formula_in_a_name_is_defused_in_the_registerplein_list(
    client, administrator, cohort, cohort_settings, course
):
    user = ParticipantFactory(email="formule@example.org", first_name="=HYPERLINK(1)", last_name="")
    EnrolmentFactory(cohort=cohort, user=user)
    pass_final(user, cohort_settings.final_milestone)
    RegisterpleinNumber.objects.create(user=user, number="555")
    client.force_login(administrator)
    client.post(cohort_url(cohort_settings), {"action": "issue_all"})
    url = reverse("certificates_admin_registerplein", args=[cohort_settings.cohort_id])
    assert "'=HYPERLINK(1)" in client.get(url).content.decode("utf-8-sig")


def test_the_index_lists_issuable_cohorts_and_those_without_settings(
    client, administrator, cohort_settings, other_cohort
):
    client.force_login(administrator)
    page = client.get(reverse("certificates_admin_index")).content.decode()
    assert "Voorjaar 2017" in page and "Najaar 2017" in page
    assert "Groepen zonder certificaatinstellingen" in page


def test_the_settings_refuse_a_milestone_of_another_cohort_and_points_missing(
    cohort_settings, other_cohort
):
    cohort_settings.final_milestone = MilestoneFactory(cohort=other_cohort, name="Elders")
    cohort_settings.accreditation_points = None
    with pytest.raises(ValidationError) as error:
        cohort_settings.full_clean()
    assert "Kies een mijlpaal van deze groep." in str(error.value)


def test_only_an_administrator_reissues_a_revoked_certificate(
    client, administrator, trainer, certificate, cohort_settings
):
    services.revoke(certificate, administrator, "Naam verkeerd gespeld.")
    enrolment = certificate.enrolment
    cohort_settings.trainers_may_issue = True
    cohort_settings.save()
    client.force_login(trainer)
    assert (
        "Nieuw certificaat uitreiken"
        not in client.get(cohort_url(cohort_settings)).content.decode()
    )
    refused = client.post(
        cohort_url(cohort_settings), {"action": "reissue", "enrolment": enrolment.pk}, follow=True
    )
    assert "Alleen een beheerder" in refused.content.decode()
    assert enrolment.certificates.count() == 1
    client.force_login(administrator)
    assert "Nieuw certificaat uitreiken" in client.get(cohort_url(cohort_settings)).content.decode()
    response = client.post(
        cohort_url(cohort_settings), {"action": "reissue", "enrolment": enrolment.pk}, follow=True
    )
    assert "vervangt het ingetrokken certificaat" in response.content.decode()
    assert enrolment.certificates.count() == 2
    assert enrolment.certificates.filter(revoked_at__isnull=True).count() == 1
