"""The sync endpoint: a draft from the phone becomes an entry once, whatever the network does,
and every refusal is a clear Dutch message that leaves the draft on the device."""

import datetime
import io
import json
import uuid

import pytest
from django.test import Client
from django.utils import timezone
from PIL import Image

from capture.models import CaptureReceipt
from demo.factories.portfolio import FieldworkEntryFactory, PortfolioFactory, RealNameFactory
from portfolio.models import Attachment, EntryRevision, FieldworkEntry, PrivacyFinding

from .conftest import SYNC, draft, photo, send

pytestmark = pytest.mark.django_db


def test_a_draft_becomes_a_draft_entry_with_a_revision_and_its_note_in_the_right_field(
    phone, portfolio
):
    data = draft(note_field="outcome")
    response = send(phone, data)
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "created"
    entry = FieldworkEntry.objects.get(portfolio=portfolio)
    assert entry.is_draft
    assert entry.title == "Gesprek bij het bankje"
    assert "buurtdiner" in entry.outcome and not entry.actions
    assert entry.revisions.count() == 1
    assert body["entry"]["edit_url"] == f"/portfolio/veldwerk/{entry.public_id}/bewerken/"
    assert body["entry"]["fields"]["note"] == "Bewoner A wil een buurtdiner op het plein."
    assert (
        response["Cache-Control"] == "private, no-store" or "no-store" in response["Cache-Control"]
    )


def test_the_same_draft_twice_makes_one_entry(phone, portfolio):
    data = draft()
    assert send(phone, data).status_code == 201
    again = send(phone, data)
    assert again.status_code == 200
    assert again.json()["replayed"] is True
    assert FieldworkEntry.objects.filter(portfolio=portfolio).count() == 1
    assert EntryRevision.objects.filter(entry__portfolio=portfolio).count() == 1


def test_a_retry_with_a_new_change_but_no_answer_seen_updates_the_one_entry(phone, portfolio):
    """The first answer was lost; meanwhile the participant changed the note and saved again."""
    data = draft()
    send(phone, data)
    data.update(change_id=str(uuid.uuid4()), fields={**data["fields"], "note": "Nieuwe tekst."})
    response = send(phone, data)
    assert response.status_code == 200
    assert response.json()["status"] == "updated"
    assert response.json()["conflict"] is None
    entry = FieldworkEntry.objects.get(portfolio=portfolio)
    assert "Nieuwe tekst." in entry.actions
    assert entry.revisions.count() == 2


def test_a_replayed_update_changes_nothing(phone, portfolio):
    data = draft()
    entry = send(phone, data).json()["entry"]
    data.update(
        change_id=str(uuid.uuid4()),
        entry_id=entry["id"],
        base_version=entry["version"],
        fields={**data["fields"], "title": "Ander kopje"},
    )
    first = send(phone, data)
    assert first.json()["status"] == "updated"
    again = send(phone, data)
    assert again.json()["status"] == "unchanged" and again.json()["replayed"]
    assert EntryRevision.objects.filter(entry__portfolio=portfolio).count() == 2


def test_another_participants_entry_id_is_not_found(phone, peer):
    others = FieldworkEntryFactory(portfolio=PortfolioFactory(enrolment=peer.enrolments.get()))
    before = others.title
    response = send(phone, draft(entry_id=str(others.public_id), fields={"title": "Overgenomen"}))
    assert response.status_code == 404
    assert response.json()["message"] == "Dit verslag bestaat niet (meer) in je portfolio."
    others.refresh_from_db()
    assert others.title == before


def test_another_users_draft_id_never_reaches_their_entry(phone, peer, client):
    """The same client id from two accounts: two receipts, two entries."""
    data = draft()
    send(phone, data)
    other = Client()
    other.force_login(peer)
    PortfolioFactory(enrolment=peer.enrolments.get())
    assert send(other, data).status_code == 201
    assert CaptureReceipt.objects.count() == 2
    assert {r.entry.portfolio.owner for r in CaptureReceipt.objects.all()} == {
        phone.session and CaptureReceipt.objects.first().user,
        peer,
    }


def test_an_expired_session_gets_401_json_in_dutch_and_nothing_is_made(client, portfolio):
    response = send(client, draft())
    assert response.status_code == 401
    body = response.json()
    assert body["status"] == "login"
    assert "niet meer ingelogd" in body["message"]
    assert body["login_url"].startswith("/accounts/login/?next=/portfolio/veldwerk/snel/")
    assert not FieldworkEntry.objects.exists()


