"""The centre in the header and at /meldingen/: count, list, open, mark read, settings; nobody
sees another's notifications."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from notifications import api
from notifications.kinds import Channel
from notifications.models import Notification, NotificationPreference

pytestmark = pytest.mark.django_db


def make(user, n, kind="mention", **extra):
    now = timezone.now()
    Notification.objects.bulk_create(
        Notification(
            user=user,
            kind=kind,
            title=f"Melding {i}",
            target_url="/verhalen/",
            channel=Channel.SITE,
            created_at=now - datetime.timedelta(minutes=i),
            **extra,
        )
        for i in range(n)
    )
    return list(Notification.objects.filter(user=user))


def test_header_shows_the_unread_count(client, participant, peer):
    make(participant, 3)
    make(peer, 5)
    Notification.objects.filter(user=participant, title="Melding 2").mark_read()
    client.force_login(participant)
    page = client.get(reverse("dashboard")).content.decode()
    assert (
        '<span class="notif__count"><span class="visually-hidden">, </span>2<span class="visually-hidden"> ongelezen</span></span>'
        in page
    )
    assert "Melding 0" in page and "Melding 2" not in page  # the latest unread, in the panel
    assert "2 ongelezen meldingen" in page


@pytest.mark.parametrize("unread", [0, 4, 5, 6, 9])
def test_the_count_is_exact_whether_or_not_the_bell_lists_them_all(client, participant, unread):
    make(participant, unread)
    client.force_login(participant)
    page = client.get(reverse("dashboard")).content.decode()
    badge = f'<span class="visually-hidden">, </span>{unread}<span class="visually-hidden">'
    assert (badge in page) == (unread > 0)
    assert page.count("Melding ") - page.count("Melding 0 ") >= min(unread, 5)
    assert ("Melding 4" in page) == (unread >= 5) and "Melding 5" not in page


def test_no_centre_for_visitors(client):
    assert "notif__toggle" not in client.get(reverse("login")).content.decode()


def test_open_marks_read_and_goes_to_the_thing(client, participant):
    (n,) = make(participant, 1)
    client.force_login(participant)
    response = client.get(reverse("notifications:open", args=[n.pk]))
    assert response.status_code == 302 and response["Location"] == "/verhalen/"
    n.refresh_from_db()
    assert n.read_at is not None


def test_mark_read_and_mark_all_read(client, participant):
    first, *others = make(participant, 4)
    client.force_login(participant)
    response = client.post(
        reverse("notifications:mark_read", args=[first.pk]), {"next": "/mijn-leergang/"}
    )
    assert response["Location"] == "/mijn-leergang/"
    assert Notification.objects.owned_by(participant).unread().count() == 3
    response = client.post(
        reverse("notifications:mark_all_read"), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("notifications:list")  # never elsewhere
    assert Notification.objects.owned_by(participant).unread().count() == 0


def test_nobody_sees_anothers_notifications(client, participant, peer):
    (theirs,) = make(peer, 1)
    client.force_login(participant)
    assert client.get(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("notifications:mark_read", args=[theirs.pk])).status_code == 404
    client.post(reverse("notifications:mark_all_read"))
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert "Melding 0" not in client.get(reverse("notifications:list")).content.decode()


def test_the_list_filters_unread_and_pages(client, participant):
    make(participant, 30)
    Notification.objects.filter(user=participant, title="Melding 0").mark_read()
    client.force_login(participant)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Pagina 1 van 2" in page and "Ongelezen (29)" in page
    unread = client.get(reverse("notifications:list") + "?ongelezen=1&page=99")
    assert unread.status_code == 200  # out of range: the last page, not an error
    assert ">Melding 0<" not in unread.content.decode()
    assert client.get(reverse("notifications:list") + "?page=abc").status_code == 200


def test_constant_queries_at_10_and_1000_notifications(client, participant):
    make(participant, 10)
    client.force_login(participant)
    url = reverse("notifications:list")
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    make(participant, 990)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.content.decode().count('<li class="notif-item') == 25
    assert len(large.captured_queries) == len(small.captured_queries)


def test_preferences_are_saved_and_bad_input_is_refused(client, participant):
    client.force_login(participant)
    url = reverse("notifications:preferences")
    page = client.get(url).content.decode()
    assert "Deadline nadert" in page and "Verhaal gemodereerd" in page
    choices = {key: Channel.IMMEDIATE for key in api.preferences(participant)}
    response = client.post(url, {**choices, "deadline": "fax"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Kies een van de drie manieren." in body
    assert not NotificationPreference.objects.exists()
    response = client.post(url, {**choices, "deadline": Channel.DIGEST, "mention": Channel.SITE})
    assert response.status_code == 302
    assert api.channel_for(participant, "deadline") == Channel.DIGEST
    assert api.channel_for(participant, "mention") == Channel.SITE
    page = client.get(url).content.decode()
    assert 'name="deadline" value="digest" id="id_deadline_2" required checked' in page


def test_a_trainer_chooses_only_what_concerns_trainers(client, trainer):
    client.force_login(trainer)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "Morgen een bijeenkomst" in page
    assert "Deadline nadert" not in page
