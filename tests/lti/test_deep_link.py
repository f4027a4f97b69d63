"""Deep Linking: an LMS teacher picks a module page; the tool hands back a content item signed
with its own key, which the LMS checks against the tool's published key set."""

import jwt
import pytest

from demo.factories.modules import CourseIndexPageFactory, ModulePageFactory

from .conftest import CLAIM, CLIENT_ID, ISSUER, launch

pytestmark = pytest.mark.django_db

DL = "https://purl.imsglobal.org/spec/lti-dl/claim/"
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"


def deep_link_claims(roles):
    return {
        CLAIM + "message_type": "LtiDeepLinkingRequest",
        CLAIM + "roles": roles,
        DL + "deep_linking_settings": {
            "deep_link_return_url": ISSUER + "/deep-link-return",
            "accept_types": ["ltiResourceLink"],
            "accept_presentation_document_targets": ["iframe", "window"],
            "data": "opaque-lms-data",
        },
    }


@pytest.fixture
def module(home_page):
    course = CourseIndexPageFactory(parent=home_page)
    return ModulePageFactory(parent=course, title="Laagdrempelig contact")


def test_a_teacher_places_a_module_and_the_lms_gets_a_signed_content_item(
    client, lms, registration, module
):
    extra = deep_link_claims([INSTRUCTOR])
    extra.pop(CLAIM + "resource_link", None)
    response, _, _ = launch(client, lms, **extra)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Laagdrempelig contact" in html
    launch_id = html.split('name="launch_id" value="')[1].split('"')[0]

    answer = client.post("/lti/deeplink/", {"launch_id": launch_id, "page": module.pk})
    assert answer.status_code == 200
    body = answer.content.decode()
    assert f'action="{ISSUER}/deep-link-return"' in body
    token = body.split('name="JWT" value="')[1].split('"')[0]

    jwks = client.get("/lti/jwks/").json()
    key = jwt.PyJWK(jwks["keys"][0])
    message = jwt.decode(token, key, algorithms=["RS256"], audience=ISSUER)
    assert message["iss"] == CLIENT_ID
    assert message[DL + "data"] == "opaque-lms-data"
    [item] = message[DL + "content_items"]
    assert item["type"] == "ltiResourceLink" and item["title"] == "Laagdrempelig contact"
    assert item["url"].endswith(module.url)


def test_a_learner_cannot_place_content(client, lms, registration, module):
    response, _, _ = launch(client, lms, **deep_link_claims([LEARNER]))
    assert response.status_code == 403 and "Laagdrempelig" not in response.content.decode()


def test_an_unknown_launch_id_places_nothing(client, lms, registration, module):
    response = client.post("/lti/deeplink/", {"launch_id": "made-up", "page": module.pk})
    assert response.status_code == 403
