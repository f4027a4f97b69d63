"""Who sees and assesses what: trainers their cohorts, participants their own, nobody their own work."""

import pytest
from django.urls import reverse

from assessment import services
from assessment.models import Submission
from demo.factories.assessment import MilestoneFactory
from demo.factories.leergang import EnrolmentFactory

from .conftest import form_data, levels, make_portfolio


def test_queue_shows_only_cohorts_the_trainer_trains(client, submission, trainer, other_trainer):
    client.force_login(trainer)
    assert "Fenna de Vries" in client.get(reverse("assessment:queue")).content.decode()
    client.force_login(other_trainer)
    page = client.get(reverse("assessment:queue")).content.decode()
    assert "Fenna de Vries" not in page


@pytest.mark.parametrize("who", ["other_trainer", "peer", "outsider", "guild_member"])
def test_others_get_404_on_the_assess_page(client, submission, who, request):
    user = request.getfixturevalue(who)
    client.force_login(user)
    assert client.get(submission.get_assess_url()).status_code == 404
    response = client.post(submission.get_assess_url(), form_data(submission, "voldoende"))
    assert response.status_code == 404
    submission.refresh_from_db()
    assert submission.state == Submission.State.SUBMITTED


@pytest.mark.parametrize("who", ["other_trainer", "peer", "outsider", "guild_member"])
def test_others_get_404_on_the_participant_page(client, submission, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(submission.get_absolute_url()).status_code == 404
    entry = submission.snapshot["entries"][0]
    assert (
        client.get(submission.get_absolute_url() + f"bijlage/{entry['public_id']}/").status_code
        == 404
    )


def test_participant_cannot_open_the_trainer_pages(client, submission, participant, cohort):
    client.force_login(participant)
    assert client.get(reverse("assessment:queue")).status_code == 404
    assert client.get(submission.get_assess_url()).status_code == 404
    assert client.get(reverse("assessment:results", args=[cohort.pk])).status_code == 404
    assert client.get(reverse("assessment:results_csv", args=[cohort.pk])).status_code == 404


def test_anonymous_is_sent_to_login(client, submission):
    response = client.get(reverse("assessment:queue"))
    assert response.status_code == 302 and "/accounts/login/" in response.url
    response = client.get(submission.get_absolute_url())
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_trainer_cannot_export_another_cohort(client, trainer, other_cohort):
    client.force_login(trainer)
    assert client.get(reverse("assessment:results_csv", args=[other_cohort.pk])).status_code == 404


def test_nobody_assesses_their_own_work(client, trainer, cohort, rubric):
    """A trainer who is also enrolled (e.g. in their own cohort) cannot assess their own portfolio."""
    EnrolmentFactory(cohort=cohort, user=trainer)
    portfolio = make_portfolio(trainer)
    milestone = MilestoneFactory(cohort=cohort, rubric=rubric)
    own = services.submit(services.start(portfolio, milestone, trainer), trainer)
    assert not Submission.objects.assessable_by(trainer).filter(pk=own.pk).exists()
    client.force_login(trainer)
    assert client.get(own.get_assess_url()).status_code == 404
    with pytest.raises(services.TransitionError):
        services.save_scores(own, trainer, levels(own, "voldoende"))
    # They still see it as their own submission.
    assert client.get(own.get_absolute_url()).status_code == 200


def test_second_assessor_cannot_be_the_participant(submission, trainer, participant):
    with pytest.raises(services.TransitionError):
        services.invite_second_assessor(submission, trainer, participant)


def test_participant_sees_only_own_submissions(client, submission, peer, milestone):
    peer_sub = services.submit(services.start(make_portfolio(peer), milestone, peer), peer)
    assert set(Submission.objects.visible_to(peer)) == {peer_sub}
    client.force_login(peer)
    assert client.get(peer_sub.get_absolute_url()).status_code == 200
    assert client.get(submission.get_absolute_url()).status_code == 404


def test_administrator_may_assess(client, submission, administrator):
    client.force_login(administrator)
    assert client.get(submission.get_assess_url()).status_code == 200
