"""The module discussions on the site: a module's discussions, one cohort's threads, a thread
with its replies, and moderation for the cohort's trainers (see services for who may read)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from leergang import roles
from leergang.models import Cohort
from leergang.permissions import LoginRequired404Mixin
from modules.models import ModulePage
from portfolio.richtext import html_to_text

from . import services
from .forms import PostForm, ReasonForm, ThreadForm
from .models import ModerationAction, Post, Report, Thread, discussion_url

THREADS_PER_PAGE = 20
POSTS_PER_PAGE = 25


def _module(page_id):
    return get_object_or_404(ModulePage.objects.live().defer("body"), pk=page_id)


class ModuleDiscussionsView(LoginRequired404Mixin, TemplateView):
    """A module's discussions the user reads, and (guild members) the ones they may join."""

    template_name = "discussions/module.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.module = _module(kwargs["page_id"])
        return super().dispatch(request, *args, **kwargs)

    def has_access(self, user):
        self.cohorts = list(
            services.cohorts_for(user, self.module)
            .annotate(
                thread_count=Count(
                    "discussions__threads",
                    filter=Q(discussions__module=self.module),
                    distinct=True,
                )
            )
            .order_by("-start_date")
        )
        self.joinable = list(services.joinable_cohorts(user, self.module))
        return bool(self.cohorts or self.joinable)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            module=self.module,
            cohorts=[(c, discussion_url(self.module.pk, c.pk)) for c in self.cohorts],
            joinable=self.joinable,
            **kwargs,
        )


class JoinView(LoginRequired404Mixin, View):
    """A guild member joins a cohort's discussion of a module as a practitioner."""

    def has_access(self, user):
        return roles.has_role(user, roles.GUILD_MEMBERS)

    def post(self, request, page_id, cohort_id):
        module = _module(page_id)
        cohort = get_object_or_404(services.joinable_cohorts(request.user, module), pk=cohort_id)
        services.join(request.user, module, cohort)
        messages.success(request, _("You joined this discussion as a practitioner."))
        return HttpResponseRedirect(discussion_url(module.pk, cohort.pk))


class DiscussionAccessMixin(LoginRequired404Mixin):
    def load(self, page_id, cohort_id):
        self.module = _module(page_id)
        self.cohort = get_object_or_404(Cohort, pk=cohort_id)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.load(kwargs["page_id"], kwargs["cohort_id"])
        return super().dispatch(request, *args, **kwargs)

    def has_access(self, user):
        return services.can_read(user, self.module, self.cohort)

    def common_context(self):
        return {
            "module": self.module,
            "cohort": self.cohort,
            "discussion_url": discussion_url(self.module.pk, self.cohort.pk),
            "can_moderate": services.can_moderate(self.request.user, self.cohort),
        }


