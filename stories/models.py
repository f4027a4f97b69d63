"""Practice stories (praktijkverhalen): how the guild shares the craft of community work."""

import re

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager, PageQuerySet
from wagtail.search import index

from .admin_forms import StoryPageForm
from .forms import StoryFilterForm
from .moderation import ensure_moderation

STORY_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "blockquote"]
PAGE_SIZE = 9


class StoryPageQuerySet(PageQuerySet):
    def published(self):
        """What the public may see: live and not behind a view restriction."""
        return self.live().public()

    def newest_first(self):
        return self.order_by("-date", "-first_published_at", "-id")

    def for_listing(self):
        """Everything a listing card needs, in a constant number of queries."""
        return self.select_related("owner").prefetch_related(
            "tags",
            Prefetch("authors", queryset=StoryAuthor.objects.order_by("sort_order")),
            Prefetch(
                "gallery_images",
                queryset=StoryImage.objects.order_by("sort_order").select_related("image"),
            ),
            "gallery_images__image__renditions",
        )

    def sharing_tags(self, tag_names):
        """Stories with at least one of these tag names (for 'related stories' on a module)."""
        return self.filter(tags__name__in=list(tag_names)).distinct()


StoryPageManager = PageManager.from_queryset(StoryPageQuerySet)


class StoryIndexPage(Page):
    """The public list of practice stories, and the place in the tree where guild members write."""

    intro = RichTextField(_("introduction"), features=["bold", "italic", "link"], blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["leergang.HomePage"]
    subpage_types = ["stories.StoryPage"]
    max_count = 1

    class Meta:
        verbose_name = _("story index")

    def save(self, *args, **kwargs):
        creating = self.pk is None
        super().save(*args, **kwargs)
        if creating:
            # Permissions and the moderation workflow belong to the index itself: every index
            # gets them, whether created by seed_demo, a test or an editor in the admin.
            ensure_moderation(self)

    def stories(self):
        return StoryPage.objects.child_of(self).published()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        base = self.stories()
        form = StoryFilterForm(request.GET or None, stories=base)
        stories = base
        query = ""
        if form.is_valid():
            data = form.cleaned_data
            if data.get("tag"):
                stories = stories.filter(tags__slug=data["tag"])
            if data.get("place"):
                stories = stories.filter(place__iexact=data["place"])
            query = data.get("q") or ""
        if query:
            # The search backend filters only on indexed fields, so tag and place are resolved
            # to ids first. Relevance order would bury the newest story: newest first stays.
            if stories is not base:
                stories = base.filter(id__in=list(stories.values_list("id", flat=True)))
            # Only the words: on SQLite, FTS5 fails on quotes, colons and the like.
            words = " ".join(re.findall(r"\w+", query))
            stories = (
                stories.newest_first().for_listing().search(words, order_by_relevance=False)
                if words
                else stories.none()
            )
        else:
            stories = stories.newest_first().for_listing()
        paginator = Paginator(stories, PAGE_SIZE)
        try:
            page_obj = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            page_obj = paginator.page(1)
        except EmptyPage:
            page_obj = paginator.page(paginator.num_pages)
        params = request.GET.copy()
        params.pop("page", None)
        context.update(
            {
                "tag_options": form.tag_choices(),
                "place_options": list(
                    base.order_by("place").values_list("place", flat=True).distinct()
                ),
                "filter_form": form,
                "page_obj": page_obj,
                "stories": page_obj.object_list,
                "query": query,
                "filtered": bool(form.is_valid() and any(form.cleaned_data.values())),
                "selected_tag": form.cleaned_data.get("tag", "") if form.is_valid() else "",
                "selected_place": form.cleaned_data.get("place", "") if form.is_valid() else "",
                "querystring": params.urlencode(),
            }
        )
        return context


class StoryPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "stories.StoryPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class StoryPage(Page):
    """One practice story: what residents came up with, how a community worker joined them,
    what changed and what the craft can learn from it."""

    date = models.DateField(
        _("story date"),
        default=timezone.localdate,
        help_text=_("When this happened or was written; the newest stories come first."),
    )
    summary = models.CharField(
        _("summary"),
        max_length=300,
        help_text=_("One or two sentences for the list of stories and for shared links."),
    )
    place = models.CharField(
        _("place"), max_length=120, help_text=_("The neighbourhood or village, e.g. Heechterp.")
    )
    question = RichTextField(_("the residents' question or idea"), features=STORY_TEXT_FEATURES)
    approach = RichTextField(
        _("how residents and community workers went about it"), features=STORY_TEXT_FEATURES
    )
    outcome = RichTextField(_("what it changed"), features=STORY_TEXT_FEATURES)
    lessons = RichTextField(_("lessons for the craft"), features=STORY_TEXT_FEATURES)
    tags = ClusterTaggableManager(
        through=StoryPageTag,
        blank=True,
        verbose_name=_("tags"),
        help_text=_("E.g. bewonersinitiatief, laagdrempelig contact, gebiedsgericht werken."),
    )

    objects = StoryPageManager()
    # Only images the editor may choose (a crafted request cannot slip another one in).
    base_form_class = StoryPageForm

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("place"), FieldPanel("date")]),
        FieldPanel("question"),
        FieldPanel("approach"),
        FieldPanel("outcome"),
        FieldPanel("lessons"),
        MultiFieldPanel([InlinePanel("gallery_images", label=_("Image"))], heading=_("Images")),
        MultiFieldPanel([InlinePanel("authors", label=_("Author"))], heading=_("Authors")),
        FieldPanel("tags"),
        MultiFieldPanel(
            [InlinePanel("module_links", label=_("Module"))], heading=_("Related modules")
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("place"),
        index.SearchField("question"),
        index.SearchField("approach"),
        index.SearchField("outcome"),
        index.SearchField("lessons"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("place"),
        index.FilterField("date"),
    ]
    parent_page_types = ["stories.StoryIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("practice story")
        verbose_name_plural = _("practice stories")

    @cached_property
    def first_image(self):
        images = list(self.gallery_images.all())
        return images[0] if images else None

    @property
    def author_names(self):
        """Names credited on the page: the listed authors, or else whoever wrote it."""
        names = [a.name for a in self.authors.all() if a.name]
        if not names and self.owner_id:
            names = [self.owner.get_full_name() or self.owner.email.split("@")[0]]
        return names

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["images"] = list(self.gallery_images.select_related("image"))
        context["related_modules"] = [
            link.module for link in self.module_links.select_related("module") if link.module.live
        ]
        context["index"] = self.get_parent()
        return context


LICENCE_CHOICES = [
    ("cc-by-4.0", "CC BY 4.0"),
    ("cc-by-sa-4.0", "CC BY-SA 4.0"),
    ("cc0", "CC0"),
    ("permission", _("All rights reserved, used with permission")),
]


class StoryImage(Orderable):
    """A photo in a story, always credited: caption, photographer and licence."""

    page = ParentalKey(StoryPage, on_delete=models.CASCADE, related_name="gallery_images")
    image = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.CASCADE, related_name="+", verbose_name=_("image")
    )
    caption = models.CharField(_("caption"), max_length=250)
    photographer = models.CharField(_("photographer"), max_length=120)
    licence = models.CharField(
        _("licence"), max_length=20, choices=LICENCE_CHOICES, default="permission"
    )

    panels = [
        FieldPanel("image"),
        FieldPanel("caption"),
        FieldRowPanel([FieldPanel("photographer"), FieldPanel("licence")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")

    @property
    def credit(self):
        return f"{self.photographer}, {self.get_licence_display()}"


class StoryAuthor(Orderable):
    """Who is credited for a story; ``user`` is set when the author has an account."""

    page = ParentalKey(StoryPage, on_delete=models.CASCADE, related_name="authors")
    name = models.CharField(_("name"), max_length=120)
    user = models.ForeignKey(
        "leergang.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("account"),
    )

    panels = [FieldPanel("name")]

    class Meta(Orderable.Meta):
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.name


class StoryModuleLink(Orderable):
    """A course module this story shows in practice."""

    page = ParentalKey(StoryPage, on_delete=models.CASCADE, related_name="module_links")
    module = models.ForeignKey(
        "modules.ModulePage",
        on_delete=models.CASCADE,
        related_name="story_links",
        verbose_name=_("module"),
    )

    panels = [PageChooserPanel("module", page_type="modules.ModulePage")]

    class Meta(Orderable.Meta):
        verbose_name = _("related module")
        verbose_name_plural = _("related modules")


class StoryProposalQuerySet(models.QuerySet):
    def owned_by(self, user):
        """The proposals ``user`` made: a participant sees and follows only their own."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(proposed_by=user)


class StoryProposal(models.Model):
    """A fieldwork entry a participant proposed as a practice story. The entry stays private;
    only the draft story made from it (after the privacy check) goes to the moderators."""

    entry = models.OneToOneField(
        "portfolio.FieldworkEntry",
        on_delete=models.SET_NULL,
        null=True,
        related_name="story_proposal",
        verbose_name=_("fieldwork entry"),
    )
    story = models.OneToOneField(
        StoryPage, on_delete=models.CASCADE, related_name="proposal", verbose_name=_("story")
    )
    proposed_by = models.ForeignKey(
        "leergang.User",
        on_delete=models.CASCADE,
        related_name="story_proposals",
        verbose_name=_("proposed by"),
    )
    created_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = StoryProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("story proposal")
        verbose_name_plural = _("story proposals")
        ordering = ["-created_at"]

    def __str__(self):
        return str(self.story)
