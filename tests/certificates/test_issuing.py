"""Issuing certificates: idempotent, refused with a reason, frozen, logged."""

import uuid

import pytest
from django.core.files.storage import storages
from django.db import IntegrityError, transaction
from wagtail.models import ModelLogEntry

from assessment.models import Submission
from certificates import services
from certificates.models import Certificate
from demo.factories.leergang import EnrolmentFactory, ParticipantFactory
from modules.models import ModulePage

from .conftest import pass_final

pytestmark = pytest.mark.django_db


def test_a_participant_who_passed_gets_a_certificate_with_what_the_course_was(certificate, passed):
    assert certificate.holder_name == "Fenna de Vries"
    assert certificate.course_title == "Leergang Creative Communities"
    assert certificate.cohort_name == "Voorjaar 2017"
    assert certificate.study_load_hours == 40
    assert [m["title"] for m in certificate.modules] == ["Wat drijft jou?", "Laagdrempelig contact"]
    assert certificate.outcome_count() == 4
    assert certificate.passed_on.isoformat() == "2017-06-20"
    assert "Registerplein" in certificate.accreditation_line
    assert "2017-04126" in certificate.accreditation_line and "24" in certificate.accreditation_line
    assert certificate.number.startswith("CC-")
    assert storages["private"].exists(certificate.signature_name)
    assert certificate.recipient_hash.startswith("sha256$")


def test_issuing_twice_gives_the_same_certificate_and_logs_once(certificate, passed, administrator):
    again, created = services.issue(passed.enrolments.get(), administrator)
    assert not created and again.pk == certificate.pk and again.number == certificate.number
    assert Certificate.objects.count() == 1
    entries = ModelLogEntry.objects.filter(action="certificates.issue")
    assert entries.count() == 1 and entries.get().label == certificate.number


def test_someone_who_has_not_submitted_is_refused_with_the_reason(
    participant, cohort_settings, course, administrator
):
    with pytest.raises(services.Refused, match="nog niet ingeleverd voor “Eindbeoordeling”"):
        services.issue(participant.enrolments.get(), administrator)
    assert not Certificate.objects.exists()


def test_a_revision_request_is_not_a_pass(participant, cohort_settings, course, administrator):
    pass_final(participant, cohort_settings.final_milestone, Submission.State.REVISION_REQUESTED)
    with pytest.raises(services.Refused, match="Herkansing gevraagd"):
        services.issue(participant.enrolments.get(), administrator)


def test_the_latest_round_counts(participant, cohort_settings, course, administrator):
    pass_final(participant, cohort_settings.final_milestone, Submission.State.PASSED)
    pass_final(participant, cohort_settings.final_milestone, Submission.State.FAILED, round=2)
    with pytest.raises(services.Refused, match="Niet voldaan"):
        services.issue(participant.enrolments.get(), administrator)


def test_a_whole_cohort_at_once_issues_who_passed_and_says_why_not_for_the_rest(
    passed, peer, cohort_settings, administrator
):
    result = services.issue_cohort(cohort_settings, administrator)
    assert [c.holder_name for c in result.issued] == ["Fenna de Vries"]
    assert len(result.refused) == 1 and "Jelle" in result.refused[0][1]
    again = services.issue_cohort(cohort_settings, administrator)
    assert not again.issued and len(again.existing) == 1


def test_a_revoked_certificate_is_not_issued_again(certificate, passed, administrator):
    services.revoke(certificate, administrator, "Uitgereikt aan de verkeerde persoon.")
    with pytest.raises(services.Refused, match="ingetrokken"):
        services.issue(passed.enrolments.get(), administrator)


def test_the_certificate_keeps_what_it_said_when_the_course_changes(certificate, course):
    _index, modules = course
    page = ModulePage.objects.get(pk=modules[0].pk)
    page.study_load_hours = 99
    page.title = "Nieuwe titel"
    page.save_revision().publish()
    certificate.refresh_from_db()
    assert certificate.study_load_hours == 40
    assert certificate.modules[0]["title"] == "Wat drijft jou?"


def test_revoking_needs_a_reason_and_is_logged(certificate, administrator):
    with pytest.raises(services.Refused):
        services.revoke(certificate, administrator, "   ")
    services.revoke(certificate, administrator, "Fraude met het portfolio.")
    certificate.refresh_from_db()
    assert certificate.is_revoked and certificate.revoked_by == administrator
    entry = ModelLogEntry.objects.get(action="certificates.revoke")
    assert entry.data == {"reason": "Fraude met het portfolio."}
    first = certificate.revoked_at
    services.revoke(certificate, administrator, "Nog een keer")
    certificate.refresh_from_db()
    assert certificate.revoked_at == first and certificate.revocation_reason.startswith("Fraude")


def test_an_erased_or_deactivated_account_is_refused(
    cohort, cohort_settings, course, administrator
):
    user = ParticipantFactory(email="weg@example.org", is_active=False)
    EnrolmentFactory(cohort=cohort, user=user)
    pass_final(user, cohort_settings.final_milestone)
    with pytest.raises(services.Refused, match="niet meer actief"):
        services.issue(user.enrolments.get(), administrator)


def test_an_administrator_issues_a_new_certificate_after_a_revocation(
    certificate, passed, administrator, client
):
    enrolment = passed.enrolments.get()
    services.revoke(certificate, administrator, "Naam verkeerd gespeld.")
    new, created = services.issue(enrolment, administrator, reissue=True)
    assert created and new.number != certificate.number
    assert new.replaces == certificate and not new.is_revoked
    # Again gives the same new one; the old number keeps saying "revoked".
    assert services.issue(enrolment, administrator, reissue=True) == (new, False)
    assert services.issue(enrolment, administrator) == (new, False)
    old_page = client.get(f"/certificaat/controleren/{certificate.number}/").content.decode()
    assert "Niet geldig" in old_page and "ingetrokken" in old_page
    assert (
        "Geldig: dit certificaat is echt"
        in client.get(f"/certificaat/controleren/{new.number}/").content.decode()
    )


def test_two_valid_certificates_for_one_enrolment_cannot_exist(certificate, passed):
    twin = Certificate.objects.get(pk=certificate.pk)
    twin.pk, twin.public_id, twin.number = None, uuid.uuid4(), "CC-2017-TWINX-TWINX"
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()
