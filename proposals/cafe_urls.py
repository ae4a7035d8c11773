"""The café's facilitator screens, mounted under /a/<arena_pk>/ ("cafe:") by
the root URLconf: ``path("a/<id:arena_pk>/", include(("proposals.cafe_urls", "cafe")))``."""

from django.urls import path

from . import cafe_views

urlpatterns = [
    path("wall/cafe/remix/", cafe_views.remix, name="remix"),
]
