"""Privacy provider of the practice stories: author and photographer credits, participants'
story proposals and the drafts and revisions made from them.

A published story is public by the author's and the editors' choice; erasing its author
keeps the text but credits "Oud-deelnemer" (author and photographer lines, live and in the
stored revision) and drops every earlier revision. A proposal that was never published goes
entirely, with its photos. After a cohort's retention period, the same happens to the
proposals of its participants (published ones keep only their live revision)."""

import re

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.images import get_image_model
from wagtail.models import Revision

from leergang.models import SentEmail
from leergang.privacy import FORMER_PARTICIPANT, Category, NotPersonal, Provider, isoformat

from .models import StoryAuthor, StoryImage, StoryPage, StoryProposal

# Moderation e-mails name the story in their subject; a deleted draft leaves no title behind.
REMOVED_TITLE = "[verhaal verwijderd]"


class StoriesProvider(Provider):
    name = "stories"
    label = _("Practice stories")
    order = 25

    def describe(self):
        return [
            Category(
                key="stories.proposals",
                label=_("Story proposals"),
                models=("stories.StoryProposal",),
                data=_(
                    "Which fieldwork entry you proposed as a practice story, the draft story "
                    "made from it (text, photos) and its moderation."
                ),
                purpose=_("Publishing good practice from the course, after moderation."),
                basis=_("Consent (you propose; you can withdraw before publication)."),
                recipients=_("The participant and the editors; the public once published."),
                retention=_(
                    "Unpublished drafts until erasure or the cohort's retention period; a "
                    "published story stays public, credited to a former participant after erasure."
                ),
            ),
            Category(
                key="stories.credits",
                label=_("Credits on practice stories"),
                models=("stories.StoryAuthor", "stories.StoryImage", "stories.StoryPage"),
                data=_("Your name as author or photographer of a story."),
                purpose=_("Crediting who wrote or photographed a published story."),
                basis=_("Consent (you propose or write the story)."),
                recipients=_("Everyone, once the story is published."),
                retention=_("As long as the story is published; replaced on erasure."),
            ),
            NotPersonal(
                ("stories.StoryIndexPage", "stories.StoryPageTag", "stories.StoryModuleLink"),
                "The public index and the links of a story to tags and modules.",
            ),
        ]

    def export(self, user, writer):
        writer.add_json(
            "stories.proposals",
            "verhaalvoorstellen.json",
            [
                {
                    "story": p.story.title,
                    "published": p.story.live,
                    "url": p.story.url if p.story.live else None,
                    "proposed_at": isoformat(p.created_at),
                    "updated_at": isoformat(p.updated_at),
                }
                for p in StoryProposal.objects.filter(proposed_by=user).select_related("story")
            ],
        )
        writer.add_json(
            "stories.credits",
            "verhaalvermeldingen.json",
            {
                "author_of": [
                    a.page.title
                    for a in StoryAuthor.objects.filter(user=user).select_related("page")
                ],
                "photographer_of": [
                    {"story": i.page.title, "caption": i.caption}
                    for i in StoryImage.objects.filter(
                        photographer__in=_names(user)
                    ).select_related("page")
                ],
            },
        )

    def erase(self, user, plan):
        names = _names(user)
        proposals = StoryProposal.objects.filter(proposed_by=user).select_related("story")
        _remove_unpublished(plan, [p.story for p in proposals if not p.story.live])
        stories = StoryPage.objects.filter(pk__in=_credited_pages(user, names))
        plan.update(
            StoryAuthor.objects.filter(page__in=stories, user=user).exclude(
                name=FORMER_PARTICIPANT
            ),
            _("author credits to 'Oud-deelnemer'"),
            name=FORMER_PARTICIPANT,
        )
        plan.update(
            StoryAuthor.objects.filter(name__in=names),
            _("author credits to 'Oud-deelnemer'"),
            name=FORMER_PARTICIPANT,
        )
        plan.update(
            StoryImage.objects.filter(photographer__in=names),
            _("photographer credits to 'Oud-deelnemer'"),
            photographer=FORMER_PARTICIPANT,
        )
        _prune_revisions(plan, [p.story for p in proposals if p.story.live])
        plan.change(
            [r for r in _revisions(stories) if _credits_in(r.content, user, names)],
            _("credits in stored revisions"),
            lambda r: _anonymise_revision(r, user, names),
        )
        plan.delete(StoryProposal.objects.filter(proposed_by=user), _("story proposals"))

    def retain(self, cohort, plan):
        proposals = StoryProposal.objects.filter(
            proposed_by__enrolments__cohort=cohort
        ).select_related("story")
        _remove_unpublished(plan, [p.story for p in proposals if not p.story.live])
        _prune_revisions(plan, [p.story for p in proposals if p.story.live])


