"""The public check: by URL or typed number; an unknown number looks like a revoked one
without the data, and costs the same work."""

import re

import pytest
from django.urls import reverse

from certificates import numbers, services
from certificates.views import public

pytestmark = pytest.mark.django_db


def page(client, number):
    return client.get(reverse("certificates:verify", args=[number]))


def test_anyone_sees_a_valid_certificate_and_nothing_of_the_portfolio(client, certificate):
    response = page(client, certificate.number)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Geldig: dit certificaat is echt" in html
    for text in ("Fenna de Vries", "Leergang Creative Communities", "Voorjaar 2017", "40 uur"):
        assert text in html
    assert "noindex" in html
    # Nothing of the portfolio: no entries, no feedback, no milestone verdicts.
    assert "/portfolio/" not in html and "Eindbeoordeling" not in html


def test_a_revoked_certificate_says_so_with_the_date(client, certificate, administrator):
    services.revoke(certificate, administrator, "Onterecht uitgereikt.")
    certificate.refresh_from_db()
    html = page(client, certificate.number).content.decode()
    assert "Niet geldig" in html
    assert "Dit certificaat is ingetrokken op" in html
    assert "Fenna de Vries" in html


def _shape(html, typed):
    """The page's main content without what was typed: what a guesser could compare."""
    main = html[html.index("<main") : html.index("</main>")]
    return main.replace(typed, "NUMBER")


def test_an_unknown_number_and_nonsense_get_the_same_page(client, certificate):
    unknown = numbers.generate(2017)
    first = page(client, unknown)
    assert first.status_code == 404
    html = first.content.decode()
    assert "Niet geldig" in html and "Er is geen geldig certificaat met dit nummer" in html
    assert "Fenna" not in html
    shape = _shape(html, unknown)
    nonsense = page(client, "ZZZ-nonsense")
    assert nonsense.status_code == 404
    assert _shape(nonsense.content.decode(), "ZZZ-nonsense") == shape
    typed = client.get(reverse("certificates:verify_search"), {"nummer": "ZZZ-nonsense"})
    assert typed.status_code == 404 and _shape(typed.content.decode(), "ZZZ-nonsense") == shape


def test_the_same_queries_for_known_unknown_and_nonsense(
    client, certificate, django_assert_num_queries
):
    for raw in (certificate.number, numbers.generate(2017), "ZZZ", "x" * 5000):
        with django_assert_num_queries(1):
            public.find(raw)


def test_typing_the_number_forgives_case_spaces_and_look_alikes(client, certificate):
    typed = certificate.number.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    response = client.get(reverse("certificates:verify_search"), {"nummer": typed})
    assert response.status_code == 302
    assert response["Location"] == reverse("certificates:verify", args=[certificate.number])


def test_the_search_page_without_a_number_is_a_form(client):
    response = client.get(reverse("certificates:verify_search"))
    assert response.status_code == 200
    assert 'name="nummer"' in response.content.decode()


def test_numbers_are_random_and_normalise():
    drawn = {numbers.generate(2017) for _ in range(200)}
    assert len(drawn) == 200
    for number in drawn:
        assert numbers.normalise(number) == number
        assert re.fullmatch(r"CC-2017-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}", number)
    assert numbers.normalise("") == "" and numbers.normalise("CC-17-ABC") == ""


@pytest.mark.parametrize(
    "raw", ["é" * 300, "<script>alert(1)</script>", "CC-2017-" + "Z" * 5000, "\u202e\u0000", "%"]
)
def test_hostile_numbers_get_the_not_valid_page(client, raw):
    response = client.get(reverse("certificates:verify_search"), {"nummer": raw})
    assert response.status_code == 404
    html = response.content.decode()
    assert "Niet geldig" in html and "<script>alert" not in html


def test_checking_numbers_in_bulk_is_slowed_down_per_address_without_telling_anything(
    client, certificate, settings
):
    settings.LEERGANG_RATE_LIMITS = {
        **settings.LEERGANG_RATE_LIMITS,
        "certificate-check": (3, 3600),
    }
    for attempt in range(3):
        assert page(client, f"CC-2017-AAAAA-AAAA{attempt}").status_code == 404
    refused = page(client, certificate.number)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "3600"
    html = refused.content.decode()
    assert "Te veel controles in korte tijd" in html
    assert "Fenna de Vries" not in html
    assert "Geldig" not in html and "Niet geldig" not in html
    # Another address is not held up by this one.
    other = client.get(
        reverse("certificates:verify", args=[certificate.number]), REMOTE_ADDR="192.0.2.7"
    )
    assert other.status_code == 200
