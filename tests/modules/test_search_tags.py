"""Search and tag pages find modules and stories, and only show what the searcher may read."""

import pytest
from django.urls import reverse

from demo.factories.modules import ModulePageFactory, stream
from demo.factories.stories import StoryIndexPageFactory, StoryPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def searchable(course_index):
    page = ModulePageFactory(
        parent=course_index,
        title="Collectieve arrangementen",
        slug="collectieve-arrangementen",
        intro="<p>Samen regelen in de buurt.</p>",
        body=stream(
            [
                ("section", {"heading": "Boodschappenronde"}),
                ("text", "<p>Een bakfiets en een buurjongen doen de boodschappenronde.</p>"),
            ]
        ),
        tag_names=["gebiedsgericht werken"],
    )
    draft = ModulePageFactory(
        parent=course_index,
        title="Verborgen concept over bakfiets",
        slug="concept",
        live=False,
    )
    return page, draft


@pytest.fixture
def story(home_page):
    index = StoryIndexPageFactory(parent=home_page)
    return StoryPageFactory(
        parent=index,
        title="De bakfiets van Heechterp",
        summary="Buren delen een bakfiets.",
        tags=["gebiedsgericht werken"],
    )


def search(client, q):
    return client.get(reverse("modules:search"), {"q": q}).content.decode()


def test_reader_finds_module_by_body_words(client, searchable, participant):
    client.force_login(participant)
    html = search(client, "bakfiets")
    assert "Collectieve arrangementen" in html
    assert "Verborgen concept" not in html


def test_reader_finds_module_by_tag(client, searchable, guild_member):
    client.force_login(guild_member)
    html = search(client, "gebiedsgericht")
    assert "Collectieve arrangementen" in html


def test_anonymous_does_not_find_module_by_content(client, searchable):
    html = search(client, "bakfiets")
    assert "Collectieve arrangementen" not in html
    assert "Boodschappenronde" not in html


def test_anonymous_finds_module_by_title(client, searchable):
    html = search(client, "arrangementen")
    assert "Collectieve arrangementen" in html
    assert "Een bakfiets" not in html


def test_stories_are_found_by_everyone(client, searchable, story):
    html = search(client, "bakfiets")
    assert "De bakfiets van Heechterp" in html


def test_unpublished_story_is_not_found(client, story):
    story.unpublish()
    assert "De bakfiets van Heechterp" not in search(client, "bakfiets")


@pytest.mark.parametrize("q", ["", "   ", "x" * 5000, "'; DROP TABLE x; --", "<script>", "%00"])
def test_odd_queries_never_fail(client, searchable, participant, q):
    client.force_login(participant)
    response = client.get(reverse("modules:search"), {"q": q})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_tag_page_lists_modules_and_stories_for_readers(client, searchable, story, trainer):
    client.force_login(trainer)
    html = client.get(reverse("modules:tag", args=["gebiedsgericht-werken"])).content.decode()
    assert "Collectieve arrangementen" in html
    assert "De bakfiets van Heechterp" in html


def test_tag_page_hides_modules_from_outsiders(client, searchable, story):
    html = client.get(reverse("modules:tag", args=["gebiedsgericht-werken"])).content.decode()
    assert "Collectieve arrangementen" not in html
    assert "De bakfiets van Heechterp" in html
    assert "Doe mee" in html


def test_unknown_tag_is_404(client):
    assert client.get(reverse("modules:tag", args=["bestaat-niet"])).status_code == 404


def test_module_shows_related_stories_by_tag(client, searchable, story, participant):
    page, _ = searchable
    client.force_login(participant)
    html = client.get(page.url).content.decode()
    assert "Verwante praktijkverhalen" in html
    assert "De bakfiets van Heechterp" in html
