"""Verbs that change an arena's programme.

Deletes go through ``arena.deletion``: a space or agenda item that holds
groups is refused (``DeletionBlocked``, naming them), and every delete writes
a line to the arena's audit trail with who did it.
"""

from django.db import transaction

from arena import deletion
from arena.models import record_audit

from .models import AgendaItem, ItemKind, Space
from .signals import sessions_renumbered


def renumber_sessions(arena) -> None:
    """Number the arena's open-space sessions 1, 2, 3 … in time order.

    Topic codes (``<session>.<space>``) read these numbers, so they follow the
    agenda: a session added before another takes the lower number. When a
    number changed, ``sessions_renumbered`` is sent after commit, so the wall
    (``proposals``) bumps its version and re-broadcasts the rows.
    """
    items = list(AgendaItem.objects.for_arena(arena).sessions().order_by("day__date", "start"))
    changed, renumbered = [], []
    for number, item in enumerate(items, start=1):
        if item.session_number != number:
            if item.session_number is not None:  # a new session had no codes yet
                renumbered.append(item.pk)
            item.session_number = number
            changed.append(item)
    AgendaItem.objects.bulk_update(changed, ["session_number"])
    AgendaItem.objects.for_arena(arena).exclude(kind=ItemKind.OPEN_SPACE).exclude(
        session_number=None
    ).update(session_number=None)
    if renumbered:
        arena_pk, session_pks = arena.pk, renumbered
        transaction.on_commit(
            lambda: sessions_renumbered.send(
                sender=AgendaItem, arena_pk=arena_pk, session_pks=session_pks
            )
        )


@transaction.atomic
def save_agenda_item(item: AgendaItem) -> AgendaItem:
    """Save a validated item (the form ran ``full_clean``) and renumber."""
    item.save()
    renumber_sessions(item.day.arena)
    return item


@transaction.atomic
def delete_agenda_item(item: AgendaItem, actor=None) -> deletion.DeletionPlan:
    """Delete an item that holds no groups (``DeletionBlocked`` otherwise:
    groups may hold documentation); "I'm going" marks go with it."""
    arena = item.day.arena
    label = f"“{item.title}” ({item.start:%H:%M}–{item.end:%H:%M})"
    plan = deletion.delete(item)
    record_audit(arena, actor, "agenda_item.delete", label, plan.summary)
    renumber_sessions(arena)
    return plan


def save_space(space: Space) -> Space:
    space.save()
    return space


@transaction.atomic
def delete_space(space: Space, actor=None) -> deletion.DeletionPlan:
    """Delete a space that holds no groups (``DeletionBlocked`` otherwise)."""
    arena = space.arena
    label = str(space)
    plan = deletion.delete(space)
    record_audit(arena, actor, "space.delete", label, plan.summary)
    return plan
