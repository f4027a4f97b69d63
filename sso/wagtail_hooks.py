from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from leergang.admin_choosers import PermissionCheckedSnippetChooserViewSet

from .models import SelfRegistrationRule


class SelfRegistrationRuleViewSet(SnippetViewSet):
    chooser_viewset_class = PermissionCheckedSnippetChooserViewSet
    model = SelfRegistrationRule
    icon = "user"
    menu_label = _("Self-registration (SSO)")
    add_to_settings_menu = True
    list_display = ["affiliation", "home_organization", "cohort", "active"]


register_snippet(SelfRegistrationRuleViewSet)
