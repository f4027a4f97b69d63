"""What a module page shows that is the same for every reader: its learning outcomes, its tags,
its place among the modules (number, previous, next) and the practice stories beside it.

Kept in the cache under the content generation of ``leergang.pagecache``: publishing, moving or
unpublishing a page, and any save of a module, a story, a tag or a view restriction start a new
generation, so the next request reads them afresh. With ``REDIS_URL`` the generation is shared by
every server process; without it each process has its own, and ``SECONDS`` bounds how long
another process may show the old facts. Previews are never cached (a draft's tags differ).
"""

from dataclasses import dataclass

from django.core.cache import cache

from leergang import pagecache

from .related import related_stories

SECONDS = 60


@dataclass
class ModuleFacts:
    outcomes: list
    tags: list
    number: int | None
    count: int
    previous: object | None
    next: object | None
    stories: list


def module_facts(page, *, preview=False):
    if preview:
        return _read(page)
    key = f"modules:facts:{page.pk}:{pagecache.generation()}"
    facts = cache.get(key)
    if facts is None:
        facts = _read(page)
        cache.set(key, facts, SECONDS)
    return facts


def _read(page):
    tags = list(page.tags.all())
    siblings = list(type(page).objects.sibling_of(page).live().order_by("path").defer("body"))
    position = next((i for i, p in enumerate(siblings) if p.pk == page.pk), None)
    number = previous = following = None
    if position is not None:
        number = position + 1
        previous = siblings[position - 1] if position > 0 else None
        following = siblings[position + 1] if position + 1 < len(siblings) else None
    return ModuleFacts(
        outcomes=list(page.learning_outcomes.all()),
        tags=tags,
        number=number,
        count=len(siblings),
        previous=previous,
        next=following,
        stories=related_stories(tags),
    )
