"""Assignment and Grade Services: a milestone verdict goes to the LMS grade book.

A verdict is logged by assessment.services as the Wagtail log action assessment.pass or
assessment.fail; we listen for that log entry (no change to the assessment app) and post the
result in the background, to the line item of that milestone (made when absent) in every
course shell of the cohort's LMS where the participant has launched the tool.

The score is the rubric's: the first assessor's points over the maximum of the submission's
frozen rubric version (weighted when the rubric's rule is a weighted average), with a Dutch
comment naming the verdict. A submission without a complete rubric assessment posts 1 or 0.
A requested revision and the next round's submission post no score and gradingProgress
Pending (AGS: the final grade is not known yet; Canvas and Moodle then ignore scoreGiven and
show the result as not yet graded); the next round's verdict replaces it.
"""

import datetime
from decimal import Decimal

from django.utils import timezone
from pylti1p3.assignments_grades import AssignmentsGradesService
from pylti1p3.grade import Grade
from pylti1p3.lineitem import LineItem
from pylti1p3.service_connector import ServiceConnector
from wagtail.log_actions import log

from assessment.models import Assessment
from sso.models import ExternalIdentity

from .models import CourseContext
from .tool_conf import PlatformToolConf

VERDICT_ACTIONS = ("assessment.pass", "assessment.fail")
# A verdict is not (or no longer) final: a revision was asked, or the next round came in.
PENDING_ACTIONS = ("assessment.request_revision", "assessment.resubmit")
GRADE_ACTIONS = VERDICT_ACTIONS + PENDING_ACTIONS


def _number(value):
    value = Decimal(value).quantize(Decimal("0.01"))
    return int(value) if value == value.to_integral_value() else float(value)


def _weighted(version):
    return version.definition.get("verdict_rule") == "weighted_average"


def rubric_maximum(version):
    """The highest score the frozen rubric version allows; None without criteria."""
    criteria = version.criteria if version is not None else []
    if not criteria or any(not c["levels"] for c in criteria):
        return None
    weighted = _weighted(version)
    return sum(
        (Decimal(c["weight"]) if weighted else 1) * max(lv["points"] for lv in c["levels"])
        for c in criteria
    )


def rubric_score(submission):
    """(score given, maximum) from the first assessor's current scores, or None when the
    submission has no complete rubric assessment (then the verdict posts 1 or 0)."""
    version = submission.rubric_version
    maximum = rubric_maximum(version)
    if maximum is None or not maximum:
        return None
    assessment = (
        Assessment.objects.current()
        .filter(submission=submission, role=Assessment.Role.FIRST)
        .first()
    )
    if assessment is None:
        return None
    points = {s.criterion_key: s.points for s in assessment.scores.all() if s.level_key}
    if any(c["key"] not in points for c in version.criteria):
        return None
    weighted = _weighted(version)
    given = sum(
        (Decimal(c["weight"]) if weighted else 1) * points[c["key"]] for c in version.criteria
    )
    return _number(given), _number(maximum)


def line_item_for(milestone, submission=None):
    version = submission.rubric_version if submission is not None else None
    maximum = rubric_maximum(version)
    return (
        LineItem()
        .set_tag(f"leergang-milestone-{milestone.pk}")
        .set_label(milestone.name)
        .set_score_maximum(_number(maximum) if maximum else 1)
    )


def verdict_comment(submission):
    """What the LMS shows beside the result; Dutch, as the course is."""
    state = submission.state
    if state == submission.State.PASSED:
        return "Voldaan"
    if state == submission.State.FAILED:
        return "Niet voldaan"
    if state == submission.State.REVISION_REQUESTED:
        return "Herkansing gevraagd"
    return f"Ronde {submission.round} ingediend, wacht op beoordeling"


def grade_for(submission, lms_user_id):
    grade = (
        Grade()
        .set_user_id(lms_user_id)
        .set_comment(verdict_comment(submission))
        .set_timestamp(timezone.now().astimezone(datetime.UTC).isoformat())
    )
    if submission.state not in (submission.State.PASSED, submission.State.FAILED):
        # No final result: no score, so the LMS shows it as not graded (yet).
        activity = (
            "InProgress" if submission.state == submission.State.REVISION_REQUESTED else "Submitted"
        )
        return grade.set_activity_progress(activity).set_grading_progress("Pending")
    score = rubric_score(submission)
    if score is None:
        score = (1 if submission.state == submission.State.PASSED else 0), 1
    return (
        grade.set_score_given(score[0])
        .set_score_maximum(score[1])
        .set_activity_progress("Completed")
        .set_grading_progress("FullyGraded")
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
    """Post the verdict; raises on any failure of the LMS (the task retries).

    What is posted is the submission's state now, so a retry never sends a stale result; a
    round that has been followed by a later one posts nothing (the later round counts)."""
    if submission.rounds().filter(round__gt=submission.round).exists():
        return []
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
        lineitem = ags.find_or_create_lineitem(line_item_for(submission.milestone, submission))
        ags.put_grade(grade_for(submission, lms_user_id), lineitem)
        posted.append(str(context))
    if posted:
        log(submission, "lti.grade_posted", data={"contexts": posted, "state": submission.state})
    return posted