class DiscussionView(DiscussionAccessMixin, TemplateView):
    """One cohort's threads about a module, newest activity first, and a new thread."""

    template_name = "discussions/discussion.html"

    def get_context_data(self, form=None, refused=None, **kwargs):
        threads = (
            Thread.objects.filter(discussion__module=self.module, discussion__cohort=self.cohort)
            .select_related("author")
            .order_by("-last_post_at", "-pk")
        )
        page = Paginator(threads, THREADS_PER_PAGE).get_page(self.request.GET.get("page"))
        people = services.members(self.module, self.cohort)
        handle_of = services.handles(people)
        taking_part = services.taking_part(self.module, self.cohort)
        listed = [(p, handle_of[p.pk]) for p in people if p.pk in taking_part]
        return super().get_context_data(
            **self.common_context(),
            page_obj=page,
            threads=page.object_list,
            form=form or ThreadForm(),
            refused=refused,
            own_handle=handle_of.get(self.request.user.pk),
            people=listed,
            open_reports=Report.objects.filter(
                handled_at=None,
                post__thread__discussion__module=self.module,
                post__thread__discussion__cohort=self.cohort,
            ).count()
            if services.can_moderate(self.request.user, self.cohort)
            else 0,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = ThreadForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            thread = services.start_thread(
                request.user,
                self.module,
                self.cohort,
                form.cleaned_data["title"],
                form.cleaned_data["text"],
            )
        except services.PostRefused as refused:
            return self.render_to_response(self.get_context_data(form=form, refused=refused))
        return HttpResponseRedirect(thread.get_absolute_url())


class ThreadMixin(DiscussionAccessMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.thread = get_object_or_404(
                Thread.objects.select_related("discussion__cohort", "author"), pk=kwargs["pk"]
            )
            self.module = _module(self.thread.discussion.module_id)
            self.cohort = self.thread.discussion.cohort
        return LoginRequired404Mixin.dispatch(self, request, *args, **kwargs)


class ThreadView(ThreadMixin, TemplateView):
    template_name = "discussions/thread.html"

    def get_context_data(self, form=None, refused=None, **kwargs):
        user = self.request.user
        moderator = services.can_moderate(user, self.cohort)
        posts = self.thread.posts.select_related("author").order_by("created_at", "pk")
        if moderator:
            posts = posts.prefetch_related(
                Prefetch(
                    "reports",
                    queryset=Report.objects.filter(handled_at=None).select_related("reporter"),
                    to_attr="open_reports",
                )
            )
        page = Paginator(posts, POSTS_PER_PAGE).get_page(self.request.GET.get("page"))
        handle_of = services.handles(services.members(self.module, self.cohort))
        rows = [
            {
                "post": p,
                "handle": handle_of.get(p.author_id),
                "can_edit": services.can_edit(user, p),
                "can_delete": services.can_delete(user, p),
                "reports": getattr(p, "open_reports", []),
            }
            for p in page.object_list
        ]
        return super().get_context_data(
            **self.common_context(),
            thread=self.thread,
            page_obj=page,
            rows=rows,
            form=form or PostForm(),
            refused=refused,
            own_handle=handle_of.get(user.pk),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = PostForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            post = services.reply(request.user, self.thread, form.cleaned_data["text"])
        except services.PostRefused as refused:
            self.thread.refresh_from_db()
            return self.render_to_response(self.get_context_data(form=form, refused=refused))
        page = (self.thread.posts.count() - 1) // POSTS_PER_PAGE + 1
        return HttpResponseRedirect(f"{self.thread.get_absolute_url()}?page={page}#post-{post.pk}")


class PostMixin(ThreadMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.post_obj = get_object_or_404(
                Post.objects.select_related("thread__discussion__cohort", "author"),
                pk=kwargs["pk"],
            )
            self.thread = self.post_obj.thread
            self.module = _module(self.thread.discussion.module_id)
            self.cohort = self.thread.discussion.cohort
        return LoginRequired404Mixin.dispatch(self, request, *args, **kwargs)

    def back(self):
        return HttpResponseRedirect(self.post_obj.get_absolute_url())


class EditPostView(PostMixin, TemplateView):
    template_name = "discussions/post_edit.html"

    def has_access(self, user):
        return super().has_access(user) and services.can_edit(user, self.post_obj)

    def get_context_data(self, form=None, refused=None, **kwargs):
        return super().get_context_data(
            **self.common_context(),
            thread=self.thread,
            post_obj=self.post_obj,
            form=form or PostForm(initial={"text": html_to_text(self.post_obj.body)}),
            refused=refused,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = PostForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            services.edit(request.user, self.post_obj, form.cleaned_data["text"])
        except services.PostRefused as refused:
            return self.render_to_response(self.get_context_data(form=form, refused=refused))
        messages.success(request, _("Your message was changed."))
        return self.back()


class DeletePostView(PostMixin, View):
    def has_access(self, user):
        return super().has_access(user) and services.can_delete(user, self.post_obj)

    def post(self, request, *args, **kwargs):
        services.delete(request.user, self.post_obj)
        messages.success(request, _("Your message was deleted."))
        return self.back()


class ReportPostView(PostMixin, TemplateView):
    template_name = "discussions/post_report.html"

    def get_context_data(self, form=None, **kwargs):
        return super().get_context_data(
            **self.common_context(),
            thread=self.thread,
            post_obj=self.post_obj,
            form=form or ReasonForm(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = ReasonForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        services.report(request.user, self.post_obj, form.cleaned_data["reason"])
        messages.success(
            request, _("Thank you. The trainers of this cohort will look at your report.")
        )
        return self.back()


class ModeratorMixin:
    def has_access(self, user):
        return super().has_access(user) and services.can_moderate(user, self.cohort)


class HidePostView(ModeratorMixin, PostMixin, View):
    def post(self, request, *args, **kwargs):
        hide = request.POST.get("action") != "show"
        form = ReasonForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give a reason: it is kept in the moderation log."))
            return self.back()
        services.set_hidden(request.user, self.post_obj, hide, form.cleaned_data["reason"])
        messages.success(
            request, _("The message is hidden.") if hide else _("The message is shown again.")
        )
        return self.back()


class DismissReportsView(ModeratorMixin, PostMixin, View):
    def post(self, request, *args, **kwargs):
        services.dismiss_reports(self.post_obj)
        messages.success(request, _("The reports are marked as handled."))
        return self.back()


class LockThreadView(ModeratorMixin, ThreadMixin, View):
    def post(self, request, *args, **kwargs):
        lock = request.POST.get("action") != "unlock"
        form = ReasonForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give a reason: it is kept in the moderation log."))
        else:
            services.set_locked(request.user, self.thread, lock, form.cleaned_data["reason"])
            messages.success(
                request, _("The thread is locked.") if lock else _("The thread is open again.")
            )
        return HttpResponseRedirect(self.thread.get_absolute_url())


class ModerationView(ModeratorMixin, DiscussionAccessMixin, TemplateView):
    """Open reports and the moderation log of one cohort's discussion of a module."""

    template_name = "discussions/moderation.html"

    def get_context_data(self, **kwargs):
        scope = {
            "post__thread__discussion__module": self.module,
            "post__thread__discussion__cohort": self.cohort,
        }
        reports = Report.objects.filter(handled_at=None, **scope).select_related(
            "reporter", "post__author", "post__thread"
        )[:100]
        log = ModerationAction.objects.filter(
            discussion__module=self.module, discussion__cohort=self.cohort
        ).select_related("actor", "thread", "post__author")[:100]
        return super().get_context_data(**self.common_context(), reports=reports, log=log, **kwargs)
