"""Quick entry of a group's keys (inputs), mounted under /a/<arena_pk>/
("keys:") by the root URLconf:
``path("a/<id:arena_pk>/", include(("reports.documentation.keys_urls", "keys")))``."""

from django.urls import path

from . import keys

urlpatterns = [
    path("groups/<id:group_pk>/report/keys/", keys.keys, name="form"),
]
