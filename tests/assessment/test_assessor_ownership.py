"""Each trainer's scores are their own: only the first assessor (or whoever took over) and an
invited second assessor score; only the first assessor decides; anyone else reads and may take over."""

import csv
import io

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from wagtail.models import ModelLogEntry

from assessment import services
from assessment.models import Assessment, EntryComment, Submission
from demo.factories.leergang import TrainerFactory

from .conftest import form_data, levels

State = Submission.State


@pytest.fixture
def co_trainer(cohort):
    """A second trainer of the same cohort, not asked to assess."""
    user = TrainerFactory(email="trainer3@example.org", first_name="Sietse", last_name="Bakker")
    cohort.trainers.add(user)
    cohort.save()  # a ParentalManyToManyField is written on save
    return user


@pytest.fixture
def scored(submission, trainer):
    """Marieke (the trainer) has scored every criterion: she is the first assessor."""
    services.save_scores(
        submission,
        trainer,
        {k: (lv, "Eerste") for k, (lv, _c) in levels(submission, "voldoende").items()},
    )
    submission.refresh_from_db()
    return submission


def first_scores(submission, assessor):
    assessment = Assessment.objects.get(submission=submission, role="first", assessor=assessor)
    return {(s.points, s.comment) for s in assessment.scores.all()}


def take_over_url(submission):
    return reverse("assessment:take_over", args=[submission.pk])


def test_co_trainer_sees_who_assesses_and_cannot_change_the_scores(
    client, scored, trainer, co_trainer
):
    client.force_login(co_trainer)
    page = client.get(scored.get_assess_url()).content.decode()
    assert "Beoordeeld door Marieke Postma" in page
    assert "Scores opslaan" not in page  # read only
    assert "Eerste" in page  # her scores, readable
    assert take_over_url(scored) in page and "Overnemen" in page

    response = client.post(
        scored.get_assess_url(), form_data(scored, "goed", comment="Overschreven")
    )
    assert response.status_code == 403
    assert "Marieke Postma beoordeelt deze inzending" in response.content.decode()
    assert first_scores(scored, trainer) == {(2, "Eerste")}
    assert not Assessment.objects.filter(assessor=co_trainer).exists()
    before = scored.version
    scored.refresh_from_db()
    assert scored.first_assessor == trainer and scored.version == before


def test_assigned_but_not_yet_scored_says_toegewezen(client, submission, trainer, co_trainer):
    services.invite_second_assessor(submission, trainer, co_trainer)  # claims it without scores
    third = TrainerFactory(email="trainer4@example.org", first_name="Anne")
    cohort = submission.cohort
    cohort.trainers.add(third)
    cohort.save()
    client.force_login(third)
    page = client.get(submission.get_assess_url()).content.decode()
    assert "Toegewezen aan Marieke Postma" in page
    assert "Scores opslaan" not in page


def test_co_trainer_cannot_decide_comment_or_invite(client, scored, participant, co_trainer):
    client.force_login(co_trainer)
    mail.outbox.clear()
    for decision in ("pass", "fail", "revision"):
        response = client.post(
            scored.get_assess_url(),
            {"action": "decision", "version": scored.version, "decision": decision, "message": "x"},
        )
        assert response.status_code == 403
    entry_id = scored.snapshot["entries"][0]["id"]
    response = client.post(
        scored.get_assess_url(), {"action": "comment", "entry_id": entry_id, "text": "Van mij"}
    )
    assert response.status_code == 403
    scored.refresh_from_db()
    assert scored.state == State.IN_REVIEW
    assert scored.decided_by is None and scored.feedback == ""
    assert not EntryComment.objects.exists()
    assert mail.outbox == []


def test_take_over_is_logged_mails_the_previous_assessor_then_the_new_one_scores_and_decides(
    client, scored, trainer, co_trainer, participant
):
    client.force_login(co_trainer)
    page = client.get(take_over_url(scored)).content.decode()
    assert "Beoordeling overnemen" in page and "Waarom neem je het over?" in page
    # Without a reason nothing happens.
    response = client.post(take_over_url(scored), {"version": scored.version, "reason": " "})
    assert response.status_code == 400
    scored.refresh_from_db()
    assert scored.first_assessor == trainer

    mail.outbox.clear()
    response = client.post(
        take_over_url(scored), {"version": scored.version, "reason": "Marieke is met verlof."}
    )
    assert response.status_code == 302
    scored.refresh_from_db()
    assert scored.first_assessor == co_trainer
    log = ModelLogEntry.objects.get(action="assessment.take_over")
    assert log.user == co_trainer and log.object_id == str(scored.pk)
    assert log.data["reason"] == "Marieke is met verlof."
    assert [m.to for m in mail.outbox] == [[trainer.email]]
    body = mail.outbox[0].body
    assert settings.WAGTAILADMIN_BASE_URL + scored.get_assess_url() in body
    assert "verlof" not in body and "Eerste" not in body and "Bankje" not in body

    # Her scores stay hers, shown in the history; the form starts from them.
    assert first_scores(scored, trainer) == {(2, "Eerste")}
    page = client.get(scored.get_assess_url()).content.decode()
    assert "Eerdere beoordelaars" in page and "Scores van Marieke Postma" in page
    assert "Marieke is met verlof." in page  # the reason, for the trainers
    assert "Scores opslaan" in page and "Het formulier begint met de scores van" in page
    # Her scores do not count for the new assessor's verdict until he saves his own.
    with pytest.raises(services.TransitionError):
        services.give_verdict(scored, co_trainer, True, "")

    response = client.post(scored.get_assess_url(), form_data(scored, "goed", comment="Tweede"))
    assert response.status_code == 302
    scored.refresh_from_db()
    response = client.post(
        scored.get_assess_url(),
        {"action": "decision", "version": scored.version, "decision": "pass", "message": ""},
    )
    assert response.status_code == 302
    scored.refresh_from_db()
    assert scored.state == State.PASSED and scored.decided_by == co_trainer
    assert first_scores(scored, co_trainer) == {(3, "Tweede")}
    assert first_scores(scored, trainer) == {(2, "Eerste")}
    # The participant sees the scores that counted, and not the reason.
    client.force_login(participant)
    page = client.get(scored.get_absolute_url()).content.decode()
    assert "Tweede" in page and "Eerste" not in page and "verlof" not in page
    assert scored.assessment_summary()["criteria"][0]["scores"]["first"]["comment"] == "Tweede"


