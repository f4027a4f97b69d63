from dataclasses import dataclass, field

from wagtail import hooks

from leergang import roles

from .models import StoryIndexPage, StoryPage

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


def _only_guild_member(user):
    """A guild member who has no moderating role: sees only their own stories in the explorer."""
    return (
        user.is_authenticated
        and not user.is_superuser
        and roles.has_role(user, roles.GUILD_MEMBERS)
        and not (roles.has_role(user, roles.TRAINERS) or roles.has_role(user, roles.ADMINISTRATORS))
    )


@hooks.register("construct_explorer_page_queryset")
def own_stories_only(parent_page, pages, request):
    # Wagtail would list every story under the index (read-only for others' pages); a guild
    # member's work list is their own stories.
    if _only_guild_member(request.user) and parent_page.specific_class is StoryIndexPage:
        pages = pages.filter(owner=request.user)
    return pages
