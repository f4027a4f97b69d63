"""The providers of both apps export, erase and expire; the demo functions are idempotent."""

import datetime
import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.utils import timezone

from agenda import services
from agenda.models import CalendarToken
from demo.content import agenda as agenda_demo
from demo.content import notifications as notifications_demo
from leergang import privacy
from notifications.api import notify, set_preferences
from notifications.models import Notification, NotificationMail, NotificationPreference

pytestmark = pytest.mark.django_db


def test_export_holds_notifications_settings_and_calendar_addresses(participant, peer):
    notify(participant, "mention", "/verhalen/", title="Gesprek over het bankje", actor=peer)
    set_preferences(participant, {"mention": "site"})
    services.renew(participant)
    buffer = io.BytesIO()
    privacy.export_user(participant, buffer)
    archive = zipfile.ZipFile(buffer)
    notifications = json.loads(archive.read("meldingen.json"))
    assert notifications[0]["title"] == "Gesprek over het bankje"
    assert notifications[0]["by"] == peer.display_name
    settings = json.loads(archive.read("meldingen-instellingen.json"))
    assert settings["choices"] == {"mention": "site"}
    (address,) = json.loads(archive.read("agenda-adressen.json"))
    assert address["active"] is True and "key" not in address


def test_erasure_removes_them_and_unnames_the_actor(participant, peer):
    notify(participant, "mention", "/verhalen/", actor=peer)
    notify(peer, "mention", "/verhalen/", actor=participant)
    set_preferences(participant, {"mention": "site"})
    NotificationMail.objects.create(user=participant, key="digest:2017-03-01")
    services.renew(participant)
    privacy.erase_user(participant)
    assert not Notification.objects.filter(user=participant).exists()
    assert not NotificationPreference.objects.filter(user=participant).exists()
    assert not NotificationMail.objects.filter(user=participant).exists()
    assert not CalendarToken.objects.filter(user=participant).exists()
    assert Notification.objects.get(user=peer).actor is None


def test_old_notifications_expire(participant):
    old = notify(participant, "mention", "/verhalen/")
    Notification.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=200)
    )
    recent = notify(participant, "mention", "/zoeken/")
    privacy.expire(dry_run=False)
    assert list(Notification.objects.values_list("pk", flat=True)) == [recent.pk]


def test_demo_functions_are_idempotent(db):
    call_command("seed_demo", "--force", stdout=io.StringIO())
    for _ in range(2):
        agenda_demo.seed(lambda line: None)
        notifications_demo.seed(lambda line: None)
    fenna = Notification.objects.filter(user__email="deelnemer@example.org").exclude(
        # The intervisie, discussions and peer feedback demos' own (tests/intervisie/,
        # tests/discussions/, tests/peerfeedback/).
        kind__in=["intervisie_case", "intervisie_phase", "peer_response", "mention", "peer_comment"]
    )
    # Four from this demo, and the verdict on her final milestone that the certificates demo
    # passes (the notification centre hears it like any other verdict).
    assert fenna.count() == 5
    assert fenna.filter(read_at__isnull=True).count() == 4
    assert set(fenna.values_list("kind", flat=True)) == {
        "feedback",
        "verdict",
        "deadline",
        "session_tomorrow",
    }
    assert CalendarToken.objects.active().filter(user__email="deelnemer@example.org").count() == 1
    assert CalendarToken.objects.active().filter(user__email="trainer@example.org").count() == 1
    # The demo's past is not e-mailed by the scheduled job.
    from django.core import mail

    mail.outbox.clear()
    call_command("send_notifications", stdout=io.StringIO())
    assert not [m for m in mail.outbox if m.to == ["deelnemer@example.org"]]
