from django.urls import include, path
from django.views.generic import TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from . import admin_views, views

urlpatterns = [
    path("accounts/", include("leergang.urls_accounts")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("mijn-leergang/", views.DashboardView.as_view(), name="dashboard"),
    path(
        "privacy/",
        TemplateView.as_view(template_name="leergang/privacy.html"),
        name="privacy",
    ),
    path("portfolio/pdf/", include("portfolio_pdf.urls")),
    path("portfolio/", include("portfolio.urls")),
    # These apps mount their own prefixes (/trainer/, /voortgang/, /zoeken/, feeds).
    path("", include("assessment.urls")),
    path("", include("modules.urls")),
    path("", include("stories.urls")),
    # Wagtail admin views without a hook for the admin scope, on Wagtail's own paths.
    *admin_views.urlpatterns,
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

urlpatterns += [path("", include(wagtail_urls))]

handler404 = "leergang.errors.page_not_found"
handler500 = "leergang.errors.server_error"
