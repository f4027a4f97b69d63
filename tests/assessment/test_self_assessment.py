"""Self-assessment: optional per milestone, kept as typed, frozen into the submitted round,
beside the assessor's levels for the trainer (always) and the participant (after the verdict)."""

import pytest
from django.urls import reverse

from assessment import selfassess, services
from assessment.models import SelfAssessment, Submission
from leergang.privacy import erase_user

from .conftest import levels


@pytest.fixture
def milestone(milestone):
    milestone.self_assessment = True
    milestone.save()
    return milestone


@pytest.fixture
def draft(portfolio, milestone, participant):
    return services.start(portfolio, milestone, participant)


def _url(submission):
    return reverse("assessment:self_assessment", args=[submission.pk])


def _criteria(submission):
    return selfassess.criteria_for(submission)


def _data(submission, label_index=1, sentence="Ik vraag steeds door."):
    data = {}
    for c in _criteria(submission):
        data[f"level_{c['key']}"] = c["levels"][label_index]["key"]
        data[f"sentence_{c['key']}"] = sentence
    return data


def test_off_by_default_hidden_and_refused(client, participant, portfolio, rubric, cohort):
    from demo.factories.assessment import MilestoneFactory

    plain = MilestoneFactory(cohort=cohort, rubric=rubric, name="Zonder zelfbeoordeling")
    submission = services.start(portfolio, plain, participant)
    client.force_login(participant)
    page = client.get(submission.get_absolute_url()).content.decode()
    assert _url(submission) not in page
    assert client.get(_url(submission)).status_code == 404
    assert client.post(_url(submission), {}).status_code == 404
    assert not SelfAssessment.objects.exists()


def test_link_saves_and_freezes_on_submit(client, participant, draft, trainer):
    client.force_login(participant)
    assert _url(draft) in client.get(draft.get_absolute_url()).content.decode()
    response = client.post(_url(draft), _data(draft))
    assert response.status_code == 302
    client.post(draft.get_absolute_url(), {"action": "submit", "version": draft.version})
    draft.refresh_from_db()
    assert draft.state == Submission.State.SUBMITTED
    frozen = draft.snapshot["self_assessment"]["criteria"]
    assert [c["level"] for c in frozen] == ["voldoende", "voldoende"]
    assert {c["sentence"] for c in frozen} == {"Ik vraag steeds door."}

    # Editing afterwards is refused and never changes the submitted round.
    response = client.post(_url(draft), _data(draft, 2, "Later anders"))
    assert response.status_code == 400
    SelfAssessment.objects.update(scores={})
    draft.refresh_from_db()
    assert [c["level"] for c in draft.snapshot["self_assessment"]["criteria"]] == [
        "voldoende",
        "voldoende",
    ]


