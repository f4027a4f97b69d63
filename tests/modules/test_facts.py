"""A module page keeps what is the same for every reader (outcomes, tags, its neighbours, the
stories beside it) in the cache, and shows a change to any of them at the next request."""

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from demo.factories.modules import ModulePageFactory
from demo.factories.stories import StoryIndexPageFactory, StoryPageFactory
from leergang import pagecache
from modules.facts import module_facts

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(course_index):
    return [
        ModulePageFactory(parent=course_index, title=title, tag_names=["buurtkracht"])
        for title in ("Drijfveren", "Laagdrempelig contact", "Ideeën uitvoeren")
    ]


def page_html(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_story_published_after_a_visit_shows_at_the_next_one(
    client, three, home_page, participant
):
    client.force_login(participant)
    middle = three[1]
    assert "Het buurtdiner" not in page_html(client, middle)
    index = StoryIndexPageFactory(parent=home_page)
    story = StoryPageFactory(parent=index, title="Het buurtdiner", tags=["buurtkracht"])
    assert "Het buurtdiner" in page_html(client, middle)
    story.unpublish()
    assert "Het buurtdiner" not in page_html(client, middle)


def test_a_renamed_or_unpublished_neighbour_shows_at_the_next_visit(client, three, participant):
    client.force_login(participant)
    first, middle, last = three
    html = page_html(client, middle)
    assert "Ideeën uitvoeren →" in html and "← Drijfveren" in html
    last.title = "Ideeën samen uitvoeren"
    last.save_revision().publish()
    assert "Ideeën samen uitvoeren →" in page_html(client, middle)
    first.unpublish()
    html = page_html(client, middle)
    assert "Drijfveren" not in html
    assert 'rel="prev"' not in html


def test_a_new_tag_and_outcome_show_at_the_next_visit(client, three, participant):
    client.force_login(participant)
    middle = three[1]
    assert "straatgesprek" not in page_html(client, middle)
    middle.tags.add("straatgesprek")
    middle.learning_outcomes.create(text="Je voert een straatgesprek.")
    middle.save_revision().publish()
    html = page_html(client, middle)
    assert "straatgesprek" in html
    assert "Je voert een straatgesprek." in html


def test_the_facts_are_read_once_per_generation(three, django_assert_num_queries):
    cache.clear()
    middle = three[1]
    module_facts(middle)
    with django_assert_num_queries(0):
        facts = module_facts(middle)
    assert [t.name for t in facts.tags] == ["buurtkracht"]
    assert (facts.number, facts.count) == (2, 3)
    pagecache.new_generation()
    with CaptureQueriesContext(connection) as read:
        module_facts(middle)
    assert len(read.captured_queries) >= 3


def test_a_preview_reads_the_draft_not_the_cache(three):
    middle = three[1]
    module_facts(middle)
    middle.tags.add("conceptlabel")  # in the editor's draft, not yet published
    with CaptureQueriesContext(connection) as read:
        facts = module_facts(middle, preview=True)
    assert read.captured_queries
    assert "conceptlabel" in [t.name for t in facts.tags]


@pytest.mark.django_db(transaction=True)
def test_a_change_starts_a_generation_again_when_its_transaction_commits(three):
    before = pagecache.generation()
    with transaction.atomic():
        three[0].title = "Drijfveren en waarden"
        three[0].save()
        three[2].save()
        during = pagecache.generation()
        assert during > before
    # One more at the commit for the whole transaction, however many rows it changed: a
    # request that read the old rows before the commit kept them under ``during``.
    assert pagecache.generation() == during + 1