def test_previous_assessor_is_read_only_after_the_take_over(client, scored, trainer, co_trainer):
    services.take_over(scored, co_trainer, "Ik neem het over.")
    client.force_login(trainer)
    page = client.get(scored.get_assess_url()).content.decode()
    assert "Toegewezen aan Sietse Bakker" in page and "Scores opslaan" not in page
    response = client.post(scored.get_assess_url(), form_data(scored, "goed", comment="Toch"))
    assert response.status_code == 403
    assert first_scores(scored, trainer) == {(2, "Eerste")}


def test_administrator_may_take_over(client, scored, trainer, administrator):
    client.force_login(administrator)
    page = client.get(scored.get_assess_url()).content.decode()
    assert "Beoordeeld door Marieke Postma" in page and "Scores opslaan" not in page
    response = client.post(take_over_url(scored), {"version": scored.version, "reason": "Beheer"})
    assert response.status_code == 302
    scored.refresh_from_db()
    assert scored.first_assessor == administrator
    assert "Scores opslaan" in client.get(scored.get_assess_url()).content.decode()


def test_nothing_to_take_over_while_nobody_assesses(client, submission, co_trainer):
    client.force_login(co_trainer)
    response = client.get(take_over_url(submission))
    assert response.status_code == 302 and response.url == submission.get_assess_url()
    response = client.post(
        take_over_url(submission), {"version": submission.version, "reason": "x"}
    )
    assert response.status_code == 400
    assert not ModelLogEntry.objects.filter(action="assessment.take_over").exists()


def test_results_name_whoever_decided(client, scored, trainer, co_trainer, cohort):
    services.give_verdict(scored, trainer, True, "")
    # A round decided by someone else than its first assessor (as the old code allowed).
    Submission.objects.filter(pk=scored.pk).update(decided_by=co_trainer)
    client.force_login(trainer)
    response = client.get(reverse("assessment:results_csv", args=[cohort.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][rows[0].index("Beoordelaar")] == "Sietse Bakker"


def test_results_after_a_take_over_name_the_new_assessor(client, scored, co_trainer, cohort):
    services.take_over(scored, co_trainer, "Overname")
    services.save_scores(scored, co_trainer, levels(scored, "goed"))
    services.give_verdict(scored, co_trainer, True, "")
    client.force_login(co_trainer)
    page = client.get(reverse("assessment:results", args=[cohort.pk])).content.decode()
    assert "Sietse Bakker" in page and "goed (3)" in page and "voldoende (2)" not in page


def test_second_assessors_scores_stay_apart(client, scored, trainer, other_trainer, co_trainer):
    cohort = scored.cohort
    cohort.trainers.add(other_trainer)
    cohort.save()
    services.invite_second_assessor(scored, trainer, other_trainer)
    services.save_scores(scored, other_trainer, levels(scored, "onvoldoende"))
    scored.refresh_from_db()

    def second():
        assessment = Assessment.objects.get(submission=scored, role="second")
        return assessment.assessor, {s.points for s in assessment.scores.all()}

    # A third trainer writes into neither assessment.
    client.force_login(co_trainer)
    assert client.post(scored.get_assess_url(), form_data(scored, "goed")).status_code == 403
    assert second() == (other_trainer, {1})
    assert first_scores(scored, trainer) == {(2, "Eerste")}
    # The first assessor cannot swap in another second assessor over the first one's scores.
    with pytest.raises(services.TransitionError):
        services.invite_second_assessor(scored, trainer, co_trainer)
    # The second assessor neither decides nor takes over.
    with pytest.raises(services.TransitionError):
        services.give_verdict(scored, other_trainer, False, "")
    with pytest.raises(services.TransitionError):
        services.take_over(scored, other_trainer, "Ik wil eerste zijn")
    # A take-over by the third trainer leaves the second assessor and their scores alone.
    services.take_over(scored, co_trainer, "Overname")
    scored.refresh_from_db()
    assert scored.second_assessor == other_trainer
    assert second() == (other_trainer, {1})


def test_queue_shows_who_is_assigned(client, scored, trainer, co_trainer):
    client.force_login(co_trainer)
    page = client.get(reverse("assessment:queue")).content.decode()
    assert "Marieke Postma" in page
    assert ">Bekijken<span" in page and ">Beoordelen<span" not in page
    client.force_login(trainer)
    page = client.get(reverse("assessment:queue")).content.decode()
    assert "(jij)" in page and ">Beoordelen<span" in page
