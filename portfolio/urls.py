from django.urls import path

from .views import attachments, autosave, data_rights, entries, overview, privacy, sharing, values

app_name = "portfolio"

urlpatterns = [
    path("", overview.HomeView.as_view(), name="home"),
    path("veldwerk/", overview.OwnLogView.as_view(), name="own_log"),
    path("veldwerk/nieuw/", entries.EntryCreateView.as_view(), name="entry_create"),
    path(
        "veldwerk/nieuw/autosave/",
        autosave.EntryAutosaveNewView.as_view(),
        name="entry_autosave_new",
    ),
    path("veldwerk/<uuid:entry_id>/", entries.EntryDetailView.as_view(), name="entry"),
    path(
        "veldwerk/<uuid:entry_id>/bewerken/", entries.EntryUpdateView.as_view(), name="entry_edit"
    ),
    path(
        "veldwerk/<uuid:entry_id>/autosave/",
        autosave.EntryAutosaveView.as_view(),
        name="entry_autosave",
    ),
    path(
        "veldwerk/<uuid:entry_id>/concept-weggooien/",
        autosave.EntryDiscardDraftView.as_view(),
        name="entry_discard_draft",
    ),
    path(
        "veldwerk/<uuid:entry_id>/verwijderen/",
        entries.EntryDeleteView.as_view(),
        name="entry_delete",
    ),
    path(
        "veldwerk/<uuid:entry_id>/geschiedenis/",
        entries.EntryHistoryView.as_view(),
        name="entry_history",
    ),
    path(
        "veldwerk/<uuid:entry_id>/geschiedenis/<int:revision_id>/terugzetten/",
        entries.EntryRestoreView.as_view(),
        name="entry_restore",
    ),
    path(
        "veldwerk/<uuid:entry_id>/privacy/",
        privacy.EntryPrivacyView.as_view(),
        name="entry_privacy",
    ),
    path(
        "veldwerk/<uuid:entry_id>/privacy/<int:finding_id>/vervangen/",
        privacy.FindingReplaceView.as_view(),
        name="finding_replace",
    ),
    path(
        "veldwerk/<uuid:entry_id>/privacy/<int:finding_id>/niet-persoonlijk/",
        privacy.FindingDismissView.as_view(),
        name="finding_dismiss",
    ),
    path(
        "veldwerk/<uuid:entry_id>/bijlagen/",
        attachments.AttachmentAddView.as_view(),
        name="attachment_add",
    ),
    path(
        "bijlagen/<uuid:attachment_id>/",
        attachments.AttachmentFileView.as_view(),
        name="attachment",
    ),
    path(
        "bijlagen/<uuid:attachment_id>/miniatuur/",
        attachments.AttachmentThumbnailView.as_view(),
        name="attachment_thumbnail",
    ),
    path(
        "bijlagen/<uuid:attachment_id>/bewerken/",
        attachments.AttachmentEditView.as_view(),
        name="attachment_edit",
    ),
    path(
        "bijlagen/<uuid:attachment_id>/verwijderen/",
        attachments.AttachmentDeleteView.as_view(),
        name="attachment_delete",
    ),
    path("waarden/groei/", values.OwnGrowthView.as_view(), name="own_growth"),
    path("waarden/<slug:stage>/", values.ValuesEditView.as_view(), name="values_edit"),
    path(
        "waarden/<slug:stage>/autosave/",
        autosave.ValuesAutosaveView.as_view(),
        name="values_autosave",
    ),
    path(
        "waarden/<slug:stage>/privacy/",
        privacy.ValuesPrivacyView.as_view(),
        name="values_privacy",
    ),
    path(
        "waarden/<slug:stage>/privacy/<int:finding_id>/vervangen/",
        privacy.ValuesFindingReplaceView.as_view(),
        name="values_finding_replace",
    ),
    path(
        "waarden/<slug:stage>/privacy/<int:finding_id>/niet-persoonlijk/",
        privacy.ValuesFindingDismissView.as_view(),
        name="values_finding_dismiss",
    ),
    path("namen/", privacy.RealNamesView.as_view(), name="real_names"),
    path(
        "namen/<int:pk>/verwijderen/",
        privacy.RealNameDeleteView.as_view(),
        name="real_name_delete",
    ),
    path("delen/", sharing.SharesView.as_view(), name="shares"),
    path("delen/<int:pk>/intrekken/", sharing.ShareRevokeView.as_view(), name="share_revoke"),
    path("mijn-gegevens/", data_rights.ExportView.as_view(), name="export"),
    path(
        "opdracht/<int:module_id>/<str:block_id>/",
        overview.StartAssignmentView.as_view(),
        name="start_assignment",
    ),
    path("<uuid:portfolio_id>/", overview.PortfolioView.as_view(), name="view"),
    path("<uuid:portfolio_id>/veldwerk/", overview.PortfolioLogView.as_view(), name="log"),
    path("<uuid:portfolio_id>/groei/", values.PortfolioGrowthView.as_view(), name="growth"),
]
