from django.conf import settings
from django.urls import include, path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from . import privacy_admin, views

urlpatterns = [
    path("accounts/sso/", include("sso.urls")),
    path("lti/", include("lti.urls")),
    path("accounts/", include("leergang.urls_accounts")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("mijn-leergang/", views.DashboardView.as_view(), name="dashboard"),
    path("privacy/", privacy_admin.PrivacyPageView.as_view(), name="privacy"),
    path("portfolio/pdf/", include("portfolio_pdf.urls")),
    path("portfolio/", include("portfolio.urls")),
    # These apps mount their own prefixes (/trainer/, /voortgang/, /zoeken/, feeds).
    path("", include("assessment.urls")),
    path("", include("modules.urls")),
    path("", include("stories.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    # Public CMS media only (images, renditions). Portfolio files are never under MEDIA_ROOT.
    urlpatterns += [
        path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}),
    ]

urlpatterns += [path("", include(wagtail_urls))]

handler404 = "leergang.errors.page_not_found"
handler500 = "leergang.errors.server_error"
