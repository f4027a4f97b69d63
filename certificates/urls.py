from django.urls import path

from .views import badges, participant, public

app_name = "certificates"

urlpatterns = [
    # Public: checking a certificate, and the Open Badges documents at stable URLs.
    path("certificaat/controleren/", public.VerifySearchView.as_view(), name="verify_search"),
    path("certificaat/controleren/<str:number>/", public.VerifyView.as_view(), name="verify"),
    path("badges/issuers/<uuid:public_id>", badges.IssuerView.as_view(), name="issuer"),
    path(
        "badges/issuers/<uuid:public_id>/revocations",
        badges.RevocationListView.as_view(),
        name="revocations",
    ),
    path(
        "badges/issuers/<uuid:public_id>/revocations/v3",
        badges.CredentialRevocationListView.as_view(),
        name="revocations_v3",
    ),
    path("badges/issuers/<uuid:public_id>/jwks.json", badges.JwksView.as_view(), name="jwks"),
    path("badges/issuers/<uuid:public_id>/keys/<str:kid>", badges.KeyView.as_view(), name="key"),
    path("badges/classes/<uuid:public_id>", badges.BadgeClassView.as_view(), name="badge_class"),
    path(
        "badges/classes/<uuid:public_id>/image.png",
        badges.BadgeImageView.as_view(),
        name="badge_image",
    ),
    path("badges/assertions/<uuid:public_id>", badges.AssertionView.as_view(), name="assertion"),
    path(
        "badges/credentials/<uuid:public_id>.jwt",
        badges.CredentialView.as_view(),
        name="credential",
    ),
    path(
        "badges/extensions/<str:name>/context.json",
        badges.ExtensionContextView.as_view(),
        name="extension_context",
    ),
    path(
        "badges/extensions/<str:name>/schema.json",
        badges.ExtensionSchemaView.as_view(),
        name="extension_schema",
    ),
    # The participant's own downloads and their Registerplein number.
    path(
        "certificaat/<uuid:public_id>/certificaat.pdf",
        participant.CertificatePdfView.as_view(),
        name="pdf",
    ),
    path(
        "certificaat/<uuid:public_id>/badge.png",
        participant.BakedBadgeView.as_view(),
        name="baked_badge",
    ),
    path(
        "mijn-leergang/registerplein/",
        participant.RegistrationNumberView.as_view(),
        name="registration",
    ),
]
