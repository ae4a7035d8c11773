"""The archive's screens (``/archive/``, namespace "archive").

- ``""``: every arena the user is a member of, by year, and a search box.
- ``search/``: full-text search over the user's arenas (topics, inputs,
  group reports), filtered by year, kind, theme, perspective and pillar;
  each hit links to its place in its arena, as far as the user's role
  opens it (``services.Access.link``). A plain GET form, paged.

Who sees what, and the search itself: ``services``.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from . import index, services
from .forms import Options, SearchForm

PER_PAGE = 20


@login_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    access = services.access_for(request.user)
    return render(request, "reports/archive/home.html", {"years": services.arenas_by_year(access)})


@login_required
@require_safe
def search(request: HttpRequest) -> HttpResponse:
    access = services.access_for(request.user)
    form = SearchForm(request.GET or None, options=Options(request.user, access))
    context = {"form": form, "page": None, "hits": [], "refused": "", "searched": False}
    status = 200
    if form.is_bound:
        if form.is_valid():
            outcome = services.search(access, form.cleaned_data["q"], form.filters())
            context["refused"] = outcome.refused
            context["searched"] = not outcome.refused
            page = Paginator(outcome.ids, PER_PAGE).get_page(request.GET.get("page"))
            context["page"] = page
            context["hits"] = _hits(access, list(page.object_list), outcome.words)
            context["querystring"] = _querystring(request)
        else:
            status = 400
    return render(request, "reports/archive/search.html", context, status=status)


def _hits(access: services.Access, ids: list[int], words: list[str]) -> list[dict]:
    hits = []
    for doc in services.documents(ids):
        membership = access.memberships.get(doc.arena_id)
        source = index.SOURCES.get(doc.kind)
        hits.append(
            {
                "doc": doc,
                "arena": membership.arena if membership else None,
                "kind": source.label if source else doc.kind,
                "url": access.link(doc),
                "title": services.highlight(doc.title, words),
                "snippet": services.snippet(doc.body, words) if doc.body else "",
            }
        )
    return hits


def _querystring(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
