from django.urls import path

from . import views

app_name = "peerfeedback"
urlpatterns = [
    path(
        "portfolio/<uuid:portfolio_id>/reacties/",
        views.CommentCreateView.as_view(),
        name="comment_portfolio",
    ),
    path(
        "portfolio/veldwerk/<uuid:entry_id>/reacties/",
        views.CommentCreateView.as_view(),
        name="comment_entry",
    ),
    path("reacties/<int:pk>/bewerken/", views.CommentEditView.as_view(), name="edit"),
    path("reacties/<int:pk>/verwijderen/", views.CommentDeleteView.as_view(), name="delete"),
    path("reacties/<int:pk>/keuzes/", views.OwnerChoicesView.as_view(), name="choices"),
]
