"""Wagtail admin: issue certificates (one by one or a whole cohort), revoke them, export the
lists for edubadges and Registerplein.

Administrators may do everything; a cohort's trainers may issue where its certificate settings
allow it. Anyone else with admin access gets 404 for a cohort or certificate that is not theirs.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from leergang.models import Cohort
from leergang.permissions import (
    AdministratorRequiredMixin,
    CourseStaffRequiredMixin,
    is_administrator,
)

from .. import exports, services
from ..forms import RevokeForm
from ..models import Certificate, CertificateSettings


class CertificatesAdminMixin(WagtailAdminTemplateMixin):
    header_icon = "success"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("certificates_admin_index"), "label": _("Certificates")},
            {"url": "", "label": self.get_page_title()},
        ]


class AdminIndexView(CourseStaffRequiredMixin, CertificatesAdminMixin, TemplateView):
    """The cohorts whose certificates this user may issue, and (for administrators) the
    cohorts that still need certificate settings."""

    template_name = "certificates/admin/index.html"
    page_title = gettext_lazy("Certificates")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["issuable"] = [
            {
                "settings": s,
                "valid": s.certificates.valid().count(),
                "revoked": s.certificates.revoked().count(),
            }
            for s in services.issuable_cohorts(user)
        ]
        context["without_settings"] = (
            Cohort.objects.managed_by(user).filter(certificate_settings__isnull=True)
            if is_administrator(user)
            else Cohort.objects.none()
        )
        context["is_administrator"] = is_administrator(user)
        return context


class CohortSettingsMixin(CourseStaffRequiredMixin):
    """The cohort's certificate settings, for those who may issue them; 404 for anyone else."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.cohort_settings = get_object_or_404(
                CertificateSettings.objects.select_related("cohort", "final_milestone"),
                cohort__in=Cohort.objects.managed_by(request.user),
                cohort_id=kwargs["cohort_id"],
            )
            if not services.may_issue(request.user, self.cohort_settings):
                raise Http404
        return super().dispatch(request, *args, **kwargs)


class CohortCertificatesView(CohortSettingsMixin, CertificatesAdminMixin, TemplateView):
    template_name = "certificates/admin/cohort.html"
    page_title = gettext_lazy("Certificates")

    def get_page_subtitle(self):
        return self.cohort_settings.cohort.name

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = services.cohort_rows(self.cohort_settings)
        context.update(
            cohort_settings=self.cohort_settings,
            rows=rows,
            issuable_count=sum(1 for r in rows if r.can_issue),
            may_revoke=services.may_revoke(self.request.user),
            is_administrator=is_administrator(self.request.user),
        )
        return context

    def post(self, request, cohort_id):
        action = request.POST.get("action")
        if action == "issue_all":
            self._issue_all()
        elif action == "reissue" and not is_administrator(request.user):
            messages.error(
                request, _("Only an administrator can issue a revoked certificate anew.")
            )
        else:
            self._issue_one(request.POST.get("enrolment", ""), reissue=action == "reissue")
        return redirect("certificates_admin_cohort", cohort_id=cohort_id)

    def _issue_all(self):
        result = services.issue_cohort(self.cohort_settings, self.request.user)
        if result.issued:
            messages.success(
                self.request,
                ngettext(
                    "%(count)d certificate issued.",
                    "%(count)d certificates issued.",
                    len(result.issued),
                )
                % {"count": len(result.issued)},
            )
        if not result.issued:
            messages.warning(self.request, _("No new certificates: nobody else has passed yet."))
        for _enrolment, reason in result.refused:
            messages.info(self.request, reason)

    def _issue_one(self, raw_id, reissue=False):
        enrolment = self.cohort_settings.cohort.enrolments.filter(
            pk=int(raw_id) if raw_id.isdigit() else 0
        ).first()
        if enrolment is None:
            messages.error(self.request, _("Choose a participant of this cohort."))
            return
        try:
            certificate, created = services.issue(enrolment, self.request.user, reissue=reissue)
        except services.Refused as exc:
            messages.error(self.request, str(exc))
            return
        if created and certificate.replaces_id:
            messages.success(
                self.request,
                _("Certificate %(number)s issued to %(name)s; it replaces the revoked %(old)s.")
                % {
                    "number": certificate.number,
                    "name": certificate.holder_name,
                    "old": certificate.replaces.number,
                },
            )
        elif created:
            messages.success(
                self.request,
                _("Certificate %(number)s issued to %(name)s.")
                % {"number": certificate.number, "name": certificate.holder_name},
            )
        else:
            messages.info(
                self.request,
                _("%(name)s already has certificate %(number)s.")
                % {"number": certificate.number, "name": certificate.holder_name},
            )


class RevokeView(AdministratorRequiredMixin, CertificatesAdminMixin, FormView):
    template_name = "certificates/admin/revoke.html"
    form_class = RevokeForm
    page_title = gettext_lazy("Revoke certificate")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.certificate = get_object_or_404(
                Certificate.objects.managed_by(request.user).select_related(
                    "cohort_settings__cohort"
                ),
                pk=kwargs["pk"],
            )
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.certificate.number

    def get_context_data(self, **kwargs):
        return super().get_context_data(certificate=self.certificate, **kwargs)

    def form_valid(self, form):
        if self.certificate.is_revoked:
            messages.info(self.request, _("This certificate was already revoked."))
        else:
            services.revoke(self.certificate, self.request.user, form.cleaned_data["reason"])
            messages.success(
                self.request,
                _("Certificate %(number)s is revoked.") % {"number": self.certificate.number},
            )
        return redirect(
            "certificates_admin_cohort", cohort_id=self.certificate.cohort_settings.cohort_id
        )


class ExportView(AdministratorRequiredMixin, View):
    """A CSV of a cohort's valid certificates, in the shape another system reads."""

    build = None

    def get(self, request, cohort_id):
        cohort_settings = get_object_or_404(
            CertificateSettings.objects.select_related("cohort"), cohort_id=cohort_id
        )
        return type(self).build(cohort_settings)


class EdubadgesExportView(ExportView):
    build = staticmethod(exports.edubadges_response)


class RegisterpleinExportView(ExportView):
    build = staticmethod(exports.registerplein_response)
