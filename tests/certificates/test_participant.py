"""The participant's dashboard panel, downloads and Registerplein number."""

import pytest
from django.urls import reverse

from certificates import services
from certificates.models import RegisterpleinNumber

pytestmark = pytest.mark.django_db


def test_the_dashboard_shows_the_certificate_with_its_downloads(client, certificate, passed):
    client.force_login(passed)
    page = client.get(reverse("dashboard")).content.decode()
    assert certificate.number in page
    for name in ("certificates:pdf", "certificates:baked_badge", "certificates:credential"):
        assert reverse(name, args=[certificate.public_id]) in page
    assert reverse("certificates:verify", args=[certificate.number]) in page


def test_before_the_certificate_the_panel_says_when_it_comes(client, participant):
    client.force_login(participant)
    page = client.get(reverse("dashboard")).content.decode()
    assert "Je certificaat verschijnt hier zodra je eindbeoordeling voldaan is" in page


def test_the_pdf_is_for_its_owner_and_the_cohort_staff_only(
    client, certificate, passed, peer, trainer, other_trainer
):
    url = reverse("certificates:pdf", args=[certificate.public_id])
    client.force_login(passed)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Cache-Control"] == "private, no-store"
    client.force_login(trainer)
    assert client.get(url).status_code == 200
    for other in (peer, other_trainer):
        client.force_login(other)
        assert client.get(url).status_code == 404


def test_a_revoked_certificate_has_no_downloads(client, certificate, passed, administrator):
    services.revoke(certificate, administrator, "Fraude.")
    client.force_login(passed)
    assert client.get(reverse("certificates:pdf", args=[certificate.public_id])).status_code == 404
    page = client.get(reverse("dashboard")).content.decode()
    assert "is op" in page and "ingetrokken" in page and "Fraude." in page
    assert reverse("certificates:pdf", args=[certificate.public_id]) not in page


def test_the_registerplein_number_is_saved_checked_and_removed(client, participant):
    client.force_login(participant)
    url = reverse("certificates:registration")
    response = client.post(url, {"number": "12 34<script>"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Gebruik 3 tot 20 letters, cijfers of streepjes" in html
    assert "12 34&lt;script&gt;" in html  # what was typed is still there, escaped
    assert not RegisterpleinNumber.objects.exists()
    client.post(url, {"number": " 104 233 "})
    assert RegisterpleinNumber.objects.get(user=participant).number == "104233"
    assert 'value="104233"' in client.get(url).content.decode()
    client.post(url, {"number": ""})
    assert not RegisterpleinNumber.objects.exists()


def test_the_registerplein_page_is_for_participants(client, trainer):
    client.force_login(trainer)
    assert client.get(reverse("certificates:registration")).status_code == 404
