from django.urls import path

from . import feeds

app_name = "stories"
urlpatterns = [
    path("verhalen/feed/", feeds.StoryFeed(), name="feed"),
    path("verhalen/feed/atom/", feeds.StoryAtomFeed(), name="feed_atom"),
]
