"""The personal address: revocable, 404 when revoked or unknown; the page and its downloads."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from agenda import services
from agenda.models import CalendarToken
from demo.factories.leergang import CohortSessionFactory

pytestmark = pytest.mark.django_db


def test_a_revoked_address_is_404(client, participant, sessions):
    token = services.renew(participant)
    url = reverse("agenda:feed", args=[token.key])
    assert client.get(url).status_code == 200
    client.force_login(participant)
    response = client.post(reverse("agenda:revoke"), follow=True)
    assert "Je agenda-adres werkt niet meer" in response.content.decode()
    client.logout()
    assert client.get(url).status_code == 404
    assert client.head(url).status_code == 404


def test_renewing_makes_the_old_address_stop(client, participant, sessions):
    old = services.renew(participant)
    client.force_login(participant)
    client.post(reverse("agenda:renew"))
    new = CalendarToken.objects.owned_by(participant).active().get()
    assert new.key != old.key
    client.logout()
    assert client.get(reverse("agenda:feed", args=[old.key])).status_code == 404
    assert client.get(reverse("agenda:feed", args=[new.key])).status_code == 200


def test_unknown_address_and_deactivated_account_are_404(client, participant, sessions):
    assert client.get(reverse("agenda:feed", args=["niet-bestaand"])).status_code == 404
    token = services.renew(participant)
    participant.is_active = False
    participant.save()
    assert client.get(reverse("agenda:feed", args=[token.key])).status_code == 404


def test_the_page_shows_the_webcal_link_and_the_sessions(
    client, participant, cohort, sessions, milestone
):
    coming = CohortSessionFactory(
        cohort=cohort, date=timezone.localdate() + datetime.timedelta(days=10), topic="Straks"
    )
    client.force_login(participant)
    page = client.get(reverse("agenda:calendar")).content.decode()
    assert "Maak mijn agenda-adres" in page
    assert "webcal://" not in page
    client.post(reverse("agenda:renew"))
    page = client.get(reverse("agenda:calendar")).content.decode()
    token = CalendarToken.objects.owned_by(participant).active().get()
    # Links in the site's own address (WAGTAILADMIN_BASE_URL), never the request's Host.
    assert f'href="webcal://127.0.0.1:8000/agenda/feed/{token.key}.ics"' in page
    assert f'value="http://127.0.0.1:8000/agenda/feed/{token.key}.ics"' in page
    upcoming, earlier = page.split("Eerder: 3 items")
    assert "Straks" in upcoming and reverse("agenda:session", args=[coming.pk]) in upcoming
    assert "Laagdrempelig contact: de straat op" in earlier
    assert "Tussentijdse beoordeling" in earlier
    # A past session has no download of its own.
    assert reverse("agenda:session", args=[sessions[0].pk]) not in page


def test_one_session_as_a_download(client, participant, sessions, other_session):
    client.force_login(participant)
    response = client.get(reverse("agenda:session", args=[sessions[0].pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="bijeenkomst-2017-03-02.ics"'
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["summary"]) == "Bijeenkomst: Laagdrempelig contact: de straat op"
    # Another cohort's session: not found.
    assert client.get(reverse("agenda:session", args=[other_session.pk])).status_code == 404


def test_the_whole_calendar_as_a_download(client, participant, sessions, milestone):
    client.force_login(participant)
    response = client.get(reverse("agenda:download"))
    assert response["Content-Disposition"].startswith("attachment")
    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == 3


def test_without_a_cohort_there_is_no_address(client, guild_member):
    client.force_login(guild_member)
    page = client.get(reverse("agenda:calendar")).content.decode()
    assert "Je zit niet in een groep" in page
    client.post(reverse("agenda:renew"))
    assert not CalendarToken.objects.exists()


def test_a_fetch_is_remembered_once_an_hour(client, participant, sessions):
    token = services.renew(participant)
    client.get(reverse("agenda:feed", args=[token.key]))
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    client.get(reverse("agenda:feed", args=[token.key]))
    token.refresh_from_db()
    assert token.last_used_at == first
