"""The portfolio's front page, the fieldwork log and the way in from an assignment."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import DetailView, RedirectView, TemplateView

from leergang.permissions import LoginRequired404Mixin
from modules.assignments import get_assignment

from .. import privacy, queries
from ..forms import LogFilterForm
from ..models import ValuesReflection
from .base import (
    OwnPortfolioMixin,
    ParticipantRequiredMixin,
    PostAsGetMixin,
    ReadablePortfolioMixin,
)

LOG_PAGE_SIZE = 20
LATEST_ENTRIES = 5


def overview_context(user, portfolio):
    is_owner = portfolio.is_owner(user)
    counts, open_findings = queries.overview_counts(portfolio)
    context = {
        "portfolio": portfolio,
        "owner": portfolio.enrolment.user,
        "is_owner": is_owner,
        "entries": list(
            queries.entries_for_listing(portfolio).order_by("-date", "-created_at")[:LATEST_ENTRIES]
        ),
        "counts": counts,
        "open_findings": open_findings,
        "reflections": queries.reflections_by_stage(portfolio),
    }
    if is_owner:
        context["shares"] = list(portfolio.shares.active().select_related("user"))
        context["shared_with_me"] = list(queries.shared_with(user).exclude(pk=portfolio.pk))
        context["blockers"] = privacy.export_blockers(portfolio)
    return context


class HomeView(PostAsGetMixin, OwnPortfolioMixin, LoginRequired404Mixin, TemplateView):
    """``/portfolio/``: one's own portfolio, or what others share with a user without one."""

    template_name = "portfolio/portfolio_detail.html"

    def get(self, request, *args, **kwargs):
        if self.own_portfolio is None:
            shared = list(queries.shared_with(request.user))
            return self.response_class(
                request, "portfolio/no_portfolio.html", {"shared_with_me": shared}
            )
        return self.render_to_response(overview_context(request.user, self.own_portfolio))


class PortfolioView(PostAsGetMixin, OwnPortfolioMixin, ReadablePortfolioMixin, DetailView):
    """Someone's portfolio as the owner's trainers, readers and administrators see it."""

    template_name = "portfolio/portfolio_detail.html"

    def get(self, request, *args, **kwargs):
        self.object = portfolio = self.get_object()
        if portfolio.is_owner(request.user) and portfolio == self.own_portfolio:
            return redirect("portfolio:home")
        return self.render_to_response(overview_context(request.user, portfolio))


class LogMixin(PostAsGetMixin):
    """The fieldwork log, filtered by module, tag and period, a page at a time."""

    template_name = "portfolio/fieldwork_log.html"

    def log_portfolio(self):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        portfolio = self.log_portfolio()
        query = self.request.GET
        tags = list(
            portfolio.fieldwork_tags.in_use().order_by("name").values_list("name", flat=True)
        )
        form = LogFilterForm(query or None, modules=queries.modules_used(portfolio), tags=tags)
        entries = queries.entries_for_listing(portfolio)
        filtered = False
        if form.is_bound and form.is_valid():
            entries = _filtered(entries, form.cleaned_data)
            filtered = any(form.cleaned_data.values())
        paginator = Paginator(entries.order_by("-date", "-created_at", "-pk"), LOG_PAGE_SIZE)
        page = paginator.get_page(query.get("pagina"))
        rest = query.copy()
        rest.pop("pagina", None)
        return {
            "portfolio": portfolio,
            "owner": portfolio.enrolment.user,
            "is_owner": portfolio.is_owner(self.request.user),
            "page_obj": page,
            "entries": page.object_list,
            "filter_form": form,
            "tags": tags,
            "query": rest.urlencode(),
            "filtered": filtered,
        }


def _filtered(entries, data):
    if data["module"]:
        entries = entries.filter(module=data["module"])
    if data["tag"]:
        entries = entries.filter(tags__name__iexact=data["tag"])
    if data["start"]:
        entries = entries.filter(date__gte=data["start"])
    if data["end"]:
        entries = entries.filter(date__lte=data["end"])
    return entries


class OwnLogView(LogMixin, ParticipantRequiredMixin, TemplateView):
    def log_portfolio(self):
        return self.own_portfolio


class PortfolioLogView(LogMixin, ReadablePortfolioMixin, TemplateView):
    def log_portfolio(self):
        self.object = self.get_object()
        return self.object


class StartAssignmentView(ParticipantRequiredMixin, RedirectView):
    """From an assignment in a module to the form that answers it: a new fieldwork entry, or
    the first values reflection not yet written (the final one when all are)."""

    def get_redirect_url(self, *args, module_id, block_id, **kwargs):
        assignment = get_assignment(module_id, block_id, self.request.user)
        if assignment is None or assignment.kind not in ("values", "fieldwork"):
            raise Http404
        query = f"?opdracht={assignment.module.pk}/{assignment.block_id}"
        if assignment.kind == "fieldwork":
            return reverse("portfolio:entry_create") + query
        stages = ValuesReflection.Stage
        written = set(self.own_portfolio.reflections.values_list("stage", flat=True))
        stage = next((s for s in stages.values if s not in written), stages.FINAL.value)
        return reverse("portfolio:values_edit", args=[stage]) + query
