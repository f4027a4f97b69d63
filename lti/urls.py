from django.urls import path

from . import views

app_name = "lti"

urlpatterns = [
    path("jwks/", views.JwksView.as_view(), name="jwks"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("launch/", views.LaunchView.as_view(), name="launch"),
    path("deeplink/", views.DeepLinkView.as_view(), name="deep_link"),
]
