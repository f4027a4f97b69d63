import datetime
import json
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from demo.factories.portfolio import PortfolioFactory, image_bytes

SYNC = "/portfolio/veldwerk/snel/sync/"


@pytest.fixture
def portfolio(participant):
    return PortfolioFactory(enrolment=participant.enrolments.get())


@pytest.fixture
def phone(client, participant, portfolio):
    client.force_login(participant)
    return client


def draft(**overrides):
    """A draft as the phone sends it."""
    fields = {
        "title": "Gesprek bij het bankje",
        "date": timezone.localdate().isoformat(),
        "setting": "street",
        "involved": "bewoner A",
        "note": "Bewoner A wil een buurtdiner op het plein.",
    }
    fields.update(overrides.pop("fields", {}))
    data = {
        "client_id": str(uuid.uuid4()),
        "change_id": str(uuid.uuid4()),
        "entry_id": "",
        "base_version": "",
        "edited_at": timezone.now().isoformat(),
        "note_field": "actions",
        "fields": fields,
        "photos": [],
    }
    data.update(overrides)
    return data


def photo(name="foto.jpg", size=(640, 480), content=None):
    return SimpleUploadedFile(name, content or image_bytes(size=size), content_type="image/jpeg")


def send(client, data, photos=None):
    """POST a draft; ``photos`` maps photo ids to uploaded files."""
    body = {"draft": json.dumps(data)}
    for pid, upload in (photos or {}).items():
        body[f"photo-{pid}"] = upload
    return client.post(SYNC, body, HTTP_ACCEPT="application/json")


@pytest.fixture
def tomorrow_but_one():
    return (timezone.localdate() + datetime.timedelta(days=2)).isoformat()


__all__ = ["draft", "photo", "send", "reverse", "SYNC"]
