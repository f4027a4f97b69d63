"""Sharing, nothing lost (validation, autosave, history), values growth, assignments."""

import pytest
from django.urls import reverse

from demo.factories.portfolio import (
    FieldworkEntryFactory,
    ValuesAnswerFactory,
    ValuesReflectionFactory,
)
from portfolio.models import FieldworkEntry, PortfolioShare, ValuesReflection

pytestmark = pytest.mark.django_db


def test_share_with_cohort_member_and_revoke(client, participant, portfolio, peer, outsider, entry):
    client.force_login(participant)
    page = client.get(reverse("portfolio:shares")).content.decode()
    assert str(peer.pk) in page and outsider.email not in page
    # Someone from another cohort cannot be chosen, even by a forged form.
    assert client.post(reverse("portfolio:shares"), {"user": outsider.pk}).status_code == 400
    assert client.post(reverse("portfolio:shares"), {"user": peer.pk}).status_code == 302
    share = PortfolioShare.objects.get(portfolio=portfolio, user=peer)
    peer_client = client.__class__()
    peer_client.force_login(peer)
    assert peer_client.get(reverse("portfolio:view", args=[portfolio.public_id])).status_code == 200
    client.post(reverse("portfolio:share_revoke", args=[share.pk]))
    assert peer_client.get(reverse("portfolio:view", args=[portfolio.public_id])).status_code == 404
    assert peer_client.get(reverse("portfolio:entry", args=[entry.public_id])).status_code == 404


def test_failed_validation_keeps_every_field(client, participant, portfolio):
    client.force_login(participant)
    data = {
        "title": "",
        "date": "2099-01-01",
        "place": "Wergea",
        "setting": "home",
        "involved": "bewoner D",
        "residents_idea": "Een moestuin bij het dorpshuis",
        "actions": "Koffie gedronken",
        "outcome": "Vier namen",
        "reflection": "Leeftijd is kennis",
        "tags": "moestuin, dorp",
    }
    response = client.post(reverse("portfolio:entry_create"), data)
    assert response.status_code == 400
    html = response.content.decode()
    for value in (
        "Wergea",
        "bewoner D",
        "Een moestuin bij het dorpshuis",
        "Koffie gedronken",
        "Vier namen",
        "Leeftijd is kennis",
        "moestuin, dorp",
        "2099-01-01",
    ):
        assert value in html
    assert 'id="error-summary"' in html and "toekomst" in html
    assert not FieldworkEntry.objects.exists()


def test_autosave_new_entry_then_restore_in_form(client, participant, portfolio):
    client.force_login(participant)
    response = client.post(
        reverse("portfolio:entry_autosave_new"),
        {
            "title": "Half af",
            "date": "2017-03-02",
            "actions": "Ik vroeg **door**",
            "setting": "street",
        },
    )
    assert response.status_code == 200
    payload = response.json()
    assert payload["message"].startswith("Concept opgeslagen om ")
    entry = FieldworkEntry.objects.get()
    assert entry.is_draft and entry.title == "Half af"
    # Reopening the form (say after closing the tab) brings the text back.
    html = client.get(payload["edit_url"]).content.decode()
    assert "Ik vroeg **door**" in html and "teruggezet" in html
    # Later autosaves update the same draft.
    client.post(payload["autosave_url"], {"title": "Half af", "actions": "Ik vroeg door en zweeg"})
    assert FieldworkEntry.objects.count() == 1
    assert "Ik vroeg door en zweeg" in client.get(payload["edit_url"]).content.decode()


def test_autosave_of_saved_entry_does_not_overwrite_until_saved(client, participant, entry):
    client.force_login(participant)
    url = reverse("portfolio:entry_autosave", args=[entry.public_id])
    client.post(url, {"title": entry.title, "actions": "Nieuwe tekst onderweg"})
    entry.refresh_from_db()
    assert "Nieuwe tekst onderweg" not in entry.actions
    assert (
        "Nieuwe tekst onderweg"
        in client.get(reverse("portfolio:entry_edit", args=[entry.public_id])).content.decode()
    )
    client.post(reverse("portfolio:entry_discard_draft", args=[entry.public_id]))
    assert (
        "Nieuwe tekst onderweg"
        not in client.get(reverse("portfolio:entry_edit", args=[entry.public_id])).content.decode()
    )


def _form(entry, **changes):
    data = {
        "title": entry.title,
        "date": entry.date.isoformat(),
        "setting": entry.setting,
        "place": entry.place,
        "involved": entry.involved,
        "actions": "Eerste versie",
        "tags": "",
    }
    data.update(changes)
    return data


