"""Open Badges 2.0: issuer, badge class and hosted assertion at stable public URLs, the
edubadges-style extensions, revocation, and the baked PNG."""

import hashlib
import io
import json
import struct
import zlib

import pytest
from django.urls import reverse

from certificates import baking, openbadges, services

from .conftest import SITE

pytestmark = pytest.mark.django_db


def get_json(client, url):
    path = url.removeprefix(SITE)
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"].startswith(("application/ld+json", "application/json"))
    assert response["Access-Control-Allow-Origin"] == "*"
    return json.loads(response.content)


def test_the_assertion_names_badge_issuer_and_a_hashed_recipient(client, certificate, passed):
    assertion = get_json(client, openbadges.assertion_url(certificate))
    assert assertion["@context"] == "https://w3id.org/openbadges/v2"
    assert assertion["type"] == "Assertion"
    assert assertion["id"] == openbadges.assertion_url(certificate)
    assert assertion["verification"] == {"type": "hosted"}
    recipient = assertion["recipient"]
    expected = hashlib.sha256((passed.email + recipient["salt"]).encode()).hexdigest()
    assert recipient == {
        "type": "email",
        "hashed": True,
        "salt": recipient["salt"],
        "identity": f"sha256${expected}",
    }
    assert passed.email not in json.dumps(assertion) and "Fenna" not in json.dumps(assertion)
    assert assertion["issuedOn"].endswith("Z")
    badge = get_json(client, assertion["badge"])
    issuer = get_json(client, badge["issuer"])
    assert issuer["type"] == "Issuer" and issuer["name"] == "Leergang Creative Communities"
    assert issuer["email"] == "certificaten@example.org" and issuer["url"]
    assert get_json(client, issuer["revocationList"])["revokedAssertions"] == []


def test_the_badge_class_carries_criteria_outcomes_study_load_and_eqf(client, certificate):
    badge = get_json(client, openbadges.badge_class_url(certificate.cohort_settings))
    assert badge["criteria"]["narrative"].startswith("De deelnemer heeft alle modules gevolgd")
    assert [a["targetName"] for a in badge["alignment"]] == [
        "Je benoemt je eigen waarden.",
        "Je ziet ze terug in je handelen.",
        "Je legt contact met bewoners.",
        "Je vraagt door naar hun ideeën.",
    ]
    assert all(a["targetUrl"].startswith(SITE) for a in badge["alignment"])
    study_load = badge["extensions:StudyLoadExtension"]
    assert study_load["StudyLoad"] == 40
    assert study_load["type"] == ["Extension", "extensions:StudyLoadExtension"]
    assert badge["extensions:EQFExtension"]["EQF"] == 6
    assert badge["extensions:LanguageExtension"]["Language"] == "nl_NL"
    # Each extension's context says which schema validates it; both are served here.
    context = get_json(client, study_load["@context"])
    schema_url = context["obi:validation"][0]["obi:validationSchema"]
    schema = get_json(client, schema_url)
    assert schema["required"] == ["StudyLoad"]
    image = client.get(badge["image"].removeprefix(SITE))
    assert image["Content-Type"] == "image/png" and image.content.startswith(b"\x89PNG")


def test_a_revoked_certificate_says_so_in_the_assertion_and_the_revocation_list(
    client, certificate, administrator
):
    services.revoke(certificate, administrator, "Onterecht uitgereikt.")
    assertion = get_json(client, openbadges.assertion_url(certificate))
    assert assertion["revoked"] is True
    assert assertion["revocationReason"] == "Onterecht uitgereikt."
    revoked = get_json(client, openbadges.url("revocations", certificate.cohort_settings.public_id))
    assert revoked["type"] == "RevocationList"
    assert revoked["revokedAssertions"] == [
        {"id": openbadges.assertion_url(certificate), "revocationReason": "Onterecht uitgereikt."}
    ]


def test_unknown_ids_and_extensions_are_404(client, certificate):
    for url in (
        reverse("certificates:assertion", args=["00000000-0000-0000-0000-000000000000"]),
        reverse("certificates:badge_class", args=["00000000-0000-0000-0000-000000000000"]),
        reverse("certificates:extension_context", args=["NoSuchExtension"]),
    ):
        assert client.get(url).status_code == 404


def itxt_chunks(png):
    """(keyword, compression flag, text) of every iTXt chunk, read byte by byte."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    found, offset = [], 8
    while offset < len(png):
        (length,) = struct.unpack(">I", png[offset : offset + 4])
        kind = png[offset + 4 : offset + 8]
        data = png[offset + 8 : offset + 8 + length]
        crc = struct.unpack(">I", png[offset + 8 + length : offset + 12 + length])[0]
        assert crc == zlib.crc32(kind + data) & 0xFFFFFFFF
        if kind == b"iTXt":
            keyword, rest = data.split(b"\0", 1)
            flag, _method = rest[0], rest[1]
            language, rest = rest[2:].split(b"\0", 1)
            translated, text = rest.split(b"\0", 1)
            assert language == b"" and translated == b""
            found.append((keyword.decode(), flag, text.decode("utf-8")))
        offset += 12 + length
    return found


def test_the_baked_badge_carries_the_assertion(client, certificate, passed):
    client.force_login(passed)
    response = client.get(reverse("certificates:baked_badge", args=[certificate.public_id]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    chunks = itxt_chunks(response.content)
    assert [(k, f) for k, f, _t in chunks] == [("openbadges", 0)]
    baked = json.loads(chunks[0][2])
    assert baked == openbadges.assertion(certificate)
    assert baking.unbake(response.content) == chunks[0][2]
    # Baking again replaces the chunk instead of adding a second one.
    again = baking.bake(response.content, {"id": "x"})
    assert [k for k, _f, _t in itxt_chunks(again)] == ["openbadges"]


def test_required_properties_of_the_specification(client, certificate):
    """A schema check from Open Badges 2.0 (what the validator test checks in full)."""
    assertion = get_json(client, openbadges.assertion_url(certificate))
    badge = get_json(client, assertion["badge"])
    issuer = get_json(client, badge["issuer"])
    for doc, required in (
        (assertion, ("id", "type", "recipient", "badge", "verification", "issuedOn")),
        (badge, ("id", "type", "name", "description", "image", "criteria", "issuer")),
        (issuer, ("id", "type", "name", "url", "email")),
    ):
        assert all(doc.get(key) for key in required), (doc["type"], required)
    for alignment in badge["alignment"]:
        assert alignment["targetName"] and alignment["targetUrl"]
    assert io.BytesIO(client.get(badge["image"].removeprefix(SITE)).content).read(4) == b"\x89PNG"
