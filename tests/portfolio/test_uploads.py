import io
import zipfile

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from demo.factories.portfolio import image_bytes, pdf_bytes

pytestmark = pytest.mark.django_db


def docx_bytes(extra=None):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return out.getvalue()


def upload(client, entry, name, data, **fields):
    payload = {"file": SimpleUploadedFile(name, data), "consent": "not_identifiable", **fields}
    return client.post(reverse("portfolio:attachment_add", args=[entry.public_id]), payload)


@pytest.fixture
def owner_client(client, participant):
    client.force_login(participant)
    return client


@pytest.mark.parametrize(
    "name,data,content_type",
    [
        ("foto.jpg", image_bytes("JPEG"), "image/jpeg"),
        ("foto.png", image_bytes("PNG"), "image/png"),
        ("foto.webp", image_bytes("WEBP"), "image/webp"),
        ("verslag.pdf", pdf_bytes(), "application/pdf"),
        (
            "notulen.docx",
            docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ],
)
def test_allowed_types_are_accepted(owner_client, entry, name, data, content_type):
    response = upload(owner_client, entry, name, data)
    assert response.status_code == 302
    attachment = entry.attachments.get()
    assert attachment.content_type == content_type
    assert attachment.original_name == name
    # Stored in the private storage, never in the public media (a disk or a bucket).
    assert storages["private"].exists(attachment.file.name)
    assert not storages["default"].exists(attachment.file.name)


@pytest.mark.parametrize(
    "name,data",
    [
        (
            "tekening.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        ),
        ("pagina.html", b"<html><script>alert(1)</script></html>"),
        ("pagina.jpg", b"<html><script>alert(1)</script></html>"),  # lying extension
        ("foto.pdf", image_bytes("PNG")),  # a PNG that says it is a PDF
        ("foto.jpg", image_bytes("PNG")),  # a PNG that says it is a JPEG
        ("zip.docx", b"PK\x03\x04" + b"\x00" * 100),  # broken zip
        ("leeg.pdf", b""),
        ("script.exe", b"MZ\x90\x00"),
        ("verslag.pdf", b"%PDF-1.4\n" + b"x" * 100),  # no %%EOF
    ],
)
def test_refused_uploads(owner_client, entry, name, data):
    response = upload(owner_client, entry, name, data, caption="mijn onderschrift")
    assert response.status_code == 400
    assert entry.attachments.count() == 0
    html = response.content.decode()
    assert "mijn onderschrift" in html  # what was typed is kept


def test_size_limit(owner_client, entry):
    data = pdf_bytes()
    big = data[:-6] + b" " * (10 * 1024 * 1024) + data[-6:]
    response = upload(owner_client, entry, "groot.pdf", big)
    assert response.status_code == 400
    assert "groter dan 10 MB" in response.content.decode()


def test_decompression_bomb_is_refused(owner_client, entry):
    # 20000 x 20000 of one colour compresses to a few hundred kB but would be 1.2 GB decoded.
    out = io.BytesIO()
    Image.new("1", (20000, 20000)).save(out, "PNG")
    response = upload(owner_client, entry, "bom.png", out.getvalue())
    assert response.status_code == 400
    assert entry.attachments.count() == 0


def test_zip_bomb_docx_is_refused(owner_client, entry):
    data = docx_bytes({"word/media/big.bin": b"\x00" * (60 * 1024 * 1024)})
    assert len(data) < 1024 * 1024
    response = upload(owner_client, entry, "bom.docx", data)
    assert response.status_code == 400


def test_docx_that_is_not_word_is_refused(owner_client, entry):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("evil.html", "<script>")
    assert upload(owner_client, entry, "nep.docx", out.getvalue()).status_code == 400


def test_exif_is_stripped_from_photos(owner_client, entry):
    image = Image.new("RGB", (40, 30), (10, 20, 30))
    exif = Image.Exif()
    exif[0x010F] = "Camera met GPS"
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    assert upload(owner_client, entry, "foto.jpg", out.getvalue()).status_code == 302
    stored = entry.attachments.get()
    with stored.file.open("rb") as fh, Image.open(fh) as img:
        assert not img.getexif()


def test_consent_recorded_needs_who_and_use(owner_client, entry):
    response = upload(
        owner_client, entry, "foto.jpg", image_bytes(), consent="recorded", caption="bouwdag"
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Vul in wie toestemming gaf" in html and "bouwdag" in html
    response = upload(
        owner_client,
        entry,
        "foto.jpg",
        image_bytes(),
        consent="recorded",
        consent_given_by="bewoner A",
        consent_use="public_story",
    )
    assert response.status_code == 302
    assert entry.attachments.get().has_consent


def test_files_are_served_safely(owner_client, entry):
    upload(owner_client, entry, "verslag.pdf", pdf_bytes())
    upload(owner_client, entry, "foto.png", image_bytes("PNG", (800, 600)))
    pdf = entry.attachments.get(content_type="application/pdf")
    response = owner_client.get(reverse("portfolio:attachment", args=[pdf.public_id]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    photo = entry.attachments.get(content_type="image/png")
    thumb = owner_client.get(reverse("portfolio:attachment_thumbnail", args=[photo.public_id]))
    assert thumb.status_code == 200
    assert thumb["Content-Type"] == "image/jpeg"
    assert "sandbox" in thumb["Content-Security-Policy"]
    with Image.open(io.BytesIO(b"".join(thumb.streaming_content))) as img:
        assert max(img.size) <= 480
    # The thumbnail of a document does not exist.
    assert (
        owner_client.get(
            reverse("portfolio:attachment_thumbnail", args=[pdf.public_id])
        ).status_code
        == 404
    )


def test_no_public_url_for_attachments(client, participant, entry, attachment):
    assert storages["private"].exists(attachment.file.name)
    assert not storages["default"].exists(attachment.file.name)
    client.force_login(participant)
    assert client.get(f"/media/{attachment.file.name}").status_code == 404
    html = client.get(reverse("portfolio:entry", args=[entry.public_id])).content.decode()
    assert attachment.file.name not in html
