from django.urls import path

from . import views

app_name = "programme"

urlpatterns = [
    path("agenda/add/", views.agenda_item_add, name="agenda_add"),
    path("agenda/<id:item_pk>/edit/", views.agenda_item_edit, name="agenda_edit"),
    path("agenda/<id:item_pk>/delete/", views.agenda_item_delete, name="agenda_delete"),
    path("agenda/<id:item_pk>/material/", views.material, name="material"),
    path("agenda/material/<id:material_pk>.pdf", views.material_file, name="material_file"),
    path(
        "agenda/material/<id:material_pk>/delete/",
        views.material_delete,
        name="material_delete",
    ),
    # A council meeting's observers' page: public, by the arena's join code.
    path("observe/<str:code>/", views.observe, name="observe"),
    path(
        "observe/<str:code>/material/<id:material_pk>.pdf",
        views.observe_material,
        name="observe_material",
    ),
    path("spaces/", views.spaces, name="spaces"),
    path("spaces/<id:space_pk>/edit/", views.space_edit, name="space_edit"),
    path("spaces/<id:space_pk>/delete/", views.space_delete, name="space_delete"),
    path("themes/", views.theme_list, name="themes"),
    path("themes/<id:theme_pk>/edit/", views.theme_edit, name="theme_edit"),
    path("themes/<id:theme_pk>/move/", views.theme_move, name="theme_move"),
    path("themes/<id:theme_pk>/delete/", views.theme_delete, name="theme_delete"),
]
