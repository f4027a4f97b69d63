"""Quick capture under /portfolio/veldwerk/snel/; the manifest and the service worker at the root
(a service worker controls only paths below its own)."""

from django.urls import path
from django.views.i18n import JavaScriptCatalog

from . import views

app_name = "capture"

PREFIX = "portfolio/veldwerk/snel/"

urlpatterns = [
    path(PREFIX, views.CaptureView.as_view(), name="home"),
    path(f"{PREFIX}sync/", views.SyncView.as_view(), name="sync"),
    path(f"{PREFIX}status/", views.StatusView.as_view(), name="status"),
    path(f"{PREFIX}offline/", views.OfflineView.as_view(), name="offline"),
    path(f"{PREFIX}jsi18n/", JavaScriptCatalog.as_view(packages=["capture"]), name="jsi18n"),
    path("manifest.webmanifest", views.ManifestView.as_view(), name="manifest"),
    path("sw.js", views.ServiceWorkerView.as_view(), name="service_worker"),
]
