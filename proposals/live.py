"""Broadcasts for the wall and the queue: render once after commit, send HTML.

Services call these inside their transaction; after commit the changed rows
of the wall are rendered once (grid cells and phone list items, each with a
stable id for an htmx out-of-band swap, plus the new version number) and the
one string is sent to every screen of the arena. The queue is for
facilitators only: they get a small signal that makes their page fetch it.
"""

from django.db import transaction
from django.template.loader import render_to_string

from arena.live import group_name, send_html_now, staff_group_name


def render_rows(arena_pk: int, session_pks) -> str:
    from arena.models import Arena

    from .wall import build_wall

    arena = Arena.objects.get(pk=arena_pk)
    wall = build_wall(arena, only_sessions=set(session_pks))
    return render_to_string("proposals/_wall_update.html", {"arena": arena, "wall": wall})


def wall_changed(arena_pk: int, *, cells=(), queue=True) -> None:
    sessions = {session_pk for session_pk, _space_pk in cells}
    transaction.on_commit(
        lambda: send_html_now(group_name(arena_pk), render_rows(arena_pk, sessions))
    )
    if queue:
        queue_changed(arena_pk)


def headcount_changed(arena_pk: int, session_pks=()) -> None:
    wall_changed(arena_pk, cells=[(s, None) for s in session_pks], queue=False)


def queue_changed(arena_pk: int) -> None:
    def send():
        html = render_to_string("proposals/_queue_signal.html", {"arena_pk": arena_pk})
        send_html_now(staff_group_name(arena_pk), html)

    transaction.on_commit(send)
