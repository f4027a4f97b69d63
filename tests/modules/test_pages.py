"""Page tree rules, who reads what, and the course overview."""

import pytest
from wagtail.models import Page

from demo.factories.leergang import ParticipantFactory
from demo.factories.modules import ModulePageFactory, stream
from leergang.models import HomePage
from modules.models import CourseIndexPage, ModulePage, assignment_outcome_errors

pytestmark = pytest.mark.django_db

SECRET = "Tekst van onderdeel 1"


def test_module_page_only_under_course_index():
    assert ModulePage.allowed_parent_page_models() == [CourseIndexPage]
    assert CourseIndexPage.allowed_parent_page_models() == [HomePage]
    assert ModulePage.allowed_subpage_models() == []


def test_course_index_only_once(course_index, home_page):
    assert not CourseIndexPage.can_create_at(home_page)
    assert not ModulePage.can_create_at(home_page)
    assert ModulePage.can_create_at(course_index)
    assert not ModulePage.can_create_at(Page.get_first_root_node())


@pytest.mark.parametrize(
    "role", ["participant", "outsider", "trainer", "other_trainer", "guild_member", "administrator"]
)
def test_readers_see_content(client, module, role, request):
    client.force_login(request.getfixturevalue(role))
    response = client.get(module.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert SECRET in html
    assert "Opdracht in de wijk" in html


def test_anonymous_sees_teaser_only(client, module):
    response = client.get(module.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Laagdrempelig contact" in html
    assert "Een module over community werk." in html
    assert "Je legt contact met bewoners." in html
    assert SECRET not in html
    assert "Opdracht in de wijk" not in html
    assert "Word deelnemer" in html or "Doe mee" in html


def test_participant_without_enrolment_sees_teaser(client, module):
    client.force_login(ParticipantFactory(email="nog-niet@example.org"))
    html = client.get(module.url).content.decode()
    assert SECRET not in html
    assert "Je legt contact met bewoners." in html


def test_draft_module_is_404(client, course_index, participant):
    draft = ModulePageFactory(parent=course_index, live=False)
    client.force_login(participant)
    assert client.get(f"/leergang/{draft.slug}/").status_code == 404


def test_unknown_module_is_404(client, course_index, participant):
    client.force_login(participant)
    assert client.get("/leergang/bestaat-niet/").status_code == 404


def test_participant_sees_toggles_and_start_link(client, module, participant):
    client.force_login(participant)
    html = client.get(module.url).content.decode()
    assert html.count("Markeer als gedaan") == 2
    assert f"/portfolio/opdracht/{module.pk}/" in html


def test_trainer_sees_no_toggles(client, module, trainer):
    client.force_login(trainer)
    html = client.get(module.url).content.decode()
    assert "Markeer als gedaan" not in html
    assert "/portfolio/opdracht/" not in html


def test_course_index_lists_modules_in_order(client, course_index, make_modules, participant):
    first, second = make_modules(2)
    client.force_login(participant)
    html = client.get(course_index.url).content.decode()
    assert html.index(first.title) < html.index(second.title)
    assert "0 van 2 onderdelen gedaan" in html


def test_course_index_shows_schedule_of_own_cohort(client, course_index, participant, cohort):
    from demo.factories.leergang import CohortSessionFactory

    CohortSessionFactory(cohort=cohort, topic="Vragen naar ideeën van bewoners")
    client.force_login(participant)
    html = client.get(course_index.url).content.decode()
    assert "Vragen naar ideeën van bewoners" in html


def test_assignment_outcome_numbers_are_checked(course_index):
    page = ModulePageFactory(parent=course_index, outcomes=["Eén leeruitkomst"])
    page.body = stream(
        [
            (
                "assignment",
                {"title": "X", "kind": "values", "instructions": "<p>x</p>", "outcomes": "1, 4"},
            )
        ]
    )
    errors = assignment_outcome_errors(page.body, 1)
    assert len(errors) == 1 and "leeruitkomst 4" in str(errors[0])
    assert assignment_outcome_errors(page.body, 4) == []


def test_sections_are_the_headings(module):
    sections = [s for s in module.get_sections() if s.key]
    assert [s.heading for s in sections] == ["Onderdeel 1", "Onderdeel 2"]
    assert module.section_keys == [s.key for s in sections]


def test_module_without_headings_is_one_section(course_index):
    page = ModulePageFactory(parent=course_index, body=stream([("text", "<p>Alleen tekst</p>")]))
    assert page.section_keys == ["module"]
    assert [s.key for s in page.get_sections()] == ["module"]


def test_home_page_lists_modules_publicly(client, module):
    html = client.get("/").content.decode()
    assert "Laagdrempelig contact" in html
    assert "Een module over community werk." in html
    assert SECRET not in html
