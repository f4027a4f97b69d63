from django.urls import path

from . import views

app_name = "intervisie"
urlpatterns = [
    path("intervisie/", views.GroupListView.as_view(), name="list"),
    path("intervisie/groep/<int:pk>/", views.GroupDetailView.as_view(), name="group"),
    path("intervisie/groep/<int:pk>/inbreng/", views.CaseCreateView.as_view(), name="case_create"),
    path("intervisie/inbreng/<int:pk>/", views.CaseDetailView.as_view(), name="case"),
    path("intervisie/inbreng/<int:pk>/reageren/", views.RespondView.as_view(), name="respond"),
    path(
        "intervisie/inbreng/<int:pk>/antwoord/<int:response_id>/",
        views.AnswerView.as_view(),
        name="answer",
    ),
    path("intervisie/inbreng/<int:pk>/volgende-fase/", views.AdvanceView.as_view(), name="advance"),
    path("intervisie/inbreng/<int:pk>/afsluiten/", views.CloseView.as_view(), name="close"),
    path(
        "intervisie/inbreng/<int:pk>/trainers/",
        views.TrainerAccessView.as_view(),
        name="trainer_access",
    ),
    path("trainer/intervisie/", views.TrainerIndexView.as_view(), name="trainer_index"),
    path(
        "trainer/intervisie/<int:cohort_id>/",
        views.TrainerGroupsView.as_view(),
        name="trainer_groups",
    ),
    path(
        "trainer/intervisie/groep/<int:pk>/",
        views.TrainerGroupView.as_view(),
        name="trainer_group",
    ),
]
