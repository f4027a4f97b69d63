from django.urls import path

from . import media, views

app_name = "modules"
urlpatterns = [
    path("voortgang/", views.ProgressOverviewView.as_view(), name="progress_overview"),
    path(
        "voortgang/groep/<int:cohort_id>/",
        views.CohortProgressView.as_view(),
        name="cohort_progress",
    ),
    path(
        "voortgang/<int:page_id>/<str:section>/",
        views.MarkSectionView.as_view(),
        name="mark_section",
    ),
    path("zoeken/", views.SearchView.as_view(), name="search"),
    path("tags/<str:slug>/", views.TagView.as_view(), name="tag"),
    # Wagtail's images and documents (MEDIA_URL), served to who may see them; never by the
    # web server.
    path("media/<path:path>", media.MediaView.as_view(), name="media"),
]
