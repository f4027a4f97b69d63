"""Names and Role Provisioning: the administrator imports an LMS course's learners."""

import pytest
from django.core import mail

from leergang.models import Enrolment, User
from lti.models import CourseContext, ToolKey
from lti.roster import links
from sso.models import ExternalIdentity

pytestmark = pytest.mark.django_db

LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"


@pytest.fixture
def course(lms, registration):
    lms.tool_jwks = {"keys": [ToolKey.current().public_jwk()]}
    return CourseContext.objects.create(
        platform=registration,
        context_id="course-42",
        title="Creative Communities 2027",
        memberships_url=lms.url + "/memberships",
    )


def test_the_roster_import_invites_new_learners_and_links_only_their_new_accounts(
    client, administrator, lms, course, cohort, participant, trainer
):
    lms.members = [
        {
            "user_id": "u-new",
            "name": "Nieuwe Deelnemer",
            "given_name": "Nieuwe",
            "family_name": "Deelnemer",
            "email": "Nieuw@Hogeschool.example",
            "roles": [LEARNER],
        },
        {"user_id": "u-old", "name": "Fenna", "email": participant.email, "roles": [LEARNER]},
        {"user_id": "u-trainer", "name": "Marieke", "email": trainer.email, "roles": [LEARNER]},
        {
            "user_id": "u-teacher",
            "name": "Docent",
            "email": "docent@x.example",
            "roles": [INSTRUCTOR],
        },
        {"user_id": "u-nomail", "name": "Zonder Mail", "roles": ["Learner"]},
    ]
    client.force_login(administrator)
    url = f"/admin/lti/platforms/{course.platform.pk}/roster/"
    assert "Creative Communities 2027" in client.get(url).content.decode()

    response = client.post(url, {"context": course.pk})
    assert response.status_code == 200
    html = response.content.decode()

    new = User.objects.get(email="nieuw@hogeschool.example")
    assert Enrolment.objects.filter(user=new, cohort=cohort).exists()
    assert ExternalIdentity.objects.get(subject="u-new").user == new
    assert [m.to for m in mail.outbox] == [["nieuw@hogeschool.example"]]
    # An existing account is not linked by its e-mail; a staff account is left alone.
    assert not ExternalIdentity.objects.filter(subject__in=["u-old", "u-trainer"]).exists()
    assert not trainer.groups.filter(name="Deelnemers").exists()
    assert not User.objects.filter(email="docent@x.example").exists()
    assert "Zonder Mail" in html and "Marieke" in html


def test_only_administrators_import_rosters(client, trainer, course):
    client.force_login(trainer)
    url = f"/admin/lti/platforms/{course.platform.pk}/roster/"
    assert client.post(url, {"context": course.pk}).status_code in (302, 403)
    assert ExternalIdentity.objects.count() == 0


def test_the_import_follows_every_page_of_a_large_roster(
    client, administrator, lms, course, cohort, trainer
):
    """Three pages of 70 (the next-page cursor has capitals); a staff account on the last
    page is still left alone, and a member listed twice is enrolled once."""
    learners = [
        {
            "user_id": f"u-{n}",
            "name": f"Deelnemer {n}",
            "given_name": "Deelnemer",
            "family_name": str(n),
            "email": f"deelnemer{n}@hogeschool.example",
            "roles": [LEARNER],
        }
        for n in range(208)
    ]
    staff = {"user_id": "u-trainer", "name": "Marieke", "email": trainer.email, "roles": [LEARNER]}
    lms.members = [*learners[:100], learners[5], *learners[100:], staff]
    lms.page_size = 70
    client.force_login(administrator)

    response = client.post(
        f"/admin/lti/platforms/{course.platform.pk}/roster/", {"context": course.pk}
    )

    assert response.status_code == 200
    assert [p.rsplit("/", 1)[-1] for p in lms.member_requests] == [
        "memberships",
        "memberships?Cursor=Pg1X",
        "memberships?Cursor=Pg2X",
    ]
    assert (
        Enrolment.objects.filter(cohort=cohort, user__email__startswith="deelnemer").count() == 208
    )
    assert ExternalIdentity.objects.filter(subject__startswith="u-").count() == 208
    assert len(mail.outbox) == 208
    assert not ExternalIdentity.objects.filter(subject="u-trainer").exists()
    assert not trainer.groups.filter(name="Deelnemers").exists()
    assert "Marieke" in response.content.decode()


def test_the_link_header_is_read_as_rfc_8288_writes_it():
    header = (
        '<https://lms.example/m?Cursor=AbC>; rel="next", '
        "<https://lms.example/m?since=1>;rel=differences, "
        '<https://lms.example/m?p=9>; title="x"; rel="last first"'
    )
    assert links(header) == {
        "next": "https://lms.example/m?Cursor=AbC",
        "differences": "https://lms.example/m?since=1",
        "last": "https://lms.example/m?p=9",
        "first": "https://lms.example/m?p=9",
    }
    assert links("") == {}
