"""A full disk or an unwritable private-media folder while uploading evidence.

The participant gets a clear Dutch message, the form is shown again, and nothing is half
written: no Attachment row and no partial file in the private storage.
"""

import errno
import os
import stat

import pytest
from django.core.files.storage import FileSystemStorage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from demo.factories.portfolio import FieldworkEntryFactory, PortfolioFactory, image_bytes, pdf_bytes
from portfolio.models import Attachment

pytestmark = pytest.mark.django_db

FULL_MESSAGE = "De opslag van de server is vol of niet beschrijfbaar"


def _files_under(location):
    found = []
    for root, _dirs, files in os.walk(location):
        found.extend(os.path.join(root, f) for f in files)
    return sorted(found)


@pytest.fixture
def entry(participant):
    portfolio = PortfolioFactory(enrolment=participant.enrolments.get())
    return FieldworkEntryFactory(portfolio=portfolio, title="Gesprek bij de bushalte")


@pytest.fixture
def private_dir(tmp_path, monkeypatch):
    """A fresh private storage location for this test only."""
    storage = storages["private"]
    monkeypatch.setattr(storage, "_location", str(tmp_path))
    monkeypatch.setattr(storage, "base_location", str(tmp_path))
    monkeypatch.setattr(storage, "location", str(tmp_path))
    return tmp_path


def _upload(client, entry, name="verslag.pdf", data=None):
    return client.post(
        reverse("portfolio:attachment_add", args=[entry.public_id]),
        {
            "file": SimpleUploadedFile(name, data or pdf_bytes(), "application/pdf"),
            "caption": "Afsprakenlijstje",
            "consent": Attachment.Consent.NOT_IDENTIFIABLE,
        },
    )


def test_disk_full_mid_write_leaves_no_partial_file_and_says_so(
    client, participant, entry, private_dir, monkeypatch
):
    original_save = FileSystemStorage._save

    def write_half_then_fail(self, name, content):
        # Write the first bytes for real, then run out of space, as a full disk does.
        path = self.path(name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as fh:
            fh.write(content.read(100))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", write_half_then_fail)
    client.force_login(participant)
    response = _upload(client, entry)

    assert response.status_code == 503
    assert FULL_MESSAGE in response.content.decode()
    assert "Afsprakenlijstje" in response.content.decode()  # what was typed is kept
    assert not Attachment.objects.exists()
    assert _files_under(private_dir) == []

    # Once there is space again, the same upload works.
    monkeypatch.setattr(FileSystemStorage, "_save", original_save)
    response = _upload(client, entry)
    assert response.status_code == 302
    assert Attachment.objects.count() == 1
    assert len(_files_under(private_dir)) == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to a read-only folder")
def test_unwritable_media_folder_gives_a_clear_message(client, participant, entry, private_dir):
    os.chmod(private_dir, stat.S_IRUSR | stat.S_IXUSR)
    try:
        client.force_login(participant)
        response = _upload(client, entry)
    finally:
        os.chmod(private_dir, stat.S_IRWXU)
    assert response.status_code == 503
    assert FULL_MESSAGE in response.content.decode()
    assert not Attachment.objects.exists()
    assert _files_under(private_dir) == []


def test_unwritable_media_folder_simulated_for_root(
    client, participant, entry, private_dir, monkeypatch
):
    """As root, chmod does not stop writes; a permission error from the storage does."""

    def refuse(self, name, content):
        raise PermissionError(errno.EACCES, "Permission denied", self.path(name))

    monkeypatch.setattr(FileSystemStorage, "_save", refuse)
    client.force_login(participant)
    response = _upload(client, entry, name="foto.png", data=image_bytes("PNG"))
    assert response.status_code == 503
    assert FULL_MESSAGE in response.content.decode()
    assert not Attachment.objects.exists()
    assert _files_under(private_dir) == []
