"""Preferences decide how a notification reaches someone; e-mails carry links, never content;
the scheduled job is idempotent: run twice, nobody gets two e-mails."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from wagtail.models import WorkflowState
from wagtail.users.models import UserProfile

from assessment import services
from notifications import api, scheduled
from notifications.kinds import Channel
from notifications.models import Notification

from .conftest import scores

pytestmark = pytest.mark.django_db

MORNING = datetime.datetime(2017, 3, 15, 7, 30, tzinfo=timezone.get_current_timezone())
NIGHT = MORNING.replace(hour=3)


def mails_to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


def test_email_at_once_carries_a_link_and_no_content(
    participant, trainer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        n = api.notify(participant, "peer_response", "/portfolio/", title="Geheime casus Jansen")
    (message,) = mails_to(participant)
    assert message.subject == "Nieuwe melding: Reactie op je inbreng"
    assert f"http://127.0.0.1:8000/meldingen/{n.pk}/" in message.body
    assert "Geheime casus Jansen" not in message.body + message.subject
    assert "http://127.0.0.1:8000/meldingen/instellingen/" in message.body
    n.refresh_from_db()
    assert n.emailed_at is not None
    # The scheduled job does not send it again.
    scheduled.run(timezone.now())
    assert len(mails_to(participant)) == 1


def test_site_only_sends_no_email(participant, django_capture_on_commit_callbacks):
    api.set_preferences(participant, {"peer_response": Channel.SITE})
    with django_capture_on_commit_callbacks(execute=True):
        api.notify(participant, "peer_response", "/portfolio/")
    scheduled.run(MORNING)
    assert mails_to(participant) == []
    assert Notification.objects.owned_by(participant).unread().count() == 1


def test_digest_waits_for_the_morning_and_goes_once(
    participant, peer, django_capture_on_commit_callbacks
):
    api.set_preferences(participant, {"peer_response": Channel.DIGEST})
    with django_capture_on_commit_callbacks(execute=True):
        first = api.notify(participant, "peer_response", "/portfolio/", title="Casus A")
        api.notify(participant, "mention", "/verhalen/", title="Gesprek B")  # digest by default
        read = api.notify(participant, "mention", "/zoeken/")
        api.notify(peer, "mention", "/verhalen/")
    Notification.objects.filter(pk=read.pk).mark_read()
    assert mail.outbox == []  # nothing at once
    scheduled.run(NIGHT)
    assert mail.outbox == []  # digests go in the morning
    scheduled.run(MORNING)
    scheduled.run(MORNING + datetime.timedelta(hours=1))  # run twice: nobody gets two
    (digest,) = mails_to(participant)
    assert digest.subject == "Je meldingen van 15 maart 2017"
    assert len(re.findall(r"http://127\.0\.0\.1:8000/meldingen/\d+/", digest.body)) == 2
    assert f"/meldingen/{first.pk}/" in digest.body
    assert f"/meldingen/{read.pk}/" not in digest.body  # read already
    assert "Casus A" not in digest.body and "Gesprek B" not in digest.body
    assert len(mails_to(peer)) == 1


def test_one_digest_per_day_and_none_twice(participant, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        a = api.notify(participant, "mention", "/verhalen/")
    scheduled.run(MORNING)
    with django_capture_on_commit_callbacks(execute=True):
        b = api.notify(participant, "mention", "/zoeken/")
    scheduled.run(MORNING + datetime.timedelta(hours=5))  # same day: b waits
    assert len(mails_to(participant)) == 1
    scheduled.run(MORNING + datetime.timedelta(days=1))
    first, second = mails_to(participant)
    assert f"/meldingen/{a.pk}/" in first.body and f"/meldingen/{b.pk}/" not in first.body
    assert f"/meldingen/{b.pk}/" in second.body and f"/meldingen/{a.pk}/" not in second.body
    scheduled.run(MORNING + datetime.timedelta(days=2))
    assert len(mails_to(participant)) == 2


def test_an_email_that_failed_is_sent_by_the_next_run(
    participant, settings, django_capture_on_commit_callbacks
):
    backend = settings.EMAIL_BACKEND
    settings.EMAIL_BACKEND = "tests.notifications.test_mail.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        n = api.notify(participant, "deadline", "/inleveren/")
    settings.EMAIL_BACKEND = backend
    n.refresh_from_db()
    assert n.emailed_at is None
    report = scheduled.run(n.created_at + datetime.timedelta(minutes=5))
    assert report.immediate == 1
    assert len(mails_to(participant)) == 1
    scheduled.run(n.created_at + datetime.timedelta(minutes=65))
    assert len(mails_to(participant)) == 1


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def open(self):
        pass

    def close(self):
        pass

    def send_messages(self, messages):
        raise OSError("SMTP server down")


def test_deadline_reminder_by_email_at_once(
    cohort, participant, milestone, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        scheduled.run(milestone.deadline - datetime.timedelta(days=6))
    (message,) = mails_to(participant)
    assert message.subject == "Nieuwe melding: Deadline nadert"
    assert "Tussentijdse beoordeling" not in message.body


def test_the_assessment_mails_feedback_itself_and_we_add_none(
    submitted, participant, trainer, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.save_scores(submitted, trainer, scores(submitted, "onvoldoende"))
        services.request_revision(submitted, trainer, "Meer reflectie graag.")
    assert len(mails_to(participant)) == 1  # the assessment's own e-mail
    assert Notification.objects.filter(user=participant, kind="feedback").exists()


def test_feedback_in_the_digest_when_chosen(
    submitted, participant, trainer, django_capture_on_commit_callbacks
):
    api.set_preferences(participant, {"verdict": Channel.DIGEST})
    with django_capture_on_commit_callbacks(execute=True):
        services.save_scores(submitted, trainer, scores(submitted, "goed"))
        services.give_verdict(submitted, trainer, True, "")
    mail.outbox.clear()
    scheduled.run(MORNING.replace(year=timezone.now().year + 1))
    (digest,) = mails_to(participant)
    assert "Een beoordeling" in digest.body


def test_story_choice_switches_wagtails_own_emails(story_in_moderation, guild_member, trainer):
    profile = UserProfile.get_for_user(guild_member)
    assert profile.approved_notifications and profile.rejected_notifications
    api.set_preferences(guild_member, {"story_moderated": Channel.SITE})
    profile.refresh_from_db()
    assert not profile.approved_notifications and not profile.rejected_notifications
    mail.outbox.clear()
    WorkflowState.objects.for_instance(story_in_moderation).get().current_task_state.reject(
        user=trainer
    )
    assert mails_to(guild_member) == []
    assert Notification.objects.filter(user=guild_member, kind="story_moderated").count() == 1
    api.set_preferences(guild_member, {"story_moderated": Channel.IMMEDIATE})
    profile.refresh_from_db()
    assert profile.approved_notifications and profile.rejected_notifications
