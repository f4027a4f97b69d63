"""Query counts that do not grow with the discussion; the privacy provider; the demo."""

import io
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from discussions import services
from discussions.models import Discussion, Mention, Post, Report, Thread, discussion_url
from leergang import privacy
from notifications.models import Notification


def _fill(discussion, authors, threads, posts_per_thread):
    now = timezone.now()
    made = Thread.objects.bulk_create(
        Thread(
            discussion=discussion,
            author=authors[n % len(authors)],
            title=f"Onderwerp {n}",
            last_post_at=now,
            post_count=posts_per_thread,
        )
        for n in range(threads)
    )
    Post.objects.bulk_create(
        Post(thread=t, author=authors[i % len(authors)], body=f"<p>Bericht {i}</p>")
        for t in made
        for i in range(posts_per_thread)
    )
    return made


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_query_count_is_the_same_at_10_and_500_posts(
    client, participant, peer, trainer, module, cohort
):
    small = Discussion.objects.create(module=module, cohort=cohort)
    threads = _fill(small, [participant, peer, trainer], 2, 5)
    client.force_login(trainer)
    url = discussion_url(module.pk, cohort.pk)
    thread_url = threads[0].get_absolute_url()
    client.get(url)  # warm the caches (site, content types) once
    at_10 = (_count(client, url), _count(client, thread_url))
    big = _fill(small, [participant, peer, trainer], 18, 27)  # 10 + 486 + 4 = 500 posts
    Post.objects.bulk_create(
        Post(thread=threads[0], author=peer, body="<p>x</p>") for _ in range(4)
    )
    assert Post.objects.count() == 500
    Thread.objects.filter(pk=threads[0].pk).update(post_count=9)
    Report.objects.create(post=big[0].posts.first(), reporter=peer, reason="test")
    thread_big = big[0].get_absolute_url()
    at_500 = (_count(client, url), _count(client, thread_big))
    assert at_10 == at_500


@pytest.fixture
def conversation(participant, peer, trainer, module, cohort):
    thread = services.start_thread(participant, module, cohort, "Mijn vraag", "Eerste bericht")
    services.reply(peer, thread, "Antwoord van Jelle")
    peer_handle = services.handles(services.members(module, cohort))[peer.pk]
    services.reply(participant, thread, f"Dank je, @{peer_handle}!")
    assert Notification.objects.filter(user=peer, title="Mijn vraag").exists()
    Report.objects.create(post=thread.posts.last(), reporter=participant, reason="test")
    return thread


def test_erase_empties_posts_and_keeps_the_structure(participant, peer, conversation):
    privacy.erase_user(participant)
    posts = list(conversation.posts.order_by("pk"))
    assert len(posts) == 3
    assert [p.author_id for p in posts] == [None, peer.pk, None]
    assert posts[0].body == "" and posts[0].erased and posts[1].body
    conversation.refresh_from_db()
    assert conversation.title == privacy.ANONYMISED and conversation.author is None
    assert not Report.objects.filter(reporter_id=participant.pk).exists()
    # the peer's notification of the reply... is to the participant (erased); a mention of the
    # peer carries the thread's title, which is anonymised too
    assert not Notification.objects.filter(title="Mijn vraag").exists()


def test_retention_deletes_the_cohorts_discussions(cohort, conversation):
    privacy.apply_retention(cohort)
    assert not Discussion.objects.filter(cohort=cohort).exists()
    assert not Post.objects.exists()


def test_export_holds_own_posts(participant, conversation):
    buffer = io.BytesIO()
    privacy.export_user(participant, buffer)
    with zipfile.ZipFile(buffer) as archive:
        name = next(n for n in archive.namelist() if n.endswith("gesprekken.json"))
        data = archive.read(name).decode()
    assert "Eerste bericht" in data and "Dank je, @" in data
    assert "Antwoord van Jelle" not in data


def test_mentions_are_stored_for_guild_access(participant, guild_member, module, cohort):
    handle = services.handles(services.members(module, cohort))[guild_member.pk]
    thread = services.start_thread(participant, module, cohort, "Vraag", f"@{handle} help")
    assert Mention.objects.filter(post__thread=thread, user=guild_member).exists()
