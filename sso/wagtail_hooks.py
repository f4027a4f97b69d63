from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from leergang.admin_choosers import PermissionCheckedSnippetChooserViewSet

from . import conf
from .models import ExternalIdentity, SelfRegistrationRule


class SelfRegistrationRuleViewSet(SnippetViewSet):
    chooser_viewset_class = PermissionCheckedSnippetChooserViewSet
    model = SelfRegistrationRule
    icon = "user"
    menu_label = _("Self-registration (SSO)")
    add_to_settings_menu = True
    list_display = ["affiliation", "home_organization", "cohort", "active"]


register_snippet(SelfRegistrationRuleViewSet)


@dataclass
class LoginPanel:
    """'Mijn leergang': whether the account is linked to SURFconext / eduID, and where to link."""

    linked: bool
    label: str
    template_name: str = "sso/panels/login.html"
    order: int = 90


@hooks.register("construct_dashboard_panels")
def add_login_panel(request, panels):
    if conf.enabled():
        linked = ExternalIdentity.objects.owned_by(request.user).exists()
        panels.append(LoginPanel(linked=linked, label=conf.label()))
