"""The archive's URLs (namespace "archive"), included by the root URLconf:
``path("archive/", include(("reports.archive.urls", "archive")))``."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
]
