from django.urls import path

from . import views

app_name = "assessment"
urlpatterns = [
    path("trainer/", views.QueueView.as_view(), name="queue"),
    path("trainer/inzending/<int:pk>/", views.AssessView.as_view(), name="assess"),
    path("trainer/inzending/<int:pk>/overnemen/", views.TakeOverView.as_view(), name="take_over"),
    path("trainer/resultaten/<int:cohort_id>/", views.ResultsView.as_view(), name="results"),
    path(
        "trainer/resultaten/<int:cohort_id>.csv",
        views.ResultsView.as_view(),
        {"fmt": "csv"},
        name="results_csv",
    ),
    path(
        "trainer/resultaten/<int:cohort_id>.xlsx",
        views.ResultsView.as_view(),
        {"fmt": "xlsx"},
        name="results_xlsx",
    ),
    path(
        "trainer/leeruitkomsten/<int:cohort_id>/",
        views.CohortCoverageView.as_view(),
        name="coverage_cohort",
    ),
    path(
        "trainer/deelnemer/<int:enrolment_id>/leeruitkomsten/",
        views.ParticipantCoverageView.as_view(),
        name="coverage_participant",
    ),
    path("inleveren/", views.SubmissionListView.as_view(), name="submissions"),
    path("inleveren/leeruitkomsten/", views.OwnCoverageView.as_view(), name="coverage"),
    path(
        "inleveren/<int:pk>/zelfbeoordeling/",
        views.SelfAssessmentView.as_view(),
        name="self_assessment",
    ),
    path("inleveren/<int:pk>/", views.SubmissionDetailView.as_view(), name="submission"),
    path(
        "inleveren/<int:pk>/bijlage/<uuid:attachment_id>/",
        views.SnapshotAttachmentView.as_view(),
        name="snapshot_attachment",
    ),
]
