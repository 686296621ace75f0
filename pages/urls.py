from django.urls import path

from . import views

app_name = "pages"

urlpatterns = [
    path("about/", views.detail, {"slug": "about"}, name="about"),
    path("pages/<slug:slug>/", views.detail, name="detail"),
]
