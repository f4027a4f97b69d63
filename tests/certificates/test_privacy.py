"""Certificates are kept after the course; erasure revokes and anonymises them in a way the
public check and the badge still answer; retention drops only the copies."""

import io
import json
import zipfile

import pytest
from django.core.files.storage import storages
from django.urls import reverse
from wagtail.models import ModelLogEntry

from certificates import document, openbadges, services
from certificates.models import Certificate, RegisterpleinNumber
from leergang import privacy

from .conftest import SITE

pytestmark = pytest.mark.django_db


def test_the_export_holds_the_certificate_and_the_number(certificate, passed):
    RegisterpleinNumber.objects.create(user=passed, number="104233")
    buffer = io.BytesIO()
    privacy.export_user(passed, buffer)
    archive = zipfile.ZipFile(buffer)
    rows = json.loads(archive.read("certificaten.json"))
    assert rows[0]["number"] == certificate.number and rows[0]["name"] == "Fenna de Vries"
    assert json.loads(archive.read("registerplein.json")) == {"number": "104233"}


def test_erasure_revokes_and_removes_the_person_and_the_number_still_answers(
    client, certificate, passed, administrator
):
    RegisterpleinNumber.objects.create(user=passed, number="104233")
    services.revoke(certificate, administrator, "Fenna vroeg erom")  # a reason with a name
    certificate.refresh_from_db()
    pdf_name = document.stored_pdf(Certificate.objects.get(pk=certificate.pk))
    plan = privacy.plan_erasure(passed)
    assert plan.count("certificates") >= 3
    privacy.erase_user(passed, by=administrator)
    certificate.refresh_from_db()
    assert certificate.is_revoked
    assert certificate.holder_name == privacy.FORMER_PARTICIPANT
    assert certificate.recipient_hash == "" and certificate.recipient_salt == ""
    assert "Fenna" not in certificate.revocation_reason
    assert not storages["private"].exists(pdf_name) and certificate.pdf_name == ""
    assert not RegisterpleinNumber.objects.exists()
    for entry in ModelLogEntry.objects.filter(object_id=str(certificate.pk)):
        assert "Fenna" not in json.dumps(entry.data) + entry.label
    # The public check: not valid, revoked, no data.
    html = client.get(reverse("certificates:verify", args=[certificate.number])).content.decode()
    assert "Niet geldig" in html and "Fenna" not in html and privacy.FORMER_PARTICIPANT not in html
    # The hosted assertion: gone, saying only that it was revoked.
    response = client.get(openbadges.assertion_url(certificate).removeprefix(SITE))
    assert response.status_code == 410
    assert json.loads(response.content) == {
        "@context": openbadges.CONTEXT,
        "type": "Assertion",
        "id": openbadges.assertion_url(certificate),
        "revoked": True,
        "revocationReason": "Gegevens gewist op verzoek van de deelnemer.",
    }
    credential = reverse("certificates:credential", args=[certificate.public_id])
    assert client.get(credential).status_code == 404
    # A second run finds nothing left to do.
    assert privacy.plan_erasure(passed).count("certificates") == 0


def test_cohort_retention_keeps_the_certificate_and_drops_the_pdf(certificate, cohort):
    name = document.stored_pdf(certificate)
    privacy.apply_retention(cohort)
    certificate.refresh_from_db()
    assert not certificate.is_revoked and certificate.holder_name == "Fenna de Vries"
    assert not storages["private"].exists(name)


def test_certificates_expire_after_the_retention_years(certificate):
    Certificate.objects.filter(pk=certificate.pk).update(
        issued_at=certificate.issued_at.replace(year=certificate.issued_at.year - 51)
    )
    privacy.expire(dry_run=False)
    certificate.refresh_from_db()
    assert certificate.is_revoked and certificate.holder_name == privacy.FORMER_PARTICIPANT
