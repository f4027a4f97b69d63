"""Anonymous public pages from the cache: never for a logged-in user, no cookie in a stored page,
a new version at once after a publish."""

import pytest
from django.core.cache import cache
from django.test import override_settings

from leergang import pagecache

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("home_page")]


@pytest.fixture(autouse=True)
def page_cache():
    cache.clear()
    with override_settings(LEERGANG_PAGE_CACHE_SECONDS=300):
        yield
    cache.clear()


def test_anonymous_home_is_served_from_the_cache(client):
    first = client.get("/")
    assert first.status_code == 200 and first[pagecache.HEADER] == "miss"
    second = client.get("/")
    assert second[pagecache.HEADER] == "hit"
    assert second.content == first.content


def test_a_logged_in_user_never_gets_or_fills_a_cached_page(client, participant):
    client.get("/")  # an anonymous visitor filled it
    client.force_login(participant)
    mine = client.get("/")
    assert pagecache.HEADER not in mine
    client.logout()
    client.cookies.clear()
    anonymous = client.get("/")
    assert anonymous[pagecache.HEADER] == "hit"
    assert b"Fenna" not in anonymous.content


def test_a_page_that_sets_a_cookie_is_not_stored(client):
    # The login form uses a CSRF token: it sets the csrftoken cookie, so it is never stored.
    response = client.get("/accounts/login/")
    assert response.status_code == 200 and pagecache.HEADER not in response
    # Nor a page outside the excluded prefixes that set one: nothing stored carries Set-Cookie
    # or a token.
    client.get("/")
    hit = client.get("/")
    assert hit[pagecache.HEADER] == "hit"
    assert not hit.cookies and b"csrfmiddlewaretoken" not in hit.content
    assert set(v.strip().lower() for v in hit.get("Vary", "").split(",") if v.strip()) <= {
        "accept-language",
        "cookie",
    }


def test_publishing_a_page_shows_at_once(client, home_page):
    client.get("/")
    assert client.get("/")[pagecache.HEADER] == "hit"
    home_page.title = "Nieuwe titel van de leergang"
    home_page.save_revision().publish()
    fresh = client.get("/")
    assert fresh[pagecache.HEADER] == "miss"


def test_a_session_cookie_bypasses_the_cache(client):
    client.get("/")
    client.cookies["sessionid"] = "whatever"
    assert pagecache.HEADER not in client.get("/")


def test_off_by_default_outside_production(client):
    with override_settings(LEERGANG_PAGE_CACHE_SECONDS=0):
        client.get("/")
        assert pagecache.HEADER not in client.get("/")
