"""RSS and Atom feeds of newly published practice stories."""

import datetime

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from .models import StoryIndexPage, StoryPage

FEED_SIZE = 20
# A story has a date, not a time: it is dated at noon in the Netherlands (Europe/Amsterdam).
STORY_TIME = datetime.time(12, 0)


class StoryFeed(Feed):
    description = _("New practice stories of the Creative Communities guild.")

    def get_object(self, request):
        index = StoryIndexPage.objects.live().public().first()
        if index is None:
            raise Http404
        self.request = request
        return index

    def title(self, index):
        return f"{index.title} · {_('Creative Communities course')}"

    def link(self, index):
        return index.get_url(self.request)

    def items(self, index):
        return list(
            StoryPage.objects.child_of(index).published().newest_first().for_listing()[:FEED_SIZE]
        )

    def item_title(self, story):
        return story.title

    def item_description(self, story):
        return strip_tags(story.summary)

    def item_link(self, story):
        return story.get_url(self.request)

    def item_pubdate(self, story):
        """The story's own date (when it happened), so readers sort as the index does; not the
        moment it went live, which for an older story is long after."""
        return timezone.make_aware(
            datetime.datetime.combine(story.date, STORY_TIME), timezone.get_default_timezone()
        )

    def item_updateddate(self, story):
        """Atom <updated>: the last time the story was (re)published."""
        return story.last_published_at or self.item_pubdate(story)

    def item_author_name(self, story):
        return ", ".join(story.author_names)

    def item_categories(self, story):
        return [tag.name for tag in story.tags.all()]


class StoryAtomFeed(StoryFeed):
    feed_type = Atom1Feed
    subtitle = StoryFeed.description
