import datetime

import pytest

from demo.factories.stories import StoryImageFactory, StoryIndexPageFactory, StoryPageFactory


@pytest.fixture
def story_index(home_page):
    index = StoryIndexPageFactory(parent=home_page)
    index.save_revision().publish()
    return index


@pytest.fixture
def make_story(story_index):
    """A story under the index; published unless live=False. With an image by default."""

    def _make(title="Een verhaal", *, live=True, image=True, tags=(), days_ago=0, **kwargs):
        story = StoryPageFactory(
            parent=story_index,
            title=title,
            live=live,
            date=datetime.date(2017, 6, 1) - datetime.timedelta(days=days_ago),
            tags=list(tags),
            **kwargs,
        )
        if image:
            StoryImageFactory(page=story)
        return story

    return _make
