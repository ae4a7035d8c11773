"""URLs inside one arena: /a/<arena_pk>/…"""

from django.urls import path

from . import door, projector, views

app_name = "arena"

urlpatterns = [
    path("", views.arena_detail, name="detail"),
    path("edit/", views.arena_edit, name="edit"),
    path("copy/", views.arena_copy, name="copy"),
    path("join-code/renew/", views.join_code_renew, name="join_code_renew"),
    path("qr.svg", views.join_qr, name="qr"),
    path("days/add/", views.day_add, name="day_add"),
    path("days/<id:day_pk>/delete/", views.day_delete, name="day_delete"),
    path("perspectives/", views.perspectives, name="perspectives"),
    path("perspectives/<id:perspective_pk>/edit/", views.perspective_edit, name="perspective_edit"),
    path(
        "perspectives/<id:perspective_pk>/delete/",
        views.perspective_delete,
        name="perspective_delete",
    ),
    path("people/", views.people, name="people"),
    path("door/", door.door, name="door"),
    path("door/joining/", door.joining, name="joining"),
    path("door/flood/", door.flood_remove, name="flood_remove"),
    path(
        "people/invitations/<id:invitation_pk>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("people/members/<id:membership_pk>/remove/", views.member_remove, name="member_remove"),
    # The wall's projector and its mode switch are the wall's (proposals.urls).
    path("projector/join/", projector.projector_join, name="projector_join"),
    path(
        "projector/perspectives/", projector.projector_perspectives, name="projector_perspectives"
    ),
    path("announce/", projector.announce, name="announce"),
    path(
        "announce/<id:announcement_pk>/dismiss/",
        projector.announcement_dismiss,
        name="announcement_dismiss",
    ),
]
