"""Course content: the course overview, its modules, their learning outcomes and progress."""

import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from leergang.models import Cohort
from leergang.permissions import is_administrator, is_course_staff

from .blocks import ModuleBodyBlock, parse_outcome_numbers
from .facts import module_facts
from .related import module_discussions

# The key of the only section of a module whose body has no section headings.
WHOLE_MODULE = "module"


def can_read_content(user):
    """The one rule for module content: enrolled participants (any cohort; the cohorts share
    one programme), trainers, guild members and administrators. Cached on the user object."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_course_staff(user) or user.is_guild_member:
        return True
    return _is_enrolled_participant(user)


def _is_enrolled_participant(user):
    cached = getattr(user, "_modules_enrolled", None)
    if cached is None:
        cached = user.is_participant and user.enrolments.exists()
        user._modules_enrolled = cached
    return cached


def can_track_progress(user):
    """Only enrolled participants keep progress (for themselves)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return _is_enrolled_participant(user)


class ModulePageQuerySet(PageQuerySet):
    def visible_to(self, user):
        """Modules whose content ``user`` may read (all live ones, or none)."""
        if not can_read_content(user):
            return self.none()
        return self.live()

    def in_course_order(self):
        return self.live().order_by("path")


ModulePageManager = PageManager.from_queryset(ModulePageQuerySet)


class CourseIndexPage(Page):
    """The course overview (De leergang): introduction, the cohort's schedule, modules in order."""

    intro = RichTextField(
        _("introduction"), features=["h3", "bold", "italic", "link", "ol", "ul"], blank=True
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["leergang.HomePage"]
    subpage_types = ["modules.ModulePage"]
    max_count = 1

    class Meta:
        verbose_name = _("course overview")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        user = request.user
        modules = list(
            ModulePage.objects.child_of(self)
            .live()
            .order_by("path")
            .defer("body")
            .prefetch_related("learning_outcomes")
        )
        context["modules"] = modules
        context["can_read"] = can_read_content(user)
        if can_track_progress(user):
            context["progress"] = progress_for(user, modules)
        cohorts = Cohort.objects.followed_by(user) if user.is_authenticated else None
        if not cohorts or not cohorts.exists():
            cohorts = Cohort.objects.trained_by(user) if user.is_authenticated else None
        if cohorts is not None and cohorts.exists():
            context["schedule_cohorts"] = list(
                cohorts.order_by("-start_date").prefetch_related("sessions")[:2]
            )
        else:
            nxt = Cohort.objects.upcoming().prefetch_related("sessions").first()
            context["schedule_cohorts"] = [nxt] if nxt else []
        return context


class ModulePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "modules.ModulePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


@dataclass
class Section:
    """A part of a module that a participant marks as done: a heading and what follows it."""

    key: str
    heading: str
    number: int
    blocks: list = field(default_factory=list)


def assignment_outcome_errors(body, outcome_count):
    """Messages for assignments that refer to learning outcomes the module does not have."""
    errors = []
    for child in body or []:
        if child.block_type != "assignment":
            continue
        numbers = parse_outcome_numbers(child.value.get("outcomes"))
        wrong = [n for n in numbers if n < 1 or n > outcome_count]
        if wrong:
            errors.append(
                _(
                    "Assignment '%(title)s' refers to learning outcome %(numbers)s, "
                    "but this module has %(count)s learning outcomes."
                )
                % {
                    "title": child.value.get("title"),
                    "numbers": ", ".join(map(str, wrong)),
                    "count": outcome_count,
                }
            )
    return errors


class ModulePageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("learning_outcomes")
        if formset is not None and formset.is_valid():
            count = sum(
                1 for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")
            )
            for message in assignment_outcome_errors(cleaned.get("body"), count):
                self.add_error(None, message)
        return cleaned


class ModulePage(Page):
    """One module of the course: introduction, learning outcomes, study load, tags and body."""

    intro = RichTextField(_("introduction"), features=["bold", "italic", "link"])
    study_load_hours = models.PositiveSmallIntegerField(
        _("estimated study load (hours)"),
        default=8,
        help_text=_("Hours a participant needs, sessions not included."),
    )
    tags = ClusterTaggableManager(
        through="modules.ModulePageTag", blank=True, verbose_name=_("tags")
    )
    body = StreamField(ModuleBodyBlock(), verbose_name=_("content"), blank=True)
    # Filled on every save from the body: the keys of the sections, in order. Progress pages
    # read this instead of parsing the body of every module.
    section_keys = models.JSONField(default=list, editable=False)

    objects = ModulePageManager()

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [InlinePanel("learning_outcomes", label=_("Learning outcome"), min_num=1)],
            heading=_("Learning outcomes (leeruitkomsten)"),
        ),
        FieldPanel("study_load_hours"),
        FieldPanel("tags"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.RelatedFields("learning_outcomes", [index.SearchField("text")]),
    ]
    parent_page_types = ["modules.CourseIndexPage"]
    subpage_types = []
    base_form_class = ModulePageForm

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    # -- sections ---------------------------------------------------------------------------

    def _ensure_block_ids(self):
        for child in self.body:
            if not child.id:
                child.id = str(uuid.uuid4())

    def compute_section_keys(self):
        keys = [child.id for child in self.body if child.block_type == "section"]
        return keys or [WHOLE_MODULE]

    def save(self, *args, **kwargs):
        self._ensure_block_ids()
        self.section_keys = self.compute_section_keys()
        return super().save(*args, **kwargs)

    def get_sections(self):
        """The body grouped in sections. Blocks before the first heading form an unnumbered
        opening (key None) that is not marked as done."""
        sections = []
        current = None
        has_headings = any(child.block_type == "section" for child in self.body)
        if not has_headings:
            current = Section(key=WHOLE_MODULE, heading="", number=1)
            sections.append(current)
        number = 0
        for child in self.body:
            if child.block_type == "section":
                number += 1
                current = Section(key=child.id, heading=child.value["heading"], number=number)
                sections.append(current)
                continue
            if current is None:
                current = Section(key=None, heading="", number=0)
                sections.append(current)
            current.blocks.append(child)
        return sections

    # -- serving ------------------------------------------------------------------------------

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        user = request.user
        can_read = can_read_content(user)
        facts = module_facts(self, preview=getattr(request, "is_preview", False))
        context["can_read"] = can_read
        context["outcomes"] = facts.outcomes
        if not can_read:
            return context
        context["sections"] = self.get_sections()
        context["tag_list"] = facts.tags
        context["can_track"] = can_track_progress(user)
        if context["can_track"]:
            done = set(
                SectionCompletion.objects.filter(user=user, page=self).values_list(
                    "section", flat=True
                )
            )
            context["done_sections"] = done
            context["module_progress"] = progress_for(user, [self], done_by_page={self.pk: done})[
                self.pk
            ]
        if facts.number is not None:
            context["module_number"] = facts.number
            context["module_count"] = facts.count
            context["previous_module"] = facts.previous
            context["next_module"] = facts.next
        context["related_stories"] = facts.stories
        context["discussions"] = module_discussions(user, self)
        return context


