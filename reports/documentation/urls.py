"""Group documentation's URLs: ``staff_urls`` under /a/<arena_pk>/
("reports:"), ``phone_urls`` under /p/<code>/ ("phone_reports:"); mounted
by ``reports.urls`` and ``reports.phone_urls``."""

from django.urls import path

from . import views

_R = "groups/<id:group_pk>/report/"
_T = "reports/templates/<id:template_pk>/"

staff_urls = [
    path("reports/", views.index, name="index"),
    path("reports/newsroom/", views.newsroom, name="newsroom"),
    path("reports/photos/<id:photo_pk>/<str:variant>.jpg", views.photo, name="photo"),
    path("reports/templates/", views.templates, name="templates"),
    path("reports/templates/new/", views.template_new, name="template_new"),
    path(_T, views.template_edit, name="template_edit"),
    path(_T + "copy/", views.template_copy, name="template_copy"),
    path(_T + "default/", views.template_default, name="template_default"),
    path(_T + "sections/add/", views.section_add, name="section_add"),
    path(_T + "sections/<id:section_pk>/", views.section_edit, name="section_edit"),
    path(_T + "sections/<id:section_pk>/move/", views.section_move, name="section_move"),
    path(_T + "sections/<id:section_pk>/delete/", views.section_delete, name="section_delete"),
    path(_R, views.edit, name="edit"),
    path(_R + "autosave/", views.autosave, name="autosave"),
    path(_R + "template/", views.template_change, name="template_change"),
    path(_R + "presence/", views.presence, name="presence"),
    path(_R + "history/", views.history, name="history"),
    path(_R + "restore/", views.restore, name="restore"),
    path(_R + "submit/", views.submit, name="submit"),
    path(_R + "approve/", views.approve, name="approve"),
    path(_R + "send-back/", views.send_back, name="send_back"),
    path(_R + "assign/", views.assign, name="assign"),
    path(_R + "claim/", views.claim, name="claim"),
    path(_R + "people/", views.people_search, name="people_search"),
    path(_R + "people/add/", views.person_add, name="person_add"),
    path(_R + "people/remove/", views.person_remove, name="person_remove"),
    path(_R + "inputs/add/", views.input_add, name="input_add"),
    path("reports/inputs/<id:input_pk>/", views.input_edit, name="input_edit"),
    path("reports/inputs/<id:input_pk>/move/", views.input_move, name="input_move"),
    path("reports/inputs/<id:input_pk>/delete/", views.input_delete, name="input_delete"),
    path(_R + "photos/add/", views.photo_add, name="photo_add"),
    path("reports/photos/<id:photo_pk>/edit/", views.photo_edit, name="photo_edit"),
    path("reports/photos/<id:photo_pk>/delete/", views.photo_delete, name="photo_delete"),
]

phone_urls = [
    path("reports/photos/<id:photo_pk>/<str:variant>.jpg", views.phone_photo, name="photo"),
]
