"""The capture page, the form without JavaScript, and what makes the site installable."""

import json
import re
import uuid

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils import timezone

from capture import pwa
from capture.models import CaptureReceipt
from demo.factories.portfolio import FieldworkEntryFactory, RealNameFactory
from portfolio.models import Attachment, FieldworkEntry

from .conftest import photo

pytestmark = pytest.mark.django_db
CAPTURE = "/portfolio/veldwerk/snel/"


def _static_file(url):
    return url.startswith(settings.STATIC_URL) and finders.find(url[len(settings.STATIC_URL) :])


def _form(**overrides):
    data = {
        "client_id": str(uuid.uuid4()),
        "title": "",
        "date": timezone.localdate().isoformat(),
        "setting": "home",
        "involved": "bewoner A",
        "note": "Bewoner A wil de stoep opknappen.",
        "note_field": "actions",
        "assignment": "",
    }
    data.update(overrides)
    return data


def test_the_page_is_private_lists_recent_entries_and_links_to_the_desk_form(phone, portfolio):
    entry = FieldworkEntryFactory(portfolio=portfolio, title="Gesprek op het plein")
    response = phone.get(CAPTURE)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    html = response.content.decode()
    assert "Snel veldwerk vastleggen" in html
    assert "Gesprek op het plein" in html
    assert f"/portfolio/veldwerk/{entry.public_id}/bewerken/" in html
    assert 'accept="image/*" capture="environment"' in html
    assert f'data-user="{phone.session["_auth_user_id"]}"' in html


def test_the_rule_set_in_the_page_carries_the_participants_own_names(phone, portfolio):
    RealNameFactory(portfolio=portfolio, name="Jantje Smit")
    html = phone.get(CAPTURE).content.decode()
    raw = re.search(r'<script id="capture-config" type="application/json">(.*?)</script>', html)
    config = json.loads(raw.group(1))
    kinds = [r["kind"] for r in config["rules"]["rules"]]
    assert kinds[:6] == ["email", "iban", "phone", "bsn", "postcode", "address"]
    assert any("Jantje" in r["pattern"] for r in config["rules"]["rules"])


def test_staff_and_anonymous_visitors_do_not_get_the_page(client, trainer):
    assert client.get(CAPTURE).status_code == 302
    client.force_login(trainer)
    assert client.get(CAPTURE).status_code == 404


def test_without_javascript_the_form_saves_a_draft_entry_once(phone, portfolio):
    data = _form()
    response = phone.post(CAPTURE, {**data, "photos": [photo()], "no_people": "on"})
    assert response.status_code == 302
    entry = FieldworkEntry.objects.get(portfolio=portfolio)
    assert entry.is_draft and entry.setting == "home"
    assert entry.title.startswith("Huisbezoek")  # named after the kind of contact
    assert "stoep" in entry.actions
    assert entry.revisions.count() == 1
    assert Attachment.objects.get(entry=entry).consent == "not_identifiable"
    page = phone.get(CAPTURE).content.decode()
    assert "Opgeslagen als concept" in page
    # The same form posted twice (back button, double tap): still one entry.
    phone.post(CAPTURE, data)
    assert "Dit verslag was al opgeslagen." in phone.get(CAPTURE).content.decode()
    assert FieldworkEntry.objects.filter(portfolio=portfolio).count() == 1
    assert CaptureReceipt.objects.count() == 1


def test_without_javascript_an_error_keeps_what_was_typed(phone, portfolio):
    note = "Een lange notitie " * 2000
    response = phone.post(CAPTURE, _form(note=note, date="2999-01-01"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "De datum kan niet in de toekomst liggen." in html
    assert "hoogstens 20000 tekens" in html
    assert "Een lange notitie Een lange notitie" in html
    assert not FieldworkEntry.objects.exists()


def test_without_javascript_a_broken_photo_is_named_and_nothing_is_saved(phone, portfolio):
    broken = photo(name="kapot.jpg", content=b"\xff\xd8\xff\xe0 broken")
    response = phone.post(CAPTURE, {**_form(), "photos": [broken]})
    assert response.status_code == 400
    html = response.content.decode()
    assert "kapot.jpg" in html and "beschadigd" in html
    assert "Bewoner A wil de stoep opknappen." in html
    assert not FieldworkEntry.objects.exists()


def test_a_quick_entry_opens_in_the_desk_form_with_its_note_in_place(phone, portfolio):
    phone.post(CAPTURE, _form(note_field="residents_idea", note="Een moestuin op het plein."))
    entry = FieldworkEntry.objects.get()
    html = phone.get(f"/portfolio/veldwerk/{entry.public_id}/bewerken/").content.decode()
    idea = html.split('name="residents_idea"', 1)[1].split("</textarea>", 1)[0]
    assert "Een moestuin op het plein." in idea


def test_the_manifest_makes_the_site_installable(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/manifest+json")
    manifest = json.loads(response.content)
    assert manifest["name"] == "Creative Communities: veldwerk"
    assert manifest["short_name"] == "Veldwerk"
    assert manifest["lang"] == "nl"
    assert manifest["start_url"] == CAPTURE
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == pwa.THEME_COLOR
    sizes = {(i["sizes"], i.get("purpose", "any")) for i in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        assert _static_file(icon["src"]), icon


def test_the_service_worker_is_served_at_the_root_and_not_cached(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    body = response.content.decode()
    assert "importScripts(" in body and "sw-main.js" in body
    config = json.loads(body.split("self.CAPTURE_SW = ", 1)[1].split(";\n", 1)[0])
    assert config["pages"] == [CAPTURE, "/portfolio/veldwerk/"]
    for url in config["shell"]:
        assert _static_file(url) or client.get(url).status_code == 200, url


def test_the_offline_page_holds_nobodys_data(phone):
    html = phone.get("/portfolio/veldwerk/snel/offline/").content.decode()
    assert "Geen verbinding" in html
    assert "deelnemer@example.org" not in html and "data-user" not in html


def test_status_says_who_is_logged_in_privately(client, phone, participant):
    response = phone.get("/portfolio/veldwerk/snel/status/")
    assert response.json() == {"user": str(participant.pk), "participant": True}
    assert "no-store" in response["Cache-Control"]
    assert "csrftoken" in response.cookies


def test_every_page_tells_the_service_worker_whose_it_is(client, participant):
    assert 'data-user=""' in client.get("/accounts/login/").content.decode()
    client.force_login(participant)
    html = client.get("/mijn-leergang/").content.decode()
    assert f'data-user="{participant.pk}"' in html
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert "Veldwerk op je telefoon" in html  # the dashboard panel
