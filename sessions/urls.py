from django.urls import path

from . import views

app_name = "programme"

urlpatterns = [
    path("agenda/add/", views.agenda_item_add, name="agenda_add"),
    path("agenda/<id:item_pk>/edit/", views.agenda_item_edit, name="agenda_edit"),
    path("agenda/<id:item_pk>/delete/", views.agenda_item_delete, name="agenda_delete"),
    path("spaces/", views.spaces, name="spaces"),
    path("spaces/<id:space_pk>/edit/", views.space_edit, name="space_edit"),
    path("spaces/<id:space_pk>/delete/", views.space_delete, name="space_delete"),
]
