"""Marking sections as done: only for oneself, only real sections of live modules."""

import pytest
from django.urls import reverse

from demo.factories.leergang import ParticipantFactory
from demo.factories.modules import ModulePageFactory, SectionCompletionFactory
from modules.models import SectionCompletion

pytestmark = pytest.mark.django_db


def url(page_id, section):
    return reverse("modules:mark_section", args=[page_id, section])


def test_participant_marks_section_done_and_undone(client, module, participant):
    client.force_login(participant)
    key = module.section_keys[0]
    response = client.post(url(module.pk, key), {"done": "1"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#section-{key}")
    assert SectionCompletion.objects.filter(user=participant, page=module, section=key).exists()
    html = client.get(module.url).content.decode()
    assert "Onderdeel gemarkeerd als gedaan." in html
    assert "1 van 2 onderdelen gedaan" in html

    client.post(url(module.pk, key), {"done": "0"})
    assert not SectionCompletion.objects.filter(user=participant).exists()


def test_marking_twice_keeps_one_record(client, module, participant):
    client.force_login(participant)
    key = module.section_keys[1]
    client.post(url(module.pk, key), {"done": "1"})
    client.post(url(module.pk, key), {"done": "1"})
    assert SectionCompletion.objects.filter(user=participant).count() == 1


def test_fetch_request_gets_json(client, module, participant):
    client.force_login(participant)
    response = client.post(
        url(module.pk, module.section_keys[0]), {"done": "1"}, headers={"x-requested-with": "fetch"}
    )
    assert response.json() == {
        "done": True,
        "percent": 50,
        "completed": 1,
        "total": 2,
        "message": "1 van 2 onderdelen gedaan",
    }


def test_forged_user_field_is_ignored(client, module, participant, peer):
    client.force_login(participant)
    client.post(url(module.pk, module.section_keys[0]), {"done": "1", "user": peer.pk})
    assert not SectionCompletion.objects.filter(user=peer).exists()
    assert SectionCompletion.objects.filter(user=participant).count() == 1


def test_cannot_unmark_someone_elses_progress(client, module, participant, peer):
    SectionCompletionFactory(user=peer, page=module)
    client.force_login(participant)
    client.post(url(module.pk, module.section_keys[0]), {"done": "0", "user": peer.pk})
    assert SectionCompletion.objects.filter(user=peer).count() == 1


@pytest.mark.parametrize("role", ["trainer", "guild_member", "administrator"])
def test_non_participants_keep_no_progress(client, module, role, request):
    client.force_login(request.getfixturevalue(role))
    assert client.post(url(module.pk, module.section_keys[0])).status_code == 404
    assert not SectionCompletion.objects.exists()


def test_participant_without_enrolment_gets_404(client, module):
    client.force_login(ParticipantFactory(email="los@example.org"))
    assert client.post(url(module.pk, module.section_keys[0])).status_code == 404


def test_anonymous_gets_404(client, module):
    assert client.post(url(module.pk, module.section_keys[0])).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/voortgang/999999/abc/",
        "/voortgang/99999999999999999999999999/abc/",
        "/voortgang/0/abc/",
    ],
)
def test_unknown_pages_are_404(client, module, participant, path):
    client.force_login(participant)
    assert client.post(path).status_code == 404


def test_unknown_section_is_404(client, module, participant):
    client.force_login(participant)
    assert client.post(url(module.pk, "niet-een-onderdeel")).status_code == 404
    assert client.post(url(module.pk, "module")).status_code == 404


def test_other_page_types_are_404(client, module, participant, home_page, course_index):
    client.force_login(participant)
    assert client.post(url(home_page.pk, "module")).status_code == 404
    assert client.post(url(course_index.pk, "module")).status_code == 404


def test_draft_module_is_404(client, course_index, participant):
    draft = ModulePageFactory(parent=course_index, live=False)
    client.force_login(participant)
    assert client.post(url(draft.pk, draft.section_keys[0])).status_code == 404


def test_get_is_refused_without_error(client, module, participant):
    client.force_login(participant)
    assert client.get(url(module.pk, module.section_keys[0])).status_code == 405


def test_csrf_is_required(module, participant):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(participant)
    assert client.post(url(module.pk, module.section_keys[0])).status_code == 403
    assert not SectionCompletion.objects.exists()


def test_dashboard_shows_progress_per_module_and_course(client, module, participant):
    SectionCompletionFactory(user=participant, page=module)
    client.force_login(participant)
    html = client.get("/mijn-leergang/").content.decode()
    assert "Jouw voortgang" in html
    assert "Hele leergang: 50%" in html
    assert "Laagdrempelig contact" in html


def test_dashboard_of_trainer_links_to_matrix(client, module, trainer, cohort):
    client.force_login(trainer)
    html = client.get("/mijn-leergang/").content.decode()
    assert reverse("modules:cohort_progress", args=[cohort.pk]) in html
    assert "Hele leergang" not in html
