"""Hostile text in intervisie posts: never a server error, never script on the page."""

from django.core.cache import cache
from django.urls import reverse
from hypothesis import given

from tests.security.hostile import FEW, assert_safe_html, hostile_text


@FEW
@given(text=hostile_text)
def test_hostile_responses_and_questions(client, case, participant, peer, text):
    cache.clear()  # the rate limit is tested elsewhere
    client.force_login(participant)
    response = client.post(reverse("intervisie:respond", args=[case.pk]), {"text": text})
    assert response.status_code in (302, 400)
    assert_safe_html(client.get(case.get_absolute_url()).content, "case")
    client.force_login(peer)
    response = client.post(reverse("intervisie:close", args=[case.pk]), {"text": text[:4000]})
    assert response.status_code in (302, 400)
    assert_safe_html(client.get(case.get_absolute_url()).content, "closed case")
