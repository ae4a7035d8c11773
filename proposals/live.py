"""Broadcasts for the wall and the queue: render once after commit, send HTML.

Services call these inside their transaction; after commit the changed rows
of the wall are built once and rendered once per audience — phone list items
for every screen of the arena, grid cells for facilitators' screens and the
projector — each element with a stable id for an htmx out-of-band swap, plus
the new version number. Splitting by audience halves what 150 phones receive.
The queue is for facilitators only: they get a small signal that makes their
page fetch it.

Two broadcasts follow what phones do, so a burst must not multiply them: the
queue signal (every posted topic) and head-counts ("I'm going"). Both are
coalesced (``arena.coalesce``): at most one per half second per arena (queue)
or per session (head-counts), rendered after the last change of the window.
"""

from django.db import transaction
from django.template.loader import render_to_string

from arena.coalesce import send_coalesced
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


def sessions_renumbered(sender, *, arena_pk: int, session_pks, **kwargs) -> None:
    """Receiver of ``sessions.signals.sessions_renumbered`` (sent after the
    commit that renumbered; connected in ``proposals.apps``): every code in
    those rows changed, so the wall's version moves on and the rows go out
    again to phones and projectors, like any other change of cells."""
    from django.db.models import F

    from arena.models import Arena

    with transaction.atomic():
        Arena.objects.filter(pk=arena_pk).update(wall_version=F("wall_version") + 1)
        wall_changed(arena_pk, cells=[(pk, None) for pk in session_pks])


def headcount_changed(arena_pk: int, session_pks=()) -> None:
    """The rows of these sessions, coalesced per session: a phone toggling
    "I'm going" makes a few broadcasts a second at most, the last state last."""
    for session_pk in set(session_pks):
        send_coalesced(
            "headcount", f"{arena_pk}.{session_pk}", lambda s=session_pk: _rows(arena_pk, {s})
        )


def _rows(arena_pk: int, session_pks) -> list[tuple[str, str]]:
    phones, grid = render_rows(arena_pk, session_pks)
    return [(group_name(arena_pk), phones), (staff_group_name(arena_pk), grid)]


def queue_changed(arena_pk: int) -> None:
    """Facilitators' screens fetch the queue again: once per window however
    many topics came in it."""
    send_coalesced("queue", arena_pk, lambda: _queue_signal(arena_pk))


def _queue_signal(arena_pk: int) -> list[tuple[str, str]]:
    html = render_to_string("proposals/_queue_signal.html", {"arena_pk": arena_pk})
    return [(staff_group_name(arena_pk), html)]