def test_staff_cannot_send_entries(client, trainer):
    client.force_login(trainer)
    response = send(client, draft())
    assert response.status_code == 404
    assert response.json()["status"] == "not_found"


def test_get_is_not_allowed(phone):
    assert phone.get(SYNC).status_code == 405


def test_the_sync_needs_the_csrf_token(participant, portfolio):
    client = Client(enforce_csrf_checks=True)
    client.force_login(participant)
    assert send(client, draft()).status_code == 403
    client.get("/portfolio/veldwerk/snel/status/")
    token = client.cookies["csrftoken"].value
    response = client.post(SYNC, {"draft": json.dumps(draft())}, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 201


def test_a_photo_is_stored_through_the_upload_checks_without_exif(phone, portfolio):
    image = Image.new("RGB", (800, 600), (10, 120, 40))
    exif = Image.Exif()
    exif[0x8825] = {2: (52.0, 22.0, 0.0)}  # GPSInfo
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    pid = str(uuid.uuid4())
    data = draft(photos=[{"id": pid, "no_people": True}])
    response = send(phone, data, {pid: photo(content=out.getvalue())})
    assert response.status_code == 201
    attachment = Attachment.objects.get(entry__portfolio=portfolio)
    assert attachment.consent == Attachment.Consent.NOT_IDENTIFIABLE
    assert response.json()["photos"] == {pid: str(attachment.public_id)}
    with attachment.file.open("rb") as fh:
        assert not Image.open(fh).getexif().get(0x8825)
    # Sent again (a retry): the photo is not stored twice.
    assert send(phone, data, {pid: photo(content=out.getvalue())}).json()["replayed"]
    assert Attachment.objects.filter(entry__portfolio=portfolio).count() == 1


def test_a_50_mb_photo_is_refused_in_dutch_and_nothing_is_made(phone, portfolio):
    pid = str(uuid.uuid4())
    big = b"\xff\xd8\xff" + b"\0" * (50 * 1024 * 1024)
    response = send(phone, draft(photos=[{"id": pid}]), {pid: photo(content=big)})
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == "invalid"
    assert "groter dan 10 MB" in body["errors"]["photos"][0]
    assert "blijft op dit apparaat" in body["message"]
    assert not FieldworkEntry.objects.exists()
    assert not CaptureReceipt.objects.exists()


def test_a_corrupt_image_is_refused_in_dutch(phone, portfolio):
    pid = str(uuid.uuid4())
    broken = b"\xff\xd8\xff\xe0" + b"not really a jpeg" * 100
    response = send(phone, draft(photos=[{"id": pid}]), {pid: photo(content=broken)})
    assert response.status_code == 400
    assert "beschadigd" in response.json()["errors"]["photos"][0]
    assert not FieldworkEntry.objects.exists()


def test_a_1_mb_note_is_refused_in_dutch(phone, portfolio):
    response = send(phone, draft(fields={"note": "x" * (1024 * 1024)}))
    assert response.status_code == 400
    message = response.json()["errors"]["note"][0]
    assert "hoogstens 20000 tekens" in message or "maximaal 20000 tekens" in message
    assert "1048576" in message
    assert not FieldworkEntry.objects.exists()


def test_a_future_date_is_refused_in_dutch(phone, portfolio):
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = send(phone, draft(fields={"date": future}))
    assert response.status_code == 400
    assert response.json()["errors"]["date"] == ["De datum kan niet in de toekomst liggen."]


def test_a_request_that_is_no_draft_is_a_dutch_400(phone):
    response = phone.post(SYNC, {"draft": "{not json"})
    assert response.status_code == 400
    assert response.json()["message"] == "Dit verzoek is geen concept dat de server begrijpt."


def test_the_server_privacy_check_runs_and_its_findings_come_back(phone, portfolio):
    RealNameFactory(portfolio=portfolio, name="Jantje Smit")
    body = send(phone, draft(fields={"note": "Jantje Smit belde vanaf 06-12345678."})).json()
    kinds = sorted(f["kind"] for f in body["findings"])
    assert kinds == ["name", "phone"]
    entry = FieldworkEntry.objects.get()
    assert PrivacyFinding.objects.filter(entry=entry, status="open").count() == 2


def test_an_entry_deleted_at_the_desk_is_gone_not_remade(phone, portfolio):
    data = draft()
    entry = send(phone, data).json()["entry"]
    FieldworkEntry.objects.filter(public_id=entry["id"]).delete()
    data.update(change_id=str(uuid.uuid4()), entry_id=entry["id"], base_version=entry["version"])
    response = send(phone, data)
    assert response.status_code == 410
    assert "verwijderd" in response.json()["message"]
    assert not FieldworkEntry.objects.exists()


# --- conflicts ---------------------------------------------------------------------------------


def _sent(phone, **fields):
    data = draft(fields=fields)
    entry = send(phone, data).json()["entry"]
    return data, entry


def _change_at_desk(entry_id, **values):
    entry = FieldworkEntry.objects.get(public_id=entry_id)
    for name, value in values.items():
        setattr(entry, name, value)
    entry.save()
    EntryRevision.objects.create(entry=entry, data={"title": entry.title, "actions": entry.actions})
    return entry


def _phone_change(data, entry, edited_at, **fields):
    data.update(
        change_id=str(uuid.uuid4()),
        entry_id=entry["id"],
        base_version=entry["version"],
        edited_at=edited_at.isoformat(),
        fields={**data["fields"], **fields},
    )
    return data


def test_changes_to_different_fields_merge_without_a_conflict(phone):
    data, entry = _sent(phone)
    _change_at_desk(entry["id"], outcome="<p>Er komt een diner.</p>")
    _phone_change(data, entry, timezone.now(), title="Buurtdiner")
    body = send(phone, data).json()
    assert body["conflict"] is None
    merged = FieldworkEntry.objects.get(public_id=entry["id"])
    assert merged.title == "Buurtdiner" and "diner" in merged.outcome


def test_the_phone_edited_later_wins_and_the_desk_version_is_kept(phone):
    data, entry = _sent(phone)
    _change_at_desk(entry["id"], actions="<p>Aan het bureau uitgewerkt.</p>")
    _phone_change(
        data, entry, timezone.now() + datetime.timedelta(seconds=1), note="Van de telefoon."
    )
    body = send(phone, data).json()
    assert body["conflict"]["winner"] == "phone"
    assert "Wat ik deed" in body["conflict"]["message"]
    merged = FieldworkEntry.objects.get(public_id=entry["id"])
    assert "Van de telefoon." in merged.actions
    texts = [r.data.get("actions", "") for r in merged.revisions.all()]
    assert any("Aan het bureau uitgewerkt." in t for t in texts)


def test_the_desk_edited_later_wins_and_the_phone_version_is_kept(phone):
    data, entry = _sent(phone)
    edited_on_phone = timezone.now()
    _change_at_desk(entry["id"], actions="<p>Aan het bureau uitgewerkt.</p>")
    _phone_change(
        data, entry, edited_on_phone - datetime.timedelta(minutes=5), note="Oud, telefoon."
    )
    body = send(phone, data).json()
    assert body["conflict"]["winner"] == "other"
    assert "geschiedenis" in body["conflict"]["message"]
    merged = FieldworkEntry.objects.get(public_id=entry["id"])
    assert "Aan het bureau uitgewerkt." in merged.actions
    assert body["entry"]["fields"]["note"] == "Aan het bureau uitgewerkt."
    texts = [r.data.get("actions", "") for r in merged.revisions.all()]
    assert any("Oud, telefoon." in t for t in texts)
    # The latest revision is the entry as it is now.
    assert "Aan het bureau uitgewerkt." in merged.revisions.first().data["actions"]


def test_a_retry_of_a_change_that_lost_a_conflict_hears_the_same_conflict_and_keeps_one_copy(phone):
    """The answer about the conflict was lost (a timeout) and the phone sends the change again:
    it is told again which version won, and its text is not kept a second time."""
    data, entry = _sent(phone)
    _change_at_desk(entry["id"], actions="<p>Aan het bureau uitgewerkt.</p>")
    _phone_change(data, entry, timezone.now() - datetime.timedelta(minutes=5), note="Telefoon.")
    first = send(phone, data).json()
    revisions = EntryRevision.objects.filter(entry__public_id=entry["id"]).count()
    again = send(phone, data).json()
    assert again["replayed"] is True
    assert again["conflict"] == first["conflict"]
    assert again["conflict"]["winner"] == "other"
    assert EntryRevision.objects.filter(entry__public_id=entry["id"]).count() == revisions
