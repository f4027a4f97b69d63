"""What a guild member and a trainer find in the Wagtail admin, and who may download Wagtail's
files (issue 13): one test per defect, each failing on the code before the fix."""

import json

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.models import Collection
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from demo.factories.leergang import GuildMemberFactory
from demo.factories.modules import CourseIndexPageFactory, ModulePageFactory, sample_body, stream
from demo.factories.stories import StoryIndexPageFactory, StoryPageFactory, WagtailImageFactory

DRAFT = "Wietskes kladje over de moestuin"


@pytest.fixture
def story_index(home_page):
    index = StoryIndexPageFactory(parent=home_page)
    index.save_revision().publish()
    return index


@pytest.fixture
def other_author(db):
    return GuildMemberFactory(email="gildelid2@example.org", first_name="Wietske")


@pytest.fixture
def others_draft(story_index, other_author):
    """Another guild member's story, submitted for moderation."""
    story = StoryPageFactory(parent=story_index, title=DRAFT, owner=other_author, live=False)
    story.save_revision(user=other_author)
    story_index.get_workflow().start(story, other_author)
    return story


@pytest.fixture
def others_image(other_author, story_index):
    # The stories collection, which every guild member may choose from in Wagtail.
    return WagtailImageFactory(title="Wietskes moestuinfoto", uploaded_by_user=other_author)


@pytest.fixture
def own_story(story_index, guild_member):
    story = StoryPageFactory(
        parent=story_index, title="Mijn eigen verhaal", owner=guild_member, live=False
    )
    story.save_revision(user=guild_member)
    return story


@pytest.fixture
def draft_module(home_page):
    course = CourseIndexPageFactory(parent=home_page)
    course.save_revision().publish()
    return ModulePageFactory(parent=course, title="Geheime module in wording", live=False)


def _as(client, user):
    client.force_login(user)
    return client


def _text(response):
    return response.content.decode()


# --- reports ---------------------------------------------------------------------------------


def test_site_history_is_for_administrators_only(client, guild_member, trainer, others_draft):
    for user in (guild_member, trainer):
        response = _as(client, user).get(reverse("wagtailadmin_reports:site_history"))
        assert response.status_code == 302
        results = client.get(reverse("wagtailadmin_reports:site_history_results"))
        assert DRAFT not in _text(results)


def test_site_history_still_shows_administrators_everything(client, administrator, others_draft):
    response = _as(client, administrator).get(reverse("wagtailadmin_reports:site_history"))
    assert response.status_code == 200
    assert DRAFT in _text(response)


def test_reports_menu_of_a_guild_member_has_no_site_wide_reports(
    client, guild_member, administrator, story_index
):
    # The sidebar menu is JSON in the page; its items carry their names.
    def menu(user):
        return _text(_as(client, user).get(reverse("wagtailadmin_home")))

    assert '"site-history"' in menu(administrator)
    assert '"page-types-usage"' in menu(administrator)
    guild_menu = menu(guild_member)
    assert '"workflows"' in guild_menu
    assert '"site-history"' not in guild_menu
    assert '"page-types-usage"' not in guild_menu


def test_workflow_report_shows_a_guild_member_only_their_own_work(
    client, guild_member, others_draft, own_story, story_index
):
    story_index.get_workflow().start(own_story, guild_member)
    for name in ("wagtailadmin_reports:workflow", "wagtailadmin_reports:workflow_tasks"):
        text = _text(_as(client, guild_member).get(reverse(name)))
        assert "Mijn eigen verhaal" in text
        assert DRAFT not in text


# --- page choosers, search, explorer ---------------------------------------------------------


def test_page_chooser_search_offers_no_drafts_of_others(
    client, guild_member, others_draft, draft_module
):
    client = _as(client, guild_member)
    for q in ("moestuin", "geheime"):
        response = client.get(reverse("wagtailadmin_choose_page_search"), {"q": q})
        assert DRAFT not in _text(response)
        assert "Geheime module" not in _text(response)


