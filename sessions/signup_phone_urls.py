"""Participants' sign-ups on their phones, mounted under /p/<code>/ ("phone_signups:")."""

from django.urls import path

from . import signup_views as views

app_name = "phone_signups"

urlpatterns = [
    path("signups/", views.phone_list, name="list"),
    path("signups/<id:offer_pk>/join/", views.phone_join, name="join"),
    path("signups/<id:offer_pk>/cancel/", views.phone_cancel, name="cancel"),
]
