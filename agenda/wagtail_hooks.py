from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList, PageChooserPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from leergang.admin_choosers import PermissionCheckedSnippetChooserViewSet
from portfolio.models import portfolio_for_request

from . import services
from .forms import SessionModuleForm
from .models import SessionModule


class SessionModuleViewSet(SnippetViewSet):
    """Administrators say which module a session belongs to (shown in the calendar)."""

    chooser_viewset_class = PermissionCheckedSnippetChooserViewSet
    model = SessionModule
    icon = "date"
    menu_label = _("Sessions and modules")
    menu_name = "agenda_session_modules"
    add_to_settings_menu = True
    list_display = ["session", "module"]
    edit_handler = ObjectList(
        [FieldPanel("session"), PageChooserPanel("module", page_type="modules.ModulePage")],
        base_form_class=SessionModuleForm,
    )

    def get_queryset(self, request):
        return SessionModule.objects.select_related("session__cohort", "module")


register_snippet(SessionModuleViewSet)


@dataclass
class CalendarPanel:
    """Dashboard: the way to the calendar page and the subscription."""

    has_address: bool = False
    template_name: str = "agenda/panels/calendar.html"
    order: int = 35


@hooks.register("construct_dashboard_panels")
def calendar_panel(request, panels):
    user = request.user
    # A participant with a portfolio follows a cohort: no second query to find that out.
    enrolled = (
        user.is_authenticated and user.is_participant and portfolio_for_request(request) is not None
    )
    if enrolled or services.cohorts_of(user).exists():
        panels.append(CalendarPanel(has_address=services.active_token(user) is not None))
