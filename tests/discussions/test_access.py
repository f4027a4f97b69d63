"""Who reads a module discussion: the cohort's people; everyone else a 404."""

import pytest
from django.urls import reverse

from discussions.models import discussion_url


@pytest.mark.parametrize(
    "role, status",
    [
        ("participant", 200),
        ("peer", 200),
        ("trainer", 200),
        ("administrator", 200),
        ("outsider", 404),
        ("other_trainer", 404),
        ("guild_member", 404),
    ],
)
def test_discussion_and_thread_access(client, request, role, status, thread):
    module, cohort = thread.discussion.module, thread.discussion.cohort
    client.force_login(request.getfixturevalue(role))
    assert client.get(discussion_url(module.pk, cohort.pk)).status_code == status
    assert client.get(thread.get_absolute_url()).status_code == status
    post = thread.posts.get()
    assert client.get(reverse("discussions:report", args=[post.pk])).status_code == status


def test_anonymous_goes_to_login(client, thread):
    module, cohort = thread.discussion.module, thread.discussion.cohort
    for url in (discussion_url(module.pk, cohort.pk), thread.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response.url


def test_outsider_cannot_post(client, outsider, thread):
    client.force_login(outsider)
    assert client.post(thread.get_absolute_url(), {"text": "Hallo"}).status_code == 404
    assert thread.posts.count() == 1


def test_moderation_page_for_the_cohorts_trainer_only(
    client, trainer, other_trainer, participant, thread
):
    module, cohort = thread.discussion.module, thread.discussion.cohort
    url = reverse("discussions:moderation", args=[module.pk, cohort.pk])
    client.force_login(trainer)
    assert client.get(url).status_code == 200
    for user in (other_trainer, participant):
        client.force_login(user)
        assert client.get(url).status_code == 404


def test_removed_participant_loses_access_at_once(client, participant, thread):
    client.force_login(participant)
    assert client.get(thread.get_absolute_url()).status_code == 200
    participant.enrolments.all().delete()
    assert client.get(thread.get_absolute_url()).status_code == 404
