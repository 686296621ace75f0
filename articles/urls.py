from django.urls import path, re_path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    # Category paths and article slugs share one URL space; the view tells them apart.
    re_path(r"^(?P<path>[-\w]+(?:/[-\w]+)*)/$", views.resolve, name="resolve"),
]
