"""The entry's content fields in one place, versions that restore all of it, files deleted only
once their rows are gone for good, the export as a private file, the snapshot's anonymising."""

import datetime
import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import CharField, TextField
from django.urls import reverse

from modules.models import CourseIndexPage, LearningOutcome, ModulePage
from portfolio import services
from portfolio.forms import FieldworkEntryForm
from portfolio.models import Attachment, FieldworkEntry
from portfolio.snapshot import anonymise_snapshot, build_snapshot, needs_anonymising

pytestmark = pytest.mark.django_db


def test_content_fields_hold_every_free_text_field():
    fields = FieldworkEntry.CONTENT_FIELDS
    assert set(FieldworkEntry.RICH_TEXT_FIELDS) <= set(FieldworkEntry.FREE_TEXT_FIELDS)
    assert set(FieldworkEntry.FREE_TEXT_FIELDS) <= set(fields)
    # A new text field in the content is read by the privacy check and anonymised by
    # retention, or it is a machine key or a choice.
    for name in fields:
        field = FieldworkEntry._meta.get_field(name)
        if isinstance(field, CharField | TextField) and not field.choices:
            assert name in FieldworkEntry.FREE_TEXT_FIELDS or name == "assignment_id", name
    # The form edits exactly the content, in its order.
    assert list(FieldworkEntryForm.base_fields) == list(fields)


@pytest.fixture
def module(home_page):
    index = home_page.add_child(instance=CourseIndexPage(title="De leergang", slug="leergang"))
    module = index.add_child(
        instance=ModulePage(title="Laagdrempelig contact", slug="contact", intro="<p>Contact.</p>")
    )
    for n, text in enumerate(("Je legt contact met bewoners.", "Je luistert door.")):
        LearningOutcome.objects.create(page=module, text=text, sort_order=n)
    return module


def test_restoring_a_version_brings_back_every_content_field(participant, entry, module):
    outcome = module.learning_outcomes.first()
    entry.place, entry.setting, entry.involved = "Wergea", "home", "bewoner D"
    entry.residents_idea, entry.outcome = "<p>Een moestuin</p>", "<p>Vier namen</p>"
    entry.reflection, entry.actions = "<p>Leeftijd is kennis</p>", "<p>Koffie</p>"
    entry.module, entry.assignment_id = module, f"{module.pk}:opdracht"
    entry.date = datetime.date(2017, 4, 7)
    entry.save()
    entry.learning_outcomes.set([outcome])
    entry.tags.set(["moestuin", "dorp"])
    first = services.revise(entry, participant)

    entry.title, entry.place, entry.involved = "Anders", "Elders", "niemand"
    for name in FieldworkEntry.RICH_TEXT_FIELDS:
        setattr(entry, name, "<p>weg</p>")
    entry.setting, entry.module, entry.assignment_id = "street", None, ""
    entry.date = datetime.date(2017, 5, 1)
    entry.save()
    entry.learning_outcomes.clear()
    entry.tags.set(["ander"])

    services.restore_revision(entry, first, participant)
    entry = FieldworkEntry.objects.get(pk=entry.pk)
    assert services.revision_data(entry) == first.data
    assert entry.revisions.count() == 2 and not entry.is_draft
    assert entry.place == "Wergea" and entry.module == module
    assert list(entry.learning_outcomes.all()) == [outcome]


def test_autosave_keeps_the_content_as_typed(client, participant, entry):
    client.force_login(participant)
    typed = {"title": "Half\x00 af", "place": "Wergea", "tags": "a, b", "learning_outcomes": "7"}
    client.post(reverse("portfolio:entry_autosave", args=[entry.public_id]), typed)
    entry.refresh_from_db()
    assert entry.autosave_data == {
        "title": "Half af",
        "place": "Wergea",
        "tags": "a, b",
        "learning_outcomes": ["7"],
    }
    initial, restored_at = services.entry_form_initial(entry)
    assert restored_at == entry.autosaved_at and initial["place"] == "Wergea"


def _stored(name):
    return Attachment._meta.get_field("file").storage.exists(name)


@pytest.fixture
def photo(entry):
    attachment = Attachment.objects.create(
        entry=entry,
        file=ContentFile(b"bewijs", name="bewijs.txt"),
        original_name="bewijs.txt",
        content_type="text/plain",
        thumbnail="portfolio/niet-meer-daar.thumb.jpg",
    )
    yield attachment
    # The media folder lives as long as the test process; leave nothing for later tests.
    attachment.file.storage.delete(attachment.file.name)


def test_deleting_an_attachment_removes_its_files_once_committed(
    client, participant, photo, django_capture_on_commit_callbacks
):
    client.force_login(participant)
    name = photo.file.name
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portfolio:attachment_delete", args=[photo.public_id]))
    assert response.status_code == 302
    assert not Attachment.objects.exists() and not _stored(name)


def test_a_rolled_back_deletion_keeps_the_files(photo, django_capture_on_commit_callbacks):
    name = photo.file.name
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.delete_entry(photo.entry)
        raise RuntimeError
    assert not callbacks and _stored(name) and Attachment.objects.filter(pk=photo.pk).exists()


def test_deleting_an_entry_removes_its_attachment_files(
    client, participant, photo, django_capture_on_commit_callbacks
):
    client.force_login(participant)
    name = photo.file.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portfolio:entry_delete", args=[photo.entry.public_id]))
    assert not FieldworkEntry.objects.exists() and not _stored(name)


def test_the_export_is_a_private_file(client, participant, portfolio):
    client.force_login(participant)
    response = client.post(reverse("portfolio:export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Cache-Control"] == "private, no-store"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert any(n.endswith("veldwerk.json") for n in archive.namelist())
    put = client.put(reverse("portfolio:export"))
    assert put.status_code == 405 and put["Allow"] == "GET, HEAD, POST"


def test_post_only_views_refuse_other_methods_before_looking(client, participant, entry):
    client.force_login(participant)
    response = client.get(reverse("portfolio:entry_autosave", args=[entry.public_id]))
    assert response.status_code == 405 and response["Allow"] == "POST"


def test_an_anonymised_snapshot_holds_no_fieldwork_text(portfolio, entry, photo):
    for name in FieldworkEntry.FREE_TEXT_FIELDS:
        setattr(entry, name, "Klaas Jansen")
    entry.is_draft = False
    entry.save()
    entry.tags.set(["klaas"])
    snapshot = build_snapshot(portfolio)
    assert needs_anonymising(snapshot)
    anonymised = anonymise_snapshot(snapshot)
    assert "Klaas" not in str(anonymised["entries"]) and not needs_anonymising(anonymised)
    assert anonymised["entries"][0]["attachments"] == []


@pytest.mark.parametrize("module_id", [str(2**70), str(-(2**63) - 1), "23569703898614480896"])
def test_a_module_id_beyond_the_database_range_is_an_invalid_choice(
    client, participant, entry, module_id
):
    client.force_login(participant)
    data = {"title": "Nieuw", "date": "2017-03-01", "setting": "street", "module": module_id}
    for url in (
        reverse("portfolio:entry_create"),
        reverse("portfolio:entry_edit", args=[entry.public_id]),
    ):
        response = client.post(url, data)
        assert response.status_code == 400
        assert "geldige keuze" in response.content.decode()
