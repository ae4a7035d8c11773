from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from arena.access import arena_view, get_owned
from arena.deletion import confirm_delete
from arena.forms import form_status
from arena.models import Arena, Capability
from arena.params import int_param

from . import services
from .forms import AgendaItemForm, SpaceForm
from .models import AgendaItem, Space


def _day_from_query(request: HttpRequest, arena: Arena):
    """``?day=<pk>`` pre-selects a day; anything else is ignored, not an error."""
    day_pk = int_param(request.GET.get("day"))
    return arena.days.filter(pk=day_pk).first() if day_pk else None


@arena_view(Capability.MANAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def agenda_item_add(request: HttpRequest, arena: Arena) -> HttpResponse:
    if not arena.days.exists():
        messages.error(request, _("Add a day before adding agenda items."))
        return redirect(arena)
    initial = {"day": _day_from_query(request, arena) or arena.days.first()}
    form = AgendaItemForm(request.POST or None, arena=arena, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.save_agenda_item(form.instance)
        messages.success(request, _("Agenda item added."))
        return redirect(arena)
    return render(
        request,
        "sessions/agenda_item_form.html",
        {"arena": arena, "form": form, "item": None},
        status=form_status(form, request),
    )


@arena_view(Capability.MANAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def agenda_item_edit(request: HttpRequest, arena: Arena, item_pk: int) -> HttpResponse:
    item = get_owned_item(arena, item_pk)
    form = AgendaItemForm(request.POST or None, instance=item, arena=arena)
    if request.method == "POST" and form.is_valid():
        services.save_agenda_item(form.instance)
        messages.success(request, _("Saved."))
        return redirect(arena)
    return render(
        request,
        "sessions/agenda_item_form.html",
        {"arena": arena, "form": form, "item": item},
        status=form_status(form, request),
    )


@arena_view(Capability.MANAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def agenda_item_delete(request: HttpRequest, arena: Arena, item_pk: int) -> HttpResponse:
    item = get_owned_item(arena, item_pk)
    return confirm_delete(
        request,
        item,
        arena=arena,
        what=f"“{item.title}” ({item.start:%H:%M}–{item.end:%H:%M})",
        cancel_url=arena.get_absolute_url(),
        delete=lambda: services.delete_agenda_item(item, request.user),
        done_url=arena.get_absolute_url(),
        done_message=_("Agenda item deleted."),
    )


@arena_view(Capability.MANAGE)
@require_http_methods(["GET", "HEAD", "POST"])
@vary_on_headers("HX-Request")  # a page, or its fragment for htmx
def spaces(request: HttpRequest, arena: Arena) -> HttpResponse:
    last = arena.spaces.order_by("-number").first()
    initial = {"number": (last.number + 1) if last else 1}
    form = SpaceForm(request.POST or None, arena=arena, initial=initial)
    if request.method == "POST" and form.is_valid():
        form.instance.arena = arena
        space = services.save_space(form.instance)
        messages.success(request, _("Space %(space)s added.") % {"space": space})
        if not request.htmx:
            return redirect("programme:spaces", arena.pk)
        form = SpaceForm(arena=arena, initial={"number": space.number + 1})
    template = "sessions/spaces.html#space-list" if request.htmx else "sessions/spaces.html"
    return render(
        request,
        template,
        {"arena": arena, "form": form, "spaces": arena.spaces.all()},
        status=form_status(form, request),
    )


@arena_view(Capability.MANAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def space_edit(request: HttpRequest, arena: Arena, space_pk: int) -> HttpResponse:
    space = get_owned(Space.objects, arena, pk=space_pk)
    form = SpaceForm(request.POST or None, instance=space, arena=arena)
    if request.method == "POST" and form.is_valid():
        services.save_space(form.instance)
        messages.success(request, _("Saved."))
        return redirect("programme:spaces", arena.pk)
    return render(
        request,
        "sessions/space_edit.html",
        {"arena": arena, "form": form, "space": space},
        status=form_status(form, request),
    )


@arena_view(Capability.MANAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def space_delete(request: HttpRequest, arena: Arena, space_pk: int) -> HttpResponse:
    space = get_owned(Space.objects, arena, pk=space_pk)
    spaces_url = reverse("programme:spaces", args=[arena.pk])
    return confirm_delete(
        request,
        space,
        arena=arena,
        what=_("space %(space)s") % {"space": space},
        cancel_url=spaces_url,
        delete=lambda: services.delete_space(space, request.user),
        done_url=spaces_url,
        done_message=_("Space deleted."),
    )


def get_owned_item(arena: Arena, item_pk: int) -> AgendaItem:
    return get_object_or_404(AgendaItem, day__arena=arena, pk=item_pk)
