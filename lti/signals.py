from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import ModelLogEntry

from assessment.models import Submission

from .grades import GRADE_ACTIONS
from .tasks import post_grade


@receiver(post_save, sender=ModelLogEntry, dispatch_uid="lti_grade_on_verdict")
def grade_on_verdict(sender, instance, created, **kwargs):
    """A verdict was logged: post it to the LMS once the verdict's transaction commits."""
    if not created or instance.action not in GRADE_ACTIONS:
        return
    if instance.content_type.model_class() is not Submission:
        return
    submission_id = int(instance.object_id)
    transaction.on_commit(lambda: post_grade.enqueue(submission_id))
