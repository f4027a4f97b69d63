"""E-mails about submissions. They carry a link and never any content of the portfolio or feedback.

An app that lets people choose how they hear about something (the notification centre) answers
the hook ``allow_notification_email(user, kind)``: False for someone who chose the site only or
a daily digest for that kind, so they get no e-mail at once from here either.
"""

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail import hooks


def _wants_email(user, kind):
    return kind is None or not any(
        fn(user, kind) is False for fn in hooks.get_hooks("allow_notification_email")
    )


def _send(template, subject, recipients, context, kind=None):
    recipients = [r for r in recipients if r and r.email and _wants_email(r, kind)]
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


def feedback_given(submission, base_url, kind="feedback"):
    """To the participant: feedback (``kind`` "feedback") or a verdict ("verdict") is ready."""
    with translation.override("nl"):
        subject = _("Feedback on your portfolio: %(milestone)s") % {
            "milestone": submission.milestone.name
        }
    _send(
        "assessment/email/feedback_given.txt",
        subject,
        [submission.participant],
        {"submission": submission, "url": base_url + submission.get_absolute_url()},
        kind=kind,
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
