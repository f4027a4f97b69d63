"""The assessment's own e-mail about a verdict follows the participant's notification choice."""

import pytest
from django.core import mail

from assessment import notifications as assessment_mail
from notifications.kinds import Channel
from notifications.models import NotificationPreference

pytestmark = pytest.mark.django_db


class Submission:
    """What the e-mail needs of a submission: a milestone name, a participant, a link."""

    def __init__(self, participant):
        self.participant = participant
        self.milestone = type("Milestone", (), {"name": "Tussentijds portfolio"})()

    def get_absolute_url(self):
        return "/inleveren/1/"


@pytest.mark.parametrize(
    "channel,mails", [(Channel.IMMEDIATE, 1), (Channel.SITE, 0), (Channel.DIGEST, 0)]
)
def test_a_verdict_mail_follows_the_choice(participant, channel, mails):
    NotificationPreference.objects.update_or_create(
        user=participant, kind="verdict", defaults={"channel": channel}
    )
    mail.outbox.clear()
    assessment_mail.feedback_given(Submission(participant), "http://testserver", kind="verdict")
    assert len(mail.outbox) == mails