def test_page_chooser_browse_lists_no_drafts_of_others(
    client, guild_member, others_draft, own_story, story_index
):
    response = _as(client, guild_member).get(
        reverse("wagtailadmin_choose_page_child", args=[story_index.pk])
    )
    assert "Mijn eigen verhaal" in json.loads(response.content)["html"]
    assert DRAFT not in json.loads(response.content)["html"]


def test_page_chooser_cannot_browse_into_a_draft_of_others(client, guild_member, others_draft):
    response = _as(client, guild_member).get(
        reverse("wagtailadmin_choose_page_child", args=[others_draft.pk])
    )
    assert response.status_code == 404


def test_page_chooser_chosen_answer_names_no_draft_of_others(client, guild_member, others_draft):
    response = _as(client, guild_member).get(
        reverse("wagtailadmin_choose_page_chosen_multiple"), {"id": others_draft.pk}
    )
    assert DRAFT not in _text(response)
    assert json.loads(response.content)["result"] == []


def test_page_search_finds_no_drafts_of_others(client, guild_member, others_draft):
    response = _as(client, guild_member).get(
        reverse("wagtailadmin_pages:search"), {"q": "moestuin"}
    )
    assert response.status_code == 200
    assert DRAFT not in _text(response)


def test_explorer_does_not_open_a_draft_of_others(client, guild_member, others_draft):
    response = _as(client, guild_member).get(
        reverse("wagtailadmin_explore", args=[others_draft.pk])
    )
    assert response.status_code == 404
    assert DRAFT not in _text(response)


def test_bulk_actions_do_not_name_drafts_of_others(client, guild_member, others_draft, own_story):
    client = _as(client, guild_member)
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
    assert DRAFT not in _text(client.get(url, {"id": others_draft.pk}))
    listing = client.get(url, {"id": "all", "childOf": others_draft.get_parent().pk})
    assert DRAFT not in _text(listing)
    assert "Mijn eigen verhaal" in _text(listing)


def test_page_chooser_still_offers_the_published_site(client, guild_member, story_index):
    story = StoryPageFactory(parent=story_index, title="Gepubliceerd bankje")
    story.save_revision().publish()
    response = _as(client, guild_member).get(
        reverse("wagtailadmin_choose_page_search"), {"q": "bankje"}
    )
    assert "Gepubliceerd bankje" in _text(response)


# --- admin API -------------------------------------------------------------------------------


def test_admin_api_pages_show_no_drafts_of_others(client, guild_member, others_draft, own_story):
    client = _as(client, guild_member)
    listing = client.get(reverse("wagtailadmin_api:pages:listing"), {"search": "moestuin"})
    assert DRAFT not in _text(listing)
    everything = client.get(reverse("wagtailadmin_api:pages:listing"), {"limit": 20})
    assert DRAFT not in _text(everything)
    assert "Mijn eigen verhaal" in _text(everything)
    detail = client.get(reverse("wagtailadmin_api:pages:detail", args=[others_draft.pk]))
    assert detail.status_code == 404


def test_admin_api_images_are_only_the_users_own(client, guild_member, others_image):
    own = WagtailImageFactory(title="Mijn eigen foto", uploaded_by_user=guild_member)
    client = _as(client, guild_member)
    listing = _text(client.get(reverse("wagtailadmin_api:images:listing")))
    assert "Mijn eigen foto" in listing
    assert "Wietskes moestuinfoto" not in listing
    detail = client.get(reverse("wagtailadmin_api:images:detail", args=[others_image.pk]))
    assert detail.status_code == 404
    assert client.get(reverse("wagtailadmin_api:images:detail", args=[own.pk])).status_code == 200


def test_admin_api_documents_are_not_listed_to_staff_without_them(client, guild_member, trainer):
    document = Document.objects.create(
        title="Interne notitie", file=ContentFile(b"%PDF-1.4", name="notitie.pdf")
    )
    for user in (guild_member, trainer):
        client = _as(client, user)
        assert "Interne notitie" not in _text(
            client.get(reverse("wagtailadmin_api:documents:listing"))
        )
        detail = client.get(reverse("wagtailadmin_api:documents:detail", args=[document.pk]))
        assert detail.status_code == 404