class LearningOutcome(Orderable):
    """What a participant can do after the module (leeruitkomst). Assignments refer to these."""

    page = ParentalKey(ModulePage, on_delete=models.CASCADE, related_name="learning_outcomes")
    text = models.CharField(_("learning outcome"), max_length=300)

    panels = [FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("learning outcome")
        verbose_name_plural = _("learning outcomes")

    def __str__(self):
        return self.text


class SectionCompletionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Own progress; that of trained cohorts' participants; all for administrators."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if is_administrator(user):
            return self.all()
        return self.filter(
            models.Q(user=user)
            | models.Q(user__enrolments__cohort__in=Cohort.objects.managed_by(user))
        ).distinct()


class SectionCompletion(models.Model):
    """A participant marked one section of a module as done."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="section_completions",
        verbose_name=_("participant"),
    )
    page = models.ForeignKey(
        ModulePage,
        on_delete=models.CASCADE,
        related_name="completions",
        verbose_name=_("module"),
    )
    section = models.CharField(_("section"), max_length=64)
    completed_at = models.DateTimeField(_("completed at"), auto_now_add=True)

    objects = SectionCompletionQuerySet.as_manager()

    class Meta:
        verbose_name = _("completed section")
        verbose_name_plural = _("completed sections")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "page", "section"], name="unique_section_completion"
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.page_id}/{self.section}"


# -- progress -----------------------------------------------------------------------------------
# Here rather than in progress.py because the pages' own views show it; progress.py builds the
# course-wide and cohort views on top of these.


@dataclass(frozen=True)
class Progress:
    done: int
    total: int

    @property
    def percent(self):
        if not self.total:
            return 0
        return round(100 * self.done / self.total)

    @property
    def complete(self):
        return self.total > 0 and self.done >= self.total


def progress_of(page, done_keys):
    """How far one module is, given the keys of the sections marked done."""
    keys = page.section_keys or []
    return Progress(done=len(set(keys) & set(done_keys)), total=len(keys))


def progress_for(user, modules, done_by_page=None):
    """{page_id: Progress} for ``user`` over ``modules`` (one query unless given the keys)."""
    if done_by_page is None:
        done_by_page = {}
        rows = SectionCompletion.objects.filter(
            user=user, page_id__in=[m.pk for m in modules]
        ).values_list("page_id", "section")
        for page_id, section in rows:
            done_by_page.setdefault(page_id, set()).add(section)
    return {m.pk: progress_of(m, done_by_page.get(m.pk, ())) for m in modules}
