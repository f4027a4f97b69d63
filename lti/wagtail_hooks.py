from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from leergang.admin_choosers import PermissionCheckedSnippetChooserViewSet

from .models import Platform


class PlatformViewSet(SnippetViewSet):
    chooser_viewset_class = PermissionCheckedSnippetChooserViewSet
    model = Platform
    icon = "link"
    menu_label = _("LMS platforms (LTI)")
    add_to_settings_menu = True
    list_display = ["name", "issuer", "client_id", "cohort", "active"]


register_snippet(PlatformViewSet)
