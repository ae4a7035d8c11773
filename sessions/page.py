"""The programme's sections of the arena page (``arena.page``; registered in
``sessions.apps``): the days with their agenda, and the spaces."""

from django.urls import reverse

from .models import AgendaItem


def agenda_context(request, arena, days) -> dict:
    """Each day (numbered from 1) with its agenda items in time order."""
    items = AgendaItem.objects.filter(day__arena=arena).order_by("day__date", "start")
    by_day = {day.pk: [] for day in days}
    for item in items:
        by_day[item.day_id].append(item)
    return {"days": [(number, day, by_day[day.pk]) for number, day in enumerate(days, 1)]}


def spaces_context(request, arena, days) -> dict:
    return {"spaces": list(arena.spaces.all())}


def themes_context(request, arena, days) -> dict:
    return {"themes": list(arena.themes.order_by("position", "pk"))}


# --- links an app above adds to each theme on the themes page -----------------------

_theme_links: dict[str, tuple] = {}


def register_theme_link(key: str, *, label, url_name: str, kind: str = "", order: int = 100):
    """A link on each theme's row of the themes page (``programme:themes``):
    ``url_name`` is reversed with the arena's pk and the theme's pk; ``kind``
    limits it to one kind of theme. Registering a key again replaces it."""
    _theme_links[key] = (order, label, url_name, kind)


def theme_links(theme) -> list[tuple[str, str]]:
    return [
        (str(label), reverse(url_name, args=[theme.arena_id, theme.pk]))
        for _order, label, url_name, kind in sorted(_theme_links.values(), key=lambda x: x[0])
        if not kind or kind == theme.kind
    ]
