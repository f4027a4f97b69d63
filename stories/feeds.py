"""RSS and Atom feeds of newly published practice stories."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from .models import StoryIndexPage, StoryPage

FEED_SIZE = 20


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
        return story.first_published_at

    def item_updateddate(self, story):
        return story.last_published_at or story.first_published_at

    def item_author_name(self, story):
        return ", ".join(story.author_names)

    def item_categories(self, story):
        return [tag.name for tag in story.tags.all()]


class StoryAtomFeed(StoryFeed):
    feed_type = Atom1Feed
    subtitle = StoryFeed.description