def _names(user):
    """How the user may be credited: full name, and the e-mail's local part (used when the
    account had no name)."""
    names = {user.get_full_name().strip(), user.email.split("@")[0]} - {"", FORMER_PARTICIPANT}
    return sorted(names)


def _credited_pages(user, names):
    pages = set(StoryAuthor.objects.filter(user=user).values_list("page_id", flat=True))
    pages |= set(StoryAuthor.objects.filter(name__in=names).values_list("page_id", flat=True))
    pages |= set(
        StoryImage.objects.filter(photographer__in=names).values_list("page_id", flat=True)
    )
    pages |= set(StoryPage.objects.filter(owner=user).values_list("pk", flat=True))
    return pages


def _revisions(stories):
    return Revision.page_revisions.filter(object_id__in=[str(s.pk) for s in stories])


def _credits_in(content, user, names):
    content = content or {}
    for author in content.get("authors", []):
        if author.get("user") == user.pk or author.get("name") in names:
            return True
    return any(image.get("photographer") in names for image in content.get("gallery_images", []))


def _anonymise_revision(revision, user, names):
    content = revision.content or {}
    for author in content.get("authors", []):
        if author.get("user") == user.pk or author.get("name") in names:
            author["name"] = FORMER_PARTICIPANT
    for image in content.get("gallery_images", []):
        if image.get("photographer") in names:
            image["photographer"] = FORMER_PARTICIPANT
    Revision.objects.filter(pk=revision.pk).update(content=content)


def _remove_unpublished(plan, stories):
    """A draft story made from a proposal, never published: the page, its revisions and the
    photos copied into it."""
    if not stories:
        return
    Image = get_image_model()
    image_ids = set(StoryImage.objects.filter(page__in=stories).values_list("image_id", flat=True))
    used_elsewhere = set(
        StoryImage.objects.filter(image_id__in=image_ids)
        .exclude(page__in=stories)
        .values_list("image_id", flat=True)
    )
    images = list(Image.objects.filter(pk__in=image_ids - used_elsewhere))
    plan.delete_files(
        Image._meta.get_field("file").storage,
        [i.file.name for i in images] + [r.file.name for i in images for r in i.renditions.all()],
        _("photos of unpublished proposals"),
    )
    plan.update(
        SentEmail.objects.filter(subject__regex="|".join(re.escape(s.title) for s in stories)),
        _("titles of unpublished proposals in the log of sent e-mails"),
        subject=REMOVED_TITLE,
    )
    plan.change(stories, _("unpublished story proposals"), lambda page: page.delete())
    plan.change(images, _("photo records of unpublished proposals"), lambda image: image.delete())


def _prune_revisions(plan, stories):
    """Keep only the live revision of a published proposal: earlier drafts may hold text the
    moderators had removed before publication."""
    for story in stories:
        if story.latest_revision_id != story.live_revision_id:
            plan.change([story], _("latest revision set to the live one"), _point_at_live)
        plan.delete(
            _revisions([story]).exclude(pk=story.live_revision_id),
            _("earlier revisions of published proposals"),
        )


def _point_at_live(story):
    StoryPage.objects.filter(pk=story.pk).update(latest_revision=story.live_revision_id)


@hooks.register("register_privacy_provider")
def provider():
    return StoriesProvider()
