from django.urls import path

from . import views

app_name = "sso"

urlpatterns = [
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("callback/", views.CallbackView.as_view(), name="callback"),
    path("uitnodiging/<uidb64>/", views.InvitationView.as_view(), name="invitation"),
    path("koppelen/", views.AccountView.as_view(), name="account"),
    path("koppelen/<int:pk>/ontkoppelen/", views.UnlinkView.as_view(), name="unlink"),
    path("afgemeld/", views.LoggedOutView.as_view(), name="logged_out"),
]
