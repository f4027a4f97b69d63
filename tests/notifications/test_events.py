"""Each event of the course makes a notification for the right person, once."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import WorkflowState

from assessment import services
from demo.factories.assessment import MilestoneFactory
from demo.factories.leergang import CohortSessionFactory
from notifications import scheduled
from notifications.api import notify
from notifications.models import Notification

from .conftest import portfolio_of, scores

pytestmark = pytest.mark.django_db


def kinds_of(user):
    return list(Notification.objects.filter(user=user).values_list("kind", "title"))


def test_feedback_notifies_the_participant(submitted, participant, trainer):
    services.save_scores(submitted, trainer, scores(submitted, "onvoldoende"))
    services.request_revision(submitted, trainer, "Verbind je veldwerk met je waarden.")
    (notification,) = Notification.objects.filter(user=participant)
    assert notification.kind == "feedback"
    assert notification.title == "Tussentijdse beoordeling: herkansing gevraagd"
    assert notification.target_url == submitted.get_absolute_url()
    assert notification.actor == trainer
    assert "waarden" not in notification.title  # the feedback itself is not in it
    assert not Notification.objects.filter(user=trainer).exists()


@pytest.mark.parametrize(("passed", "title"), [(True, "voldaan"), (False, "niet voldaan")])
def test_a_verdict_notifies_the_participant(submitted, participant, trainer, passed, title):
    services.save_scores(submitted, trainer, scores(submitted, "goed" if passed else "onvoldoende"))
    services.give_verdict(submitted, trainer, passed, "")
    assert kinds_of(participant) == [("verdict", f"Tussentijdse beoordeling: {title}")]


def test_a_second_round_says_so(submitted, participant, trainer):
    services.save_scores(submitted, trainer, scores(submitted, "onvoldoende"))
    services.request_revision(submitted, trainer, "Meer reflectie graag.")
    second = services.resubmit(submitted, participant, "Ik heb mijn reflectie aangevuld.")
    services.save_scores(second, trainer, scores(second, "goed"))
    services.give_verdict(second, trainer, True, "")
    assert ("verdict", "Tussentijdse beoordeling (ronde 2): voldaan") in kinds_of(participant)


def test_approved_story_notifies_the_author(story_in_moderation, guild_member, trainer):
    state = WorkflowState.objects.for_instance(story_in_moderation).get()
    state.current_task_state.approve(user=trainer)
    (notification,) = Notification.objects.filter(user=guild_member)
    assert notification.kind == "story_moderated"
    assert notification.title == "“Een bankje bij de speeltuin” is gepubliceerd"
    story_in_moderation.refresh_from_db()
    assert story_in_moderation.live
    assert notification.target_url == story_in_moderation.url


def test_rejected_story_notifies_the_author(story_in_moderation, guild_member, trainer):
    state = WorkflowState.objects.for_instance(story_in_moderation).get()
    state.current_task_state.reject(user=trainer)
    (notification,) = Notification.objects.filter(user=guild_member)
    assert notification.title == "Wijzigingen gevraagd voor “Een bankje bij de speeltuin”"
    assert notification.target_url == f"/admin/pages/{story_in_moderation.pk}/edit/"


def test_a_proposal_links_to_the_participants_own_page(
    home_page, story_index, participant, trainer
):
    from stories.services import propose_from_entry

    entry = portfolio_of(participant).entries.get()
    entry.actions = "<p>Ik vroeg de buren wat zij wilden.</p>"
    entry.outcome = "<p>Ze regelden het bankje zelf.</p>"
    entry.reflection = "<p>Ik liet het initiatief bij hen.</p>"
    entry.save()
    proposal = propose_from_entry(entry, participant)
    state = WorkflowState.objects.for_instance(proposal.story).get()
    state.current_task_state.reject(user=trainer)
    (notification,) = Notification.objects.filter(user=participant)
    assert notification.target_url == f"/verhalen/voorstel/{proposal.story.pk}/"


def _deadline_in(cohort, delta, name):
    return MilestoneFactory(cohort=cohort, name=name, deadline=timezone.now() + delta)


def test_deadline_reminders_seven_days_and_one_day_before(cohort, participant, peer, milestone):
    deadline = timezone.now() + datetime.timedelta(days=10)
    milestone.deadline = deadline
    milestone.save()
    # Jelle has submitted already; a draft (Fenna's) is not submitted.
    services.submit(services.start(portfolio_of(peer), milestone, peer), peer)
    services.start(portfolio_of(participant), milestone, participant)

    assert scheduled.deadline_reminders(deadline - datetime.timedelta(days=8)) == 0
    assert scheduled.deadline_reminders(deadline - datetime.timedelta(days=6, hours=23)) == 1
    assert scheduled.deadline_reminders(deadline - datetime.timedelta(days=5)) == 0  # once
    assert scheduled.deadline_reminders(deadline - datetime.timedelta(hours=23)) == 1
    assert scheduled.deadline_reminders(deadline - datetime.timedelta(hours=2)) == 0
    assert scheduled.deadline_reminders(deadline + datetime.timedelta(hours=1)) == 0
    reminders = Notification.objects.filter(kind="deadline")
    assert {n.user for n in reminders} == {participant}
    assert reminders.count() == 2
    assert reminders.first().target_url == "/inleveren/"
    assert reminders.first().title.startswith("Tussentijdse beoordeling: deadline ")


def test_a_late_first_run_sends_only_the_one_day_reminder(cohort, participant, milestone):
    deadline = milestone.deadline
    assert scheduled.deadline_reminders(deadline - datetime.timedelta(hours=10)) == 1
    (reminder,) = Notification.objects.filter(kind="deadline")
    assert reminder.key.endswith(":1")


def test_a_moved_deadline_is_reminded_of_again(cohort, participant, milestone):
    scheduled.deadline_reminders(milestone.deadline - datetime.timedelta(days=3))
    milestone.deadline += datetime.timedelta(days=7)
    milestone.save()
    scheduled.deadline_reminders(milestone.deadline - datetime.timedelta(days=3))
    assert Notification.objects.filter(kind="deadline", user=participant).count() == 2


def test_session_tomorrow_for_participants_and_trainers(
    cohort, participant, peer, trainer, outsider
):
    now = timezone.now()
    tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
    CohortSessionFactory(cohort=cohort, date=tomorrow, topic="Intervisie", place="Wergea")
    CohortSessionFactory(cohort=cohort, date=tomorrow + datetime.timedelta(days=1))
    assert scheduled.session_reminders(now) == 3
    assert scheduled.session_reminders(now) == 0
    people = set(
        Notification.objects.filter(kind="session_tomorrow").values_list("user", flat=True)
    )
    assert people == {participant.pk, peer.pk, trainer.pk}
    title = Notification.objects.filter(kind="session_tomorrow").first().title
    assert title == "Intervisie, morgen om 13:30 in Wergea"


def test_notify_api(participant, trainer):
    first = notify(
        participant, "mention", "/verhalen/", title="Een gesprek", actor=trainer, key="x"
    )
    assert first is not None
    assert notify(participant, "mention", "/verhalen/", key="x") is None  # once per key
    assert notify(participant, "mention", "/verhalen/", actor=participant) is None  # own action
    with pytest.raises(ValueError):
        notify(participant, "mention", "https://elders.example/")
    with pytest.raises(ValueError):
        notify(participant, "mention", "//elders.example/")
    with pytest.raises(ValueError):
        notify(participant, "unknown-kind", "/")
    participant.is_active = False
    participant.save()
    assert notify(participant, "mention", "/verhalen/") is None
