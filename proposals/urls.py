"""The facilitators' wall, mounted under /a/<arena_pk>/ ("proposals:")."""

from django.urls import path

from . import projector, sheets, views

app_name = "proposals"

urlpatterns = [
    path("wall/", views.wall, name="wall"),
    path("wall/queue/", views.queue, name="queue"),
    path("wall/topics/add/", views.topic_add, name="topic_add"),
    path("wall/topics/<id:topic_pk>/read-out/", views.topic_read_out, name="topic_read_out"),
    path("wall/topics/<id:topic_pk>/edit/", views.topic_edit, name="topic_edit"),
    path("wall/topics/<id:topic_pk>/reject/", views.topic_reject, name="topic_reject"),
    path("wall/topics/<id:topic_pk>/merge/", views.topic_merge, name="topic_merge"),
    path("wall/topics/<id:topic_pk>/place/", views.topic_place, name="topic_place"),
    path("wall/drop/", views.drop, name="drop"),
    path("wall/groups/<id:group_pk>/", views.group_actions, name="group_actions"),
    path("wall/groups/<id:group_pk>/move/", views.group_move, name="group_move"),
    path("wall/groups/<id:group_pk>/swap/", views.group_swap, name="group_swap"),
    path("wall/groups/<id:group_pk>/theme/", views.group_theme, name="group_theme"),
    path("themes/<id:theme_pk>/groups/", views.theme_groups, name="theme_groups"),
    path("themes/<id:theme_pk>/groups/move/", views.theme_group_move, name="theme_group_move"),
    path("wall/groups/<id:group_pk>/unplace/", views.group_unplace, name="group_unplace"),
    path("wall/undo/", views.undo, name="undo"),
    path("wall/sheets.pdf", sheets.sheets, name="sheets"),
    path("wall/groups/<id:group_pk>/sheet.pdf", sheets.group_sheet, name="group_sheet"),
    # The wall's projector (the path is the projector's, beside arena's other screens).
    path("projector/wall/", projector.projector_wall, name="projector_wall"),
    path("projector/mode/", projector.projector_mode, name="projector_mode"),
]
