from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views.account import BaseSettingsPanel
from wagtail.admin.widgets.button import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from leergang.admin_choosers import PermissionCheckedSnippetChooserViewSet

from . import privacy_admin  # noqa: F401 - erasure view, register of processing, log actions
from .forms import EmailChangeForm
from .models import Cohort
from .views import EnrolView


class CohortViewSet(SnippetViewSet):
    chooser_viewset_class = PermissionCheckedSnippetChooserViewSet
    model = Cohort
    icon = "group"
    menu_label = _("Cohorts")
    menu_name = "cohorts"
    menu_order = 150
    add_to_admin_menu = True
    list_display = ["name", "start_date", "end_date"]
    search_fields = ["name"]
    ordering = ["-start_date"]


register_snippet(CohortViewSet)


@hooks.register("register_admin_urls")
def register_enrol_url():
    return [path("cohorts/<int:pk>/enrol/", EnrolView.as_view(), name="leergang_enrol")]


@hooks.register("register_snippet_listing_buttons")
def enrol_button(snippet, user, next_url=None):
    if isinstance(snippet, Cohort) and user.has_perm("leergang.add_enrolment"):
        yield ListingButton(
            _("Enrol participants"),
            reverse("leergang_enrol", args=[snippet.pk]),
            icon_name="user",
            priority=10,
        )


# --- Account page: the login e-mail changes only through a confirmation link ----------------
# Wagtail's own e-mail field is off (WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False); this panel
# takes its place on /admin/account/ and sends a link to the new address instead of saving it.


class EmailSettingsPanel(BaseSettingsPanel):
    name = "login_email"
    title = _("E-mail address")
    order = 150
    form_class = EmailChangeForm

    def get_form(self):
        kwargs = {"user": self.user, "request": self.request, "prefix": self.name}
        if self.request.method == "POST":
            return self.form_class(self.request.POST, **kwargs)
        return self.form_class(**kwargs)


@hooks.register("register_account_settings_panel")
def login_email_panel(request, user, profile):
    return EmailSettingsPanel(request, user, profile)
