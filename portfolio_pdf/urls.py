from django.urls import path

from . import views

app_name = "portfolio_pdf"
urlpatterns = [
    path("", views.PortfolioPdfView.as_view(), name="own"),
    path("voorbeeld/", views.PreviewView.as_view(), name="preview"),
    path(
        "voorbeeld/bijlage/<int:pk>/",
        views.PreviewAttachmentView.as_view(),
        name="preview_attachment",
    ),
    path("inzending/<int:submission_id>/", views.SubmissionPdfView.as_view(), name="submission"),
    path("cohort/<int:cohort_id>/", views.CohortExportView.as_view(), name="cohort"),
    path("taak/<uuid:public_id>/", views.JobView.as_view(), name="job"),
    path("taak/<uuid:public_id>/status/", views.JobStatusView.as_view(), name="job_status"),
    path("taak/<uuid:public_id>/download/", views.JobDownloadView.as_view(), name="job_download"),
    path("taak/<uuid:public_id>/opnieuw/", views.JobRetryView.as_view(), name="job_retry"),
]
