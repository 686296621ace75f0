from django.urls import path, re_path

from . import feeds, views

app_name = "articles"

# "news" or "news/healthcare-blog": a category's stored path.
CATEGORY_PATH = r"(?P<path>[-\w]+(?:/[-\w]+)*)"

urlpatterns = [
    path("", views.home, name="home"),
    path("authors/", views.author_index, name="authors"),
    path("authors/<slug:slug>/", views.author_detail, name="author"),
    path("tags/", views.tag_index, name="tags"),
    path("tags/<slug:slug>/", views.tag_detail, name="tag"),
    path("feeds/rss/", feeds.LatestPostsFeed(), name="feed_rss"),
    path("feeds/atom/", feeds.LatestPostsAtomFeed(), name="feed_atom"),
    re_path(rf"^feeds/{CATEGORY_PATH}/rss/$", feeds.CategoryFeed(), name="category_rss"),
    re_path(rf"^feeds/{CATEGORY_PATH}/atom/$", feeds.CategoryAtomFeed(), name="category_atom"),
    # Category paths and article slugs share one URL space; the view tells them apart.
    re_path(rf"^{CATEGORY_PATH}/$", views.resolve, name="resolve"),
]
