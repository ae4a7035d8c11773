"""The input wall's URLs: ``staff_urls`` under /a/<arena_pk>/ ("reports:"),
``phone_urls`` under /p/<code>/ ("phone_reports:")."""

from django.urls import path

from . import themes, views

staff_urls = [
    path("inputs/projector/", views.input_wall_projector, name="input_wall_projector"),
    path("votes/", views.votes, name="votes"),
    path("themes/<id:theme_pk>/inputs/", themes.theme_inputs, name="theme_inputs"),
    path("themes/<id:theme_pk>/wall/", themes.theme_wall, name="theme_wall"),
    path("votes/<id:vote_pk>/close/", views.vote_close, name="vote_close"),
    path("votes/<id:vote_pk>/projector/", views.vote_projector, name="vote_projector"),
]
phone_urls = [
    path("inputs/", views.input_wall, name="input_wall"),
    path("themes/<id:theme_pk>/", themes.phone_theme_wall, name="theme_wall"),
    path("inputs/<id:input_pk>/comment/", views.comment, name="comment"),
    path("vote/", views.vote, name="vote"),
    path("vote/<id:vote_pk>/inputs/<id:input_pk>/dot/", views.vote_dot, name="vote_dot"),
]
