"""Background grade passback (django-tasks), retried with a growing delay."""

import datetime
import logging

from django.utils import timezone
from django_tasks import task
from wagtail.log_actions import log

from assessment.models import Submission

from . import grades

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


@task()
def post_grade(submission_id, attempt=1):
    submission = Submission.objects.filter(pk=submission_id).first()
    if submission is None:
        return []
    try:
        return grades.post(submission)
    except Exception as exc:
        logger.warning("Posting grade of submission %s failed: %s", submission_id, exc)
        log(submission, "lti.grade_failed", data={"attempt": attempt, "error": str(exc)[:200]})
        if attempt >= MAX_ATTEMPTS:
            return []
        retry = post_grade
        if retry.get_backend().supports_defer:
            delay = datetime.timedelta(minutes=2**attempt)
            retry = retry.using(run_after=timezone.now() + delay)
        retry.enqueue(submission_id, attempt + 1)
        return []
