"""The participant's own downloads (certificate PDF, baked badge) and Registerplein number."""

from django.contrib import messages
from django.core.files.storage import storages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from leergang.files import private_file_response
from leergang.permissions import LoginRequired404Mixin
from portfolio_pdf.pdf import RenderError

from .. import baking, document, openbadges
from ..forms import RegistrationNumberForm
from ..models import Certificate, RegisterpleinNumber
from .badges import badge_image


class OwnCertificateMixin(LoginRequired404Mixin):
    """The certificate by its public id, for its owner and the staff of its cohort; a revoked
    one has nothing to download (its page says why)."""

    def get_certificate(self):
        certificate = get_object_or_404(
            Certificate.objects.visible_to(self.request.user).select_related("cohort_settings"),
            public_id=self.kwargs["public_id"],
        )
        if certificate.is_revoked:
            raise Http404
        return certificate


class CertificatePdfView(OwnCertificateMixin, View):
    def get(self, request, public_id):
        certificate = self.get_certificate()
        try:
            name = document.stored_pdf(certificate)
        except RenderError as exc:
            messages.error(request, str(exc))
            return redirect("dashboard")
        return private_file_response(
            None,
            storage=storages["private"],
            name=name,
            filename=document.download_name(certificate),
            content_type="application/pdf",
        )


class BakedBadgeView(OwnCertificateMixin, View):
    def get(self, request, public_id):
        certificate = self.get_certificate()
        png = baking.bake(
            badge_image(certificate.cohort_settings), openbadges.assertion(certificate)
        )
        response = HttpResponse(png, content_type="image/png")
        response["Content-Disposition"] = f'attachment; filename="badge-{certificate.number}.png"'
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response


class RegistrationNumberView(LoginRequired404Mixin, FormView):
    """The participant enters (or clears) their Registerplein registration number."""

    template_name = "certificates/registration.html"
    form_class = RegistrationNumberForm

    def has_access(self, user):
        return user.is_participant

    def get_initial(self):
        current = RegisterpleinNumber.objects.filter(user=self.request.user).first()
        return {"number": current.number if current else ""}

    def form_valid(self, form):
        number = form.cleaned_data["number"]
        if number:
            RegisterpleinNumber.objects.update_or_create(
                user=self.request.user, defaults={"number": number}
            )
            messages.success(self.request, _("Your Registerplein registration number is saved."))
        else:
            RegisterpleinNumber.objects.filter(user=self.request.user).delete()
            messages.success(self.request, _("Your Registerplein registration number is removed."))
        return redirect("dashboard")
