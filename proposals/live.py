"""Broadcasts for the wall and the queue: render once after commit, send HTML.

Services call these inside their transaction; after commit the changed rows
of the wall are built once and rendered once per audience (``arena.live``) —
phone list items for phones, grid cells for the facilitator wall, the
changed sessions for the wall projector, each element with a stable id for
an htmx out-of-band swap, plus the new version number.
The queue is for facilitators only: they get a small signal that makes their
page fetch it.

Two broadcasts follow what phones do, so a burst must not multiply them: the
queue signal (every posted topic) and head-counts ("I'm going"). Both are
coalesced (``arena.coalesce``): at most one per half second per arena (queue)
or per session (head-counts), rendered after the last change of the window.
"""

from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string

from arena.coalesce import send_coalesced
from arena.live import PHONES, PROJECTOR, STAFF, audience_group, broadcast_on_commit
from arena.models import Arena
from sessions.models import AgendaItem

from .projector import render_sessions
from .wall import build_wall


def render_rows(arena_pk: int, session_pks) -> tuple[str, str]:
    """(phones' fragment, grid fragment) for the given sessions' rows."""
    messages = dict(_messages(arena_pk, session_pks))
    return messages[PHONES], messages[STAFF]


def wall_changed(arena_pk: int, *, cells=(), queue=True) -> None:
    sessions = {session_pk for session_pk, _space_pk in cells}
    broadcast_on_commit(arena_pk, lambda: _messages(arena_pk, sessions))
    if queue:
        queue_changed(arena_pk)


def sessions_renumbered(sender, *, arena_pk: int, session_pks, **kwargs) -> None:
    """Receiver of ``sessions.signals.sessions_renumbered`` (sent after the
    commit that renumbered; connected in ``proposals.apps``): every code in
    those rows changed, so the wall's version moves on and the rows go out
    again to phones and projectors, like any other change of cells."""
    with transaction.atomic():
        Arena.objects.filter(pk=arena_pk).update(wall_version=F("wall_version") + 1)
        wall_changed(arena_pk, cells=[(pk, None) for pk in session_pks])


def themes_changed(sender, *, arena_pk: int, **kwargs) -> None:
    """Receiver of ``sessions.signals.themes_changed`` (after the commit that
    renamed or deleted a main area; connected in ``proposals.apps``): the
    groups' labels changed, so every row goes out again, as after a
    renumbering (a theme's groups may sit in any session)."""
    session_pks = list(
        AgendaItem.objects.for_arena(arena_pk).sessions().values_list("pk", flat=True)
    )
    sessions_renumbered(sender, arena_pk=arena_pk, session_pks=session_pks)


def headcount_changed(arena_pk: int, session_pks=()) -> None:
    """The rows of these sessions, coalesced per session: a phone toggling
    "I'm going" makes a few broadcasts a second at most, the last state last."""
    for session_pk in set(session_pks):
        send_coalesced(
            "headcount", f"{arena_pk}.{session_pk}", lambda s=session_pk: _rows(arena_pk, {s})
        )


def _messages(arena_pk: int, session_pks):
    """(audience, HTML) for the rows of these sessions: built once, rendered
    once per audience (phones: list items; the facilitator wall: grid cells;
    the wall projector: its sessions as it shows them, the same HTML for both
    of its modes, ``projector.render_sessions``, so it fetches nothing).

    A generator: ``broadcast_on_commit`` sends each message before the next
    is rendered, so screens start swapping while the server renders the
    rest. The single screens with the most to swap go first (the
    facilitator's grid, the projector's multi-column flow), the phones last
    (each group's send costs a few ms; ``bench.browser_latency``)."""
    arena = Arena.objects.get(pk=arena_pk)
    wall = build_wall(arena, only_sessions=set(session_pks))
    # hide: no filter in a broadcast (the same cards for every phone; _mitem.html)
    context = {"arena": arena, "wall": wall, "hide": ()}
    template = "proposals/_wall_update.html"
    yield STAFF, render_to_string(f"{template}#grid", context)
    yield PROJECTOR, render_sessions(arena, wall)
    yield PHONES, render_to_string(f"{template}#phones", context)


def _rows(arena_pk: int, session_pks) -> list[tuple[str, str]]:
    """The same as (Channels group, HTML), for ``arena.coalesce``."""
    return [
        (audience_group(arena_pk, audience), html)
        for audience, html in _messages(arena_pk, session_pks)
    ]


def queue_changed(arena_pk: int) -> None:
    """Facilitators' screens fetch the queue again: once per window however
    many topics came in it."""
    send_coalesced("queue", arena_pk, lambda: _queue_signal(arena_pk))


def _queue_signal(arena_pk: int) -> list[tuple[str, str]]:
    html = render_to_string("proposals/_queue_signal.html", {"arena_pk": arena_pk})
    return [(audience_group(arena_pk, STAFF), html)]
