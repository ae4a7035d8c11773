"""The arena report's URLs: ``staff_urls`` under /a/<arena_pk>/
("reports:"), ``public_urls`` at /r/ ("public_reports:")."""

from django.urls import path

from . import views

_P = "report/"
staff_urls = [
    path(_P, views.report_home, name="report_home"),
    path(_P + "edit/", views.report_edit, name="report_edit"),
    path(_P + "quotes/", views.report_quote_add, name="report_quote_add"),
    path(
        _P + "quotes/<id:quote_pk>/delete/", views.report_quote_delete, name="report_quote_delete"
    ),
    path(_P + "photos/", views.report_image_add, name="report_image_add"),
    path(_P + "photos/<id:image_pk>/", views.report_image_edit, name="report_image_edit"),
    path(_P + "photos/<id:image_pk>/<str:variant>.jpg", views.report_image, name="report_image"),
    path(_P + "preview/", views.report_preview, name="report_preview"),
    path(_P + "generate/", views.report_generate, name="report_generate"),
    path(_P + "versions/<id:version_pk>/", views.report_version, name="report_version"),
    path(_P + "versions/<id:version_pk>/pdf/", views.report_download, name="report_download"),
    path(_P + "versions/<id:version_pk>/publish/", views.report_publish, name="report_publish"),
    path(_P + "versions/<id:version_pk>/retry/", views.report_retry, name="report_retry"),
    path(_P + "unpublish/", views.report_unpublish, name="report_unpublish"),
    path(_P + "export/<str:export_name>", views.report_export, name="report_export"),
]
#: Mounted at ``/r/`` with the namespace ``public_reports``.
public_urls = [
    path("<str:token>/", views.report_public, name="report"),
]
