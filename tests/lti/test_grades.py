"""Assignment and Grade Services: a milestone verdict reaches the LMS grade book, in the
background, retried when the LMS fails, and shows in the submission's timeline."""

import pytest
from django.contrib.contenttypes.models import ContentType
from pylti1p3.assignments_grades import AssignmentsGradesService
from pylti1p3.service_connector import ServiceConnector
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from assessment import services
from assessment.models import Submission
from demo.factories.assessment import MilestoneFactory, RubricFactory, SubmissionFactory, criterion
from demo.factories.portfolio import PortfolioFactory
from leergang.models import Enrolment
from lti.grades import line_item_for
from lti.models import CourseContext, ToolKey
from lti.tool_conf import PlatformToolConf
from portfolio.models import FieldworkEntry, Portfolio
from sso.models import ExternalIdentity

from .conftest import CLAIM, CLIENT_ID, ISSUER, launch

pytestmark = pytest.mark.django_db

AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
SCOPES = [
    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
    "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
    "https://purl.imsglobal.org/spec/lti-ags/scope/score",
]


@pytest.fixture
def course_shell(client, lms, registration, participant):
    """The participant launched the course from the LMS's course shell once."""
    ExternalIdentity.objects.create(
        user=participant, source="lti", issuer=ISSUER, subject="lms-user-1"
    )
    lms.tool_jwks = {"keys": [ToolKey.current().public_jwk()]}
    response, _, _ = launch(
        client,
        lms,
        **{
            CLAIM + "context": {"id": "course-42", "title": "Creative Communities 2027"},
            AGS: {"scope": SCOPES, "lineitems": lms.url + "/lineitems"},
        },
    )
    assert response.status_code == 302
    return CourseContext.objects.get(context_id="course-42")


def give_verdict(submission, state, trainer, django_capture_on_commit_callbacks):
    """What assessment.services.give_verdict ends with: the state and its log action."""
    with django_capture_on_commit_callbacks(execute=True):
        submission.state = state
        submission.save()
        action = "assessment.pass" if state == Submission.State.PASSED else "assessment.fail"
        log(submission, action, user=trainer)


def timeline(submission):
    return list(
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Submission), object_id=str(submission.pk)
        )
        .order_by("pk")
        .values_list("action", flat=True)
    )


@pytest.fixture
def submission(participant, cohort):
    portfolio = PortfolioFactory(enrolment=Enrolment.objects.get(user=participant, cohort=cohort))
    milestone = MilestoneFactory(cohort=cohort, name="Tussentijds")
    return SubmissionFactory(portfolio=portfolio, milestone=milestone)


def test_a_verdict_is_posted_to_a_line_item_per_milestone_and_read_back(
    lms, course_shell, submission, trainer, django_capture_on_commit_callbacks
):
    give_verdict(submission, Submission.State.PASSED, trainer, django_capture_on_commit_callbacks)

    [item] = lms.lineitems
    assert (
        item["label"] == "Tussentijds"
        and item["tag"] == f"leergang-milestone-{submission.milestone.pk}"
    )
    [score] = lms.scores[item["id"]]
    assert (score["userId"], score["scoreGiven"], score["scoreMaximum"]) == ("lms-user-1", 1, 1)
    assert score["gradingProgress"] == "FullyGraded"
    assert "lti.grade_posted" in timeline(submission)

    # Read back through the same service, as the tool sees the LMS grade book.
    registration = PlatformToolConf().find_registration_by_params(ISSUER, CLIENT_ID)
    ags = AssignmentsGradesService(
        ServiceConnector(registration),
        {"scope": SCOPES, "lineitems": course_shell.lineitems_url},
    )
    lineitem = ags.find_or_create_lineitem(line_item_for(submission.milestone))
    assert [(g["userId"], g["resultScore"]) for g in ags.get_grades(lineitem)] == [
        ("lms-user-1", 1)
    ]


def test_a_second_verdict_reuses_the_line_item(
    lms, course_shell, submission, trainer, django_capture_on_commit_callbacks
):
    give_verdict(submission, Submission.State.FAILED, trainer, django_capture_on_commit_callbacks)
    give_verdict(submission, Submission.State.PASSED, trainer, django_capture_on_commit_callbacks)
    [item] = lms.lineitems
    assert [s["scoreGiven"] for s in lms.scores[item["id"]]] == [0, 1]


def test_a_failing_lms_is_retried_and_the_timeline_says_so(
    lms, course_shell, submission, trainer, django_capture_on_commit_callbacks
):
    lms.fail_next = 1
    give_verdict(submission, Submission.State.PASSED, trainer, django_capture_on_commit_callbacks)
    assert timeline(submission)[-2:] == ["lti.grade_failed", "lti.grade_posted"]
    assert len(lms.scores) == 1


def test_no_lms_link_means_nothing_is_posted(
    lms, registration, submission, trainer, django_capture_on_commit_callbacks
):
    give_verdict(submission, Submission.State.PASSED, trainer, django_capture_on_commit_callbacks)
    assert "lti.grade_posted" not in timeline(submission)


def test_the_real_verdict_of_a_trainer_reaches_the_lms(
    lms, course_shell, participant, trainer, cohort, django_capture_on_commit_callbacks
):
    """Through assessment.services, as the trainer's assess page does it."""
    rubric = RubricFactory(criteria=[criterion("Reflectie", ["oppervlakkig", "eerlijk"])])
    milestone = MilestoneFactory(cohort=cohort, rubric=rubric, name="Eindbeoordeling")
    portfolio = Portfolio.objects.get_or_create(enrolment=participant.enrolments.first())[0]
    FieldworkEntry.objects.create(
        portfolio=portfolio,
        title="Bankje",
        place="Wergea",
        residents_idea="<p>Idee</p>",
        is_draft=False,
    )
    submission = services.submit(services.start(portfolio, milestone, participant), participant)
    [crit] = submission.rubric_version.criteria
    level = crit["levels"][-1]["key"]  # the highest level: a pass
    services.save_scores(submission, trainer, {crit["key"]: (level, "Goed")})
    submission.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.give_verdict(submission, trainer, True, "Voldaan")

    [item] = [i for i in lms.lineitems if i["label"] == "Eindbeoordeling"]
    assert [s["scoreGiven"] for s in lms.scores[item["id"]]] == [1]
    assert "lti.grade_posted" in timeline(submission)
