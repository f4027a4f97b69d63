"""The public check of a certificate: by its URL (the QR code) or by typing its number.

A number that does not exist gets the same page as a revoked certificate, without the data:
the same template, the same query (the lookup runs for any input, well-formed or not), so
neither the wording nor the time it takes tells a guesser more than "not valid".
"""

from django.shortcuts import redirect
from django.views.generic import TemplateView

from leergang import throttle

from .. import numbers
from ..models import Certificate


def find(raw):
    """The certificate with this number, or None. One indexed query whatever ``raw`` is."""
    number = numbers.normalise(raw)
    return (
        Certificate.objects.select_related("cohort_settings").filter(number=number or "-").first()
    )


def status_of(certificate):
    if certificate is None:
        return "unknown"
    return "revoked" if certificate.is_revoked else "valid"


class RateLimitedMixin:
    """At most ``LEERGANG_RATE_LIMITS["certificate-check"]`` checks per client address: an
    employer checks a few numbers; someone trying numbers in bulk gets a 429 in the same page,
    which tells nothing about any number."""

    def dispatch(self, request, *args, **kwargs):
        if not throttle.hit("certificate-check", throttle.client_ip(request)):
            response = self.render_to_response(
                self.get_context_data(status="limited", typed=""), status=429
            )
            response["Retry-After"] = str(throttle.window("certificate-check"))
            return response
        return super().dispatch(request, *args, **kwargs)


class VerifySearchView(RateLimitedMixin, TemplateView):
    """A form to type a number; a known shape goes to its page, anything else is not valid."""

    template_name = "certificates/verify.html"

    def get(self, request, *args, **kwargs):
        raw = request.GET.get("nummer", "")
        if not raw.strip():
            return self.render_to_response(self.get_context_data(status="search", typed=""))
        number = numbers.normalise(raw)
        if number:
            return redirect("certificates:verify", number=number)
        find(raw)  # the same work as for a well-formed number
        return self.render_to_response(
            self.get_context_data(status="unknown", typed=raw[: numbers.MAX_INPUT]), status=404
        )


class VerifyView(RateLimitedMixin, TemplateView):
    template_name = "certificates/verify.html"

    def get(self, request, number):
        certificate = find(number)
        status = status_of(certificate)
        context = self.get_context_data(
            status=status,
            typed=number[: numbers.MAX_INPUT],
            certificate=certificate,
            # An erased participant's certificate answers "revoked" and no more.
            show_data=certificate is not None and bool(certificate.recipient_hash),
        )
        return self.render_to_response(context, status=404 if status == "unknown" else 200)
