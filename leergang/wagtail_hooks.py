from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views.account import BaseSettingsPanel
from wagtail.admin.widgets.button import ListingButton
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import AbstractPage, Page
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from leergang.admin_choosers import PermissionCheckedSnippetChooserViewSet

from . import privacy_admin  # noqa: F401 - erasure view, register of processing, log actions
from .admin_scope import (
    ScopedPagePermissionPolicy,
    choosable_pages,
    may_choose_page,
    may_explore,
    own_work_policy,
    sees_everything,
)
from .admin_views import (
    ADMINISTRATOR_REPORTS,
    ScopedDocumentsAdminAPIViewSet,
    ScopedImagesAdminAPIViewSet,
)
from .forms import EmailChangeForm
from .models import Cohort
from .views import EnrolView

# Every admin listing asks these policies (see leergang/admin_scope.py). Wagtail loads the hooks
# while the snippets app gets ready, before the images and documents apps register their own
# policies: ``exact_class`` makes ours win whatever the order.
register_permission_policy(AbstractPage, ScopedPagePermissionPolicy())
for _model, _auth_model in [
    (get_image_model(), "wagtailimages.Image"),
    (get_document_model(), "wagtaildocs.Document"),
]:
    register_permission_policy(_model, own_work_policy(_model, _auth_model), exact_class=True)


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

    def get_queryset(self, request):
        # A trainer lists the cohorts they train, not every cohort.
        return Cohort.objects.visible_to(request.user)


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


@hooks.register("construct_page_chooser_queryset")
def chooser_offers_only_what_the_user_may_see(pages, request):
    # The browse view shows its parent page too, whatever its id: a parent the user may not
    # choose is not found.
    parent_id = (request.resolver_match.kwargs if request.resolver_match else {}).get(
        "parent_page_id"
    )
    if parent_id is not None and not sees_everything(request.user):
        parent = Page.objects.filter(pk=parent_id).first()
        if parent is None or not may_choose_page(request.user, parent):
            raise Http404
    return choosable_pages(request.user, pages)


@hooks.register("construct_explorer_page_queryset")
def explorer_opens_only_what_the_user_may_see(parent_page, pages, request):
    # The explorer shows its parent page's title whatever its id (a draft of someone else
    # below the stories index, for a guild member): such a parent is not found.
    if not sees_everything(request.user) and not may_explore(request.user, parent_page):
        raise Http404
    return pages


@hooks.register("construct_admin_api", order=100)
def admin_api_lists_own_work(router):
    # After Wagtail's own images and documents endpoints, which list every file.
    router.register_endpoint("images", ScopedImagesAdminAPIViewSet)
    router.register_endpoint("documents", ScopedDocumentsAdminAPIViewSet)


@hooks.register("construct_reports_menu")
def site_wide_reports_for_administrators(request, menu_items):
    if not sees_everything(request.user):
        menu_items[:] = [item for item in menu_items if item.name not in ADMINISTRATOR_REPORTS]


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
