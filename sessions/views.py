from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from arena.access import arena_view, get_owned, use_arena_language
from arena.crud import form_page
from arena.deletion import confirm_delete
from arena.models import Arena, Capability
from arena.params import int_param

from . import council, services, themes
from .forms import AgendaItemForm, MaterialForm, SpaceForm, ThemeForm
from .models import AgendaItem, ItemKind, PresenterMaterial, Space, Theme
from .page import theme_links


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
    initial.update(_discussion_initial(request, arena))
    return form_page(
        request,
        AgendaItemForm(request.POST or None, arena=arena, initial=initial),
        save=lambda form: services.save_agenda_item(form.instance),
        message=_("Agenda item added."),
        done=arena,
        template="sessions/agenda_item_form.html",
        context={"arena": arena, "item": None},
    )


def _discussion_initial(request: HttpRequest, arena: Arena) -> dict:
    """``?follows=<introduction pk>``: a discussion of that introduction, on
    its day, starting when it ends ("Add its discussion" on the arena page)."""
    pk = int_param(request.GET.get("follows"))
    intro = (
        AgendaItem.objects.for_arena(arena).filter(pk=pk, kind=ItemKind.INTRODUCTION).first()
        if pk
        else None
    )
    if intro is None:
        return {}
    return {
        "day": intro.day,
        "kind": ItemKind.DISCUSSION,
        "follows": intro,
        "title": _("Discussion"),
        "start": intro.end,
    }


