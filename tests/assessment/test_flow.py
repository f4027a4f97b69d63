"""Submit, assess, ask for revision, resubmit, pass: the states and the frozen snapshot."""

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import ModelLogEntry

from assessment import services
from assessment.models import Submission
from portfolio.models import FieldworkEntry, PrivacyFinding

from .conftest import form_data, levels

State = Submission.State


def test_participant_starts_and_submits_through_the_pages(
    client, participant, portfolio, milestone, trainer
):
    client.force_login(participant)
    response = client.get(reverse("assessment:submissions"))
    assert "Tussentijdse beoordeling" in response.content.decode()
    response = client.post(reverse("assessment:submissions"), {"milestone": milestone.pk})
    submission = Submission.objects.get()
    assert response.url == submission.get_absolute_url()
    assert submission.state == State.CONCEPT
    assert "Concept" in client.get(submission.get_absolute_url()).content.decode()

    response = client.post(
        submission.get_absolute_url(), {"action": "submit", "version": 1}, follow=True
    )
    submission.refresh_from_db()
    assert submission.state == State.SUBMITTED
    assert "Ingediend" in response.content.decode()
    assert [e["title"] for e in submission.snapshot["entries"]] == ["Bankje bij de brug"]
    assert submission.rubric_version.number == 1


def test_snapshot_is_frozen_when_the_portfolio_changes(client, submission, participant, trainer):
    FieldworkEntry.objects.update(title="Later veranderd")
    client.force_login(trainer)
    page = client.get(submission.get_assess_url()).content.decode()
    assert "Bankje bij de brug" in page
    assert "Later veranderd" not in page
    client.force_login(participant)
    page = client.get(submission.get_absolute_url()).content.decode()
    assert "Bankje bij de brug" in page and "Later veranderd" not in page
    submission.refresh_from_db()
    assert submission.snapshot["entries"][0]["title"] == "Bankje bij de brug"


def test_blockers_refuse_submission(client, participant, portfolio, milestone):
    entry = portfolio.entries.get()
    PrivacyFinding.objects.create(entry=entry, field="actions", kind="phone", text="06-12345678")
    draft = services.start(portfolio, milestone, participant)
    client.force_login(participant)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "open privacy" in page or "privacy" in page.lower()
    response = client.post(draft.get_absolute_url(), {"action": "submit", "version": draft.version})
    assert response.status_code == 400
    draft.refresh_from_db()
    assert draft.state == State.CONCEPT and draft.snapshot == {}


def test_full_cycle_with_revision_round(client, submission, participant, trainer):
    client.force_login(trainer)
    response = client.post(submission.get_assess_url(), form_data(submission, "voldoende"))
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.state == State.IN_REVIEW
    assert submission.first_assessor == trainer

    mail.outbox.clear()
    response = client.post(
        submission.get_assess_url(),
        {
            "action": "decision",
            "version": submission.version,
            "decision": "revision",
            "message": "Maak je waarden concreter.",
        },
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.state == State.REVISION_REQUESTED
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [participant.email]

    client.force_login(participant)
    page = client.get(submission.get_absolute_url()).content.decode()
    assert "Maak je waarden concreter." in page
    assert "Herkansing gevraagd" in page
    response = client.post(
        submission.get_absolute_url(),
        {
            "action": "resubmit",
            "version": submission.version,
            "response": "Ik heb mijn waarden uitgeschreven.",
        },
    )
    second = Submission.objects.get(round=2)
    assert response.url == second.get_absolute_url()
    assert second.state == State.SUBMITTED
    assert second.rubric_version == submission.rubric_version
    submission.refresh_from_db()
    assert submission.response == "Ik heb mijn waarden uitgeschreven."

    client.force_login(trainer)
    client.post(second.get_assess_url(), form_data(second, "goed"))
    second.refresh_from_db()
    client.post(
        second.get_assess_url(),
        {"action": "decision", "version": second.version, "decision": "pass", "message": "Top."},
    )
    second.refresh_from_db()
    assert second.state == State.PASSED
    # Both rounds stay visible to the participant.
    client.force_login(participant)
    page = client.get(second.get_absolute_url()).content.decode()
    assert "Ronde 1" in page and "Ronde 2" in page
    assert "Maak je waarden concreter." in page and "Ik heb mijn waarden uitgeschreven." in page
    assert "Voldaan" in page


def test_entry_comment_is_shown_to_the_participant_after_feedback(
    client, submission, participant, trainer
):
    entry_id = submission.snapshot["entries"][0]["id"]
    client.force_login(trainer)
    client.post(
        submission.get_assess_url(),
        {"action": "comment", "entry_id": entry_id, "text": "Mooi voorbeeld!"},
    )
    client.force_login(participant)
    assert "Mooi voorbeeld!" not in client.get(submission.get_absolute_url()).content.decode()
    services.save_scores(submission, trainer, levels(submission, "voldoende"))
    services.request_revision(submission, trainer, "Nog een ronde.")
    assert "Mooi voorbeeld!" in client.get(submission.get_absolute_url()).content.decode()


def test_comment_on_entry_not_in_snapshot_is_refused(client, submission, trainer):
    client.force_login(trainer)
    response = client.post(
        submission.get_assess_url(), {"action": "comment", "entry_id": 999999, "text": "x"}
    )
    assert response.status_code == 400
    assert "maakt geen deel uit" in response.content.decode()
    assert not submission.entry_comments.exists()


def test_pass_must_agree_with_the_rubric_rule(client, submission, trainer):
    services.save_scores(submission, trainer, levels(submission, "onvoldoende"))
    submission.refresh_from_db()
    client.force_login(trainer)
    response = client.post(
        submission.get_assess_url(),
        {"action": "decision", "version": submission.version, "decision": "pass", "message": ""},
    )
    assert response.status_code == 400
    submission.refresh_from_db()
    assert submission.state == State.IN_REVIEW


def test_every_transition_is_in_the_audit_timeline(client, submission, participant, trainer):
    services.save_scores(submission, trainer, levels(submission, "voldoende"))
    services.request_revision(submission, trainer, "Nog een ronde.")
    second = services.resubmit(submission, participant, "Gedaan.")
    actions = list(
        ModelLogEntry.objects.filter(object_id__in=[str(submission.pk), str(second.pk)])
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "assessment.start",
        "assessment.submit",
        "assessment.score",
        "assessment.request_revision",
        "assessment.respond",
        "assessment.resubmit",
    ]
    client.force_login(participant)
    page = client.get(second.get_absolute_url()).content.decode()
    assert "Tijdlijn" in page
    assert "Heeft om een herkansing gevraagd" in page
    assert "Heeft het portfolio opnieuw ingediend" in page


@pytest.mark.parametrize("label", ["voldoende"])
def test_assessment_summary_format(submission, trainer, label):
    services.save_scores(submission, trainer, levels(submission, label))
    services.give_verdict(submission, trainer, True, "Voldaan, goed werk.")
    summary = submission.assessment_summary()
    assert summary["verdict"] == "passed"
    assert summary["feedback"] == "Voldaan, goed werk."
    assert [c["name"] for c in summary["criteria"]] == ["Aansluiten bij ambities", "Reflectie"]
    assert summary["criteria"][0]["scores"]["first"]["level"] == "voldoende"
    assert summary["criteria"][0]["scores"]["second"] is None
    assert summary["rounds"][0]["round"] == 1
    assert summary["rule_outcome"] is True
