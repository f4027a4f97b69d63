"""The defects the matrix and the hostile-input tests found, each pinned by a plain test."""

from django.urls import reverse

from assessment import services
from demo.factories.assessment import MilestoneFactory, RubricFactory
from leergang.models import Cohort


def _submitted(participant, cohort, entry):
    milestone = MilestoneFactory(cohort=cohort, rubric=RubricFactory(name="Regressie"))
    return services.submit(services.start(entry.portfolio, milestone, participant), participant)


def test_deleting_a_cohort_with_submissions_is_refused_with_a_message(
    client, administrator, participant, cohort, entry
):
    _submitted(participant, cohort, entry)
    client.force_login(administrator)
    url = reverse("wagtailsnippets_leergang_cohort:delete", args=[cohort.pk])
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 302
    assert Cohort.objects.filter(pk=cohort.pk).exists()
    page = client.get(reverse("wagtailsnippets_leergang_cohort:edit", args=[cohort.pk]))
    assert "kan niet worden verwijderd" in page.content.decode()


def test_a_post_without_the_streamfield_count_is_a_bad_request(client, administrator):
    client.force_login(administrator)
    response = client.post(reverse("wagtailsnippets_assessment_rubric:add"), {"name": "Leeg"})
    assert response.status_code == 400


def test_an_out_of_range_learning_outcome_id_is_a_form_error(client, participant, entry):
    client.force_login(participant)
    response = client.post(
        reverse("portfolio:entry_edit", args=[entry.public_id]),
        {
            "title": "Nieuw",
            "date": "2017-03-01",
            "setting": "street",
            "learning_outcomes": [str(2**70)],
        },
    )
    assert response.status_code == 400
    entry.refresh_from_db()
    assert entry.title == "Grofvuil bij de containers"


def test_head_answers_like_get(client, participant, portfolio):
    client.force_login(participant)
    for name in ("portfolio:entry_create", "portfolio:export"):
        assert client.head(reverse(name)).status_code == 200
