"""Verbs that change an arena's programme."""

from django.db import transaction

from .models import AgendaItem, ItemKind, Space


def renumber_sessions(arena) -> None:
    """Number the arena's open-space sessions 1, 2, 3 … in time order.

    Topic codes (``<session>.<space>``) read these numbers, so they follow the
    agenda: a session added before another takes the lower number.
    """
    items = list(AgendaItem.objects.for_arena(arena).sessions().order_by("day__date", "start"))
    changed = []
    for number, item in enumerate(items, start=1):
        if item.session_number != number:
            item.session_number = number
            changed.append(item)
    AgendaItem.objects.bulk_update(changed, ["session_number"])
    AgendaItem.objects.for_arena(arena).exclude(kind=ItemKind.OPEN_SPACE).exclude(
        session_number=None
    ).update(session_number=None)


@transaction.atomic
def save_agenda_item(item: AgendaItem) -> AgendaItem:
    """Save a validated item (the form ran ``full_clean``) and renumber."""
    item.save()
    renumber_sessions(item.day.arena)
    return item


@transaction.atomic
def delete_agenda_item(item: AgendaItem) -> None:
    arena = item.day.arena
    item.delete()
    renumber_sessions(arena)


def save_space(space: Space) -> Space:
    space.save()
    return space
