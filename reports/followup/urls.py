"""The follow-up's URLs: ``staff_urls`` under /a/<arena_pk>/ ("reports:"),
``phone_urls`` under /p/<code>/ ("phone_reports:")."""

from django.urls import path

from . import views

staff_urls = [
    path("followup/", views.followup, name="followup"),
    path("followup/change/", views.followup_change, name="followup_change"),
    path("followup/inputs/<id:input_pk>/", views.followup_input, name="followup_input"),
    path("followup/due/", views.followup_due, name="followup_due"),
]
phone_urls = [
    path("followup/", views.phone_followup, name="followup"),
]
