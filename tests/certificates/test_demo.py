"""The demo: deelnemer@example.org completed Voorjaar 2017 and has her certificate and badge."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from assessment.models import Submission
from certificates.models import Certificate, RegisterpleinNumber
from demo.content import certificates as demo
from leergang.models import User

pytestmark = pytest.mark.django_db


def test_the_demo_participant_has_a_certificate_and_a_second_run_changes_nothing(home_page, client):
    out = io.StringIO()
    call_command("seed_demo", "--force", stdout=out)
    lines = []
    fenna = User.objects.get(email="deelnemer@example.org")
    assert Submission.objects.filter(
        portfolio__enrolment__user=fenna,
        milestone__name="Eindbeoordeling",
        state=Submission.State.PASSED,
    ).exists()
    certificate = Certificate.objects.get(enrolment__user=fenna)
    assert certificate.number.startswith("CC-2017-")
    assert certificate.issued_at.year == 2017 and certificate.passed_on.isoformat() == "2017-06-20"
    assert certificate.study_load_hours > 0 and certificate.outcome_count() >= 10
    assert certificate.signature_name
    assert RegisterpleinNumber.objects.get(user=fenna).number == "104233"
    assert "certificate CC-2017-" in out.getvalue()
    demo.seed(lines.append)
    assert Certificate.objects.count() == 1
    page = client.get(reverse("certificates:verify", args=[certificate.number]))
    assert "Fenna de Vries" in page.content.decode()
    client.force_login(fenna)
    assert certificate.number in client.get(reverse("dashboard")).content.decode()
