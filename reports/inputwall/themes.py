"""Cross-cutting themes (``sessions.models.Theme``, kind "cross"): the
organiser attaches inputs from every group to a theme, and its wall shows
them by group, each with its code ("3.8 – 2") so it stays traceable.

- ``theme_inputs`` (staff, MANAGE): every input of the arena by group, with
  a checkbox each; saving sets the theme's inputs to the checked ones.
- ``theme_wall`` (staff, FACILITATE) and ``phone_theme_wall`` (phones,
  linked from the input wall): the theme's wall, grouped by group.
"""

from dataclasses import dataclass, field

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_safe

from arena.access import arena_view, capabilities, get_owned, participant_view
from arena.models import Arena, Capability
from arena.params import int_param
from reports.models import Input
from sessions.models import Theme, ThemeKind
from sessions.page import register_theme_link

from .selectors import ON_WALL, for_display


@dataclass
class GroupInputs:
    """One group's inputs (each annotated ``number``, with its report and group)."""

    group: object
    inputs: list = field(default_factory=list)

    @property
    def dom_id(self) -> str:
        return f"theme-g{self.group.pk}"


def _by_group(inputs) -> list[GroupInputs]:
    sections: dict[int, GroupInputs] = {}
    for item in inputs:
        group = item.report.group
        sections.setdefault(group.pk, GroupInputs(group=group)).inputs.append(item)
    return list(sections.values())


def _wall_order(queryset):
    return queryset.order_by(
        "report__group__session__session_number", "report__group__space__number", "position", "pk"
    )


def arena_inputs(arena: Arena):
    """Every input of the arena, whatever its report's status, in wall order."""
    return _wall_order(for_display(Input.objects.filter(report__group__arena=arena)))


def theme_wall_sections(theme: Theme) -> list[GroupInputs]:
    """The theme's inputs whose reports are submitted or approved, by group
    in wall order. Two queries whatever the size."""
    inputs = for_display(theme.inputs.filter(report__status__in=ON_WALL))
    return _by_group(_wall_order(inputs))


@transaction.atomic
def set_theme_inputs(theme: Theme, input_pks) -> int:
    """The theme holds exactly these inputs of its arena (others are ignored)."""
    chosen = list(
        Input.objects.filter(report__group__arena_id=theme.arena_id, pk__in=input_pks).values_list(
            "pk", flat=True
        )
    )
    theme.inputs.set(chosen)
    return len(chosen)


def _cross_theme(arena: Arena, theme_pk: int) -> Theme:
    return get_owned(Theme.objects.filter(kind=ThemeKind.CROSS), arena, pk=theme_pk)


@arena_view(Capability.MANAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def theme_inputs(request: HttpRequest, arena: Arena, theme_pk: int) -> HttpResponse:
    theme = _cross_theme(arena, theme_pk)
    if request.method == "POST":
        pks = [pk for pk in (int_param(v) for v in request.POST.getlist("inputs")) if pk]
        count = set_theme_inputs(theme, pks)
        messages.success(
            request,
            ngettext("“%(theme)s” holds %(n)s input.", "“%(theme)s” holds %(n)s inputs.", count)
            % {"theme": theme, "n": count},
        )
        return redirect("reports:theme_inputs", arena.pk, theme.pk)
    chosen = set(theme.inputs.values_list("pk", flat=True))
    return render(
        request,
        "reports/theme_inputs.html",
        {
            "arena": arena,
            "theme": theme,
            "sections": _by_group(arena_inputs(arena)),
            "chosen": chosen,
            "on_wall": ON_WALL,
        },
    )


def _wall_context(arena: Arena, theme: Theme) -> dict:
    sections = theme_wall_sections(theme)
    return {
        "arena": arena,
        "theme": theme,
        "sections": sections,
        "count": sum(len(s.inputs) for s in sections),
    }


@arena_view(Capability.FACILITATE)
@require_safe
def theme_wall(request: HttpRequest, arena: Arena, theme_pk: int) -> HttpResponse:
    context = _wall_context(arena, _cross_theme(arena, theme_pk))
    context["can"] = capabilities(getattr(request, "membership", None))
    return render(request, "reports/theme_wall.html", context)


@participant_view
@require_safe
def phone_theme_wall(request: HttpRequest, arena: Arena, participant, theme_pk: int):
    """The same wall on a phone, linked from the input wall."""
    context = _wall_context(arena, _cross_theme(arena, theme_pk))
    context["participant"] = participant
    return render(request, "reports/theme_wall.html", context)


def register_links() -> None:
    """The themes page's links to these screens (``sessions.page``)."""
    register_theme_link(
        "theme_inputs",
        label=gettext_lazy("Choose inputs"),
        url_name="reports:theme_inputs",
        kind=ThemeKind.CROSS,
        order=10,
    )
    register_theme_link(
        "theme_wall",
        label=gettext_lazy("Theme wall"),
        url_name="reports:theme_wall",
        kind=ThemeKind.CROSS,
        order=20,
    )
