from django.urls import path

from . import feeds, views

app_name = "stories"
urlpatterns = [
    path("verhalen/feed/", feeds.StoryFeed(), name="feed"),
    path("verhalen/feed/atom/", feeds.StoryAtomFeed(), name="feed_atom"),
    path(
        "verhalen/voorstellen/<int:entry_pk>/",
        views.ProposeFromEntryView.as_view(),
        name="propose_from_entry",
    ),
    path(
        "verhalen/voorstel/<int:page_pk>/",
        views.ProposalSentView.as_view(),
        name="proposal_sent",
    ),
]
