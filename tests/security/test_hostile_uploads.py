"""Uploads that lie: wrong names and content types, bombs, script in disguise, broken bodies.

None may produce a 500, none may be stored, and the attachment saved earlier must survive."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from demo.factories.portfolio import image_bytes, pdf_bytes
from portfolio.models import Attachment

from .hostile import (
    BOUNDED,
    HTML_AS_JPG,
    SVG_AS_JPG,
    assert_safe_html,
    bomb_png,
    docx_many_members,
    docx_zip_bomb,
    lying_png_header,
)

EXTENSIONS = [
    "jpg",
    "jpeg",
    "png",
    "webp",
    "pdf",
    "docx",
    "svg",
    "html",
    "exe",
    "JPG",
    "",
    "jpg.html",
]
CONTENT_TYPES = [
    "image/jpeg",
    "image/png",
    "image/svg+xml",
    "text/html",
    "application/pdf",
    "application/octet-stream",
    "application/x-msdownload",
    "",
]


@pytest.fixture
def owner_client(client, participant, attachment):
    client.force_login(participant)
    return client


def _upload(client, entry, name, data, content_type="image/jpeg", **extra):
    upload = SimpleUploadedFile(name, data, content_type=content_type)
    return client.post(
        reverse("portfolio:attachment_add", args=[entry.public_id]),
        {"file": upload, "caption": "foto", "consent": "not_identifiable", **extra},
    )


def _state(entry):
    return sorted(
        (a.pk, a.file.name, a.original_name, a.content_type, a.size)
        for a in Attachment.objects.filter(entry=entry)
    )


def _assert_refused(response, entry, before):
    assert response.status_code == 400, response.status_code
    assert _state(entry) == before, "a refused upload changed the attachments"
    assert_safe_html(response.content, "re-shown upload form")


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        pytest.param("bom.png", bomb_png(), "image/png", id="decompression-bomb-png"),
        pytest.param("reus.png", lying_png_header(), "image/png", id="png-header-lies-about-size"),
        pytest.param("werk.docx", docx_zip_bomb(), "application/msword", id="docx-zip-bomb"),
        pytest.param("werk.docx", docx_many_members(), "application/msword", id="docx-2500-parts"),
        pytest.param("foto.jpg", SVG_AS_JPG, "image/jpeg", id="svg-disguised-as-jpg"),
        pytest.param("foto.jpg", HTML_AS_JPG, "image/jpeg", id="html-disguised-as-jpg"),
        pytest.param("verslag.pdf", HTML_AS_JPG, "application/pdf", id="html-disguised-as-pdf"),
        pytest.param("foto.jpg", image_bytes("PNG"), "image/jpeg", id="png-named-jpg"),
        pytest.param("foto.png", image_bytes("JPEG"), "image/png", id="jpeg-named-png"),
        pytest.param(
            "foto.jpg", b"\xff\xd8\xff\xe0" + b"rommel" * 50, "image/jpeg", id="jpeg-header-garbage"
        ),
        pytest.param("verslag.pdf", b"%PDF-1.4\n1 0 obj", "application/pdf", id="truncated-pdf"),
        pytest.param("werk.docx", b"PK\x03\x04kapot", "application/msword", id="broken-zip"),
        pytest.param("werk.docx", pdf_bytes(), "application/msword", id="pdf-named-docx"),
        pytest.param("foto.svg", SVG_AS_JPG, "image/svg+xml", id="svg"),
        pytest.param("foto.jpg", b"", "image/jpeg", id="empty-file"),
        pytest.param("../../etc/passwd.jpg", HTML_AS_JPG, "image/jpeg", id="path-in-name"),
    ],
)
def test_lying_files_are_refused(owner_client, attachment, name, data, content_type):
    entry = attachment.entry
    before = _state(entry)
    response = _upload(owner_client, entry, name, data, content_type)
    _assert_refused(response, entry, before)
    # The earlier attachment is still served as before.
    served = owner_client.get(reverse("portfolio:attachment", args=[attachment.public_id]))
    assert served.status_code == 200


@BOUNDED
@given(
    data=st.binary(max_size=4096),
    ext=st.sampled_from(EXTENSIONS),
    stem=st.text(min_size=0, max_size=60),
    content_type=st.sampled_from(CONTENT_TYPES),
    prefix=st.sampled_from(
        [
            b"",
            b"\xff\xd8\xff",
            b"\x89PNG\r\n\x1a\n",
            b"%PDF-1.7\n",
            b"PK\x03\x04",
            b"RIFF\0\0\0\0WEBP",
        ]
    ),
)
def test_random_bytes_with_lying_names_never_500(
    owner_client, attachment, data, ext, stem, content_type, prefix
):
    entry = attachment.entry
    before = _state(entry)
    name = f"{stem}.{ext}" if ext else stem or "bestand"
    response = _upload(owner_client, entry, name, prefix + data, content_type)
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        _assert_refused(response, entry, before)
    else:
        new = Attachment.objects.filter(entry=entry).exclude(pk__in=[a[0] for a in before]).get()
        assert new.content_type in ("image/jpeg", "image/png", "image/webp", "application/pdf")
        new.delete()


def test_a_good_photo_is_still_accepted(owner_client, attachment):
    response = _upload(owner_client, attachment.entry, "foto.jpg", image_bytes())
    assert response.status_code == 302


BROKEN_BODIES = [
    (
        "multipart/form-data; boundary=GRENS",
        b'--GRENS\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n\r\nabc',
    ),
    ("multipart/form-data; boundary=GRENS", b"--ANDERS\r\n\r\n--ANDERS--"),
    ("multipart/form-data", b"--x\r\n\r\n"),
    ("multipart/form-data; boundary=", b"\r\n\r\n"),
    ("multipart/form-data; boundary=" + "x" * 500, b"--" + b"x" * 500 + b"\r\n"),
    (
        "multipart/form-data; boundary=GRENS",
        b'--GRENS\r\nContent-Disposition: form-data; name="file"; filename="\x00.jpg"\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8\xff\r\n--GRENS--\r\n',
    ),
    ("application/json", b'{"file": "<script>alert(1)</script>"}'),
    ("text/plain", b"file=foto.jpg"),
    ("application/x-www-form-urlencoded", b"caption=%ZZ&consent=%00&file=%FF%FE"),
]


@pytest.mark.parametrize(("content_type", "body"), BROKEN_BODIES)
def test_broken_multipart_bodies_are_a_client_error(owner_client, attachment, content_type, body):
    entry = attachment.entry
    before = _state(entry)
    for url in (
        reverse("portfolio:attachment_add", args=[entry.public_id]),
        reverse("portfolio:entry_edit", args=[entry.public_id]),
        reverse("portfolio:entry_autosave", args=[entry.public_id]),
        reverse("portfolio:values_autosave", args=["intake"]),
        reverse("portfolio:real_names"),
        reverse("login"),
    ):
        response = owner_client.generic("POST", url, body, content_type=content_type)
        assert response.status_code < 500, (url, content_type, response.status_code)
    assert _state(entry) == before
    entry.refresh_from_db()
    assert entry.title == "Grofvuil bij de containers"


def test_enrol_csv_refuses_binary_and_broken_bodies(client, administrator, cohort):
    client.force_login(administrator)
    url = reverse("leergang_enrol", args=[cohort.pk])
    count = cohort.enrolments.count()
    for name, data, content_type in [
        ("groep.csv", bomb_png(2_000), "text/csv"),
        ("groep.csv", docx_zip_bomb(8), "text/csv"),
        (
            "groep.csv",
            "\ufeffnaam;e-mail\n<script>alert(1)</script>;x@\n".encode("utf-16"),
            "text/csv",
        ),
        ("groep.csv", b"\x00\x01\x02" * 1000, "application/octet-stream"),
        ("groep.exe", b"MZ" + b"\x00" * 100, "application/x-msdownload"),
    ]:
        upload = SimpleUploadedFile(name, data, content_type=content_type)
        response = client.post(url, {"csv_file": upload, "action": "csv"})
        assert response.status_code in (200, 302, 400), response.status_code
        assert_safe_html(response.content, name)
    for content_type, body in BROKEN_BODIES:
        response = client.generic("POST", url, body, content_type=content_type)
        assert response.status_code < 500
    assert cohort.enrolments.count() == count
