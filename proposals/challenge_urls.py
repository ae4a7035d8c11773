"""Challenge groups for the organiser and the facilitators, mounted under
/a/<arena_pk>/ ("challenges:")."""

from django.urls import path

from . import challenge_views as views

app_name = "challenges"

urlpatterns = [
    path("challenges/", views.registration_list, name="list"),
    path("challenges/mine/", views.facilitating, name="facilitating"),
    path("challenges/<id:pk>/", views.registration_detail, name="detail"),
    path("challenges/<id:pk>/approve/", views.approve, name="approve"),
    path("challenges/<id:pk>/decline/", views.decline, name="decline"),
    path("challenges/<id:pk>/sessions/", views.facilitator, name="facilitator"),
]
