"""Wagtail's files under /media/ carry the one set of file headers (leergang.files), and the
practice stories in module pages come only from the app that registers them (modules.related)."""

import json

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail import hooks
from wagtail.documents.models import Document
from wagtail.models import Collection

from demo.factories.modules import ModulePageFactory, sample_body, stream
from demo.factories.stories import (
    StoryImageFactory,
    StoryIndexPageFactory,
    StoryPageFactory,
    WagtailImageFactory,
)
from modules.related import PRACTICE_STORIES_HOOK
from stories.moderation import story_collection

pytestmark = pytest.mark.django_db


@pytest.fixture
def module_document(course_index, administrator):
    document = Document.objects.create(
        title="Handleiding",
        # Plain text: other tests read every stored file, and a fake PDF would not parse.
        file=ContentFile(b"Handleiding voor het buurtgesprek", name="handleiding.txt"),
        collection=Collection.get_first_root_node(),
        uploaded_by_user=administrator,
    )
    resource = stream([("resource", {"document": document.pk, "title": "", "description": ""})])
    page = ModulePageFactory(
        parent=course_index,
        title="Met een handleiding",
        body=json.dumps(json.loads(sample_body()) + json.loads(resource)),
    )
    page.save_revision().publish()
    return document


@pytest.fixture
def story(home_page, guild_member):
    index = StoryIndexPageFactory(parent=home_page)
    story = StoryPageFactory(
        parent=index, title="De bakfiets van Heechterp", tags=["bewonersinitiatief"]
    )
    image = WagtailImageFactory(
        title="De bakfiets", collection=story_collection(), uploaded_by_user=guild_member
    )
    StoryImageFactory(page=story, image=image)
    story.save_revision().publish()
    return story, image


def test_a_module_document_is_a_private_sandboxed_download(client, participant, module_document):
    url = f"/media/{module_document.file.name}"
    assert client.get(url).status_code == 404
    client.force_login(participant)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"] == "private"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert b"".join(response.streaming_content) == b"Handleiding voor het buurtgesprek"


def test_a_published_story_photo_is_public_and_may_be_shown_elsewhere(client, story):
    _story, image = story
    response = client.get(f"/media/{image.file.name}")
    assert response.status_code == 200
    assert "attachment" not in response.get("Content-Disposition", "")
    assert response["Cache-Control"] == "public, max-age=3600"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "Cross-Origin-Resource-Policy" not in response


@pytest.fixture
def without_story_provider(monkeypatch):
    """As if no app registered practice stories with the modules."""
    get_hooks = hooks.get_hooks
    monkeypatch.setattr(
        hooks, "get_hooks", lambda name: [] if name == PRACTICE_STORIES_HOOK else get_hooks(name)
    )


def test_modules_show_the_stories_the_stories_app_registers(client, module, story, participant):
    client.force_login(participant)
    assert "De bakfiets van Heechterp" in client.get(module.url).content.decode()
    found = client.get(reverse("modules:search"), {"q": "bakfiets"}).content.decode()
    assert "De bakfiets van Heechterp" in found


def test_without_a_story_provider_modules_show_no_stories(
    client, module, story, participant, without_story_provider
):
    client.force_login(participant)
    page = client.get(module.url)
    assert page.status_code == 200
    assert "De bakfiets van Heechterp" not in page.content.decode()
    found = client.get(reverse("modules:search"), {"q": "bakfiets"})
    assert found.status_code == 200
    assert "De bakfiets van Heechterp" not in found.content.decode()
    # The story's tag is on the module too: the tag page stays, without the story.
    tag = client.get(reverse("modules:tag", args=["bewonersinitiatief"])).content.decode()
    assert module.title in tag
    assert "De bakfiets van Heechterp" not in tag
