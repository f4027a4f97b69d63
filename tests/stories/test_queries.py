"""The stories index, the feeds and the home section use a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def add_stories(make_story, start, stop):
    for i in range(start, stop):
        make_story(f"Verhaal {i}", days_ago=i, tags=["waarden", f"tag-{i % 7}"])
        if i % 10 == 0:
            make_story(f"Concept {i}", live=False, image=False)


def queries(client, url):
    client.get(url)  # warm up: image renditions are made on the first view
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        "/verhalen/",
        "/verhalen/?tag=waarden&page=2",
        "/verhalen/?q=verhaal",
        "/verhalen/feed/",
        "/verhalen/feed/atom/",
        "/",
    ],
)
def test_constant_queries_at_5_and_100_stories(client, make_story, url, django_assert_num_queries):
    add_stories(make_story, 0, 5)
    at_5 = queries(client, url)
    add_stories(make_story, 5, 100)
    client.get(url)
    with django_assert_num_queries(at_5):
        client.get(url)
