from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("meldingen/", views.NotificationListView.as_view(), name="list"),
    path("meldingen/instellingen/", views.PreferencesView.as_view(), name="preferences"),
    path("meldingen/alles-gelezen/", views.MarkAllReadView.as_view(), name="mark_all_read"),
    path("meldingen/<int:pk>/", views.OpenView.as_view(), name="open"),
    path("meldingen/<int:pk>/gelezen/", views.MarkReadView.as_view(), name="mark_read"),
]
