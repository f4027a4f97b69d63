"""The path-to-page walk from the cache (leergang/routing.py): fewer queries on a second visit,
and every change to the tree (unpublish, new slug, move, delete, a new page, a restriction) is seen
at the next request."""

import time

import pytest
from django.core.cache.backends import locmem
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from demo.factories.modules import CourseIndexPageFactory, ModulePageFactory
from leergang import routing

pytestmark = pytest.mark.django_db

SECRET = "Tekst van onderdeel 1"


def visit(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, len(captured)


def test_a_second_visit_skips_the_walk_and_shows_the_same_page(client, module, participant):
    client.force_login(participant)
    client.get(module.url)  # every other cache (roles, facts) is warm from here on
    routing.GENERATION.advance()  # only the route is cold
    first, walked = visit(client, module.url)
    second, cached = visit(client, module.url)
    assert first.status_code == second.status_code == 200
    assert SECRET in second.content.decode()
    assert cached <= walked - 3, (walked, cached)


def test_an_unpublished_page_is_gone_at_once(client, module, participant):
    client.force_login(participant)
    url = module.url
    assert client.get(url).status_code == 200
    module.unpublish()
    assert client.get(url).status_code == 404


def test_a_new_slug_moves_the_page(client, module, participant):
    client.force_login(participant)
    old = module.url
    assert client.get(old).status_code == 200
    module.slug = "contact-met-bewoners"
    module.save_revision().publish()
    module.refresh_from_db()
    assert client.get(old).status_code == 404
    assert SECRET in client.get(module.url).content.decode()


def test_a_page_moved_elsewhere_leaves_its_old_path(client, module, participant, home_page):
    client.force_login(participant)
    old = module.url
    assert client.get(old).status_code == 200
    other = CourseIndexPageFactory.build(title="Archief", slug="archief")
    home_page.add_child(instance=other)
    module.move(other, pos="last-child")
    module.refresh_from_db()
    assert client.get(old).status_code == 404
    assert client.get(module.url).status_code == 200


def test_a_deleted_page_is_404_and_a_new_page_on_its_path_is_found(
    client, module, course_index, participant
):
    client.force_login(participant)
    url = module.url
    assert client.get(url).status_code == 200
    module.delete()
    assert client.get(url).status_code == 404
    ModulePageFactory(parent=course_index, title="Opnieuw", slug="laagdrempelig-contact")
    response = client.get(url)
    assert response.status_code == 200 and "Opnieuw" in response.content.decode()


def test_a_login_restriction_added_later_still_holds(client, module):
    url = module.url
    assert client.get(url).status_code == 200  # the teaser, and the route is now cached
    PageViewRestriction.objects.create(page=module, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_without_a_shared_cache_another_processs_move_is_seen_within_a_minute(
    client, module, participant, monkeypatch
):
    client.force_login(participant)
    old = module.url
    now = time.time()
    monkeypatch.setattr(locmem.time, "time", lambda: now)
    assert client.get(old).status_code == 200
    # Another process gave the page a new slug; this process's generation did not move.
    type(module).objects.filter(pk=module.pk).update(
        slug="elders", url_path=module.url_path.replace("laagdrempelig-contact", "elders")
    )
    assert client.get(old).status_code == 200  # the kept route, within its lifetime
    monkeypatch.setattr(locmem.time, "time", lambda: now + routing.SECONDS_UNSHARED + 1)
    assert client.get(old).status_code == 404


def test_a_kept_route_also_spares_the_breadcrumb_and_the_site(client, module, participant):
    client.force_login(participant)
    client.get(module.url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(module.url)
    sql = [q["sql"] for q in captured]
    assert not [q for q in sql if 'FROM "wagtailcore_site"' in q]
    # The module itself and the view restrictions of its ancestors; not its parent again.
    assert len([q for q in sql if 'FROM "wagtailcore_page"' in q]) <= 2
    assert 'class="breadcrumb"' in response.content.decode()
    assert module.get_parent().title in response.content.decode()


def test_a_renamed_parent_shows_in_the_breadcrumb_at_once(
    client, module, course_index, participant
):
    client.force_login(participant)
    assert client.get(module.url).status_code == 200
    course_index.title = "Alle modules van de leergang"
    course_index.save_revision().publish()
    assert "Alle modules van de leergang" in client.get(module.url).content.decode()
