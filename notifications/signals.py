"""Notifications from what the other apps already announce; none of them is changed for it.

- assessment writes an audit-log line (Wagtail's ``ModelLogEntry``) for every transition: a
  revision request is feedback, a pass or fail a verdict (as ``lti/signals.py`` does);
- Wagtail's moderation workflow sends ``workflow_approved`` and ``workflow_rejected`` for
  practice stories.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override
from wagtail.models import ModelLogEntry, Page, WorkflowState
from wagtail.signals import workflow_approved, workflow_rejected

from assessment.models import Submission
from stories.models import StoryPage, StoryProposal

from .api import notify

ASSESSMENT_ACTIONS = {
    "assessment.request_revision": "feedback",
    "assessment.pass": "verdict",
    "assessment.fail": "verdict",
}


def submission_title(submission, action):
    with override(settings.LANGUAGE_CODE):
        name = submission.milestone.name
        if submission.round > 1:
            name = _("%(milestone)s (round %(round)s)") % {
                "milestone": name,
                "round": submission.round,
            }
        if action == "assessment.pass":
            return _("%(milestone)s: passed") % {"milestone": name}
        if action == "assessment.fail":
            return _("%(milestone)s: not passed") % {"milestone": name}
        return _("%(milestone)s: revision requested") % {"milestone": name}


@receiver(post_save, sender=ModelLogEntry, dispatch_uid="notifications_assessment_log")
def assessment_logged(sender, instance, created, raw=False, **kwargs):
    """A trainer gave feedback or a verdict: tell the participant."""
    kind = ASSESSMENT_ACTIONS.get(instance.action)
    if raw or not created or kind is None:
        return
    if instance.content_type.model_class() is not Submission:
        return
    submission = Submission.objects.with_relations().filter(pk=instance.object_id).first()
    if submission is None:
        return
    notify(
        submission.participant,
        kind,
        submission.get_absolute_url(),
        title=submission_title(submission, instance.action),
        actor=instance.user,
        key=f"{instance.action}:{submission.pk}",
    )


def _story_url(story, approved):
    proposal = StoryProposal.objects.filter(story=story).first()
    if proposal is not None:
        return reverse("stories:proposal_sent", args=[story.pk])
    if approved and story.live and (story.url or "").startswith("/"):
        return story.url
    return reverse("wagtailadmin_pages:edit", args=[story.pk])


def _story_moderated(workflow_state, user, approved):
    if workflow_state.base_content_type_id != ContentType.objects.get_for_model(Page).pk:
        return  # a snippet's workflow
    # Fresh from the database: the approval has just published it.
    story = StoryPage.objects.filter(pk=workflow_state.object_id).first()
    if story is None:
        return
    with override(settings.LANGUAGE_CODE):
        title = (
            _("“%(title)s” is published") if approved else _("Changes asked for “%(title)s”")
        ) % {"title": story.title}
    notify(
        workflow_state.requested_by,
        "story_moderated",
        _story_url(story, approved),
        title=title,
        actor=user,
        key=f"story:{workflow_state.pk}:{workflow_state.current_task_state_id}:{approved}",
    )


@receiver(workflow_approved, sender=WorkflowState, dispatch_uid="notifications_story_approved")
def story_approved(sender, instance, user=None, **kwargs):
    _story_moderated(instance, user, approved=True)


@receiver(workflow_rejected, sender=WorkflowState, dispatch_uid="notifications_story_rejected")
def story_rejected(sender, instance, user=None, **kwargs):
    _story_moderated(instance, user, approved=False)
