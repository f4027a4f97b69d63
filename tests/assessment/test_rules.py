"""Optimistic locking, forged transitions, second assessor, rubric versions."""

import pytest
from django.core import mail
from django.urls import reverse

from assessment import services
from assessment.models import Assessment, Submission

from .conftest import form_data, levels

State = Submission.State


def test_second_saver_is_told_and_nothing_is_overwritten(
    client, submission, trainer, other_trainer, cohort
):
    cohort.trainers.add(other_trainer)
    cohort.save()
    loaded_version = submission.version  # both trainers open the page now
    client.force_login(trainer)
    assert (
        client.post(
            submission.get_assess_url(),
            form_data(submission, "voldoende", version=loaded_version, comment="Eerste"),
        ).status_code
        == 302
    )

    client.force_login(other_trainer)
    response = client.post(
        submission.get_assess_url(),
        form_data(submission, "goed", version=loaded_version, comment="Mijn eigen tekst"),
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Iemand anders heeft intussen scores opgeslagen" in page
    assert "Marieke Postma" in page
    assert "Mijn eigen tekst" in page  # what they typed is kept
    scores = Assessment.objects.get(submission=submission, role="first").scores.all()
    assert {s.comment for s in scores} == {"Eerste"}
    submission.refresh_from_db()
    # Marieke claimed it first: the other trainer may not replace her scores, only take over.
    assert "Overnemen" in page
    response = client.post(
        submission.get_assess_url(),
        form_data(submission, "goed", version=submission.version, comment="Mijn eigen tekst"),
    )
    assert response.status_code == 403
    assert {s.comment for s in Assessment.objects.get(submission=submission).scores.all()} == {
        "Eerste"
    }

    # Saving again, knowingly, after taking over: their own scores; Marieke's stay hers.
    client.post(
        reverse("assessment:take_over", args=[submission.pk]),
        {"version": submission.version, "reason": "Marieke is ziek."},
    )
    submission.refresh_from_db()
    response = client.post(
        submission.get_assess_url(),
        form_data(submission, "goed", version=submission.version, comment="Mijn eigen tekst"),
    )
    assert response.status_code == 302
    mine = Assessment.objects.current().get(submission=submission, role="first")
    assert mine.assessor == other_trainer
    assert {s.comment for s in mine.scores.all()} == {"Mijn eigen tekst"}
    hers = Assessment.objects.get(submission=submission, assessor=trainer)
    assert {s.comment for s in hers.scores.all()} == {"Eerste"}


def test_stale_version_in_service_raises_conflict(submission, trainer):
    stale = submission.version
    services.save_scores(
        submission, trainer, levels(submission, "voldoende"), expected_version=stale
    )
    with pytest.raises(services.Conflict):
        services.save_scores(
            submission, trainer, levels(submission, "goed"), expected_version=stale
        )


def test_no_verdict_on_a_concept(client, portfolio, milestone, participant, trainer):
    draft = services.start(portfolio, milestone, participant)
    client.force_login(trainer)
    response = client.post(
        draft.get_assess_url(),
        {"action": "decision", "version": draft.version, "decision": "pass", "message": "x"},
    )
    assert response.status_code == 400
    assert "Concept" in response.content.decode()
    draft.refresh_from_db()
    assert draft.state == State.CONCEPT and draft.decided_at is None


def test_no_resubmission_of_a_passed_submission(client, submission, participant, trainer):
    services.save_scores(submission, trainer, levels(submission, "voldoende"))
    services.give_verdict(submission, trainer, True, "")
    submission.refresh_from_db()
    client.force_login(participant)
    response = client.post(
        submission.get_absolute_url(),
        {"action": "resubmit", "version": submission.version, "response": "nog eens"},
    )
    assert response.status_code == 400
    assert "herkansing" in response.content.decode()
    assert Submission.objects.count() == 1
    submission.refresh_from_db()
    assert submission.state == State.PASSED and submission.response == ""


def test_no_second_submit_and_no_scores_after_verdict(client, submission, participant, trainer):
    client.force_login(participant)
    response = client.post(
        submission.get_absolute_url(), {"action": "submit", "version": submission.version}
    )
    assert response.status_code == 400
    assert "al ingediend" in response.content.decode()
    services.save_scores(submission, trainer, levels(submission, "voldoende"))
    services.give_verdict(submission, trainer, False, "Helaas.")
    submission.refresh_from_db()
    client.force_login(trainer)
    response = client.post(submission.get_assess_url(), form_data(submission, "goed"))
    assert response.status_code == 400
    assert set(
        Assessment.objects.get(submission=submission).scores.values_list("points", flat=True)
    ) == {2}


def test_participant_cannot_assess_by_forged_post(client, submission, participant):
    client.force_login(participant)
    response = client.post(submission.get_assess_url(), form_data(submission, "goed"))
    assert response.status_code == 404
    assert not Assessment.objects.exists()


def test_trainer_cannot_submit_for_the_participant(
    client, portfolio, milestone, participant, trainer
):
    draft = services.start(portfolio, milestone, participant)
    client.force_login(trainer)
    response = client.post(draft.get_absolute_url(), {"action": "submit", "version": draft.version})
    assert response.status_code == 400
    draft.refresh_from_db()
    assert draft.state == State.CONCEPT


def test_verdict_needs_every_criterion(submission, trainer):
    scores = levels(submission, "voldoende")
    first_key = next(iter(scores))
    services.save_scores(submission, trainer, {first_key: scores[first_key]})
    with pytest.raises(services.TransitionError):
        services.give_verdict(submission, trainer, False, "")


def test_unknown_level_is_refused(client, submission, trainer):
    client.force_login(trainer)
    data = form_data(submission, "voldoende")
    key = next(k for k in data if k.startswith("level_"))
    data[key] = "forged"
    response = client.post(submission.get_assess_url(), data)
    assert response.status_code == 400
    assert not Assessment.objects.exists()


def test_second_assessor_scores_apart_and_differences_are_shown(
    client, submission, trainer, other_trainer, cohort
):
    cohort.trainers.add(other_trainer)
    cohort.save()
    mail.outbox.clear()
    services.save_scores(submission, trainer, levels(submission, "voldoende"))
    services.invite_second_assessor(submission, trainer, other_trainer)
    assert mail.outbox[0].to == [other_trainer.email]
    # No verdict before the second assessor has scored.
    with pytest.raises(services.TransitionError):
        services.give_verdict(submission, trainer, True, "")
    services.save_scores(submission, other_trainer, levels(submission, "goed"))
    first = Assessment.objects.get(submission=submission, role="first")
    second = Assessment.objects.get(submission=submission, role="second")
    assert set(first.scores.values_list("points", flat=True)) == {2}
    assert set(second.scores.values_list("points", flat=True)) == {3}
    client.force_login(trainer)
    page = client.get(submission.get_assess_url()).content.decode()
    assert "De beoordelaars verschillen op 2 criteria." in page
    services.give_verdict(submission, trainer, True, "")
    submission.refresh_from_db()
    assert submission.state == State.PASSED


def test_editing_a_rubric_in_use_creates_a_new_version(
    submission, trainer, rubric, portfolio, milestone, peer
):
    services.save_scores(submission, trainer, levels(submission, "voldoende"))
    old_definition = submission.rubric_version.definition
    data = rubric.criteria.raw_data
    data[0]["value"]["name"] = "Aansluiten bij ambities van bewoners"
    rubric.criteria = data
    rubric.save()
    rubric.refresh_from_db()
    new_version = rubric.current_version()
    assert new_version.number == 2
    submission.refresh_from_db()
    assert submission.rubric_version.number == 1
    assert submission.rubric_version.definition == old_definition
    assert submission.assessment_summary()["criteria"][0]["name"] == "Aansluiten bij ambities"
    # Unchanged rubric: no new version.
    assert rubric.current_version() == new_version
