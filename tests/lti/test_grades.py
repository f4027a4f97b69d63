"""Assignment and Grade Services: a milestone verdict reaches the LMS grade book, in the
background, retried when the LMS fails, and shows in the submission's timeline."""

import pytest
from django.contrib.contenttypes.models import ContentType
from pylti1p3.assignments_grades import AssignmentsGradesService
from pylti1p3.lineitem import LineItem
from pylti1p3.service_connector import ServiceConnector
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from assessment import services
from assessment.models import Submission
from demo.factories.assessment import MilestoneFactory, RubricFactory, SubmissionFactory, criterion
from demo.factories.portfolio import PortfolioFactory
from leergang.models import Enrolment
from lti import grades
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
    # The rubric's score: the highest of two levels (1 and 2 points) is 2 out of 2.
    assert item["scoreMaximum"] == 2
    assert [(s["scoreGiven"], s["scoreMaximum"]) for s in lms.scores[item["id"]]] == [(2, 2)]
    assert "lti.grade_posted" in timeline(submission)


def _read_back(lms, item):
    """The LMS's result service, as the tool reads it (pylti1p3, the tool's own token)."""
    registration = PlatformToolConf().find_registration_by_params(ISSUER, CLIENT_ID)
    ags = AssignmentsGradesService(
        ServiceConnector(registration), {"scope": SCOPES, "lineitems": lms.url + "/lineitems"}
    )
    return [
        (g["userId"], g["resultScore"], g["resultMaximum"], g["comment"])
        for g in ags.get_grades(LineItem(item))
    ]


def _assessed(portfolio, milestone, participant, trainer, levels):
    """A submitted round, scored by the trainer at the given level index per criterion."""
    submission = services.submit(services.start(portfolio, milestone, participant), participant)
    scores = {
        c["key"]: (c["levels"][index]["key"], "")
        for c, index in zip(submission.rubric_version.criteria, levels, strict=True)
    }
    services.save_scores(submission, trainer, scores)
    submission.refresh_from_db()
    return submission


@pytest.fixture
def rubric_milestone(cohort, participant):
    rubric = RubricFactory(
        name="Rubric met punten",
        criteria=[criterion("Reflectie"), criterion("Gebiedsgericht werken")],
    )
    milestone = MilestoneFactory(cohort=cohort, rubric=rubric, name="Praktijkopdracht")
    portfolio = Portfolio.objects.get_or_create(enrolment=participant.enrolments.first())[0]
    FieldworkEntry.objects.create(
        portfolio=portfolio,
        title="Bankje",
        place="Wergea",
        residents_idea="<p>Idee</p>",
        is_draft=False,
    )
    return portfolio, milestone


def test_the_rubric_score_is_posted_and_read_back_from_the_result_service(
    lms, course_shell, rubric_milestone, participant, trainer, django_capture_on_commit_callbacks
):
    portfolio, milestone = rubric_milestone
    # goed (3) and voldoende (2) out of 3 + 3.
    submission = _assessed(portfolio, milestone, participant, trainer, [2, 1])
    with django_capture_on_commit_callbacks(execute=True):
        services.give_verdict(submission, trainer, True, "Mooi werk")

    [item] = [i for i in lms.lineitems if i["label"] == "Praktijkopdracht"]
    assert item["scoreMaximum"] == 6
    [score] = lms.scores[item["id"]]
    assert (score["activityProgress"], score["gradingProgress"]) == ("Completed", "FullyGraded")
    assert _read_back(lms, item) == [("lms-user-1", 5, 6, "Voldaan")]
    assert "lti.grade_posted" in timeline(submission)


def test_a_weighted_rubric_posts_its_weighted_score(
    lms, course_shell, cohort, participant, trainer, django_capture_on_commit_callbacks
):
    rubric = RubricFactory(
        name="Gewogen rubric",
        criteria=[criterion("Reflectie", weight="2"), criterion("Verslag", weight="1")],
        verdict_rule="weighted_average",
    )
    milestone = MilestoneFactory(cohort=cohort, rubric=rubric, name="Gewogen")
    portfolio = Portfolio.objects.get_or_create(enrolment=participant.enrolments.first())[0]
    FieldworkEntry.objects.create(
        portfolio=portfolio, title="B", place="W", residents_idea="<p>I</p>", is_draft=False
    )
    submission = _assessed(portfolio, milestone, participant, trainer, [0, 2])  # 1 and 3
    with django_capture_on_commit_callbacks(execute=True):
        services.give_verdict(submission, trainer, False, "Nog niet")
    [item] = [i for i in lms.lineitems if i["label"] == "Gewogen"]
    # 2 x 1 + 1 x 3 out of 2 x 3 + 1 x 3.
    assert _read_back(lms, item) == [("lms-user-1", 5, 9, "Niet voldaan")]


def test_a_revision_posts_pending_and_the_next_round_replaces_the_score(
    lms, course_shell, rubric_milestone, participant, trainer, django_capture_on_commit_callbacks
):
    portfolio, milestone = rubric_milestone
    first = _assessed(portfolio, milestone, participant, trainer, [0, 0])
    with django_capture_on_commit_callbacks(execute=True):
        services.request_revision(first, trainer, "Werk de reflectie uit")
    [item] = [i for i in lms.lineitems if i["label"] == "Praktijkopdracht"]
    [pending] = lms.scores[item["id"]]
    assert "scoreGiven" not in pending
    assert (pending["activityProgress"], pending["gradingProgress"]) == ("InProgress", "Pending")
    assert pending["comment"] == "Herkansing gevraagd"

    first.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        second = services.resubmit(first, participant, "Reflectie uitgebreid")
    assert lms.scores[item["id"]][-1]["gradingProgress"] == "Pending"
    assert lms.scores[item["id"]][-1]["activityProgress"] == "Submitted"

    scores = {c["key"]: (c["levels"][2]["key"], "") for c in second.rubric_version.criteria}
    services.save_scores(second, trainer, scores)
    second.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.give_verdict(second, trainer, True, "Nu wel")
    assert _read_back(lms, item) == [("lms-user-1", 6, 6, "Voldaan")]
    assert "lti.grade_posted" in timeline(second)


def test_a_retry_of_an_earlier_round_posts_nothing_once_a_later_round_exists(
    lms, course_shell, rubric_milestone, participant, trainer, django_capture_on_commit_callbacks
):
    portfolio, milestone = rubric_milestone
    first = _assessed(portfolio, milestone, participant, trainer, [0, 0])
    services.request_revision(first, trainer, "Werk de reflectie uit")
    first.refresh_from_db()
    services.resubmit(first, participant, "Reflectie uitgebreid")
    assert grades.post(first) == []
    assert lms.scores == {}
