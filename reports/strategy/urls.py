"""The strategy workspace (``/strategies/``, namespace "strategy"); included
by the root URLconf: ``path("strategies/", include(("reports.strategy.urls", "strategy")))``."""

from django.urls import path

from . import views

_S = "<id:strategy_pk>/"
_P = _S + "pillars/<id:pillar_pk>/"

urlpatterns = [
    path("", views.strategy_list, name="list"),
    path("new/", views.strategy_create, name="create"),
    # the arena page's link (reports.apps: phases.register_link, url_name "strategy:for_arena")
    path("arena/<id:arena_pk>/", views.for_arena, name="for_arena"),
    path(_S, views.strategy_detail, name="detail"),
    path(_S + "edit/", views.strategy_edit, name="edit"),
    path(_S + "pillars/add/", views.pillar_add, name="pillar_add"),
    path(_P, views.pillar_trace, name="pillar"),
    path(_P + "edit/", views.pillar_edit, name="pillar_edit"),
    path(_P + "move/", views.pillar_move, name="pillar_move"),
    path(_P + "delete/", views.pillar_delete, name="pillar_delete"),
    path(_S + "inputs/", views.inputs, name="inputs"),
    path(_S + "inputs/<str:key>/", views.input_detail, name="input"),
    path(_S + "tags/<id:tag_pk>/delete/", views.tag_delete, name="tag_delete"),
    path(_S + "sources/", views.sources, name="sources"),
    path(_S + "sources/<id:source_pk>/edit/", views.source_edit, name="source_edit"),
    path(_S + "sources/<id:source_pk>/delete/", views.source_delete, name="source_delete"),
    path(_S + "export.csv", views.export_csv, name="export_csv"),
    path(_S + "extract.pdf", views.extract_pdf, name="extract_pdf"),
    path(_S + "extract.docx", views.extract_docx, name="extract_docx"),
    path(_S + "publish/", views.publish, name="publish"),
    path(_S + "unpublish/", views.unpublish, name="unpublish"),
    # the published trace, for anyone with the link (no account)
    path("public/<str:strategy_token>/", views.public_trace, name="public"),
    path("public/<str:strategy_token>/extract.pdf", views.public_extract_pdf, name="public_pdf"),
]
