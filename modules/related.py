"""Practice stories beside the course: in search, on tag pages and under a module.

The stories app sits a layer above modules, so modules never imports it: the app that holds the
stories registers a function with the ``modules_practice_stories`` hook that returns them (the
published, public ones, as a page QuerySet with ``tags`` and ``search``). Without one, modules
show no stories.
"""

from wagtail import hooks

PRACTICE_STORIES_HOOK = "modules_practice_stories"


def practice_stories():
    """The published, public practice stories, or None when no app registers them."""
    for registered in hooks.get_hooks(PRACTICE_STORIES_HOOK):
        return registered()
    return None


def related_stories(tags, limit=3):
    """Published, public practice stories that share a tag, newest first."""
    stories = practice_stories() if tags else None
    if stories is None:
        return []
    return list(
        stories.filter(tags__in=[t.pk for t in tags])
        .distinct()
        .order_by("-first_published_at")[:limit]
    )


# The discussions app (a layer above) registers a function ``(user, page)`` with this hook that
# returns a link to the page's discussions for that user: {"url": ..., "thread_count": n}, or
# None when the user takes part in none. Without one, a module shows no discussion link.
DISCUSSIONS_HOOK = "modules_discussions"


def module_discussions(user, page):
    for registered in hooks.get_hooks(DISCUSSIONS_HOOK):
        return registered(user, page)
    return None
