"""Challenge groups' public pages (no account), mounted under /p/<code>/
("challenge_public:"): the owner's registration, the owner's private page,
the invitation a member opens."""

from django.urls import path

from . import challenge_views as views

app_name = "challenge_public"

urlpatterns = [
    path("challenges/register/", views.register, name="register"),
    path("challenges/owner/<str:token>/", views.owner, name="owner"),
    path("challenges/invitation/<str:token>/", views.invitation, name="invitation"),
]
