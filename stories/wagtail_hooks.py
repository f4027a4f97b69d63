from dataclasses import dataclass, field

from django.db.models import Q
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.images import get_image_model
from wagtail.models import WorkflowState

from leergang import admin_scope, roles

from .models import StoryImage, StoryIndexPage, StoryPage

HOME_STORIES = 3


@dataclass
class HomeStoriesSection:
    stories: list = field(default_factory=list)
    index_url: str = ""
    template_name: str = "stories/includes/home_section.html"
    order: int = 30


@hooks.register("construct_home_sections")
def add_home_stories(request, sections):
    index = StoryIndexPage.objects.live().public().first()
    if index is None:
        return
    stories = list(
        StoryPage.objects.child_of(index).published().newest_first().for_listing()[:HOME_STORIES]
    )
    if stories:
        sections.append(HomeStoriesSection(stories=stories, index_url=index.get_url(request)))


@hooks.register(admin_scope.PAGE_SCOPE_HOOK)
def own_stories_only(user, pages):
    # Wagtail lets a guild member (who may add stories below the index) see every story there:
    # in the explorer, search, choosers, reports and the admin API. Their work is their own
    # stories.
    if admin_scope.confined_to_own_work(user):
        pages = pages.exclude(pk__in=StoryPage.objects.exclude(owner=user).values("pk"))
    return pages


@hooks.register("media_visible_to")
def story_images_are_public_once_published(user, obj):
    """The photos of a published story are public; those of a proposal are also for the
    participant who proposed it (they follow it on the site)."""
    if not isinstance(obj, get_image_model()):
        return False
    uses = StoryImage.objects.filter(image=obj)
    if uses.filter(page__in=StoryPage.objects.published().values("pk")).exists():
        return True
    return getattr(user, "is_authenticated", False) and (
        uses.filter(page__proposal__proposed_by=user).exists()
    )


class MyStoriesPanel(Component):
    """Wagtail admin home for a guild member: their own stories that are not simply published yet
    (drafts, changes waiting, stories in moderation), most recently edited first."""

    name = "stories_mine"
    order = 80
    template_name = "stories/panels/admin_my_stories.html"
    LIMIT = 10

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        pages = (
            StoryPage.objects.filter(owner=self.user)
            .filter(Q(live=False) | Q(has_unpublished_changes=True))
            .select_related("latest_revision")
            .prefetch_related("_specific_workflow_states")
            .order_by("-latest_revision_created_at", "-pk")
        )
        stories = []
        for page in pages[: self.LIMIT]:
            in_moderation = any(
                state.status == WorkflowState.STATUS_IN_PROGRESS
                for state in page._specific_workflow_states.all()
            )
            stories.append({"page": page, "in_moderation": in_moderation})
        return {"stories": stories, "total": pages.count()}


@hooks.register("construct_homepage_panels")
def my_stories_panel(request, panels):
    if roles.has_role(request.user, roles.GUILD_MEMBERS):
        panels.append(MyStoriesPanel(request.user))


@hooks.register("modules_practice_stories")
def practice_stories_for_modules():
    """Module search, tag pages and a module's related stories show these (modules.related)."""
    return StoryPage.objects.live().public()
