"""Guild members write; editors moderate. Checked through the real Wagtail admin views."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.text import slugify
from wagtail.models import GroupPagePermission, Page, TaskState, WorkflowState
from wagtail.snippets.models import get_snippet_models
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from demo.factories.leergang import GuildMemberFactory
from demo.factories.stories import StoryIndexPageFactory
from stories.models import StoryPage

pytestmark = pytest.mark.django_db


def story_form(title="Een bankje bij de speeltuin", **extra):
    data = {
        "title": title,
        "slug": slugify(title),
        "summary": "Buren bedachten een bankje en regelden het zelf.",
        "place": "Heechterp",
        "date": "2017-06-01",
        "question": rich_text("<p>Waar kunnen ouders zitten?</p>"),
        "approach": rich_text("<p>Zelf geregeld met de corporatie.</p>"),
        "outcome": rich_text("<p>Een bankje en nieuwe contacten.</p>"),
        "lessons": rich_text("<p>Vraag naar ideeën.</p>"),
        "tags": "bewonersinitiatief",
        "gallery_images": inline_formset([]),
        "authors": inline_formset([{"name": "Sjoerd Bakker"}]),
        "module_links": inline_formset([]),
        "comments": inline_formset([]),
    }
    data.update(extra)
    return nested_form_data(data)


def add_url(index):
    return reverse("wagtailadmin_pages:add", args=["stories", "storypage", index.pk])


@pytest.fixture
def moderators(trainer, administrator):
    return [trainer, administrator]


def submit_story(client, user, index, title="Een bankje bij de speeltuin"):
    client.force_login(user)
    response = client.post(add_url(index), story_form(title, **{"action-submit": "Indienen"}))
    assert response.status_code == 302, response.content[:2000]
    return StoryPage.objects.get(title=title)


def test_guild_member_submits_and_moderators_get_an_email(
    client, story_index, guild_member, moderators
):
    story = submit_story(client, guild_member, story_index)
    assert story.owner == guild_member
    assert not story.live
    state = WorkflowState.objects.for_instance(story).get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == "Moderatie praktijkverhalen"
    recipients = {m.to[0] for m in mail.outbox}
    assert {"trainer@example.org", "beheerder@example.org"} <= recipients
    assert "gildelid@example.org" not in recipients
    assert any("Een bankje bij de speeltuin" in m.body for m in mail.outbox)
    assert client.get(f"/verhalen/{story.slug}/").status_code == 404


def test_guild_member_cannot_publish_even_by_posting_the_publish_action(
    client, story_index, guild_member
):
    client.force_login(guild_member)
    client.post(add_url(story_index), story_form(**{"action-publish": "Publiceren"}))
    story = StoryPage.objects.get()
    assert not story.live
    client.post(
        reverse("wagtailadmin_pages:edit", args=[story.pk]),
        story_form(**{"action-publish": "Publiceren"}),
    )
    story.refresh_from_db()
    assert not story.live
    assert client.get("/verhalen/").text.count("story-card__title") == 0


def approve(client, moderator, story, comment=""):
    client.force_login(moderator)
    task_state = TaskState.objects.get(
        workflow_state__object_id=str(story.pk), status=TaskState.STATUS_IN_PROGRESS
    )
    return client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[story.pk, "approve", task_state.pk]),
        {"comment": comment},
    )


def reject(client, moderator, story, comment):
    client.force_login(moderator)
    task_state = TaskState.objects.get(
        workflow_state__object_id=str(story.pk), status=TaskState.STATUS_IN_PROGRESS
    )
    return client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[story.pk, "reject", task_state.pk]),
        {"comment": comment},
    )


def test_trainer_approves_and_the_author_is_told(client, story_index, guild_member, moderators):
    trainer = moderators[0]
    story = submit_story(client, guild_member, story_index)
    mail.outbox.clear()
    approve(client, trainer, story)
    story.refresh_from_db()
    assert story.live
    assert [m.to for m in mail.outbox] == [["gildelid@example.org"]]
    assert "Een bankje bij de speeltuin" in mail.outbox[0].body
    client.logout()
    assert client.get(f"/verhalen/{story.slug}/").status_code == 200
    assert "Een bankje bij de speeltuin" in client.get("/verhalen/feed/").content.decode()


def test_rejection_comment_reaches_the_guild_member(client, story_index, guild_member, moderators):
    trainer = moderators[0]
    story = submit_story(client, guild_member, story_index)
    mail.outbox.clear()
    reject(client, trainer, story, "Noem de bewoners niet bij naam, graag.")
    story.refresh_from_db()
    assert not story.live
    assert [m.to for m in mail.outbox] == [["gildelid@example.org"]]
    assert "Noem de bewoners niet bij naam" in mail.outbox[0].body
    # ... and in the admin, on the story's edit page.
    client.force_login(guild_member)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[story.pk]))
    assert edit.status_code == 200
    assert "Noem de bewoners niet bij naam, graag." in edit.content.decode()


def test_guild_member_cannot_approve_own_story(client, story_index, guild_member, moderators):
    story = submit_story(client, guild_member, story_index)
    approve(client, guild_member, story)
    story.refresh_from_db()
    assert not story.live


def test_guild_member_cannot_edit_or_delete_another_authors_story(
    client, story_index, guild_member, make_story
):
    other = GuildMemberFactory(email="gildelid2@example.org")
    draft = make_story("Van een ander", live=False, owner=other)
    published = make_story("Gepubliceerd van een ander", owner=other)
    client.force_login(guild_member)
    for story in (draft, published):
        edit_url = reverse("wagtailadmin_pages:edit", args=[story.pk])
        assert client.get(edit_url).status_code in (302, 403)
        client.post(edit_url, story_form("Overschreven", **{"action-submit": "x"}))
        delete_url = reverse("wagtailadmin_pages:delete", args=[story.pk])
        assert client.get(delete_url).status_code in (302, 403)
        client.post(delete_url)
    assert set(StoryPage.objects.values_list("title", flat=True)) == {
        "Van een ander",
        "Gepubliceerd van een ander",
    }


def test_guild_member_can_delete_own_draft_but_not_published_story(
    client, story_index, guild_member, make_story
):
    own_draft = make_story("Eigen concept", live=False, owner=guild_member)
    own_live = make_story("Eigen gepubliceerd", owner=guild_member)
    client.force_login(guild_member)
    client.post(reverse("wagtailadmin_pages:delete", args=[own_live.pk]))
    client.post(reverse("wagtailadmin_pages:delete", args=[own_draft.pk]))
    assert list(StoryPage.objects.values_list("title", flat=True)) == ["Eigen gepubliceerd"]


def test_explorer_shows_only_own_stories(client, story_index, guild_member, make_story):
    other = GuildMemberFactory(email="gildelid2@example.org")
    make_story("Mijn eigen verhaal", live=False, owner=guild_member)
    make_story("Verhaal van een ander", live=False, owner=other)
    client.force_login(guild_member)
    html = client.get(reverse("wagtailadmin_explore", args=[story_index.pk])).content.decode()
    assert "Mijn eigen verhaal" in html
    assert "Verhaal van een ander" not in html


def test_guild_member_cannot_reach_other_administration(client, story_index, guild_member):
    from demo.factories.modules import CourseIndexPageFactory, ModulePageFactory

    course = CourseIndexPageFactory(parent=story_index.get_parent())
    module = ModulePageFactory(parent=course)
    client.force_login(guild_member)
    home = client.get(reverse("wagtailadmin_home"))
    assert home.status_code == 200
    menu = home.content.decode()
    for hidden in ("/admin/snippets/", "/admin/users/", "/admin/workflows/", "/admin/groups/"):
        assert f'"{hidden}' not in menu
    refused = [
        reverse("wagtailadmin_pages:edit", args=[module.pk]),
        reverse("wagtailadmin_pages:edit", args=[course.pk]),
        reverse("wagtailadmin_pages:edit", args=[story_index.pk]),
        reverse("wagtailadmin_pages:add_subpage", args=[course.pk]),
        reverse("wagtailadmin_pages:delete", args=[module.pk]),
        "/admin/users/",
        "/admin/groups/",
        "/admin/workflows/list/",
        "/admin/settings/",
    ]
    for model in get_snippet_models():
        if model._meta.app_label != "stories":
            refused.append(
                reverse(f"wagtailsnippets_{model._meta.app_label}_{model._meta.model_name}:list")
            )
    for url in refused:
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        if response.status_code == 302:
            assert response.url in ("/admin/", reverse("wagtailadmin_home")), url
    module.refresh_from_db()
    client.post(
        reverse("wagtailadmin_pages:edit", args=[module.pk]), {"title": "Gekaapt", "slug": "x"}
    )
    assert Page.objects.get(pk=module.pk).title != "Gekaapt"


def test_new_index_gets_permissions_and_workflow(home_page):

    index = StoryIndexPageFactory(parent=home_page)
    perms = {
        (p.group.name, p.permission.codename)
        for p in GroupPagePermission.objects.filter(page=index).select_related(
            "group", "permission"
        )
    }
    assert ("Gildeleden", "add_page") in perms
    assert ("Gildeleden", "publish_page") not in perms
    assert ("Gildeleden", "change_page") not in perms
    assert {("Trainers", "publish_page"), ("Beheerders", "publish_page")} <= perms
    assert index.get_workflow().name == "Moderatie praktijkverhalen"
