"""The trainer's progress matrix: participants by modules, for the cohort's trainers only."""

import pytest
from django.urls import reverse

from demo.factories.modules import SectionCompletionFactory

pytestmark = pytest.mark.django_db


def matrix_url(cohort):
    return reverse("modules:cohort_progress", args=[cohort.pk])


def test_trainer_sees_matrix(client, module, cohort, trainer, participant, peer):
    for key in module.section_keys:
        SectionCompletionFactory(user=participant, page=module, section=key)
    client.force_login(trainer)
    response = client.get(matrix_url(cohort))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Fenna de Vries" in html and "Jelle" in html
    assert "100%" in html and "0%" in html
    # Jelle is far behind the average of 50%.
    assert "Achter:" in html
    assert html.index("Achter:") < html.index("Jelle")


def test_matrix_does_not_mix_cohorts(client, module, cohort, trainer, participant, outsider):
    client.force_login(trainer)
    html = client.get(matrix_url(cohort)).content.decode()
    assert outsider.email not in html and str(outsider) not in html


@pytest.mark.parametrize("role", ["other_trainer", "participant", "guild_member"])
def test_others_get_404(client, module, cohort, role, request):
    client.force_login(request.getfixturevalue(role))
    assert client.get(matrix_url(cohort)).status_code == 404


def test_administrator_sees_every_cohort(client, module, cohort, other_cohort, administrator):
    client.force_login(administrator)
    assert client.get(matrix_url(other_cohort)).status_code == 200
    html = client.get(reverse("modules:progress_overview")).content.decode()
    assert cohort.name in html and other_cohort.name in html


def test_anonymous_is_sent_to_login(client, cohort):
    response = client.get(matrix_url(cohort))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_unknown_cohort_is_404(client, trainer):
    client.force_login(trainer)
    assert client.get("/voortgang/groep/999999/").status_code == 404
    assert client.get("/voortgang/groep/99999999999999999999999/").status_code == 404


def test_overview_lists_own_cohorts(client, cohort, other_cohort, trainer):
    client.force_login(trainer)
    html = client.get(reverse("modules:progress_overview")).content.decode()
    assert cohort.name in html and other_cohort.name not in html


def test_overview_is_404_for_participants(client, participant):
    client.force_login(participant)
    assert client.get(reverse("modules:progress_overview")).status_code == 404


def test_empty_cohort(client, module, cohort, trainer):
    client.force_login(trainer)
    html = client.get(matrix_url(cohort)).content.decode()
    assert "Er zijn nog geen deelnemers" in html
