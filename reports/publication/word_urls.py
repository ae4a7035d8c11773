"""The Word download's URL, under /a/<arena_pk>/ ("reports:")."""

from django.urls import path

from . import word_views

staff_urls = [
    path("report/word/", word_views.report_word, name="report_word"),
]
