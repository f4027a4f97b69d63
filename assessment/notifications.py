"""E-mails about submissions. They carry a link and never any content of the portfolio or feedback."""

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _


def _send(template, subject, recipients, context):
    recipients = [r for r in recipients if r and r.email]
    if not recipients:
        return
    with translation.override("nl"):
        for user in recipients:
            body = render_to_string(template, {**context, "recipient": user})
            send_mail(str(subject), body, None, [user.email])


def submission_arrived(submission, base_url):
    """To the trainers of the cohort: a (re)submission waits in the queue."""
    trainers = list(submission.cohort.trainers.all())
    with translation.override("nl"):
        subject = _("New submission waiting for assessment: %(milestone)s") % {
            "milestone": submission.milestone.name
        }
    _send(
        "assessment/email/submission_arrived.txt",
        subject,
        trainers,
        {"submission": submission, "url": base_url + submission.get_assess_url()},
    )


def feedback_given(submission, base_url):
    """To the participant: feedback or a verdict is ready."""
    with translation.override("nl"):
        subject = _("Feedback on your portfolio: %(milestone)s") % {
            "milestone": submission.milestone.name
        }
    _send(
        "assessment/email/feedback_given.txt",
        subject,
        [submission.participant],
        {"submission": submission, "url": base_url + submission.get_absolute_url()},
    )


def second_assessor_invited(submission, base_url):
    with translation.override("nl"):
        subject = _("You are asked to co-assess a portfolio")
    _send(
        "assessment/email/second_assessor.txt",
        subject,
        [submission.second_assessor],
        {"submission": submission, "url": base_url + submission.get_assess_url()},
    )


def assessment_taken_over(submission, previous, new_assessor, base_url):
    """To the previous first assessor: someone else assesses this submission now."""
    with translation.override("nl"):
        subject = _("Your assessment has been taken over: %(milestone)s") % {
            "milestone": submission.milestone.name
        }
    _send(
        "assessment/email/taken_over.txt",
        subject,
        [previous],
        {
            "submission": submission,
            "new_assessor": new_assessor,
            "url": base_url + submission.get_assess_url(),
        },
    )