# --- images and documents in the admin -------------------------------------------------------


def test_image_chooser_offers_a_guild_member_only_their_own_images(
    client, guild_member, others_image
):
    WagtailImageFactory(title="Mijn eigen foto", uploaded_by_user=guild_member)
    client = _as(client, guild_member)
    text = _text(client.get(reverse("wagtailimages_chooser:choose")))
    assert "Mijn eigen foto" in text
    assert "Wietskes moestuinfoto" not in text
    chosen = client.get(reverse("wagtailimages_chooser:chosen", args=[others_image.pk]))
    assert chosen.status_code in (302, 403, 404)
    assert "Wietskes moestuinfoto" not in _text(chosen)


def test_image_library_of_a_trainer_still_has_the_stories_collection(client, trainer, others_image):
    # Trainers moderate stories: the stories collection is theirs to see.
    assert "Wietskes moestuinfoto" in _text(
        _as(client, trainer).get(reverse("wagtailimages:index"))
    )


def _story_form(image):
    return nested_form_data(
        {
            "title": "Mijn eigen verhaal",
            "slug": "mijn-eigen-verhaal",
            "summary": "Een verhaal.",
            "place": "Heechterp",
            "date": "2017-06-01",
            "question": rich_text("<p>Wat wilden ze?</p>"),
            "approach": rich_text("<p>Zo.</p>"),
            "outcome": rich_text("<p>Dit.</p>"),
            "lessons": rich_text("<p>Dat.</p>"),
            "tags": "",
            "gallery_images": inline_formset(
                [
                    {
                        "image": image.pk,
                        "caption": "Een foto",
                        "photographer": "Iemand",
                        "licence": "cc-by-4.0",
                    }
                ]
            ),
            "authors": inline_formset([]),
            "module_links": inline_formset([]),
            "comments": inline_formset([]),
        }
    )


def test_a_crafted_post_cannot_put_someone_elses_image_into_a_story(
    client, guild_member, own_story, others_image
):
    url = reverse("wagtailadmin_pages:edit", args=[own_story.pk])
    response = _as(client, guild_member).post(url, _story_form(others_image))
    assert response.status_code == 200
    assert "Kies een van je eigen afbeeldingen" in _text(response)
    own_story.refresh_from_db()
    revision = own_story.latest_revision.content
    assert not revision.get("gallery_images")


def test_a_story_takes_the_authors_own_image(client, guild_member, own_story):
    mine = WagtailImageFactory(title="Mijn eigen foto", uploaded_by_user=guild_member)
    url = reverse("wagtailadmin_pages:edit", args=[own_story.pk])
    response = _as(client, guild_member).post(url, _story_form(mine))
    assert response.status_code == 302
    own_story.refresh_from_db()
    assert own_story.latest_revision.content["gallery_images"][0]["image"] == mine.pk


# --- tags and cohorts ------------------------------------------------------------------------


def test_tag_suggestions_leave_out_participants_fieldwork_tags(client, guild_member, entry):
    entry.tags.add("buurvrouw-pietje")
    response = _as(client, guild_member).get(
        reverse("wagtailadmin_tag_autocomplete"), {"term": "buur"}
    )
    assert "buurvrouw-pietje" not in response.json()


def test_tag_suggestions_still_offer_the_tags_of_stories(client, guild_member, story_index):
    story = StoryPageFactory(parent=story_index, title="Bankje", tags=["buurtbankje"])
    story.save_revision().publish()
    response = _as(client, guild_member).get(
        reverse("wagtailadmin_tag_autocomplete"), {"term": "buur"}
    )
    assert response.json() == ["buurtbankje"]


