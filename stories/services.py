"""From fieldwork to story: a participant proposes a fieldwork entry as a practice story.

The entry stays private. A draft StoryPage is made from its text (after the portfolio's privacy
check, with only the photos whose consent allows public use) and sent into the moderation
workflow, owned by and credited to the participant.
"""

import io
from dataclasses import dataclass, field

from django.core.files.images import ImageFile
from django.db import transaction
from django.utils.html import strip_tags
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.images.models import Image
from wagtail.models import WorkflowState

from portfolio import privacy
from portfolio.models import Attachment
from portfolio.richtext import html_to_plain, sanitize

from .models import (
    StoryAuthor,
    StoryImage,
    StoryIndexPage,
    StoryModuleLink,
    StoryPage,
    StoryProposal,
)
from .moderation import story_collection


class ProposalRefused(Exception):
    def __init__(self, reasons):
        super().__init__("; ".join(reasons))
        self.reasons = reasons


@dataclass
class ProposalCheck:
    """What proposing this entry would do: blockers, and which photos may go public."""

    blockers: list = field(default_factory=list)
    public_photos: list = field(default_factory=list)
    private_photos: list = field(default_factory=list)


def photo_is_public(attachment):
    """Only photos with consent for public use: nobody identifiable, or recorded consent
    that explicitly covers a public story."""
    if not attachment.is_image or not attachment.has_consent:
        return False
    return attachment.consent == Attachment.Consent.NOT_IDENTIFIABLE or (
        attachment.consent_use == Attachment.ConsentUse.PUBLIC_STORY
    )


def check_entry(entry):
    result = ProposalCheck()
    if entry.is_draft:
        result.blockers.append(_("This entry is still a draft. Save it as final first."))
    open_findings = privacy.check_entry(entry)
    if open_findings:
        result.blockers.append(
            ngettext(
                "This entry still has %(count)d open privacy finding. Resolve it in your "
                "portfolio (replace it with a pseudonym or mark it as not personal) first.",
                "This entry still has %(count)d open privacy findings. Resolve them in your "
                "portfolio (replace them with pseudonyms or mark them as not personal) first.",
                len(open_findings),
            )
            % {"count": len(open_findings)}
        )
    # Each of these becomes a required part of the story (question, approach, outcome, lessons).
    empty = [
        name
        for name in ("residents_idea", "actions", "outcome", "reflection")
        if not strip_tags(getattr(entry, name) or "").strip()
    ]
    if "residents_idea" in empty and "outcome" in empty:
        result.blockers.append(
            _("Describe the residents' idea or what happened before proposing this entry.")
        )
    elif empty:
        labels = [f"“{entry._meta.get_field(name).verbose_name}”" for name in empty]
        result.blockers.append(
            _("A story needs every part of the entry: fill in %(fields)s first.")
            % {"fields": ", ".join(labels)}
        )
    for attachment in entry.attachments.all():
        if attachment.is_image:
            (result.public_photos if photo_is_public(attachment) else result.private_photos).append(
                attachment
            )
    story = getattr(entry, "story_proposal", None)
    if story is not None and story.story.live:
        result.blockers.append(_("This entry has already been published as a story."))
    return result


def _rich(value):
    return sanitize(value or "")


def _plain(value):
    return " ".join(html_to_plain(value or "").split())


def _copy_photo(attachment, user, title):
    with attachment.file.open("rb") as handle:
        data = handle.read()
    image = Image(
        title=Truncator(attachment.caption or title).chars(250),
        collection=story_collection(),
        uploaded_by_user=user,
    )
    ext = (
        attachment.original_name.rsplit(".", 1)[-1].lower()
        if "." in attachment.original_name
        else "jpg"
    )
    image.file = ImageFile(io.BytesIO(data), name=f"verhaal-{attachment.public_id.hex[:12]}.{ext}")
    image.save()
    return image


def _fill(story, entry, user):
    name = user.get_full_name() or user.email.split("@")[0]
    title = entry.title.strip() or _("A story from %(place)s") % {"place": entry.place or "?"}
    story.title = Truncator(title).chars(255)
    story.date = entry.date
    cohort_location = entry.portfolio.enrolment.cohort.location
    story.place = (entry.place or cohort_location or "").strip()[:120]
    story.summary = Truncator(_plain(entry.residents_idea) or _plain(entry.outcome)).chars(280)
    story.question = _rich(entry.residents_idea)
    story.approach = _rich(entry.actions)
    story.outcome = _rich(entry.outcome)
    story.lessons = _rich(entry.reflection)
    story.authors = [StoryAuthor(name=name, user=user)]
    story.module_links = [StoryModuleLink(module=entry.module)] if entry.module_id else []
    story.tags.set(list(entry.tags.names()))


@transaction.atomic
def propose_from_entry(entry, user):
    """Create (or update, when changes were requested) the draft story for this entry and
    submit it for moderation. Returns the StoryProposal."""
    check = check_entry(entry)
    if check.blockers:
        raise ProposalRefused(check.blockers)
    index = StoryIndexPage.objects.first()
    if index is None:
        raise ProposalRefused([_("Stories cannot be proposed at the moment.")])
    workflow = index.get_workflow()
    proposal = StoryProposal.objects.filter(entry=entry).select_related("story").first()

    if proposal is None:
        story = StoryPage(owner=user, live=False)
        _fill(story, entry, user)
        story.slug = _unique_slug(index, story.title)
        story.gallery_images = [
            StoryImage(
                image=_copy_photo(a, user, story.title),
                caption=Truncator(a.caption or story.title).chars(250),
                photographer=user.get_full_name() or user.email.split("@")[0],
                licence="permission",
            )
            for a in check.public_photos
        ]
        index.add_child(instance=story)
        story.save_revision(user=user)
        workflow.start(story, user)
        return StoryProposal.objects.create(entry=entry, story=story, proposed_by=user)

    story = proposal.story
    state = WorkflowState.objects.for_instance(story).active().first()
    if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
        raise ProposalRefused([_("This story is already with the editors; wait for their answer.")])
    _fill(story, entry, user)
    story.save_revision(user=user)
    if state is not None:
        state.resume(user)
    else:
        workflow.start(story, user)
    proposal.save()
    return proposal


def _unique_slug(index, title):
    base = slugify(title)[:70] or "verhaal"
    slug, n = base, 2
    existing = set(
        StoryPage.objects.child_of(index)
        .filter(slug__startswith=base)
        .values_list("slug", flat=True)
    )
    while slug in existing:
        slug, n = f"{base}-{n}", n + 1
    return slug


def proposal_status(proposal):
    """(status code, Dutch label, moderator's comment) of a proposal, for the participant."""
    story = proposal.story
    if story.live:
        return "published", _("Published"), ""
    state = WorkflowState.objects.for_instance(story).order_by("-created_at").first()
    if state is None:
        return "draft", _("Draft"), ""
    if state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        task_state = state.current_task_state
        comment = task_state.specific.get_comment() if task_state else ""
        return "needs_changes", _("Changes requested"), comment
    if state.status == WorkflowState.STATUS_IN_PROGRESS:
        return "in_moderation", _("With the editors"), ""
    return "draft", _("Draft"), ""
