"""Public tag pages and search answer a tag nobody may see exactly like a tag that does not exist,
so they cannot be used to learn what participants tag their private fieldwork with (issue 12,
defect 5b)."""

import re

import pytest
from django.urls import reverse
from taggit.models import Tag

from demo.factories.portfolio import FieldworkEntryFactory, PortfolioFactory
from demo.factories.stories import StoryIndexPageFactory, StoryPageFactory

pytestmark = pytest.mark.django_db

PRIVATE, MISSING = "geheimplan", "bestaatniet"


@pytest.fixture
def private_tag(participant):
    portfolio = PortfolioFactory(enrolment=participant.enrolments.get())
    FieldworkEntryFactory(portfolio=portfolio, tags=[PRIVATE])


def _normalised(response, word):
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "csrf", html)
    html = re.sub(r'nonce="[^"]*"', "nonce", html)
    return response.status_code, html.replace(word, "WORD")


def _login(client, request, role):
    if role:
        client.force_login(request.getfixturevalue(role))


@pytest.mark.parametrize("role", [None, "participant", "peer", "trainer", "guild_member"])
def test_tag_page_of_a_fieldwork_tag_is_like_a_missing_one(
    client, request, role, home_page, private_tag
):
    _login(client, request, role)
    private = client.get(reverse("modules:tag", args=[PRIVATE]))
    missing = client.get(reverse("modules:tag", args=[MISSING]))
    assert private.status_code == 404
    assert _normalised(private, PRIVATE) == _normalised(missing, MISSING)


@pytest.mark.parametrize("role", [None, "participant", "trainer", "guild_member"])
def test_search_for_a_fieldwork_tag_is_like_a_search_for_nothing(
    client, request, role, home_page, private_tag
):
    _login(client, request, role)
    private = client.get(reverse("modules:search"), {"q": PRIVATE})
    missing = client.get(reverse("modules:search"), {"q": MISSING})
    assert private.status_code == 200
    assert _normalised(private, PRIVATE) == _normalised(missing, MISSING)


def test_a_tag_nothing_public_carries_is_like_a_missing_one(client, home_page, participant):
    # Left over in taggit's table, or only on a draft: neither page nor search shows it.
    Tag.objects.create(name=PRIVATE, slug=PRIVATE)
    client.force_login(participant)
    private = client.get(reverse("modules:tag", args=[PRIVATE]))
    missing = client.get(reverse("modules:tag", args=[MISSING]))
    assert _normalised(private, PRIVATE) == _normalised(missing, MISSING)
    private = client.get(reverse("modules:search"), {"q": PRIVATE})
    missing = client.get(reverse("modules:search"), {"q": MISSING})
    assert _normalised(private, PRIVATE) == _normalised(missing, MISSING)


def test_a_tag_on_a_draft_story_is_not_public(client, home_page):
    index = StoryIndexPageFactory(parent=home_page)
    StoryPageFactory(parent=index, title="Concept", live=False, tags=[PRIVATE])
    assert client.get(reverse("modules:tag", args=[PRIVATE])).status_code == 404
    live = StoryPageFactory(parent=index, title="Gepubliceerd", tags=["openbaar"])
    assert live.live
    response = client.get(reverse("modules:tag", args=["openbaar"]))
    assert response.status_code == 200 and "Gepubliceerd" in response.content.decode()
    assert (
        "/tags/openbaar/"
        in client.get(reverse("modules:search"), {"q": "openbaar"}).content.decode()
    )
