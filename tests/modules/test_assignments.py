"""The contract the portfolio app codes against."""

import pytest

from demo.factories.leergang import ParticipantFactory
from demo.factories.modules import ModulePageFactory
from modules.assignments import Assignment, assignments_for_user, get_assignment

pytestmark = pytest.mark.django_db


def test_assignments_in_course_order(course_index, participant):
    first = ModulePageFactory(parent=course_index, outcomes=["Eerste", "Tweede"])
    second = ModulePageFactory(parent=course_index)
    result = assignments_for_user(participant)
    assert [a.module.pk for a in result] == [first.pk, second.pk]
    assignment = result[0]
    assert isinstance(assignment, Assignment)
    assert assignment.title == "Opdracht in de wijk"
    assert assignment.kind == "fieldwork"
    assert assignment.instructions == "Ga de straat op en vraag naar ideeën."
    assert [o.text for o in assignment.outcomes] == ["Eerste"]
    assert isinstance(assignment.module, type(first))


def test_values_kind(course_index, participant):
    from demo.factories.modules import sample_body

    ModulePageFactory(parent=course_index, body=sample_body(assignment_kind="values"))
    assert assignments_for_user(participant)[0].kind == "values"


def test_get_assignment(course_index, participant):
    page = ModulePageFactory(parent=course_index)
    block_id = assignments_for_user(participant)[0].block_id
    found = get_assignment(page.pk, block_id, participant)
    assert found is not None and found.module.pk == page.pk
    assert get_assignment(str(page.pk), block_id, participant) == found


@pytest.mark.parametrize(
    "module_id, block_id",
    [(0, "x"), (-1, "x"), ("abc", "x"), (10**30, "x"), (None, None), (999999, "x")],
)
def test_get_assignment_bad_ids(course_index, participant, module_id, block_id):
    ModulePageFactory(parent=course_index)
    assert get_assignment(module_id, block_id, participant) is None


def test_unknown_block_is_none(course_index, participant):
    page = ModulePageFactory(parent=course_index)
    assert get_assignment(page.pk, "0000", participant) is None
    section = page.section_keys[0]
    assert get_assignment(page.pk, section, participant) is None


def test_not_readable_means_nothing(course_index):
    page = ModulePageFactory(parent=course_index)
    stranger = ParticipantFactory(email="stranger@example.org")
    assert assignments_for_user(stranger) == []
    from django.contrib.auth.models import AnonymousUser

    assert assignments_for_user(AnonymousUser()) == []
    block_id = page.body.raw_data[-1]["id"]
    assert get_assignment(page.pk, block_id, stranger) is None


def test_draft_modules_have_no_assignments(course_index, participant):
    ModulePageFactory(parent=course_index, live=False)
    assert assignments_for_user(participant) == []
