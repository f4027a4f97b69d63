import io
import json
import zipfile

import pytest
from django.core import mail
from django.core.management import call_command

from leergang import privacy
from leergang.models import User
from notifications.models import Notification
from peerfeedback import services
from peerfeedback.models import PeerComment
from portfolio_pdf import sources

pytestmark = pytest.mark.django_db


def test_demo_peer_feedback(db):
    call_command("seed_demo", "--force", stdout=io.StringIO())
    call_command("seed_demo", "--force", stdout=io.StringIO())  # idempotent
    fenna = User.objects.get(email="deelnemer@example.org")
    jelle = User.objects.get(email="deelnemer2@example.org")
    comments = PeerComment.objects.filter(portfolio__enrolment__user=fenna, author=jelle)
    assert comments.count() == 2
    assert comments.filter(in_pdf=True, entry__isnull=False).count() == 1
    assert PeerComment.objects.visible_to(jelle).count() == 2
    portfolio = comments.first().portfolio
    assert len(sources.live_snapshot(portfolio)["peer_comments"]) == 1
    assert Notification.objects.filter(user=fenna, kind="peer_comment").count() == 2
    # The demo's past is not e-mailed by the scheduled job.
    mail.outbox.clear()
    call_command("send_notifications", stdout=io.StringIO())
    assert not [m for m in mail.outbox if m.to == ["deelnemer@example.org"]]


def test_export_and_erasure(share, portfolio, entry, peer, participant):
    services.post(peer, portfolio, "Geschreven door Jelle.", entry=entry)
    buffer = io.BytesIO()
    privacy.export_user(peer, buffer)
    with zipfile.ZipFile(buffer) as archive:
        name = next(n for n in archive.namelist() if n.endswith("peer-feedback.json"))
        data = json.loads(archive.read(name))
    assert [c["text"] for c in data["written"]] == ["Geschreven door Jelle."]
    assert data["received"] == []
    buffer = io.BytesIO()
    privacy.export_user(participant, buffer)
    with zipfile.ZipFile(buffer) as archive:
        name = next(n for n in archive.namelist() if n.endswith("peer-feedback.json"))
        assert json.loads(archive.read(name))["received"][0]["author"] == peer.display_name
    plan = privacy.plan_erasure(peer)
    assert plan.count("peerfeedback") == 1
    privacy.erase_user(peer)
    assert not PeerComment.objects.exists()


def test_erasing_the_owner_deletes_the_comments_on_their_work(share, portfolio, peer, participant):
    services.post(peer, portfolio, "Op Fenna's werk.")
    privacy.erase_user(participant)
    assert not PeerComment.objects.exists()