def test_a_trainer_lists_and_chooses_only_their_own_cohorts(client, trainer, cohort, other_cohort):
    client = _as(client, trainer)
    for name in (
        "wagtailsnippets_leergang_cohort:list",
        "wagtailsnippetchoosers_leergang_cohort:choose",
    ):
        text = _text(client.get(reverse(name)))
        assert cohort.name in text
        assert other_cohort.name not in text
    chosen = client.get(
        reverse("wagtailsnippetchoosers_leergang_cohort:chosen", args=[other_cohort.pk])
    )
    assert chosen.status_code == 404


# --- files -----------------------------------------------------------------------------------


def _module_with(course, *, live, document=None, image=None):
    import json as _json

    blocks = _json.loads(sample_body())
    pairs = []
    if document:
        pairs.append(("resource", {"document": document.pk, "title": "", "description": ""}))
    if image:
        pairs.append(("image", {"image": image.pk, "caption": "", "credit": "", "alt": ""}))
    body = _json.dumps(blocks + _json.loads(stream(pairs)))
    module = ModulePageFactory(parent=course, live=live, body=body)
    if live:
        module.save_revision().publish()
    return module


@pytest.fixture
def course(home_page):
    from modules.permissions import ensure_editor_permissions

    course = CourseIndexPageFactory(parent=home_page)
    course.save_revision().publish()
    ensure_editor_permissions(course)
    return course


def _download(client, document):
    """Wagtail's document link, followed to the file."""
    response = client.get(reverse("wagtaildocs_serve", args=[document.pk, document.filename]))
    if response.status_code == 302:
        assert response["Location"] == document.file.url
        response = client.get(response["Location"])
    return response


@pytest.fixture
def module_document(course):
    document = Document.objects.create(
        title="Gespreksleidraad",
        file=ContentFile(b"%PDF-1.4 leidraad", name="gespreksleidraad.pdf"),
        collection=Collection.get_first_root_node(),
    )
    _module_with(course, live=True, document=document)
    return document


def test_module_documents_are_not_served_to_anonymous_visitors(client, module_document):
    serve = reverse("wagtaildocs_serve", args=[module_document.pk, module_document.filename])
    assert client.get(serve).status_code == 404
    assert client.get(module_document.file.url).status_code == 404


def test_module_documents_are_downloads_for_enrolled_participants(
    client, participant, module_document
):
    response = _download(_as(client, participant), module_document)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 leidraad"


def test_documents_of_an_unpublished_module_are_for_its_editors(
    client, participant, trainer, course
):
    document = Document.objects.create(
        title="Concept", file=ContentFile(b"%PDF-1.4 concept", name="concept.pdf")
    )
    _module_with(course, live=False, document=document)
    assert _download(_as(client, participant), document).status_code == 404
    assert _download(_as(client, trainer), document).status_code == 200


def test_an_unused_document_is_not_found_by_anyone_but_administrators(
    client, participant, guild_member, administrator
):
    document = Document.objects.create(
        title="Los", file=ContentFile(b"%PDF-1.4 los", name="los.pdf")
    )
    for user in (participant, guild_member):
        assert _download(_as(client, user), document).status_code == 404
    assert _download(_as(client, administrator), document).status_code == 200


def test_images_of_a_module_follow_the_module_rule(client, participant, course):
    image = WagtailImageFactory(title="Buurtkaart", collection=Collection.get_first_root_node())
    _module_with(course, live=True, image=image)
    url = image.get_rendition("width-900").url
    assert client.get(url).status_code == 404
    response = _as(client, participant).get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private"


def test_images_of_a_published_story_are_public(client, story_index):
    from demo.factories.stories import StoryImageFactory

    story = StoryPageFactory(parent=story_index, title="Bankje")
    image = StoryImageFactory(page=story).image
    story.save_revision().publish()
    response = client.get(image.get_rendition("fill-640x400").url)
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("public")
    assert response["Content-Type"] == "image/png"


def test_an_unused_image_is_only_for_its_uploader(client, guild_member, others_image, other_author):
    url = others_image.file.url
    assert client.get(url).status_code == 404
    assert _as(client, guild_member).get(url).status_code == 404
    assert _as(client, other_author).get(url).status_code == 200
