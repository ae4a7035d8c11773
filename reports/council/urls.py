"""The council's inputs: ``staff_urls`` under /a/<arena_pk>/ ("reports:"),
gathered by ``reports/urls.py``."""

from django.urls import path

from . import views

staff_urls = [
    path("council/", views.council_index, name="council"),
    path("council/discussions/<id:discussion_pk>/", views.discussion, name="council_discussion"),
    path("council/inputs/<id:council_input_pk>/edit/", views.input_edit, name="council_input_edit"),
    path("council/inputs/<id:council_input_pk>/move/", views.input_move, name="council_input_move"),
    path(
        "council/inputs/<id:council_input_pk>/delete/",
        views.input_delete,
        name="council_input_delete",
    ),
]
