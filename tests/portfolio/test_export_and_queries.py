import io
import json
import zipfile

import pytest
from django.urls import reverse

from demo.factories.portfolio import (
    AttachmentFactory,
    FieldworkEntryFactory,
    ValuesAnswerFactory,
    ValuesReflectionFactory,
    pdf_bytes,
)
from portfolio.models import RealName
from portfolio.privacy import check_entry
from portfolio.snapshot import build_snapshot

pytestmark = pytest.mark.django_db


def test_gdpr_zip(client, participant, portfolio, questions, peer):
    reflection = ValuesReflectionFactory(portfolio=portfolio, stage="intake")
    ValuesAnswerFactory(reflection=reflection, question=questions[0], text="<p>Gelijkwaardig</p>")
    entry = FieldworkEntryFactory(portfolio=portfolio, title="Bouwdag", tags=["grofvuil"])
    AttachmentFactory(entry=entry, original_name="foto.jpg")
    from django.core.files.base import ContentFile

    AttachmentFactory(
        entry=entry,
        original_name="verslag.pdf",
        content_type="application/pdf",
        file=ContentFile(pdf_bytes(), name="verslag.pdf"),
    )
    RealName.objects.create(portfolio=portfolio, name="Klaas de Boer")
    client.force_login(participant)
    assert client.get(reverse("portfolio:export")).status_code == 200
    response = client.post(reverse("portfolio:export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = archive.namelist()
    folder = f"portfolio-{portfolio.enrolment.cohort_id}"
    assert f"{folder}/veldwerk.json" in names and "inhoud.json" in names
    data = json.loads(archive.read(f"{folder}/veldwerk.json"))
    assert data["owner"]["email"] == participant.email
    values = json.loads(archive.read(f"{folder}/waardenreflecties.json"))
    assert values[0]["answers"][0]["answer_html"] == "<p>Gelijkwaardig</p>"
    assert data["entries"][0]["title"] == "Bouwdag" and data["entries"][0]["tags"] == ["grofvuil"]
    checks = json.loads(archive.read(f"{folder}/privacycheck.json"))
    assert checks["real_names"] == ["Klaas de Boer"]
    assert json.loads(archive.read("account.json"))["email"] == participant.email
    paths = [a["zip_path"] for a in data["entries"][0]["attachments"]]
    assert len(paths) == 2 and all(p in names for p in paths)
    pdf_path = next(p for p in paths if p.endswith(".pdf"))
    assert archive.read(pdf_path).startswith(b"%PDF-")


def test_others_cannot_download_the_zip_of_someone_else(client, peer, portfolio, entry):
    client.force_login(peer)
    response = client.post(reverse("portfolio:export"))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert json.loads(archive.read("account.json"))["email"] == peer.email
    assert portfolio.entries.first().title not in str([archive.read(n) for n in archive.namelist()])


def test_snapshot_schema(portfolio, entry, attachment, questions):
    reflection = ValuesReflectionFactory(portfolio=portfolio, stage="midway")
    ValuesAnswerFactory(reflection=reflection, question=questions[0])
    FieldworkEntryFactory(portfolio=portfolio, title="Concept", is_draft=True)
    snapshot = build_snapshot(portfolio)
    json.dumps(snapshot)  # serialisable
    assert set(snapshot) == {
        "schema",
        "portfolio_id",
        "created_at",
        "owner",
        "cohort",
        "values_reflections",
        "entries",
    }
    assert snapshot["cohort"]["name"] == "Voorjaar 2017"
    assert [e["title"] for e in snapshot["entries"]] == ["Grofvuil bij de containers"]
    item = snapshot["entries"][0]["attachments"][0]
    assert item["storage"] == "private" and item["storage_name"] == attachment.file.name
    assert item["has_consent"] is True
    only = build_snapshot(portfolio, entry_ids=[entry.pk])
    assert len(only["entries"]) == 1


def _fill(portfolio, n, trainer_module=None):
    for i in range(n):
        entry = FieldworkEntryFactory(
            portfolio=portfolio,
            tags=["grofvuil", f"t{i % 7}"],
            actions=f"<p>Bel 06-1234567{i % 10}</p>" if i % 3 == 0 else "<p>Niets</p>",
        )
        AttachmentFactory(entry=entry)
        check_entry(entry, [])


@pytest.mark.parametrize("view", ["home", "own_log"])
def test_constant_queries_for_the_owner(
    client, participant, portfolio, questions, django_assert_num_queries, view
):
    reflection = ValuesReflectionFactory(portfolio=portfolio, stage="intake")
    for q in questions:
        ValuesAnswerFactory(reflection=reflection, question=q)
    client.force_login(participant)
    url = reverse(f"portfolio:{view}")
    _fill(portfolio, 5)
    client.get(url)  # warm caches (sessions, content types)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _fill(portfolio, 195)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200


def test_constant_queries_for_the_trainer_log(client, trainer, portfolio):
    client.force_login(trainer)
    url = reverse("portfolio:log", args=[portfolio.public_id])
    _fill(portfolio, 5)
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(url)
    _fill(portfolio, 195)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries) > 5, (
        len(small.captured_queries),
        len(large.captured_queries),
    )
    assert "Pagina 1 van 10" in response.content.decode()
