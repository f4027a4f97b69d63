"""The portfolio on the dashboard, and the values questions in the admin."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from leergang.admin_choosers import PermissionCheckedSnippetChooserViewSet
from modules.outline import visible_assignments

from .models import (
    FieldworkEntry,
    Portfolio,
    PortfolioShare,
    PrivacyFinding,
    ValuesQuestion,
    portfolio_for_request,
)
from .services import assignment_key


class ValuesQuestionViewSet(SnippetViewSet):
    chooser_viewset_class = PermissionCheckedSnippetChooserViewSet
    model = ValuesQuestion
    icon = "help"
    menu_label = _("Values questions")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["text", "is_active"]
    search_fields = ["text"]


register_snippet(ValuesQuestionViewSet)


@dataclass
class PortfolioPanel:
    portfolio: object = None
    entry_count: int = 0
    reflection_count: int = 0
    open_findings: int = 0
    latest: list = field(default_factory=list)
    shared_with_me: list = field(default_factory=list)
    template_name: str = "portfolio/panels/portfolio.html"
    order: int = 30


@dataclass
class AssignmentsPanel:
    assignments: list
    more: int = 0
    template_name: str = "portfolio/panels/assignments.html"
    order: int = 15


def _answered_assignment_ids(portfolio):
    """The assignments an entry or a reflection answers (one query)."""
    entries = (
        portfolio.entries.exclude(assignment_id="")
        .order_by()
        .values_list("assignment_id", flat=True)
    )
    reflections = (
        portfolio.reflections.exclude(assignment_id="")
        .order_by()
        .values_list("assignment_id", flat=True)
    )
    return set(entries.union(reflections))


@hooks.register("construct_dashboard_panels")
def add_portfolio_panels(request, panels):
    user = request.user
    if not user.is_authenticated:
        return
    # Most people have nothing shared with them: the full read rule only when something is.
    shared = []
    if PortfolioShare.objects.active().filter(user=user).exists():
        shared = list(Portfolio.objects.shared_with(user).select_related("enrolment__user")[:10])
    portfolio = portfolio_for_request(request) if user.is_participant else None
    if portfolio is None:
        if shared:
            panels.append(PortfolioPanel(shared_with_me=shared))
        return
    panels.append(
        PortfolioPanel(
            portfolio=portfolio,
            entry_count=portfolio.entries.count(),
            reflection_count=portfolio.reflections.count(),
            open_findings=PrivacyFinding.objects.filter(portfolio=portfolio).open().count(),
            latest=list(
                FieldworkEntry.objects.filter(portfolio=portfolio)
                .only("public_id", "title", "date")
                .order_by("-date", "-created_at")[:3]
            ),
            shared_with_me=shared,
        )
    )
    answered = _answered_assignment_ids(portfolio)
    open_ones = [
        a
        for a in visible_assignments(request)
        if a.kind in ("values", "fieldwork") and assignment_key(a) not in answered
    ]
    panels.append(AssignmentsPanel(assignments=open_ones[:8], more=max(0, len(open_ones) - 8)))
