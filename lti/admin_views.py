"""Wagtail admin: import the roster of an LMS course shell into the platform's cohort."""

from django.contrib import messages
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from pylti1p3.exception import LtiException
from wagtail.admin.auth import permission_denied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .models import Platform
from .roster import import_roster


class RosterImportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "lti/admin/roster.html"
    page_title = gettext_lazy("Import roster from the LMS")
    header_icon = "group"

    def get_page_subtitle(self):
        return self.platform.name

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("wagtailsnippets_lti_platform:list"), "label": _("LMS platforms")},
            {"url": "", "label": self.get_page_title()},
        ]

    def dispatch(self, request, pk):
        if not (request.user.is_administrator and request.user.has_perm("leergang.add_enrolment")):
            return permission_denied(request)
        self.platform = get_object_or_404(Platform, pk=pk)
        return super().dispatch(request, pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["platform"] = self.platform
        context["contexts"] = self.platform.contexts.exclude(memberships_url="")
        return context

    def post(self, request, pk):
        course = (
            self.platform.contexts.exclude(memberships_url="")
            .filter(pk=request.POST.get("context"))
            .first()
        )
        if course is None or self.platform.cohort is None:
            messages.error(request, _("Choose a course of an LMS platform that has a cohort."))
            return self.render_to_response(self.get_context_data())
        try:
            report = import_roster(course)
        except LtiException:
            messages.error(request, _("The LMS did not give the roster. Try again later."))
            return self.render_to_response(self.get_context_data())
        return self.render_to_response(self.get_context_data(report=report))
