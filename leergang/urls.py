from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.urls import serve_pattern

from . import admin_views, privacy_admin, routing, views

urlpatterns = [
    path("favicon.ico", views.FaviconView.as_view(), name="favicon"),
    path("accounts/sso/", include("sso.urls")),
    path("lti/", include("lti.urls")),
    path("accounts/", include("leergang.urls_accounts")),
    # Switching the language changes nothing but a cookie; without a CSRF token the header's
    # switch needs no token, so anonymous pages set no cookie and can come from the page cache.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("mijn-leergang/", views.DashboardView.as_view(), name="dashboard"),
    path("privacy/", privacy_admin.PrivacyPageView.as_view(), name="privacy"),
    path("portfolio/pdf/", include("portfolio_pdf.urls")),
    path("", include("capture.urls")),  # /portfolio/veldwerk/snel/, /manifest.webmanifest, /sw.js
    path("portfolio/", include("portfolio.urls")),
    # These apps mount their own prefixes (/trainer/, /voortgang/, /zoeken/, feeds).
    path("", include("assessment.urls")),
    path("", include("modules.urls")),
    path("", include("stories.urls")),
    path("", include("agenda.urls")),
    path("", include("notifications.urls")),
    path("", include("certificates.urls")),
    path("", include("discussions.urls")),
    path("", include("intervisie.urls")),
    path("", include("peerfeedback.urls")),
    # One login path: Wagtail's admin login and password reset lead to the site's own forms.
    path("admin/login/", views.AdminLoginView.as_view(), name="admin_login"),
    path(
        "admin/password_reset/",
        views.AdminPasswordResetView.as_view(),
        name="admin_password_reset",
    ),
    # Wagtail admin views without a hook for the admin scope, on Wagtail's own paths.
    *admin_views.urlpatterns,
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

urlpatterns += [
    path("_util/login/", views.FrontendLoginView.as_view(), name="frontend_login"),
    # Wagtail's serve with the path-to-page walk from the cache (leergang/routing.py); it comes
    # before Wagtail's own, identical pattern.
    re_path(serve_pattern, routing.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
]

handler404 = "leergang.errors.page_not_found"
handler500 = "leergang.errors.server_error"
