from django.urls import path

from . import views

app_name = "discussions"
urlpatterns = [
    path("gesprekken/module/<int:page_id>/", views.ModuleDiscussionsView.as_view(), name="module"),
    path(
        "gesprekken/module/<int:page_id>/groep/<int:cohort_id>/",
        views.DiscussionView.as_view(),
        name="discussion",
    ),
    path(
        "gesprekken/module/<int:page_id>/groep/<int:cohort_id>/meedoen/",
        views.JoinView.as_view(),
        name="join",
    ),
    path(
        "gesprekken/module/<int:page_id>/groep/<int:cohort_id>/moderatie/",
        views.ModerationView.as_view(),
        name="moderation",
    ),
    path("gesprekken/onderwerp/<int:pk>/", views.ThreadView.as_view(), name="thread"),
    path("gesprekken/onderwerp/<int:pk>/sluiten/", views.LockThreadView.as_view(), name="lock"),
    path("gesprekken/bericht/<int:pk>/bewerken/", views.EditPostView.as_view(), name="edit"),
    path("gesprekken/bericht/<int:pk>/verwijderen/", views.DeletePostView.as_view(), name="delete"),
    path("gesprekken/bericht/<int:pk>/melden/", views.ReportPostView.as_view(), name="report"),
    path("gesprekken/bericht/<int:pk>/verbergen/", views.HidePostView.as_view(), name="hide"),
    path(
        "gesprekken/bericht/<int:pk>/meldingen-afgehandeld/",
        views.DismissReportsView.as_view(),
        name="dismiss",
    ),
]
