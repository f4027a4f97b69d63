"""From fieldwork to story: a participant proposes an own entry; privacy first."""

import io

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.models import TaskState, WorkflowState

from portfolio.models import Attachment, FieldworkEntry, Portfolio, PrivacyFinding
from stories.models import StoryPage, StoryProposal

pytestmark = pytest.mark.django_db


def png_bytes():
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), (47, 93, 70)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def entry(participant):
    portfolio = Portfolio.objects.get_or_create_for(participant)
    entry = FieldworkEntry.objects.create(
        portfolio=portfolio,
        title="Hekwerk bij de containers",
        place="Nieuw-West",
        residents_idea="<p>Buren wilden geen grofvuil meer naast de containers.</p>",
        actions="<p>Ik ging met koffie naar het plein.</p>",
        outcome="<p>Een hek met één opening.</p>",
        reflection="<p>Vraag naar ideeën, niet naar klachten.</p>",
        is_draft=False,
    )
    entry.tags.add("bewonersinitiatief")
    return entry


def attach(entry, name, **consent):
    return Attachment.objects.create(
        entry=entry,
        file=ContentFile(png_bytes(), name=name),
        original_name=name,
        content_type="image/png",
        caption=f"Foto {name}",
        **consent,
    )


def propose_url(entry):
    return reverse("stories:propose_from_entry", args=[entry.pk])


def test_participant_proposes_entry_and_it_lands_in_moderation(
    client, story_index, entry, participant, trainer
):
    public = attach(
        entry,
        "publiek.png",
        consent="recorded",
        consent_given_by="bewoner A",
        consent_use="public_story",
    )
    attach(
        entry,
        "alleen-portfolio.png",
        consent="recorded",
        consent_given_by="bewoner B",
        consent_use="portfolio",
    )
    attach(entry, "anoniem.png", consent="not_identifiable")
    attach(entry, "zonder.png")
    client.force_login(participant)
    page = client.get(propose_url(entry))
    assert "2 foto&#x27;s hebben toestemming" in page.text or "2 foto's hebben" in page.text
    response = client.post(propose_url(entry))
    story = StoryPage.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("stories:proposal_sent", args=[story.pk])
    assert not story.live
    assert story.owner == participant
    assert story.title == "Hekwerk bij de containers"
    assert "grofvuil" in story.summary and "<" not in story.summary
    assert "koffie" in story.approach
    assert [a.name for a in story.authors.all()] == ["Fenna de Vries"]
    assert list(story.tags.names()) == ["bewonersinitiatief"]
    captions = sorted(i.caption for i in story.gallery_images.all())
    assert captions == ["Foto anoniem.png", f"Foto {public.original_name}"]
    state = WorkflowState.objects.for_instance(story).get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert "trainer@example.org" in {m.to[0] for m in mail.outbox}
    # The entry itself is unchanged and private; the story is not public yet.
    entry.refresh_from_db()
    assert entry.title == "Hekwerk bij de containers"
    assert client.get(f"/verhalen/{story.slug}/").status_code == 404
    sent = client.get(response.url)
    assert "Bij de redactie" in sent.text


def test_open_privacy_findings_refuse_the_proposal(client, story_index, entry, participant):
    entry.outcome = "<p>Bel mevrouw op 06-12345678 voor de sleutel.</p>"
    entry.save()
    client.force_login(participant)
    response = client.post(propose_url(entry))
    assert response.status_code == 400
    assert "open privacymelding" in response.text
    assert not StoryPage.objects.exists()
    assert PrivacyFinding.objects.filter(entry=entry, status="open").exists()


def test_only_the_owner_may_propose(client, story_index, entry, peer, trainer, guild_member):
    for user in (peer, trainer, guild_member):
        client.force_login(user)
        assert client.get(propose_url(entry)).status_code == 404
        assert client.post(propose_url(entry)).status_code == 404
    client.logout()
    assert client.post(propose_url(entry)).status_code == 302  # to the login page
    assert client.post(reverse("stories:propose_from_entry", args=[999999])).status_code == 302
    assert not StoryPage.objects.exists()


def test_draft_entry_cannot_be_proposed(client, story_index, entry, participant):
    entry.is_draft = False
    FieldworkEntry.objects.filter(pk=entry.pk).update(is_draft=True)
    client.force_login(participant)
    response = client.post(propose_url(entry))
    assert response.status_code == 400
    assert not StoryPage.objects.exists()


def test_changes_requested_then_proposed_again(client, story_index, entry, participant, trainer):
    client.force_login(participant)
    client.post(propose_url(entry))
    story = StoryPage.objects.get()
    # A second proposal while the editors have it is refused, not duplicated.
    assert client.post(propose_url(entry)).status_code == 400
    task_state = TaskState.objects.get(status="in_progress")
    client.force_login(trainer)
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[story.pk, "reject", task_state.pk]),
        {"comment": "Vertel meer over wat de buren zelf deden."},
    )
    client.force_login(participant)
    status = client.get(reverse("stories:proposal_sent", args=[story.pk]))
    assert "Aanpassingen gevraagd" in status.text
    assert "Vertel meer over wat de buren zelf deden." in status.text
    entry.actions = "<p>De buren tekenden het hek zelf.</p>"
    entry.save()
    assert client.post(propose_url(entry)).status_code == 302
    assert StoryPage.objects.count() == 1
    story.refresh_from_db()
    assert "tekenden" in story.get_latest_revision_as_object().approach
    assert WorkflowState.objects.for_instance(story).get(status="in_progress")


def test_proposal_status_is_private(client, story_index, entry, participant, peer):
    client.force_login(participant)
    client.post(propose_url(entry))
    story = StoryProposal.objects.get().story
    client.force_login(peer)
    assert client.get(reverse("stories:proposal_sent", args=[story.pk])).status_code == 404
