"""The staff screens of the council's inputs: the discussions of a council
meeting, and per discussion its numbered inputs (add many, edit, reorder,
delete)."""

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from arena.access import arena_view
from arena.crud import form_page
from arena.deletion import confirm_delete
from arena.models import Arena, Capability
from reports.models import CouncilInput
from sessions.models import AgendaItem, ItemKind

from . import services
from .forms import CouncilInputForm, PasteForm

GET_POST = ["GET", "HEAD", "POST"]


def _council(arena: Arena) -> None:
    if not services.is_council(arena):
        raise Http404("Not a council meeting.")


def _discussion(arena: Arena, item_pk: int) -> AgendaItem:
    _council(arena)
    return get_object_or_404(
        AgendaItem.objects.select_related("day", "follows"),
        day__arena=arena,
        kind=ItemKind.DISCUSSION,
        pk=item_pk,
    )


def _input(arena: Arena, council_input_pk: int) -> CouncilInput:
    _council(arena)
    return get_object_or_404(
        CouncilInput.objects.select_related("item__day", "item__follows"),
        item__day__arena=arena,
        pk=council_input_pk,
    )


def _discussion_url(council_input: CouncilInput) -> str:
    item = council_input.item
    url = reverse("reports:council_discussion", args=[item.day.arena_id, item.pk])
    return f"{url}#input-{council_input.pk}"


@arena_view(Capability.FACILITATE)
@require_http_methods(["GET", "HEAD"])
def council_index(request: HttpRequest, arena: Arena) -> HttpResponse:
    _council(arena)
    items = list(services.discussions(arena))
    counts = dict(
        CouncilInput.objects.filter(item__in=items)
        .values("item")
        .annotate(n=Count("pk"))
        .values_list("item", "n")
    )
    rows = [(n, item, counts.get(item.pk, 0)) for n, item in enumerate(items, 1)]
    return render(request, "reports/council/index.html", {"arena": arena, "rows": rows})


@arena_view(Capability.FACILITATE)
@require_http_methods(GET_POST)
def discussion(request: HttpRequest, arena: Arena, discussion_pk: int) -> HttpResponse:
    """A discussion's inputs in order, and the box that adds many at once."""
    item = _discussion(arena, discussion_pk)
    return form_page(
        request,
        PasteForm(request.POST or None),
        save=lambda form: services.add_inputs(item, form.cleaned_data["lines"], request.user),
        refused=(services.CouncilError, "lines"),
        message=lambda made: (
            _("Added: %(numbers)s.") % {"numbers": ", ".join(i.number for i in made)}
        ),
        done=reverse("reports:council_discussion", args=[arena.pk, item.pk]),
        template="reports/council/discussion.html",
        context=lambda: {
            "arena": arena,
            "item": item,
            "number": services.discussion_numbers([arena.pk]).get(item.pk),
            "inputs": list(item.council_inputs.order_by("position", "pk")),
        },
        invalid_status=400,
    )


@arena_view(Capability.FACILITATE)
@require_http_methods(GET_POST)
def input_edit(request: HttpRequest, arena: Arena, council_input_pk: int) -> HttpResponse:
    council_input = _input(arena, council_input_pk)
    return form_page(
        request,
        CouncilInputForm(request.POST or None, instance=council_input),
        save=lambda form: services.update_input(
            CouncilInput.objects.get(pk=council_input.pk), user=request.user, **form.cleaned_data
        ),
        refused=(services.CouncilError, "number"),
        done=_discussion_url(council_input),
        template="reports/council/input_form.html",
        context={"arena": arena, "council_input": council_input},
        invalid_status=400,
    )


@arena_view(Capability.FACILITATE)
@require_POST
def input_move(request: HttpRequest, arena: Arena, council_input_pk: int) -> HttpResponse:
    council_input = _input(arena, council_input_pk)
    step = {"up": -1, "down": 1}.get(request.POST.get("direction", ""))
    if step is None or not services.move_input(council_input, step):
        messages.info(request, _("%(input)s cannot move further.") % {"input": council_input})
    return redirect(_discussion_url(council_input))


@arena_view(Capability.FACILITATE)
@require_http_methods(GET_POST)
def input_delete(request: HttpRequest, arena: Arena, council_input_pk: int) -> HttpResponse:
    council_input = _input(arena, council_input_pk)
    return confirm_delete(
        request,
        council_input,
        arena=arena,
        what=_("the council's input %(number)s “%(title)s” (its sub-points keep their numbers)")
        % {"number": council_input.number, "title": council_input.title},
        back=reverse("reports:council_discussion", args=[arena.pk, council_input.item_id]),
        delete=lambda: services.delete_input(council_input, request.user),
        done_message=_("Input %(number)s deleted.") % {"number": council_input.number},
    )
