from django.urls import path

from . import privacy_views, views

app_name = "portfolio"

urlpatterns = [
    path("", views.home, name="home"),
    path("veldwerk/", views.own_log, name="own_log"),
    path("veldwerk/nieuw/", views.entry_create, name="entry_create"),
    path("veldwerk/nieuw/autosave/", views.entry_autosave_new, name="entry_autosave_new"),
    path("veldwerk/<uuid:entry_id>/", views.entry_detail, name="entry"),
    path("veldwerk/<uuid:entry_id>/bewerken/", views.entry_edit, name="entry_edit"),
    path("veldwerk/<uuid:entry_id>/autosave/", views.entry_autosave, name="entry_autosave"),
    path(
        "veldwerk/<uuid:entry_id>/concept-weggooien/",
        views.entry_discard_draft,
        name="entry_discard_draft",
    ),
    path("veldwerk/<uuid:entry_id>/verwijderen/", views.entry_delete, name="entry_delete"),
    path("veldwerk/<uuid:entry_id>/geschiedenis/", views.entry_history, name="entry_history"),
    path(
        "veldwerk/<uuid:entry_id>/geschiedenis/<int:revision_id>/terugzetten/",
        views.entry_restore,
        name="entry_restore",
    ),
    path("veldwerk/<uuid:entry_id>/privacy/", privacy_views.entry_privacy, name="entry_privacy"),
    path(
        "veldwerk/<uuid:entry_id>/privacy/<int:finding_id>/vervangen/",
        privacy_views.finding_replace,
        name="finding_replace",
    ),
    path(
        "veldwerk/<uuid:entry_id>/privacy/<int:finding_id>/niet-persoonlijk/",
        privacy_views.finding_dismiss,
        name="finding_dismiss",
    ),
    path("veldwerk/<uuid:entry_id>/bijlagen/", views.attachment_add, name="attachment_add"),
    path("bijlagen/<uuid:attachment_id>/", views.attachment_file, name="attachment"),
    path(
        "bijlagen/<uuid:attachment_id>/miniatuur/",
        views.attachment_thumbnail,
        name="attachment_thumbnail",
    ),
    path("bijlagen/<uuid:attachment_id>/bewerken/", views.attachment_edit, name="attachment_edit"),
    path(
        "bijlagen/<uuid:attachment_id>/verwijderen/",
        views.attachment_delete,
        name="attachment_delete",
    ),
    path("waarden/groei/", views.own_growth, name="own_growth"),
    path("waarden/<slug:stage>/", views.values_edit, name="values_edit"),
    path("waarden/<slug:stage>/autosave/", views.values_autosave, name="values_autosave"),
    path("waarden/<slug:stage>/privacy/", privacy_views.values_privacy, name="values_privacy"),
    path(
        "waarden/<slug:stage>/privacy/<int:finding_id>/vervangen/",
        privacy_views.values_finding_replace,
        name="values_finding_replace",
    ),
    path(
        "waarden/<slug:stage>/privacy/<int:finding_id>/niet-persoonlijk/",
        privacy_views.values_finding_dismiss,
        name="values_finding_dismiss",
    ),
    path("namen/", views.real_names, name="real_names"),
    path("namen/<int:pk>/verwijderen/", views.real_name_delete, name="real_name_delete"),
    path("delen/", views.shares, name="shares"),
    path("delen/<int:pk>/intrekken/", views.share_revoke, name="share_revoke"),
    path("mijn-gegevens/", views.export_zip, name="export"),
    path(
        "opdracht/<int:module_id>/<str:block_id>/",
        views.start_assignment,
        name="start_assignment",
    ),
    path("<uuid:portfolio_id>/", views.portfolio_view, name="view"),
    path("<uuid:portfolio_id>/veldwerk/", views.portfolio_log, name="log"),
    path("<uuid:portfolio_id>/groei/", views.portfolio_growth, name="growth"),
]