def test_draft_kept_after_a_bad_submit(client, participant, draft):
    client.force_login(participant)
    data = _data(draft)
    first = _criteria(draft)[0]["key"]
    data[f"level_{first}"] = "niet-bestaand"
    data[f"sentence_{first}"] = "<script>alert(1)</script> Mijn zin"
    data["level_onbekend-criterium"] = "x"
    data["sentence_onbekend-criterium"] = "ingeschoven"
    response = client.post(_url(draft), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Mijn zin" in page
    assert "<script>alert(1)" not in page
    stored = SelfAssessment.objects.get().scores
    assert set(stored) == {c["key"] for c in _criteria(draft)}
    assert stored[first] == {"level": "", "sentence": "<script>alert(1)</script> Mijn zin"}
    # Reloading shows the kept sentence again.
    assert "Mijn zin" in client.get(_url(draft)).content.decode()


def test_level_of_another_criterion_is_not_stored(client, participant, draft):
    client.force_login(participant)
    a, b = _criteria(draft)
    data = {f"level_{a['key']}": b["levels"][0]["key"], f"sentence_{a['key']}": "Zin"}
    assert client.post(_url(draft), data).status_code == 400
    assert SelfAssessment.objects.get().scores[a["key"]]["level"] == ""


def test_residents_data_is_flagged_and_blocks_submitting(client, participant, draft):
    client.force_login(participant)
    data = _data(draft, sentence="Ik mailde jan@voorbeeld.nl en belde 06-12345678.")
    client.post(_url(draft), data)
    page = client.get(_url(draft)).content.decode()
    assert "jan@voorbeeld.nl" in page and "06-12345678" in page
    assert "Persoonsgegevens van bewoners" in page
    with pytest.raises(services.TransitionError):
        services.submit(draft, participant)


def _submitted_and_scored(client, participant, draft, trainer):
    client.force_login(participant)
    client.post(_url(draft), _data(draft, 2))
    submission = services.submit(draft, participant)
    services.save_scores(submission, trainer, levels(submission, "voldoende") | {})
    return submission


def test_trainer_sees_side_by_side_with_differences(client, participant, draft, trainer):
    submission = Submission.objects.get(pk=draft.pk)
    client.force_login(participant)
    criteria = _criteria(draft)
    data = _data(draft, 2)
    data[f"level_{criteria[1]['key']}"] = criteria[1]["levels"][1]["key"]
    client.post(_url(draft), data)
    submission = services.submit(submission, participant)
    scores = {
        criteria[0]["key"]: (criteria[0]["levels"][0]["key"], ""),
        criteria[1]["key"]: (criteria[1]["levels"][1]["key"], ""),
    }
    services.save_scores(submission, trainer, scores)
    client.force_login(trainer)
    page = client.get(submission.get_assess_url()).content.decode()
    assert "Zelfbeoordeling en beoordeling" in page
    assert "2 niveaus hoger ingeschat" in page
    assert "Zelfde niveau" in page
    assert "verschillen op 1 criterium" in page


def test_participant_sees_comparison_only_after_the_verdict(client, participant, draft, trainer):
    submission = _submitted_and_scored(client, participant, draft, trainer)
    client.force_login(participant)
    page = client.get(submission.get_absolute_url()).content.decode()
    assert "niveau hoger ingeschat" not in page
    services.give_verdict(submission, trainer, True, "Goed")
    page = client.get(submission.get_absolute_url()).content.decode()
    assert "1 niveau hoger ingeschat" in page
    assert "Groei over de rondes" in page


def test_growth_over_rounds(client, participant, draft, trainer):
    submission = _submitted_and_scored(client, participant, draft, trainer)
    services.request_revision(submission, trainer, "Nog eens")
    client.force_login(participant)
    client.post(_url(submission), _data(submission, 1))
    second = services.resubmit(submission, participant, "Aangepast")
    assert [c["level"] for c in second.snapshot["self_assessment"]["criteria"]] == [
        "voldoende",
        "voldoende",
    ]
    growth = selfassess.growth(list(second.rounds()), decided_only=True)
    assert growth["rounds"] == [1, 2]
    first_row = growth["rows"][0]["cells"]
    assert [c["self"] for c in first_row] == ["goed", "voldoende"]
    assert first_row[0]["assessor"]["label"] == "voldoende"
    assert first_row[1]["assessor"] is None


def test_others_get_404(client, draft, peer, trainer, administrator):
    for user in (peer, trainer, administrator):
        client.force_login(user)
        assert client.get(_url(draft)).status_code == 404
    client.logout()
    assert "login" in client.get(_url(draft)).url


def test_summary_for_the_pdf_has_the_self_assessment(client, participant, draft, trainer):
    submission = _submitted_and_scored(client, participant, draft, trainer)
    summary = submission.assessment_summary()
    assert summary["criteria"][0]["self"] == {"level": "goed", "sentence": "Ik vraag steeds door."}


def test_erasure_removes_the_working_copy(client, participant, draft, administrator):
    client.force_login(participant)
    client.post(_url(draft), _data(draft))
    assert SelfAssessment.objects.exists()
    erase_user(participant, by=administrator)
    assert not SelfAssessment.objects.exists()