def test_restore_from_history(client, participant, entry):
    client.force_login(participant)
    edit = reverse("portfolio:entry_edit", args=[entry.public_id])
    client.post(edit, _form(entry, actions="Eerste versie"))
    client.post(edit, _form(entry, actions="Tweede versie, per ongeluk leeg gemaakt"))
    entry.refresh_from_db()
    assert "Tweede" in entry.actions
    first = entry.revisions.order_by("created_at", "pk").first()
    history = client.get(reverse("portfolio:entry_history", args=[entry.public_id]))
    assert "Terugzetten" in history.content.decode()
    response = client.post(reverse("portfolio:entry_restore", args=[entry.public_id, first.pk]))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert "Eerste versie" in entry.actions
    assert entry.revisions.count() == 3


def test_values_reflection_versions_and_growth(client, participant, portfolio, questions):
    client.force_login(participant)
    q = questions[0]
    assert (
        client.post(
            reverse("portfolio:values_edit", args=["intake"]), {f"q_{q.pk}": "Ik wil snel helpen"}
        ).status_code
        == 302
    )
    assert (
        client.post(
            reverse("portfolio:values_edit", args=["midway"]),
            {f"q_{q.pk}": "Ik wil bewoners zelf laten doen"},
        ).status_code
        == 302
    )
    assert ValuesReflection.objects.filter(portfolio=portfolio).count() == 2
    html = client.get(reverse("portfolio:own_growth") + "?van=intake&naar=midway").content.decode()
    assert "<del>snel helpen</del>" in html
    assert "<ins>bewoners zelf laten doen</ins>" in html
    # An empty reflection is refused, and keeps what was there.
    response = client.post(reverse("portfolio:values_edit", args=["final"]), {f"q_{q.pk}": "  "})
    assert response.status_code == 400


def test_values_autosave(client, participant, portfolio, questions):
    client.force_login(participant)
    q = questions[1]
    client.post(
        reverse("portfolio:values_autosave", args=["intake"]), {f"q_{q.pk}": "Halve gedachte"}
    )
    html = client.get(reverse("portfolio:values_edit", args=["intake"])).content.decode()
    assert "Halve gedachte" in html


def test_trainer_reads_growth(client, trainer, portfolio, questions):
    for stage, text in (("intake", "Eerst"), ("midway", "Later")):
        reflection = ValuesReflectionFactory(portfolio=portfolio, stage=stage)
        ValuesAnswerFactory(reflection=reflection, question=questions[0], text=f"<p>{text}</p>")
    client.force_login(trainer)
    html = client.get(reverse("portfolio:growth", args=[portfolio.public_id])).content.decode()
    assert "<del>Eerst</del>" in html and "<ins>Later</ins>" in html


def test_filters(client, participant, portfolio):

    FieldworkEntryFactory(portfolio=portfolio, title="Over grofvuil", tags=["grofvuil"])
    FieldworkEntryFactory(portfolio=portfolio, title="Over jongeren", tags=["jongeren"])
    import datetime

    FieldworkEntryFactory(portfolio=portfolio, title="Heel oud", date=datetime.date(2016, 1, 1))
    client.force_login(participant)
    log = reverse("portfolio:own_log")
    html = client.get(log + "?tag=grofvuil").content.decode()
    assert "Over grofvuil" in html and "Over jongeren" not in html
    html = client.get(log + "?end=2016-12-31").content.decode()
    assert "Heel oud" in html and "Over grofvuil" not in html
    html = client.get(log + "?start=nonsense&pagina=abc").content.decode()
    assert "Over grofvuil" in html


def test_start_assignment_prefills(client, participant, portfolio, home_page):
    from demo.factories.modules import CourseIndexPageFactory, ModulePageFactory
    from modules.assignments import assignments_for_user

    index = CourseIndexPageFactory(parent=home_page)
    module = ModulePageFactory(parent=index, title="Laagdrempelig contact")
    assignment = next(a for a in assignments_for_user(participant) if a.module.pk == module.pk)
    client.force_login(participant)
    dashboard = client.get(reverse("dashboard")).content.decode()
    start = reverse("portfolio:start_assignment", args=[module.pk, assignment.block_id])
    assert start in dashboard and "Open opdrachten" in dashboard
    response = client.get(start, follow=True)
    html = response.content.decode()
    assert "Opdracht in de wijk" in html and f"{module.pk}:{assignment.block_id}" in html
    assert (
        client.get(reverse("portfolio:start_assignment", args=[module.pk, "onbekend"])).status_code
        == 404
    )
    # Once answered, it leaves the panel.
    FieldworkEntryFactory(portfolio=portfolio, assignment_id=f"{module.pk}:{assignment.block_id}")
    assert start not in client.get(reverse("dashboard")).content.decode()


def test_dashboard_panel(client, participant, entry):
    client.force_login(participant)
    html = client.get(reverse("dashboard")).content.decode()
    assert "Grofvuil bij de containers" in html and "1 veldwerkverslag" in html
