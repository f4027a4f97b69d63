"""How the certificates app hooks into the platform: admin settings, issuing views and menu,
the log actions, a button in the cohort list and the participant's dashboard panel."""

from dataclasses import dataclass, field

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from leergang.admin_choosers import PermissionCheckedSnippetChooserViewSet
from leergang.models import Cohort
from leergang.permissions import is_course_staff

from . import services
from .models import Certificate, CertificateSettings, RegisterpleinNumber
from .views.admin import (
    AdminIndexView,
    CohortCertificatesView,
    EdubadgesExportView,
    RegisterpleinExportView,
    RevokeView,
)


class CertificateSettingsViewSet(SnippetViewSet):
    chooser_viewset_class = PermissionCheckedSnippetChooserViewSet
    model = CertificateSettings
    icon = "success"
    menu_label = _("Certificate settings")
    add_to_settings_menu = True
    list_display = ["cohort", "final_milestone", "issuer_name", "trainers_may_issue"]


register_snippet(CertificateSettingsViewSet)


@hooks.register("register_admin_urls")
def register_certificate_urls():
    return [
        path("certificates/", AdminIndexView.as_view(), name="certificates_admin_index"),
        path(
            "certificates/cohort/<int:cohort_id>/",
            CohortCertificatesView.as_view(),
            name="certificates_admin_cohort",
        ),
        path(
            "certificates/cohort/<int:cohort_id>/edubadges.csv",
            EdubadgesExportView.as_view(),
            name="certificates_admin_edubadges",
        ),
        path(
            "certificates/cohort/<int:cohort_id>/registerplein.csv",
            RegisterpleinExportView.as_view(),
            name="certificates_admin_registerplein",
        ),
        path(
            "certificates/<int:pk>/revoke/",
            RevokeView.as_view(),
            name="certificates_admin_revoke",
        ),
    ]


class CertificatesMenuItem(MenuItem):
    def is_shown(self, request):
        return is_course_staff(request.user) and bool(services.issuable_cohorts(request.user))


@hooks.register("register_admin_menu_item")
def certificates_menu_item():
    return CertificatesMenuItem(
        _("Certificates"),
        reverse("certificates_admin_index"),
        icon_name="success",
        order=170,
        name="certificates",
    )


@hooks.register("register_snippet_listing_buttons")
def certificates_button(snippet, user, next_url=None):
    if isinstance(snippet, Cohort):
        cohort_settings = CertificateSettings.objects.filter(cohort=snippet).first()
        if cohort_settings is not None and services.may_issue(user, cohort_settings):
            yield ListingButton(
                _("Certificates"),
                reverse("certificates_admin_cohort", args=[snippet.pk]),
                icon_name="success",
                priority=20,
            )


@hooks.register("register_log_actions")
def register_certificate_actions(actions):
    actions.register_action(
        "certificates.issue", _("Certificate issued"), _("Issued the certificate")
    )
    actions.register_action(
        "certificates.revoke", _("Certificate revoked"), _("Revoked the certificate")
    )


@dataclass
class CertificatePanel:
    """Dashboard panel for participants: their certificate, its badge and Registerplein number."""

    certificates: list = field(default_factory=list)
    registration: RegisterpleinNumber | None = None
    template_name: str = "certificates/panels/certificate.html"
    order: int = 25


@hooks.register("construct_dashboard_panels")
def certificate_panel(request, panels):
    user = request.user
    if not user.is_authenticated or not user.is_participant:
        return
    panels.append(
        CertificatePanel(
            certificates=list(Certificate.objects.owned_by(user).order_by("-issued_at")),
            registration=RegisterpleinNumber.objects.filter(user=user).first(),
        )
    )
