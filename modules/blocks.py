"""StreamField blocks of a module page.

A module's body is a flat stream. A ``section`` block is a heading that starts a section: a
participant marks sections as done, so the heading's block id is the section's key.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_FEATURES = ["h3", "h4", "bold", "italic", "link", "ol", "ul", "document-link"]

ASSIGNMENT_KINDS = [
    ("values", _("Values reflection")),
    ("fieldwork", _("Fieldwork entry")),
]

_OUTCOME_NUMBERS = re.compile(r"^\s*\d{1,2}(\s*,\s*\d{1,2})*\s*$")


def parse_outcome_numbers(text):
    """'1, 3' -> (1, 3); anything else -> ()."""
    if not text or not _OUTCOME_NUMBERS.match(text):
        return ()
    return tuple(dict.fromkeys(int(part) for part in text.split(",")))


class OutcomeNumbersBlock(blocks.CharBlock):
    def clean(self, value):
        value = super().clean(value)
        if value and not _OUTCOME_NUMBERS.match(value):
            raise ValidationError(
                _("Give the numbers of the learning outcomes separated by commas, e.g. 1, 3.")
            )
        return value


class SectionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), max_length=120)

    class Meta:
        icon = "title"
        template = "modules/blocks/section.html"
        label = _("Section")
        description = _(
            "Starts a new section of the module. Participants mark each section as done."
        )


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("quote"))
    attribution = blocks.CharBlock(label=_("attribution"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "modules/blocks/quote.html"
        label = _("Quote")
        description = _("A quotation with the person or source it comes from.")


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=250)
    credit = blocks.CharBlock(label=_("credit"), required=False, max_length=150)
    alt = blocks.CharBlock(
        label=_("alternative text"),
        required=False,
        max_length=250,
        help_text=_("What the image shows, for people who cannot see it. Empty: the title."),
    )

    class Meta:
        icon = "image"
        template = "modules/blocks/image.html"
        label = _("Image")
        description = _("An image with a caption and the name of the maker.")


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(label=_("video address"), help_text=_("e.g. a YouTube or Vimeo link"))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=250)

    class Meta:
        icon = "media"
        template = "modules/blocks/video.html"
        label = _("Video")
        description = _("An embedded video from YouTube, Vimeo or a similar service.")


class ResourceBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(
        label=_("title"), required=False, max_length=200, help_text=_("Empty: the document title.")
    )
    description = blocks.TextBlock(label=_("description"), required=False)

    class Meta:
        icon = "doc-full"
        template = "modules/blocks/resource.html"
        label = _("Downloadable resource")
        description = _("A document participants can download, with a short description.")


class ReflectionPromptBlock(blocks.StructBlock):
    prompt = blocks.TextBlock(label=_("question"))
    guidance = blocks.RichTextBlock(
        label=_("guidance"), required=False, features=["bold", "italic", "ol", "ul"]
    )

    class Meta:
        icon = "help"
        template = "modules/blocks/reflection_prompt.html"
        label = _("Reflection prompt")
        description = _("A question for participants to think about, with optional guidance.")


class AssignmentBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), max_length=150)
    kind = blocks.ChoiceBlock(
        label=_("portfolio work"),
        choices=ASSIGNMENT_KINDS,
        default="fieldwork",
        help_text=_("What the participant writes in the portfolio for this assignment."),
    )
    instructions = blocks.RichTextBlock(
        label=_("instructions"), features=["bold", "italic", "link", "ol", "ul"]
    )
    outcomes = OutcomeNumbersBlock(
        label=_("learning outcomes"),
        required=False,
        max_length=60,
        help_text=_("Numbers of the learning outcomes this assignment serves, e.g. 1, 3."),
    )

    class Meta:
        icon = "tasks"
        template = "modules/blocks/assignment.html"
        label = _("Assignment")
        description = _("An assignment (opdracht) that participants work out in their portfolio.")


class ModuleBodyBlock(blocks.StreamBlock):
    section = SectionBlock()
    text = blocks.RichTextBlock(label=_("Text"), features=RICH_FEATURES, icon="pilcrow")
    quote = QuoteBlock()
    image = ImageBlock()
    video = VideoBlock()
    resource = ResourceBlock()
    reflection = ReflectionPromptBlock()
    assignment = AssignmentBlock()