@arena_view(Capability.MANAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def agenda_item_edit(request: HttpRequest, arena: Arena, item_pk: int) -> HttpResponse:
    item = get_owned_item(arena, item_pk)
    return form_page(
        request,
        AgendaItemForm(request.POST or None, instance=item, arena=arena),
        save=lambda form: services.save_agenda_item(form.instance),
        done=arena,
        template="sessions/agenda_item_form.html",
        context={"arena": arena, "item": item},
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
        back=arena.get_absolute_url(),
        delete=lambda: services.delete_agenda_item(item, request.user),
        done_message=_("Agenda item deleted."),
    )


def _new_in(arena: Arena, save):
    """``form_page``'s save of a new row of ``arena``: ``save(instance)``, the
    arena set first (the form leaves it out)."""

    def saving(form):
        form.instance.arena = arena
        return save(form.instance)

    return saving


@arena_view(Capability.MANAGE)
@require_http_methods(["GET", "HEAD", "POST"])
@vary_on_headers("HX-Request")  # a page, or its fragment for htmx
def spaces(request: HttpRequest, arena: Arena) -> HttpResponse:
    last = arena.spaces.order_by("-number").first()
    initial = {"number": (last.number + 1) if last else 1}
    return form_page(
        request,
        SpaceForm(request.POST or None, arena=arena, initial=initial),
        save=_new_in(arena, services.save_space),
        message=lambda space: _("Space %(space)s added.") % {"space": space},
        done=reverse("programme:spaces", args=[arena.pk]),
        again=lambda space: SpaceForm(arena=arena, initial={"number": space.number + 1}),
        template="sessions/spaces.html",
        partial="space-list",
        context={"arena": arena, "spaces": arena.spaces.all()},
    )


@arena_view(Capability.MANAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def space_edit(request: HttpRequest, arena: Arena, space_pk: int) -> HttpResponse:
    space = get_owned(Space.objects, arena, pk=space_pk)
    return form_page(
        request,
        SpaceForm(request.POST or None, instance=space, arena=arena),
        save=lambda form: services.save_space(form.instance),
        done=reverse("programme:spaces", args=[arena.pk]),
        template="sessions/space_edit.html",
        context={"arena": arena, "space": space},
    )


@arena_view(Capability.MANAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def space_delete(request: HttpRequest, arena: Arena, space_pk: int) -> HttpResponse:
    space = get_owned(Space.objects, arena, pk=space_pk)
    return confirm_delete(
        request,
        space,
        arena=arena,
        what=_("space %(space)s") % {"space": space},
        back=reverse("programme:spaces", args=[arena.pk]),
        delete=lambda: services.delete_space(space, request.user),
        done_message=_("Space deleted."),
    )


# --- themes ---------------------------------------------------------------------------


@arena_view(Capability.MANAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def theme_list(request: HttpRequest, arena: Arena) -> HttpResponse:
    """The arena's themes in the organiser's order, with the form that adds one."""
    return form_page(
        request,
        ThemeForm(request.POST or None, arena=arena),
        save=_new_in(arena, themes.save_theme),
        message=lambda theme: _("Theme “%(theme)s” added.") % {"theme": theme},
        done=reverse("programme:themes", args=[arena.pk]),
        template="sessions/themes.html",
        context=lambda: {
            "arena": arena,
            "themes": [(theme, theme_links(theme)) for theme in themes.arena_themes(arena)],
        },
    )


@arena_view(Capability.MANAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def theme_edit(request: HttpRequest, arena: Arena, theme_pk: int) -> HttpResponse:
    theme = get_owned(Theme.objects, arena, pk=theme_pk)
    return form_page(
        request,
        ThemeForm(request.POST or None, instance=theme, arena=arena),
        save=lambda form: themes.save_theme(form.instance),
        done=reverse("programme:themes", args=[arena.pk]),
        template="sessions/theme_edit.html",
        context={"arena": arena, "theme": theme},
    )


@arena_view(Capability.MANAGE)
@require_POST
def theme_move(request: HttpRequest, arena: Arena, theme_pk: int) -> HttpResponse:
    """One place up or down (``direction``: "up" or "down"); a plain form
    post, so it works without JavaScript, back to the theme's row."""
    theme = get_owned(Theme.objects, arena, pk=theme_pk)
    step = {"up": -1, "down": 1}.get(request.POST.get("direction", ""))
    if step is None or not themes.move_theme(theme, step):
        messages.info(request, _("“%(theme)s” cannot move further.") % {"theme": theme})
    else:
        messages.success(request, _("“%(theme)s” moved.") % {"theme": theme})
    url = reverse("programme:themes", args=[arena.pk])
    return redirect(f"{url}#theme-{theme.pk}")


@arena_view(Capability.MANAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def theme_delete(request: HttpRequest, arena: Arena, theme_pk: int) -> HttpResponse:
    theme = get_owned(Theme.objects, arena, pk=theme_pk)
    lost = themes.what_loses_it(theme)
    what = _("the theme “%(theme)s”") % {"theme": theme}
    if lost:
        what += " " + _("(nothing else is deleted; these only lose the theme: %(things)s)") % {
            "things": ", ".join(lost)
        }
    return confirm_delete(
        request,
        theme,
        arena=arena,
        what=what,
        subject=_("the theme “%(theme)s”") % {"theme": theme},
        back=reverse("programme:themes", args=[arena.pk]),
        delete=lambda: themes.delete_theme(theme, request.user),
        done_message=_("Theme deleted."),
    )


def get_owned_item(arena: Arena, item_pk: int) -> AgendaItem:
    return get_object_or_404(AgendaItem, day__arena=arena, pk=item_pk)


# --- the presenters' material ---------------------------------------------------------


def _owned_material(arena: Arena, material_pk: int) -> PresenterMaterial:
    return get_object_or_404(
        PresenterMaterial.objects.select_related("item__day"),
        item__day__arena=arena,
        pk=material_pk,
    )


@arena_view(Capability.VIEW)
@require_http_methods(["GET", "HEAD", "POST"])
def material(request: HttpRequest, arena: Arena, item_pk: int) -> HttpResponse:
    """An agenda item's material (PDF): the list for members, and for
    organisers the form that adds one."""
    item = get_owned_item(arena, item_pk)
    can_manage = request.membership.can(Capability.MANAGE)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied
    return form_page(
        request,
        MaterialForm(request.POST or None, request.FILES or None) if can_manage else None,
        save=lambda form: council.add_material(
            item,
            title=form.cleaned_data["title"],
            upload=form.cleaned_data["file"],
            user=request.user,
        ),
        message=lambda added: _("“%(title)s” added.") % {"title": added.title},
        done=reverse("programme:material", args=[arena.pk, item.pk]),
        template="sessions/material.html",
        context=lambda: {
            "arena": arena,
            "item": item,
            "materials": list(item.materials.all()),
            "can_manage": can_manage,
        },
        invalid_status=400,
    )


@arena_view(Capability.VIEW)
@require_safe
def material_file(request: HttpRequest, arena: Arena, material_pk: int) -> HttpResponse:
    return council.material_response(_owned_material(arena, material_pk))


@arena_view(Capability.MANAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def material_delete(request: HttpRequest, arena: Arena, material_pk: int) -> HttpResponse:
    found = _owned_material(arena, material_pk)
    return confirm_delete(
        request,
        found,
        arena=arena,
        what=_("the material “%(title)s” (its PDF file too)") % {"title": found.title},
        back=reverse("programme:material", args=[arena.pk, found.item_id]),
        delete=lambda: council.delete_material(found, request.user),
        done_message=_("Material deleted."),
    )


# --- the observers' page of a council meeting (public) ------------------------------


@require_safe
@vary_on_headers("HX-Request")  # the page, or its board for htmx's polling
def observe(request: HttpRequest, arena_pk: int, code: str) -> HttpResponse:
    """The agenda for observers, without an account: by the arena's number
    and join code, only in a council meeting (404 otherwise). htmx asks for
    the board again every 30 seconds, so "on now" follows the clock."""
    arena = council.observed_arena(arena_pk, code)
    use_arena_language(request, arena)
    template = "sessions/observe.html#board" if request.htmx else "sessions/observe.html"
    return render(
        request,
        template,
        {"arena": arena, "code": code, "board": council.board(arena)},
    )


@require_safe
def observe_material(request: HttpRequest, arena_pk: int, code: str, material_pk: int):
    arena = council.observed_arena(arena_pk, code)
    return council.material_response(_owned_material(arena, material_pk))
