"""Open Badges documents at their stable public URLs (JSON-LD, JWT, PNG)."""

import json

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views import View

from .. import baking, credentials, keys, openbadges
from ..models import Certificate, CertificateSettings

CACHE = "public, max-age=300"


def json_response(data, *, status=200, content_type=openbadges.CONTENT_TYPE):
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type=f"{content_type}; charset=utf-8",
        status=status,
    )
    # Backpacks and validators fetch these from other sites.
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = CACHE
    return response


class SettingsDocumentView(View):
    """A document of one cohort's issuer or badge class, by the settings' public id."""

    def get_settings(self, public_id):
        return get_object_or_404(
            CertificateSettings.objects.select_related("cohort"), public_id=public_id
        )


class IssuerView(SettingsDocumentView):
    def get(self, request, public_id):
        cohort_settings = self.get_settings(public_id)
        kids = [jwk["kid"] for jwk in keys.published_jwks()]
        return json_response(openbadges.issuer(cohort_settings, kids))


class RevocationListView(SettingsDocumentView):
    def get(self, request, public_id):
        return json_response(openbadges.revocation_list(self.get_settings(public_id)))


class CredentialRevocationListView(SettingsDocumentView):
    def get(self, request, public_id):
        return json_response(
            credentials.revocation_list(self.get_settings(public_id)),
            content_type="application/json",
        )


class JwksView(SettingsDocumentView):
    def get(self, request, public_id):
        self.get_settings(public_id)
        return json_response({"keys": keys.published_jwks()}, content_type="application/json")


class KeyView(SettingsDocumentView):
    def get(self, request, public_id, kid):
        cohort_settings = self.get_settings(public_id)
        jwk = keys.published_jwk(kid)
        if jwk is None:
            raise Http404
        return json_response(openbadges.crypto_key(cohort_settings, jwk))


class BadgeClassView(SettingsDocumentView):
    def get(self, request, public_id):
        return json_response(openbadges.badge_class(self.get_settings(public_id)))


def badge_image(cohort_settings):
    return baking.badge_png(
        cohort_settings.course_title, "post-hbo leergang", cohort_settings.eqf_level
    )


class BadgeImageView(SettingsDocumentView):
    def get(self, request, public_id):
        response = HttpResponse(badge_image(self.get_settings(public_id)), content_type="image/png")
        response["Access-Control-Allow-Origin"] = "*"
        response["Cache-Control"] = CACHE
        return response


class CertificateDocumentView(View):
    def get_certificate(self, public_id):
        return get_object_or_404(
            Certificate.objects.select_related("cohort_settings"), public_id=public_id
        )


class AssertionView(CertificateDocumentView):
    def get(self, request, public_id):
        certificate = self.get_certificate(public_id)
        # An erased participant's assertion is gone; it says only that it was revoked.
        erased = certificate.is_revoked and not certificate.recipient_hash
        return json_response(openbadges.assertion(certificate), status=410 if erased else 200)


class CredentialView(CertificateDocumentView):
    def get(self, request, public_id):
        certificate = self.get_certificate(public_id)
        if not certificate.recipient_hash:
            raise Http404
        response = HttpResponse(credentials.sign(certificate), content_type=credentials.MEDIA_TYPE)
        response["Access-Control-Allow-Origin"] = "*"
        response["Cache-Control"] = CACHE
        response["Content-Disposition"] = f'attachment; filename="{certificate.number}.jwt"'
        return response


class ExtensionView(View):
    build = None

    def get(self, request, name):
        if name not in openbadges.EXTENSIONS:
            raise Http404
        return json_response(type(self).build(name), content_type="application/json")


class ExtensionContextView(ExtensionView):
    build = staticmethod(openbadges.extension_context)


class ExtensionSchemaView(ExtensionView):
    build = staticmethod(openbadges.extension_schema)
