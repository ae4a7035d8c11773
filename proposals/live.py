"""Broadcasts for the wall and the queue: render once after commit, send HTML.

Services call these inside their transaction; after commit the changed rows
of the wall are built once and rendered once per audience — phone list items
for every screen of the arena, grid cells for facilitators' screens and the
projector — each element with a stable id for an htmx out-of-band swap, plus
the new version number. Splitting by audience halves what 150 phones receive.
The queue is for facilitators only: they get a small signal that makes their
page fetch it.
"""

from django.db import transaction
from django.template.loader import render_to_string

from arena.live import group_name, send_html_now, staff_group_name


def render_rows(arena_pk: int, session_pks) -> tuple[str, str]:
    """(phones' fragment, grid fragment) for the given sessions' rows."""
    from arena.models import Arena

    from .wall import build_wall

    arena = Arena.objects.get(pk=arena_pk)
    context = {"arena": arena, "wall": build_wall(arena, only_sessions=set(session_pks))}
    template = "proposals/_wall_update.html"
    return (
        render_to_string(f"{template}#phones", context),
        render_to_string(f"{template}#grid", context),
    )


def _send_rows(arena_pk: int, sessions) -> None:
    phones, grid = render_rows(arena_pk, sessions)
    send_html_now(group_name(arena_pk), phones)
    send_html_now(staff_group_name(arena_pk), grid)


def wall_changed(arena_pk: int, *, cells=(), queue=True) -> None:
    sessions = {session_pk for session_pk, _space_pk in cells}
    transaction.on_commit(lambda: _send_rows(arena_pk, sessions))
    if queue:
        queue_changed(arena_pk)


def headcount_changed(arena_pk: int, session_pks=()) -> None:
    wall_changed(arena_pk, cells=[(s, None) for s in session_pks], queue=False)


def queue_changed(arena_pk: int) -> None:
    def send():
        html = render_to_string("proposals/_queue_signal.html", {"arena_pk": arena_pk})
        send_html_now(staff_group_name(arena_pk), html)

    transaction.on_commit(send)
