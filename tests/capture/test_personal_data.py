"""Quick capture's part of the data-rights contract: receipts are exported, erased with the
account, removed with the cohort's retention, and expire once their entry is gone."""

import datetime
import io
import json
import zipfile

import pytest
from django.utils import timezone

from capture.models import CaptureReceipt
from leergang import privacy
from portfolio.models import FieldworkEntry

from .conftest import draft, send

pytestmark = pytest.mark.django_db


def test_the_export_lists_the_receipts(phone, participant):
    body = send(phone, draft()).json()
    out = io.BytesIO()
    privacy.export_user(participant, out)
    with zipfile.ZipFile(out) as archive:
        name = next(n for n in archive.namelist() if n.endswith("snel-vastgelegd.json"))
        rows = json.loads(archive.read(name))
    assert rows[0]["entry"] == body["entry"]["id"]
    assert "note" not in json.dumps(rows)  # receipts hold no text


def test_erasure_removes_the_receipts(phone, participant):
    send(phone, draft())
    plan = privacy.plan_erasure(participant)
    assert plan.count("capture") == 1
    privacy.erase_user(participant)
    assert not CaptureReceipt.objects.exists()


def test_retention_removes_the_cohorts_receipts(phone, participant):
    send(phone, draft())
    cohort = participant.enrolments.get().cohort
    privacy.apply_retention(cohort)
    assert not CaptureReceipt.objects.exists()


def test_receipts_of_deleted_entries_expire_after_30_days(phone):
    entry_id = send(phone, draft()).json()["entry"]["id"]
    kept = send(phone, draft()).json()["entry"]["id"]
    FieldworkEntry.objects.filter(public_id=entry_id).delete()
    CaptureReceipt.objects.filter(entry=None).update(
        updated_at=timezone.now() - datetime.timedelta(days=31)
    )
    privacy.expire(dry_run=False)
    assert [str(r.entry.public_id) for r in CaptureReceipt.objects.all()] == [kept]
