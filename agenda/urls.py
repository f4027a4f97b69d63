from django.urls import path

from . import views

app_name = "agenda"
urlpatterns = [
    path("agenda/", views.CalendarView.as_view(), name="calendar"),
    path("agenda/agenda.ics", views.DownloadView.as_view(), name="download"),
    path("agenda/adres/", views.RenewTokenView.as_view(), name="renew"),
    path("agenda/adres/intrekken/", views.RevokeTokenView.as_view(), name="revoke"),
    path("agenda/feed/<str:key>.ics", views.FeedView.as_view(), name="feed"),
    path(
        "agenda/bijeenkomst/<int:pk>.ics",
        views.SessionDownloadView.as_view(),
        name="session",
    ),
]
