"""What the public sees: only published stories, everywhere."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from demo.factories.stories import StoryAuthorFactory
from stories.models import StoryPage

pytestmark = pytest.mark.django_db


def titles(response):
    return re.findall(r'class="story-card__title"><a href="[^"]*">([^<]+)</a>', response.text)


def test_index_lists_published_stories_newest_first_with_summary_and_image(client, make_story):
    make_story("Oud verhaal", days_ago=30)
    make_story("Nieuw verhaal", days_ago=1, summary="Buren bouwden een bankje.")
    response = client.get("/verhalen/")
    assert response.status_code == 200
    assert titles(response) == ["Nieuw verhaal", "Oud verhaal"]
    assert "Buren bouwden een bankje." in response.text
    assert response.text.count('class="story-card__image"') == 2
    assert "2 verhalen" in response.text


def test_filters_by_tag_and_place(client, make_story):
    make_story("Containers", tags=["bewonersinitiatief"], place="Nieuw-West")
    make_story("Moestuin", tags=["collectieve arrangementen"], place="Wergea")
    assert titles(client.get("/verhalen/?tag=bewonersinitiatief")) == ["Containers"]
    assert titles(client.get("/verhalen/?place=wergea")) == ["Moestuin"]
    assert titles(client.get("/verhalen/?tag=bewonersinitiatief&place=Wergea")) == []


@pytest.mark.parametrize(
    "query",
    [
        "tag=bestaat-niet",
        "place=%00",
        "page=abc",
        "page=-1",
        "page=999",
        "q=" + "x" * 500,
        "tag[]=1&place=1&q=%27%22<script>",
        "q=(AND OR*",
        "page=1.5",
    ],
)
def test_hostile_parameters_never_fail(client, make_story, query):
    make_story("Containers", tags=["bewonersinitiatief"])
    response = client.get(f"/verhalen/?{query}")
    assert response.status_code == 200
    assert "<script>" not in response.text.split("<main", 1)[1]


def test_pagination_keeps_filters_and_clamps_page_numbers(client, make_story):
    for n in range(11):
        make_story(f"Verhaal {n:02d}", days_ago=n, tags=["waarden"])
    first = client.get("/verhalen/?tag=waarden")
    assert len(titles(first)) == 9
    assert "?tag=waarden&amp;page=2" in first.text
    last = client.get("/verhalen/?tag=waarden&page=2")
    assert titles(last) == ["Verhaal 09", "Verhaal 10"]
    assert titles(client.get("/verhalen/?tag=waarden&page=50")) == titles(last)
    assert titles(client.get("/verhalen/?tag=waarden&page=nope")) == titles(first)


def test_search_finds_published_stories_only(client, make_story):
    make_story("Hekwerk bij de containers", summary="Grofvuil naast de containers.")
    make_story("Geheim hekwerk concept", live=False)
    response = client.get("/verhalen/?q=hekwerk")
    assert titles(response) == ["Hekwerk bij de containers"]
    assert "1 verhaal" in response.text
    assert titles(client.get("/verhalen/?q=grofvuil")) == ["Hekwerk bij de containers"]


def test_search_combines_with_tag_filter(client, make_story):
    make_story("Hekwerk A", tags=["waarden"])
    make_story("Hekwerk B", tags=["bewonersinitiatief"])
    assert titles(client.get("/verhalen/?q=hekwerk&tag=waarden")) == ["Hekwerk A"]


def test_drafts_are_invisible_everywhere(client, make_story, story_index, guild_member):
    make_story("Gepubliceerd verhaal", tags=["waarden"], place="Heechterp")
    draft = make_story("Conceptverhaal", live=False, tags=["geheime-tag"], place="Verborgenplaats")
    moderated = make_story("Verhaal in moderatie", live=False, owner=guild_member)
    moderated.save_revision(user=guild_member)
    story_index.get_workflow().start(moderated, guild_member)

    for story in (draft, moderated):
        assert client.get(f"/verhalen/{story.slug}/").status_code == 404
    index = client.get("/verhalen/").text
    for text in ("Conceptverhaal", "Verhaal in moderatie", "geheime-tag", "Verborgenplaats"):
        assert text not in index
    assert titles(client.get("/verhalen/?q=Conceptverhaal")) == []
    assert titles(client.get("/verhalen/?q=moderatie")) == []
    assert titles(client.get("/verhalen/?q=verhaal")) == ["Gepubliceerd verhaal"]
    for feed in ("stories:feed", "stories:feed_atom"):
        body = client.get(reverse(feed)).content.decode()
        assert "Gepubliceerd verhaal" in body
        assert "Conceptverhaal" not in body and "Verhaal in moderatie" not in body
    home = client.get("/").text
    assert "Gepubliceerd verhaal" in home
    assert "Conceptverhaal" not in home and "Verhaal in moderatie" not in home


def test_unpublished_story_gone_from_public_after_unpublish(client, make_story):
    story = make_story("Even zichtbaar")
    assert client.get(f"/verhalen/{story.slug}/").status_code == 200
    story.unpublish()
    assert client.get(f"/verhalen/{story.slug}/").status_code == 404
    assert "Even zichtbaar" not in client.get(reverse("stories:feed")).content.decode()


def test_story_page_shows_narrative_credit_and_open_graph(client, make_story):
    story = make_story(
        "Een hek om de containers",
        summary="Bewoners bedachten zelf een verzamelplek.",
        place="Nieuw-West",
        tags=["bewonersinitiatief"],
    )
    StoryAuthorFactory(page=story, name="Sjoerd Bakker")
    response = client.get(f"/verhalen/{story.slug}/")
    html = response.text
    assert "<title>Een hek om de containers · " in html
    assert '<meta name="description" content="Bewoners bedachten zelf een verzamelplek.">' in html
    assert '<meta property="og:type" content="article">' in html
    assert re.search(r'<meta property="og:image" content="http://testserver/media/images/', html)
    assert '<meta property="og:title" content="Een hek om de containers">' in html
    assert "Sjoerd Bakker" in html
    assert "Foto: Gilde Creative Communities, CC BY 4.0" in html
    assert "De vraag of het idee van bewoners" in html
    assert html.count("<h1") == 1


def test_feeds_are_valid_and_list_new_stories(client, make_story):
    make_story("Verhaal een", tags=["waarden"], summary="Samenvatting een.")
    make_story("Verhaal twee", days_ago=3)
    rss = client.get("/verhalen/feed/")
    assert rss["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(rss.content)  # noqa: S314 (our own feed)
    items = root.findall("./channel/item")
    assert [i.findtext("title") for i in items] == ["Verhaal een", "Verhaal twee"]
    assert items[0].findtext("description") == "Samenvatting een."
    assert items[0].findtext("link").endswith("/verhalen/verhaal-een/")
    assert [c.text for c in items[0].findall("category")] == ["waarden"]
    atom = client.get("/verhalen/feed/atom/")
    assert atom["Content-Type"].startswith("application/atom+xml")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = ET.fromstring(atom.content).findall("a:entry", ns)  # noqa: S314
    assert entries[0].findtext("a:title", namespaces=ns) == "Verhaal een"


def test_feed_without_index_is_404(client, home_page):
    assert client.get("/verhalen/feed/").status_code == 404


def test_home_shows_three_latest_stories(client, make_story):
    for n in range(5):
        make_story(f"Thuisverhaal {n}", days_ago=n)
    html = client.get("/").text
    assert "Praktijkverhalen" in html
    assert [t for t in ("Thuisverhaal 0", "Thuisverhaal 1", "Thuisverhaal 2") if t in html] == [
        "Thuisverhaal 0",
        "Thuisverhaal 1",
        "Thuisverhaal 2",
    ]
    assert "Thuisverhaal 3" not in html


def test_related_stories_by_shared_tags(make_story):
    make_story("Met waarden", tags=["waarden"])
    make_story("Zonder", tags=["anders"])
    make_story("Concept met waarden", tags=["waarden"], live=False)
    found = StoryPage.objects.published().sharing_tags(["waarden", "laagdrempelig contact"])
    assert [s.title for s in found] == ["Met waarden"]
