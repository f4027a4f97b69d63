"""Files on S3-compatible object storage (DJANGO_STORAGE=s3), against a real S3 API server.

moto's S3 server runs on loopback in this process; the app talks to it over HTTP through
django-storages and boto3, exactly as it would talk to SURF's object store or MinIO. Attachments,
cached PDFs, export ZIPs and erasure must all work on the buckets, with nothing on local disk and
no bucket URL ever handed to a browser.
"""

import io
import zipfile

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.urls import reverse
from moto.server import ThreadedMotoServer

from leergang import privacy
from leergang.storage import MediaS3Storage, PrivateS3Storage
from portfolio.models import Attachment
from portfolio_pdf.models import ExportJob, RenderedPdf

from .conftest import pdf_text

pytestmark = pytest.mark.django_db

CREDENTIALS = {"access_key": "leergang-test", "secret_key": "leergang-test-secret"}
MEDIA_BUCKET, PRIVATE_BUCKET = "leergang-media", "leergang-private"


@pytest.fixture(scope="module")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def buckets(s3_endpoint, monkeypatch):
    """Fresh buckets, and the private storage of every file field pointed at them."""
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        aws_access_key_id=CREDENTIALS["access_key"],
        aws_secret_access_key=CREDENTIALS["secret_key"],
        region_name="us-east-1",
    )
    for name in (MEDIA_BUCKET, PRIVATE_BUCKET):
        client.create_bucket(Bucket=name)
    options = {**CREDENTIALS, "endpoint_url": s3_endpoint, "addressing_style": "path"}
    private = PrivateS3Storage(bucket_name=PRIVATE_BUCKET, file_overwrite=False, **options)
    media = MediaS3Storage(bucket_name=MEDIA_BUCKET, **options)
    storages["default"]  # noqa: B018 - fill the registry before patching it
    monkeypatch.setitem(storages._storages, "private", private)
    monkeypatch.setitem(storages._storages, "default", media)
    for model, field in ((Attachment, "file"), (RenderedPdf, "file"), (ExportJob, "result")):
        monkeypatch.setattr(model._meta.get_field(field), "storage", private)
    yield client
    for name in (MEDIA_BUCKET, PRIVATE_BUCKET):
        for item in client.list_objects_v2(Bucket=name).get("Contents", []):
            client.delete_object(Bucket=name, Key=item["Key"])
        client.delete_bucket(Bucket=name)


def keys(client, bucket=PRIVATE_BUCKET):
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", []))


def body(response):
    return b"".join(response.streaming_content)


def test_private_files_never_get_a_url_and_media_stays_under_the_app(buckets):
    private = storages["private"]
    name = private.save("probe/notitie.txt", ContentFile(b"alleen via de app"))
    assert keys(buckets) == [name]
    with pytest.raises(ValueError):
        private.url(name)
    media = storages["default"]
    image = media.save("original_images/plein.png", ContentFile(b"\x89PNG"))
    # CMS media keep their /media/ link: the app's access-checked view streams them.
    assert media.url(image) == f"/media/{image}"
    assert keys(buckets, MEDIA_BUCKET) == [image]


def test_photo_in_the_bucket_reaches_the_download_and_the_pdf(
    buckets, client, participant, make_portfolio
):
    _portfolio, entries = make_portfolio(participant, entries=2, images=1, title="Gesprek")
    attachment = Attachment.objects.get(entry__in=entries)
    assert attachment.file.name in keys(buckets)
    client.force_login(participant)
    download = client.get(reverse("portfolio:attachment", args=[attachment.public_id]))
    assert download.status_code == 200
    with attachment.file.open("rb") as handle:
        assert body(download) == handle.read()
    assert "Location" not in download and "amazonaws" not in str(download.headers)

    response = client.post(reverse("portfolio_pdf:own"), {"scope": "all"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader, _pages = pdf_text(body(response))
    images = [
        obj
        for page in reader.pages
        for obj in (page.get("/Resources", {}).get("/XObject") or {}).values()
        if obj.get_object().get("/Subtype") == "/Image"
    ]
    assert images, "the photo stored in the bucket is missing from the PDF"
    cached = RenderedPdf.objects.get()
    assert cached.file.name in keys(buckets)


def test_cohort_export_is_written_to_and_downloaded_from_the_bucket(
    buckets, client, trainer, participant, cohort, make_portfolio
):
    make_portfolio(participant, entries=1, images=1)
    client.force_login(trainer)
    client.post(reverse("portfolio_pdf:cohort", args=[cohort.pk]), {"kind": "portfolios"})
    job = ExportJob.objects.get()
    assert job.result.name in keys(buckets)
    status = client.get(reverse("portfolio_pdf:job_status", args=[job.public_id])).json()
    archive = zipfile.ZipFile(io.BytesIO(body(client.get(status["download_url"]))))
    assert archive.namelist() == ["fenna-de-vries.pdf"]


def test_erasure_removes_the_participants_objects(buckets, client, participant, make_portfolio):
    make_portfolio(participant, entries=2, images=1)
    client.force_login(participant)
    client.post(reverse("portfolio_pdf:own"), {"scope": "all"})
    assert len(keys(buckets)) >= 2  # the photo and the cached PDF
    before = set(keys(buckets))
    listed = {name for step in privacy.plan_erasure(participant).steps for name in step.files}
    assert before <= listed, "the dry run must list every file of the participant in the bucket"
    privacy.erase_user(participant)
    assert keys(buckets) == []
