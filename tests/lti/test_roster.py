"""Names and Role Provisioning: the administrator imports an LMS course's learners."""

import pytest
from django.core import mail

from leergang.models import Enrolment, User
from lti.models import CourseContext, ToolKey
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
