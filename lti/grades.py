"""Assignment and Grade Services: a milestone verdict goes to the LMS grade book.

A verdict is logged by assessment.services as the Wagtail log action assessment.pass or
assessment.fail; we listen for that log entry (no change to the assessment app) and post the
result in the background, to the line item of that milestone (made when absent) in every
course shell of the cohort's LMS where the participant has launched the tool.
"""

import datetime

from django.utils import timezone
from pylti1p3.assignments_grades import AssignmentsGradesService
from pylti1p3.grade import Grade
from pylti1p3.lineitem import LineItem
from pylti1p3.service_connector import ServiceConnector
from wagtail.log_actions import log

from sso.models import ExternalIdentity

from .models import CourseContext
from .tool_conf import PlatformToolConf

VERDICT_ACTIONS = ("assessment.pass", "assessment.fail")


def line_item_for(milestone):
    return (
        LineItem()
        .set_tag(f"leergang-milestone-{milestone.pk}")
        .set_label(milestone.name)
        .set_score_maximum(1)
    )


def grade_for(submission, lms_user_id):
    passed = submission.state == submission.State.PASSED
    return (
        Grade()
        .set_score_given(1 if passed else 0)
        .set_score_maximum(1)
        .set_comment(str(submission.get_state_display()))
        .set_activity_progress("Completed")
        .set_grading_progress("FullyGraded")
        .set_user_id(lms_user_id)
        .set_timestamp(timezone.now().astimezone(datetime.UTC).isoformat())
    )


def targets(submission):
    """(context, LMS user id) pairs the verdict goes to."""
    user = submission.portfolio.enrolment.user
    contexts = (
        CourseContext.objects.filter(
            platform__cohort=submission.milestone.cohort, platform__active=True
        )
        .exclude(lineitems_url="")
        .select_related("platform")
    )
    for context in contexts:
        identity = ExternalIdentity.objects.filter(
            user=user, issuer=context.platform.issuer
        ).first()
        if identity is not None:
            yield context, identity.subject


def post(submission):
    """Post the verdict; raises on any failure of the LMS (the task retries)."""
    tool_conf = PlatformToolConf()
    posted = []
    for context, lms_user_id in targets(submission):
        registration = tool_conf.find_registration_by_params(
            context.platform.issuer, context.platform.client_id
        )
        ags = AssignmentsGradesService(
            ServiceConnector(registration),
            {"scope": context.ags_scopes, "lineitems": context.lineitems_url},
        )
        lineitem = ags.find_or_create_lineitem(line_item_for(submission.milestone))
        ags.put_grade(grade_for(submission, lms_user_id), lineitem)
        posted.append(str(context))
    if posted:
        log(submission, "lti.grade_posted", data={"contexts": posted, "state": submission.state})
    return posted
