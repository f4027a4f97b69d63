import pytest
from django.urls import reverse

from demo.factories.portfolio import AttachmentFactory, FieldworkEntryFactory
from portfolio import privacy
from portfolio.models import Attachment, PrivacyFinding, RealName

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "text,kind,found",
    [
        ("Bel haar op 06-12345678.", "phone", "06-12345678"),
        ("Bel 06 1234 5678 maar.", "phone", "06 1234 5678"),
        ("Vast nummer 058-2123456", "phone", "058-2123456"),
        ("Of +31 6 12345678", "phone", "+31 6 12345678"),
        ("Mail piet.jansen@gmail.com gerust", "email", "piet.jansen@gmail.com"),
        ("Ze woont op 8921 AB 12.", "postcode", "8921 AB 12"),
        ("Adres: Dorpsstraat 12a", "address", "Dorpsstraat 12a"),
        ("Op de Hoofdweg 3 woont hij", "address", "Hoofdweg 3"),
        ("Zijn BSN is 111222333.", "bsn", "111222333"),
        ("Rekening NL91 ABNA 0417 1643 00 graag", "iban", "NL91 ABNA 0417 1643 00"),
    ],
)
def test_patterns(text, kind, found):
    matches = privacy.scan_text(text)
    assert [(m.kind, m.text) for m in matches] == [(kind, found)]


@pytest.mark.parametrize(
    "text",
    [
        "Op 01-03-2017 om 14:30 kwamen 12 bewoners.",
        "Bewoner A en ondernemer B in Heechterp.",
        "Het kost 1500 euro, 123456789 is geen BSN.",
        "Postcode 8921 AB zonder huisnummer.",
        "We liepen de straat 5 keer op en neer.",
    ],
)
def test_no_false_alarms(text):
    assert privacy.scan_text(text) == []


def test_real_names_from_the_participants_list(portfolio):
    RealName.objects.create(portfolio=portfolio, name="Klaas de Boer")
    entry = FieldworkEntryFactory(
        portfolio=portfolio, actions="<p>Ik sprak KLAAS DE BOER bij de container.</p>"
    )
    findings = privacy.check_entry(entry)
    assert [(f.kind, f.text) for f in findings] == [("name", "KLAAS DE BOER")]


def test_saving_an_entry_shows_findings_highlighted(client, participant, portfolio):
    client.force_login(participant)
    response = client.post(
        reverse("portfolio:entry_create"),
        {
            "title": "Huisbezoek",
            "date": "2017-03-01",
            "setting": "home",
            "actions": "Ik belde bewoner A op 06-12345678 en mailde a.b@example.nl.",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0].endswith("/privacy/")
    html = response.content.decode()
    assert "<mark>06-12345678</mark>" in html and "<mark>a.b@example.nl</mark>" in html


def test_replace_with_pseudonym_in_one_step(client, participant, portfolio):
    entry = FieldworkEntryFactory(
        portfolio=portfolio,
        involved="Jan (06-12345678)",
        actions="<p>Ik belde 06-12345678 twee keer.</p>",
    )
    privacy.check_entry(entry)
    finding = entry.findings.get(field="actions")
    client.force_login(participant)
    response = client.post(
        reverse("portfolio:finding_replace", args=[entry.public_id, finding.pk]),
        {f"f{finding.pk}-pseudonym": "[telefoon bewoner A]"},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert "06-12345678" not in entry.actions and "06-12345678" not in entry.involved
    assert "[telefoon bewoner A]" in entry.actions
    assert not entry.findings.filter(status="open").exists()
    assert entry.revisions.exists()  # the old text can be restored


def test_pseudonym_that_is_itself_personal_data_is_refused(client, participant, portfolio):
    entry = FieldworkEntryFactory(portfolio=portfolio, actions="<p>Bel 06-12345678</p>")
    finding = privacy.check_entry(entry)[0]
    client.force_login(participant)
    response = client.post(
        reverse("portfolio:finding_replace", args=[entry.public_id, finding.pk]),
        {f"f{finding.pk}-pseudonym": "06-87654321"},
    )
    assert response.status_code == 400
    entry.refresh_from_db()
    assert "06-12345678" in entry.actions


def test_blockers_until_marked_not_personal(client, participant, portfolio):
    entry = FieldworkEntryFactory(
        portfolio=portfolio, title="Buurthuis", outcome="<p>Buurthuis: 058-2123456</p>"
    )
    finding = privacy.check_entry(entry)[0]
    blockers = privacy.export_blockers(portfolio)
    assert len(blockers) == 1 and "Buurthuis" in blockers[0] and "privacybevinding" in blockers[0]
    client.force_login(participant)
    client.post(reverse("portfolio:finding_dismiss", args=[entry.public_id, finding.pk]))
    assert privacy.export_blockers(portfolio) == []
    # Saving again does not reopen a finding that was marked not personal.
    privacy.check_entry(entry)
    finding.refresh_from_db()
    assert finding.status == PrivacyFinding.Status.NOT_PERSONAL


def test_attachment_without_consent_blocks(portfolio):
    entry = FieldworkEntryFactory(portfolio=portfolio, title="Bouwdag")
    AttachmentFactory(entry=entry, original_name="bouwdag.jpg", consent=Attachment.Consent.NONE)
    blockers = privacy.export_blockers(portfolio)
    assert blockers == ["Bij de bijlage “bouwdag.jpg” van “Bouwdag” is geen toestemming ingevuld."]
    assert privacy.open_findings(portfolio).count() == 0
