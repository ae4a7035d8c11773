"""Staff's sign-ups and notes on agenda items, mounted under /a/<pk>/ ("signups:")."""

from django.urls import path

from . import signup_views as views

app_name = "signups"

urlpatterns = [
    path("signups/", views.signup_list, name="list"),
    path("signups/<id:item_pk>/", views.offer_edit, name="offer"),
    path("signups/<id:item_pk>/remove/", views.offer_delete, name="offer_delete"),
    path("agenda/<id:item_pk>/notes/", views.notes, name="notes"),
    path("agenda/notes/<id:note_pk>/edit/", views.note_edit, name="note_edit"),
    path("agenda/notes/<id:note_pk>/delete/", views.note_delete, name="note_delete"),
]
