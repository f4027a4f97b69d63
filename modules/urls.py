from django.urls import path

from . import media, views

app_name = "modules"
urlpatterns = [
    path("voortgang/", views.progress_overview, name="progress_overview"),
    path("voortgang/groep/<int:cohort_id>/", views.cohort_progress, name="cohort_progress"),
    path("voortgang/<int:page_id>/<str:section>/", views.mark_section, name="mark_section"),
    path("zoeken/", views.search, name="search"),
    path("tags/<str:slug>/", views.tag_page, name="tag"),
    # Wagtail's images and documents (MEDIA_URL), served to who may see them; never by the
    # web server.
    path("media/<path:path>", media.serve_media, name="media"),
]
