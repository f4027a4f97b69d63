"""The rules of posting in a module discussion."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from discussions import services
from discussions.models import ModerationAction, Post, Report, Thread, discussion_url
from notifications.models import Notification
from portfolio.models import Portfolio, RealName

from .conftest import handle


def test_start_thread_and_reply_through_the_site(client, participant, peer, module, cohort):
    client.force_login(participant)
    url = discussion_url(module.pk, cohort.pk)
    response = client.post(url, {"title": "Buurtkamer", "text": "Wie kent een **goede** aanpak?"})
    thread = Thread.objects.get()
    assert response.status_code == 302 and response.url == thread.get_absolute_url()
    client.force_login(peer)
    response = client.post(thread.get_absolute_url(), {"text": "Begin klein."})
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.post_count == 2
    page = client.get(thread.get_absolute_url())
    assert b"<strong>goede</strong>" in page.content and b"Begin klein." in page.content
    # the thread's author hears of the reply
    assert Notification.objects.filter(user=participant, kind="mention").count() == 1


def test_html_and_script_are_shown_as_text(client, participant, module, cohort):
    client.force_login(participant)
    text = "Kijk: <script>alert('x')</script> <b onclick='x()'>vet</b> https://example.org/a"
    client.post(discussion_url(module.pk, cohort.pk), {"title": "<i>Titel</i>", "text": text})
    thread = Thread.objects.get()
    body = thread.posts.get().body
    assert "<script" not in body and "<b " not in body
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in body
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "<script>alert" not in page
    assert "&lt;i&gt;Titel&lt;/i&gt;" in page
    assert 'href="https://example.org/a"' in page


def test_plain_text_with_angle_brackets_is_escaped(participant, module, cohort):
    thread = services.start_thread(participant, module, cohort, "T", "a < b en 3 > 2")
    assert "&lt;" in thread.posts.get().body


def test_locked_thread_refuses_a_post_in_dutch_and_keeps_the_text(
    client, participant, trainer, thread
):
    services.set_locked(trainer, thread, True, "Afgerond")
    client.force_login(participant)
    response = client.post(
        thread.get_absolute_url(), {"text": "Nog één ding"}, HTTP_ACCEPT_LANGUAGE="nl"
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "gesloten" in content and "Afgerond" in content
    assert "Nog één ding" in content
    assert thread.posts.count() == 1


def test_rate_limit_refuses_the_sixth_post_in_a_minute(client, participant, thread, settings):
    settings.DISCUSSIONS_POSTS_PER_MINUTE = 5
    client.force_login(participant)
    for n in range(4):
        assert client.post(thread.get_absolute_url(), {"text": f"bericht {n}"}).status_code == 302
    response = client.post(
        thread.get_absolute_url(), {"text": "te snel"}, HTTP_ACCEPT_LANGUAGE="nl"
    )
    assert response.status_code == 200
    assert "te snel" in response.content.decode()
    assert "per minuut" in response.content.decode()
    assert Post.objects.filter(author=participant).count() == 5
    # a minute later it is fine again
    Post.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=2))
    assert client.post(thread.get_absolute_url(), {"text": "nu wel"}).status_code == 302


def test_privacy_finding_blocks_the_post_and_keeps_the_text(client, participant, thread):
    client.force_login(participant)
    text = "Mevrouw woont op Dorpsstraat 12, bel 06-12345678"
    response = client.post(thread.get_absolute_url(), {"text": text}, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 200
    content = response.content.decode()
    assert "privacycheck" in content.lower() or "persoonsgegevens" in content
    assert "Dorpsstraat 12" in content
    assert thread.posts.count() == 1


def test_privacy_check_uses_the_participants_real_names(participant, thread):
    portfolio = Portfolio.objects.get_or_create(enrolment=participant.enrolments.first())[0]
    RealName.objects.create(portfolio=portfolio, name="Grietje Hoekstra")
    with pytest.raises(services.PostRefused) as refused:
        services.reply(participant, thread, "Ik sprak grietje hoekstra bij de bakker.")
    assert refused.value.findings


def test_new_thread_with_a_finding_keeps_title_and_text(client, participant, module, cohort):
    client.force_login(participant)
    response = client.post(
        discussion_url(module.pk, cohort.pk),
        {"title": "Over de buurt", "text": "Mail hem: jan@buurt.nl"},
    )
    assert response.status_code == 200
    assert "Over de buurt" in response.content.decode()
    assert "jan@buurt.nl" in response.content.decode()
    assert not Thread.objects.exists()


def test_mention_notifies_a_cohort_member(participant, peer, module, cohort, thread):
    services.reply(participant, thread, f"Wat denk jij, @{handle(peer, module, cohort)}?")
    notification = Notification.objects.get(user=peer)
    assert notification.kind == "mention"
    assert notification.target_url.startswith(thread.get_absolute_url())


def test_mention_outside_the_cohort_notifies_nobody(participant, outsider, other_trainer, thread):
    everyone = services.handles([outsider, other_trainer, participant])
    text = f"Hoi @{everyone[outsider.pk]} en @{everyone[other_trainer.pk]} en @Niemand"
    before = Notification.objects.count()
    services.reply(participant, thread, text)
    assert Notification.objects.count() == before
    assert not Notification.objects.filter(user__in=[outsider, other_trainer]).exists()


def test_mentioned_guild_member_is_notified_and_may_read(client, participant, guild_member, thread):
    module, cohort = thread.discussion.module, thread.discussion.cohort
    client.force_login(guild_member)
    assert client.get(thread.get_absolute_url()).status_code == 404
    services.reply(participant, thread, f"@{handle(guild_member, module, cohort)} weet dit vast")
    assert Notification.objects.filter(user=guild_member, kind="mention").exists()
    assert client.get(thread.get_absolute_url()).status_code == 200


def test_handles_are_unique(db):
    from demo.factories.leergang import ParticipantFactory

    a = ParticipantFactory(first_name="Anna", last_name="de Boer")
    b = ParticipantFactory(first_name="Anna", last_name="Bakker")
    assert services.handles([a, b]) == {a.pk: "AnnaB", b.pk: "AnnaB2"}


def test_edit_own_post_within_the_window_only(client, participant, peer, thread, settings):
    post = thread.posts.get()
    client.force_login(peer)
    assert client.get(reverse("discussions:edit", args=[post.pk])).status_code == 404
    client.force_login(participant)
    edit = reverse("discussions:edit", args=[post.pk])
    assert client.post(edit, {"text": "Hoe begin je echt?"}).status_code == 302
    post.refresh_from_db()
    assert "echt" in post.body and post.edited_at
    Post.objects.filter(pk=post.pk).update(created_at=timezone.now() - datetime.timedelta(hours=1))
    assert client.get(edit).status_code == 404


def test_delete_own_post_keeps_its_place(client, participant, peer, thread):
    post = thread.posts.get()
    delete = reverse("discussions:delete", args=[post.pk])
    client.force_login(peer)
    assert client.post(delete).status_code == 404
    client.force_login(participant)
    assert client.post(delete).status_code == 302
    post.refresh_from_db()
    assert post.deleted_at and post.body == ""
    assert (
        "verwijderd"
        in client.get(thread.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    )


def test_report_then_hide_and_lock_are_logged_with_reason(
    client, participant, peer, trainer, thread
):
    post = thread.posts.get()
    client.force_login(peer)
    response = client.post(reverse("discussions:report", args=[post.pk]), {"reason": "Kwetsend"})
    assert response.status_code == 302
    assert Report.objects.get().reason == "Kwetsend"
    # participants may not moderate
    assert (
        client.post(reverse("discussions:hide", args=[post.pk]), {"reason": "x"}).status_code == 404
    )
    assert (
        client.post(reverse("discussions:lock", args=[thread.pk]), {"reason": "x"}).status_code
        == 404
    )
    client.force_login(trainer)
    module, cohort = thread.discussion.module, thread.discussion.cohort
    moderation = client.get(reverse("discussions:moderation", args=[module.pk, cohort.pk]))
    assert "Kwetsend" in moderation.content.decode()
    # a reason is required
    client.post(reverse("discussions:hide", args=[post.pk]), {"reason": ""})
    post.refresh_from_db()
    assert post.hidden_at is None
    client.post(reverse("discussions:hide", args=[post.pk]), {"reason": "Niet respectvol"})
    client.post(reverse("discussions:lock", args=[thread.pk]), {"reason": "Klaar"})
    post.refresh_from_db()
    thread.refresh_from_db()
    assert post.hidden_at and thread.is_locked and thread.lock_reason == "Klaar"
    log = list(ModerationAction.objects.order_by("pk").values_list("action", "reason", "actor"))
    assert log == [("hide", "Niet respectvol", trainer.pk), ("lock", "Klaar", trainer.pk)]
    assert Report.objects.get().handled_at is not None
    page = client.get(reverse("discussions:moderation", args=[module.pk, cohort.pk])).content
    assert b"Niet respectvol" in page and b"Klaar" in page
    client.force_login(participant)
    content = client.get(thread.get_absolute_url()).content.decode()
    assert "Hoe begin je?" not in content


def test_module_page_links_to_the_discussion(client, participant, module, cohort, thread):
    client.force_login(participant)
    response = client.get(module.url, HTTP_ACCEPT_LANGUAGE="nl")
    assert discussion_url(module.pk, cohort.pk) in response.content.decode()


def test_guild_member_joins_as_practitioner(client, guild_member, module, cohort, thread):
    client.force_login(guild_member)
    url = thread.get_absolute_url()
    assert client.get(url).status_code == 404
    listing = client.get(reverse("discussions:module", args=[module.pk]))
    assert listing.status_code == 200
    join = reverse("discussions:join", args=[module.pk, cohort.pk])
    assert join in listing.content.decode()
    assert client.post(join).status_code == 302
    assert client.get(url).status_code == 200
    assert client.get(discussion_url(module.pk, cohort.pk)).status_code == 200
