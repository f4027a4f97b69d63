"""The feeds date each story by its own date (noon in the Netherlands), newest story first, so a
feed reader sorts them as /verhalen/ does; Atom <updated> is when the story was last published."""

import datetime
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

import pytest

from stories.models import StoryPage

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
ATOM = {"a": "http://www.w3.org/2005/Atom"}


@pytest.fixture
def stories(make_story):
    """Three stories published in the opposite order of their dates: the oldest story went live
    last (an old story written up late), as happens when the guild catches up."""
    made = [
        make_story("Zomerverhaal", days_ago=0),  # 1 June 2017 (summer time)
        make_story("Voorjaarsverhaal", days_ago=60),  # 2 April 2017
        make_story("Winterverhaal", days_ago=140),  # 12 January 2017 (winter time)
    ]
    live = datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC)
    for n, story in enumerate(made):
        published = live + datetime.timedelta(days=n)
        StoryPage.objects.filter(pk=story.pk).update(
            first_published_at=published, last_published_at=published + datetime.timedelta(hours=5)
        )
    return {story.title: StoryPage.objects.get(pk=story.pk) for story in made}


def noon(date):
    return datetime.datetime.combine(date, datetime.time(12), tzinfo=AMSTERDAM)


def test_rss_items_come_newest_story_first_with_the_story_date(client, stories):
    root = ET.fromstring(client.get("/verhalen/feed/").content)  # noqa: S314 (our own feed)
    items = root.findall("./channel/item")
    titles = [item.findtext("title") for item in items]
    dates = [parsedate_to_datetime(item.findtext("pubDate")) for item in items]
    assert titles == ["Zomerverhaal", "Voorjaarsverhaal", "Winterverhaal"]
    assert dates == [noon(stories[title].date) for title in titles]
    assert dates == sorted(dates, reverse=True)  # what a reader sorts by
    # Noon in Amsterdam: summer and winter time.
    assert items[0].findtext("pubDate") == "Thu, 01 Jun 2017 12:00:00 +0200"
    assert items[2].findtext("pubDate") == "Thu, 12 Jan 2017 12:00:00 +0100"


def test_atom_published_is_the_story_date_and_updated_the_last_publication(client, stories):
    root = ET.fromstring(client.get("/verhalen/feed/atom/").content)  # noqa: S314
    entries = root.findall("a:entry", ATOM)
    titles = [entry.findtext("a:title", namespaces=ATOM) for entry in entries]
    assert titles == ["Zomerverhaal", "Voorjaarsverhaal", "Winterverhaal"]
    for title, entry in zip(titles, entries, strict=True):
        story = stories[title]
        published = datetime.datetime.fromisoformat(entry.findtext("a:published", namespaces=ATOM))
        updated = datetime.datetime.fromisoformat(entry.findtext("a:updated", namespaces=ATOM))
        assert published == noon(story.date)
        assert updated == story.last_published_at
    # The feed itself was updated when its latest story was last published.
    feed_updated = datetime.datetime.fromisoformat(root.findtext("a:updated", namespaces=ATOM))
    assert feed_updated == max(s.last_published_at for s in stories.values())
