from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets.button import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from leergang.admin_choosers import PermissionCheckedSnippetChooserViewSet

from .admin_views import RosterImportView
from .models import Platform


class PlatformViewSet(SnippetViewSet):
    chooser_viewset_class = PermissionCheckedSnippetChooserViewSet
    model = Platform
    icon = "link"
    menu_label = _("LMS platforms (LTI)")
    add_to_settings_menu = True
    list_display = ["name", "issuer", "client_id", "cohort", "active"]


register_snippet(PlatformViewSet)


@hooks.register("register_log_actions")
def register_lti_actions(actions):
    actions.register_action(
        "lti.grade_posted", _("Result sent to the LMS"), _("Sent the result to the LMS grade book")
    )
    actions.register_action(
        "lti.grade_failed",
        _("Sending to the LMS failed"),
        _("Sending the result to the LMS failed; it is retried"),
    )


@hooks.register("register_admin_urls")
def register_roster_url():
    return [path("lti/platforms/<int:pk>/roster/", RosterImportView.as_view(), name="lti_roster")]


@hooks.register("register_snippet_listing_buttons")
def roster_button(snippet, user, next_url=None):
    if isinstance(snippet, Platform) and user.is_administrator:
        yield ListingButton(
            _("Import roster"), reverse("lti_roster", args=[snippet.pk]), icon_name="group"
        )
