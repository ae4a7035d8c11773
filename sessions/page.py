"""The programme's sections of the arena page (``arena.page``; registered in
``sessions.apps``): the days with their agenda, and the spaces."""

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
