"""Progress, the trainer's matrix, search and tag pages.

Whatever a visitor may not read is a 404, so that ids cannot be probed.
"""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from taggit.models import Tag

from leergang.models import Cohort

from .models import ModulePage, can_read_content, can_track_progress
from .progress import cohort_matrix, set_section_done

MAX_PK = 2**63 - 1
MAX_QUERY = 200
MAX_RESULTS = 30


def _live_module(page_id):
    if not 0 < page_id <= MAX_PK:
        raise Http404
    return get_object_or_404(ModulePage.objects.live(), pk=page_id)


@require_POST
def mark_section(request, page_id, section):
    """Mark a section as done (done=1) or not done (done=0) for the logged-in participant only.

    There is no user field: a forged ``user`` in the request is ignored. Unknown modules,
    drafts, unknown sections and users who keep no progress get a 404.
    """
    if not can_track_progress(request.user):
        raise Http404
    page = _live_module(page_id)
    if section not in (page.section_keys or []):
        raise Http404
    done = request.POST.get("done", "1") not in ("0", "false", "")
    set_section_done(request.user, page, section, done)
    if request.headers.get("x-requested-with") == "fetch":
        from .progress import progress_for

        progress = progress_for(request.user, [page])[page.pk]
        return JsonResponse(
            {
                "done": done,
                "percent": progress.percent,
                "completed": progress.done,
                "total": progress.total,
                "message": _("%(done)s of %(total)s sections done")
                % {"done": progress.done, "total": progress.total},
            }
        )
    messages.success(
        request,
        _("Section marked as done.") if done else _("Section marked as not done."),
    )
    return redirect(f"{page.url}#section-{section}")


def _matrix_cohorts(user):
    if user.is_administrator:
        return Cohort.objects.all()
    return Cohort.objects.trained_by(user)


@login_required
def progress_overview(request):
    """The trainer's cohorts, each linking to its progress matrix."""
    user = request.user
    if not (user.is_trainer or user.is_administrator):
        raise Http404
    cohorts = _matrix_cohorts(user).order_by("-start_date")
    return render(request, "modules/progress_overview.html", {"cohorts": cohorts})


@login_required
def cohort_progress(request, cohort_id):
    user = request.user
    if not (user.is_trainer or user.is_administrator) or not 0 < cohort_id <= MAX_PK:
        raise Http404
    cohort = get_object_or_404(_matrix_cohorts(user), pk=cohort_id)
    modules, rows, average = cohort_matrix(cohort)
    return render(
        request,
        "modules/cohort_progress.html",
        {
            "cohort": cohort,
            "modules": modules,
            "rows": rows,
            "average": average,
            "behind": [r for r in rows if r.behind],
        },
    )


def _stories():
    try:
        from stories.models import StoryPage
    except ImportError:
        return None
    return StoryPage.objects.live().public()


def _matches_teaser(page, query):
    # Outsiders may only find a module by what they may read of it: its title and introduction.
    # (The SQLite fallback backend cannot restrict a search to some fields, so this filters.)
    teaser = f"{page.title} {strip_tags(page.intro)}".casefold()
    return all(word.casefold() in teaser for word in query.split())


def search(request):
    """Modules and practice stories by words and tags; only what the searcher may read.

    Those who may not read module content find modules only by their public teaser (title and
    introduction), so a search cannot reveal what the content says.
    """
    query = (request.GET.get("q") or "").strip()[:MAX_QUERY]
    modules, stories, tags = [], [], []
    can_read = can_read_content(request.user)
    # Only the words go to the search backend: on SQLite, FTS5 reads quotes, colons and the
    # like as query syntax and fails (a 500) on e.g. "javascript:alert(1)".
    words = " ".join(re.findall(r"\w+", query))
    if words:
        if can_read:
            modules = list(ModulePage.objects.live().search(words)[:MAX_RESULTS])
        else:
            modules = [
                page
                for page in ModulePage.objects.live().search(words)[: MAX_RESULTS * 3]
                if _matches_teaser(page, words)
            ][:MAX_RESULTS]
        story_qs = _stories()
        if story_qs is not None:
            stories = list(story_qs.search(words)[:MAX_RESULTS])
    if query:
        tag = Tag.objects.filter(name__iexact=query).first()
        tags = [tag] if tag is not None and _tag_has_page(tag) else []
        prefetch_related_objects(modules, "tags")
    return render(
        request,
        "modules/search.html",
        {
            "query": query,
            "modules": modules,
            "stories": stories,
            "tags": tags,
            "can_read": can_read,
            "searched": bool(query),
            "result_count": len(modules) + len(stories),
            "too_many": len(modules) >= MAX_RESULTS or len(stories) >= MAX_RESULTS,
        },
    )


def _tag_has_page(tag):
    """A tag is public only while a live module or a published story carries it. One that is
    only on drafts, or left over, answers exactly like one that never existed, so that search
    and tag pages tell nothing about what anyone wrote privately. (Participants' fieldwork tags
    are not in this table at all: ``portfolio.models.FieldworkTag``.)"""
    if ModulePage.objects.live().filter(tags__slug=tag.slug).exists():
        return True
    story_qs = _stories()
    return story_qs is not None and story_qs.filter(tags__slug=tag.slug).exists()


def tag_page(request, slug):
    """Everything with one tag: modules (for those who may read them) and practice stories."""
    tag = Tag.objects.filter(slug=slug[:100]).first()
    if tag is None or not _tag_has_page(tag):
        raise Http404
    modules = list(
        ModulePage.objects.readable_by(request.user)
        .filter(tags__slug=tag.slug)
        .order_by("path")
        .defer("body")
    )
    story_qs = _stories()
    stories = (
        list(story_qs.filter(tags__slug=tag.slug).distinct().order_by("-first_published_at"))
        if story_qs is not None
        else []
    )
    can_read = can_read_content(request.user)
    # Outsiders learn that modules carry this tag (an invitation), not which ones.
    hidden_modules = not can_read and ModulePage.objects.live().filter(tags__slug=tag.slug).exists()
    return render(
        request,
        "modules/tag.html",
        {
            "tag": tag,
            "modules": modules,
            "stories": stories,
            "hidden_modules": hidden_modules,
            "can_read": can_read,
        },
    )
