"""The Open Badges 2.0 documents pass 1EdTech's validator (``openbadges`` on PyPI), run
against a local live server. The validator lives in a venv of its own (its pins do not install
on Python 3.11 as they are): ``.ci/run`` makes it; locally

    python3 -m venv /tmp/obvenv
    /tmp/obvenv/bin/pip install --no-deps openbadges==1.1.2
    /tmp/obvenv/bin/pip install -r tests/certificates/openbadges-validator.txt

or point ``OB_VALIDATOR_PYTHON`` at another one.
"""

import json
import os
import subprocess
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse

from certificates import openbadges, services
from certificates.views import badges

pytestmark = [pytest.mark.e2e]

VALIDATOR = Path(os.environ.get("OB_VALIDATOR_PYTHON", "/tmp/obvenv/bin/python"))  # noqa: S108
HARNESS = Path(__file__).with_name("ob_validate.py")


def _validator():
    if not VALIDATOR.exists():
        pytest.skip(
            f"Open Badges validator venv missing at {VALIDATOR} (see this module's docstring)"
        )
    done = subprocess.run(
        [str(VALIDATOR), "-c", "import openbadges"], capture_output=True, text=True, check=False
    )
    if done.returncode:
        pytest.skip(f"the validator venv cannot import openbadges: {done.stderr[-300:]}")


def validate(target, email=None):
    args = [str(VALIDATOR), str(HARNESS), str(target)] + ([email] if email else [])
    done = subprocess.run(args, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def problems(report, level="ERROR"):
    return [m for m in report["report"]["messages"] if m["messageLevel"] == level]


@pytest.fixture
def live_site(live_server):
    with override_settings(WAGTAILADMIN_BASE_URL=live_server.url):
        yield live_server


def test_hosted_assertion_badge_class_and_issuer_are_valid(
    transactional_db, live_site, certificate, passed
):
    _validator()
    report = validate(openbadges.assertion_url(certificate), passed.email)
    assert problems(report) == [], report["report"]["messages"]
    assert report["report"]["valid"] is True
    assert report["report"]["openBadgesVersion"] == "2.0"
    assert report["report"]["recipientProfile"] == {"email": passed.email}
    types = {node.get("type") for node in report["graph"]}
    assert {"Assertion", "BadgeClass", "Issuer"} <= types
    badge = next(n for n in report["graph"] if n.get("type") == "BadgeClass")
    # Expanded through the extension's context, which this site serves.
    assert badge["extensions:StudyLoadExtension"]["extensions:StudyLoad"] == 40


def test_the_extension_schemas_are_applied(
    transactional_db, live_site, certificate, passed, monkeypatch
):
    """A schema that wants a string makes the validator reject the number: so it fetched
    and applied the schema this site publishes for the extension."""
    _validator()
    strict = openbadges.extension_schema

    def wrong(name):
        schema = strict(name)
        if name == "StudyLoadExtension":
            schema["properties"]["StudyLoad"]["type"] = "string"
        return schema

    monkeypatch.setattr(openbadges, "extension_schema", wrong)
    monkeypatch.setattr(badges.ExtensionSchemaView, "build", staticmethod(wrong))
    report = validate(openbadges.assertion_url(certificate), passed.email)
    assert report["report"]["valid"] is False
    assert any("StudyLoad" in m["result"] for m in problems(report)), problems(report)


def test_the_baked_png_is_valid_and_carries_the_assertion(
    transactional_db, live_site, certificate, passed, client, tmp_path
):
    _validator()
    client.force_login(passed)
    png = client.get(reverse("certificates:baked_badge", args=[certificate.public_id])).content
    path = tmp_path / "badge.png"
    path.write_bytes(png)
    report = validate(path, passed.email)
    assert problems(report) == [], report["report"]["messages"]
    assert report["report"]["valid"] is True
    assertion = next(n for n in report["graph"] if n.get("type") == "Assertion")
    assert assertion["id"] == openbadges.assertion_url(certificate)


def test_a_revoked_assertion_still_validates_and_says_revoked(
    transactional_db, live_site, certificate, administrator
):
    """Validator 1.1.2 checks revocation lists only for signed assertions; for a hosted one it
    reads ``revoked`` as data. So: still well-formed, and the graph says revoked (our own tests
    check the revocation list)."""
    _validator()
    services.revoke(certificate, administrator, "Onterecht uitgereikt.")
    report = validate(openbadges.assertion_url(certificate))
    assert problems(report) == [], report["report"]["messages"]
    assertion = next(n for n in report["graph"] if n.get("type") == "Assertion")
    assert assertion["revoked"] is True
    assert assertion["revocationReason"] == "Onterecht uitgereikt."
