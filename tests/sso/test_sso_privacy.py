"""The linked logins are personal data: declared, exported to their owner and erased."""

import json

import pytest

from leergang import privacy
from sso.models import ExternalIdentity
from sso.personal_data import SSOProvider

pytestmark = pytest.mark.django_db


class Writer:
    def __init__(self):
        self.files = {}

    def add_json(self, category, path, data):
        self.files[path] = json.loads(json.dumps(data))


def test_linked_logins_are_exported_to_their_owner_and_erased(participant, peer):
    ExternalIdentity.objects.create(
        user=participant, issuer="https://connect.example", subject="s1", principal_name="f@x"
    )
    ExternalIdentity.objects.create(user=peer, issuer="https://connect.example", subject="s2")
    assert "sso" in {p.name for p in privacy.providers()}

    writer = Writer()
    SSOProvider().export(participant, writer)
    exported = writer.files["inlogkoppelingen.json"]
    assert [(e["subject"], e["principal_name"]) for e in exported] == [("s1", "f@x")]

    plan = privacy.Plan(participant, dry_run=False)
    SSOProvider().erase(participant, plan)
    assert list(ExternalIdentity.objects.values_list("subject", flat=True)) == ["s2"]
