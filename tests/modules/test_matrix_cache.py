"""The trainer's matrix is cached under a fingerprint of its data: a change shows at once."""

import pytest
from django.urls import reverse

from demo.factories.leergang import EnrolmentFactory, ParticipantFactory
from modules.progress import set_section_done

pytestmark = pytest.mark.django_db


@pytest.fixture
def matrix(client, trainer, cohort, make_modules):
    client.force_login(trainer)
    modules = make_modules(2)
    user = ParticipantFactory(email="m0@example.org", first_name="Anna", last_name="Smit")
    EnrolmentFactory(cohort=cohort, user=user)
    path = reverse("modules:cohort_progress", args=[cohort.pk])

    def get():
        response = client.get(path)
        assert response.status_code == 200
        return response.content.decode()

    assert "0%" in get()
    assert "0%" in get()  # now from the cache
    return get, user, modules, cohort


def test_a_completed_section_shows_at_once(matrix):
    get, user, modules, _cohort = matrix
    for key in modules[0].section_keys:
        set_section_done(user, modules[0], key, True)
    assert "100%</td>" in get()
    set_section_done(user, modules[0], modules[0].section_keys[0], False)
    assert "100%</td>" not in get()


def test_a_new_participant_and_a_new_name_show_at_once(matrix):
    get, user, _modules, cohort = matrix
    EnrolmentFactory(
        cohort=cohort, user=ParticipantFactory(email="m1@example.org", first_name="Bram")
    )
    assert "Bram" in get()
    user.first_name = "Annemiek"
    user.save()
    assert "Annemiek" in get()


def test_a_published_module_shows_at_once(matrix, make_modules):
    get, _user, _modules, _cohort = matrix
    added = make_modules(1)[0]
    assert added.title in get()
    added.unpublish()
    assert added.title not in get()
