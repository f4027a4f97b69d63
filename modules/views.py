"""Progress, the trainer's matrix, search and tag pages.

Whatever a visitor may not read is a 404, so that ids cannot be probed.
"""

import re

from django.contrib import messages
from django.core.cache import cache
from django.db.models import prefetch_related_objects
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.utils.html import strip_tags
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from taggit.models import Tag

from leergang.models import Cohort
from leergang.permissions import CourseStaffRequiredMixin

from .models import ModulePage, can_read_content, can_track_progress
from .progress import cohort_matrix, matrix_version, progress_for, set_section_done
from .related import practice_stories

MAX_PK = 2**63 - 1
MAX_QUERY = 200
MAX_RESULTS = 30


class PostAnsweredAsGetMixin:
    """These pages have always answered a POST (an empty form) like a GET; the authorization
    matrix holds them to it."""

    def post(self, request, *args, **kwargs):
        return self.get(request, *args, **kwargs)


def _live_module(page_id):
    if not 0 < page_id <= MAX_PK:
        raise Http404
    return get_object_or_404(ModulePage.objects.live(), pk=page_id)


class MarkSectionView(View):
    """Mark a section as done (done=1) or not done (done=0) for the logged-in participant only.

    There is no user field: a forged ``user`` in the request is ignored. Unknown modules,
    drafts, unknown sections and users who keep no progress get a 404.
    """

    http_method_names = ["post"]

    def post(self, request, page_id, section):
        if not can_track_progress(request.user):
            raise Http404
        page = _live_module(page_id)
        if section not in (page.section_keys or []):
            raise Http404
        done = request.POST.get("done", "1") not in ("0", "false", "")
        set_section_done(request.user, page, section, done)
        if request.headers.get("x-requested-with") == "fetch":
            return self._progress_json(page, done)
        messages.success(
            request,
            _("Section marked as done.") if done else _("Section marked as not done."),
        )
        return redirect(f"{page.url}#section-{section}")

    def _progress_json(self, page, done):
        progress = progress_for(self.request.user, [page])[page.pk]
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


class ProgressOverviewView(CourseStaffRequiredMixin, PostAnsweredAsGetMixin, TemplateView):
    """The trainer's cohorts, each linking to its progress matrix."""

    template_name = "modules/progress_overview.html"

    def get_context_data(self, **kwargs):
        cohorts = Cohort.objects.managed_by(self.request.user).order_by("-start_date")
        return super().get_context_data(cohorts=cohorts, **kwargs)


class CohortProgressView(CourseStaffRequiredMixin, PostAnsweredAsGetMixin, TemplateView):
    """Participants by modules for one cohort the user manages."""

    template_name = "modules/cohort_progress.html"

    def get_context_data(self, **kwargs):
        cohort_id = self.kwargs["cohort_id"]
        if not 0 < cohort_id <= MAX_PK:
            raise Http404
        cohort = get_object_or_404(Cohort.objects.managed_by(self.request.user), pk=cohort_id)
        # The rendered matrix is cached under a fingerprint of its data (``matrix_version``):
        # a trainer sees a change at once, and a repeated visit costs three small queries.
        key = f"modules:matrix:{cohort.pk}:{get_language()}:{matrix_version(cohort)}"
        matrix_html = cache.get(key)
        if matrix_html is None:
            modules, rows, average = cohort_matrix(cohort)
            matrix_html = render_to_string(
                "modules/_cohort_matrix.html",
                {
                    "modules": modules,
                    "rows": rows,
                    "average": average,
                    "behind": [r for r in rows if r.behind],
                },
            )
            cache.set(key, matrix_html, 60 * 60)
        return super().get_context_data(cohort=cohort, matrix_html=matrix_html, **kwargs)


def _matches_teaser(page, query):
    # Outsiders may only find a module by what they may read of it: its title and introduction.
    # (The SQLite fallback backend cannot restrict a search to some fields, so this filters.)
    teaser = f"{page.title} {strip_tags(page.intro)}".casefold()
    return all(word.casefold() in teaser for word in query.split())


def _tag_has_page(tag):
    """A tag is public only while a live module or a published story carries it. One that is
    only on drafts, or left over, answers exactly like one that never existed, so that search
    and tag pages tell nothing about what anyone wrote privately. (Participants' fieldwork tags
    are not in this table at all: ``portfolio.models.FieldworkTag``.)"""
    if ModulePage.objects.live().filter(tags__slug=tag.slug).exists():
        return True
    stories = practice_stories()
    return stories is not None and stories.filter(tags__slug=tag.slug).exists()


class SearchView(PostAnsweredAsGetMixin, TemplateView):
    """Modules and practice stories by words and tags; only what the searcher may read.

    Those who may not read module content find modules only by their public teaser (title and
    introduction), so a search cannot reveal what the content says.
    """

    template_name = "modules/search.html"

    def get_context_data(self, **kwargs):
        query = (self.request.GET.get("q") or "").strip()[:MAX_QUERY]
        can_read = can_read_content(self.request.user)
        # Only the words go to the search backend: on SQLite, FTS5 reads quotes, colons and
        # the like as query syntax and fails (a 500) on e.g. "javascript:alert(1)".
        words = " ".join(re.findall(r"\w+", query))
        modules = self._modules(words, can_read) if words else []
        stories = self._stories(words) if words else []
        tags = []
        if query:
            tag = Tag.objects.filter(name__iexact=query).first()
            tags = [tag] if tag is not None and _tag_has_page(tag) else []
            prefetch_related_objects(modules, "tags")
        return super().get_context_data(
            query=query,
            modules=modules,
            stories=stories,
            tags=tags,
            can_read=can_read,
            searched=bool(query),
            result_count=len(modules) + len(stories),
            too_many=len(modules) >= MAX_RESULTS or len(stories) >= MAX_RESULTS,
            **kwargs,
        )

    def _modules(self, words, can_read):
        if can_read:
            return list(ModulePage.objects.live().search(words)[:MAX_RESULTS])
        return [
            page
            for page in ModulePage.objects.live().search(words)[: MAX_RESULTS * 3]
            if _matches_teaser(page, words)
        ][:MAX_RESULTS]

    def _stories(self, words):
        stories = practice_stories()
        return [] if stories is None else list(stories.search(words)[:MAX_RESULTS])


class TagView(PostAnsweredAsGetMixin, TemplateView):
    """Everything with one tag: modules (for those who may read them) and practice stories."""

    template_name = "modules/tag.html"

    def get_context_data(self, **kwargs):
        tag = Tag.objects.filter(slug=self.kwargs["slug"][:100]).first()
        if tag is None or not _tag_has_page(tag):
            raise Http404
        user = self.request.user
        modules = list(
            ModulePage.objects.visible_to(user)
            .filter(tags__slug=tag.slug)
            .order_by("path")
            .defer("body")
        )
        stories = practice_stories()
        stories = (
            list(stories.filter(tags__slug=tag.slug).distinct().order_by("-first_published_at"))
            if stories is not None
            else []
        )
        can_read = can_read_content(user)
        # Outsiders learn that modules carry this tag (an invitation), not which ones.
        on_modules = ModulePage.objects.live().filter(tags__slug=tag.slug)
        hidden_modules = not can_read and on_modules.exists()
        return super().get_context_data(
            tag=tag,
            modules=modules,
            stories=stories,
            hidden_modules=hidden_modules,
            can_read=can_read,
            **kwargs,
        )
