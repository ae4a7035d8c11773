"""The wall's projector: the programme wall as the room sees it, and the
facilitator's switch between its two modes.

Like every projector screen (``templates/projector/_base.html``) it has no
controls and large type, listens on its audience's socket (``PROJECTOR``:
the changed sessions as it shows them, ``render_sessions``; the mode switch
only as a signal to fetch the board again), refetches its state when the
socket comes back and polls slowly as a backstop.
"""

import datetime

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from arena.access import arena_view
from arena.live import PROJECTOR, STAFF, broadcast_on_commit
from arena.models import Arena, Capability
from sessions.models import AgendaItem

from .wall import Wall, build_wall, now_and_next

# What the wall projector shows (``mode``): the whole wall while it is being
# built ("market", the marketplace of the morning circle) or the session going
# on now and the next one ("now"). A facilitator's choice lives in the cache
# (Redis in production, so every worker sees it) for a day; until one is made,
# the projector shows now & next while a session is on and the whole wall
# otherwise. ``?mode=`` pins one projector to a mode (a second screen).
MARKET, NOW = "market", "now"
MODES = (MARKET, NOW)
MODE_SECONDS = 12 * 60 * 60


def _mode_key(arena: Arena) -> str:
    # With the creation time: a test database hands out a deleted arena's pk again.
    return f"arena.{arena.pk}.{arena.created_at.timestamp():.6f}.projector-mode"


def chosen_mode(arena: Arena) -> str | None:
    mode = cache.get(_mode_key(arena))
    return mode if mode in MODES else None


def effective_mode(arena: Arena, now_session=None, *, sessions=None) -> tuple[str, bool]:
    """(mode, chosen): the mode the projector shows and whether a facilitator chose it."""
    mode = chosen_mode(arena)
    if mode:
        return mode, True
    if now_session is None:
        if sessions is None:
            sessions = list(
                AgendaItem.objects.for_arena(arena)
                .sessions()
                .select_related("day")
                .order_by("session_number")
            )
        now_session, _next = now_and_next(sessions)
    return (NOW if now_session else MARKET), False


def choose_mode(arena: Arena, mode: str) -> None:
    """A facilitator's choice (one of ``MODES``), told to every wall and wall
    projector after commit: facilitators' walls get the new switch, wall
    projectors a hidden placeholder of the same id, their signal to fetch
    the board."""
    cache.set(_mode_key(arena), mode, MODE_SECONDS)
    signal = '<div id="projector-mode-switch" hidden hx-swap-oob="true"></div>'
    broadcast_on_commit(
        arena.pk,
        lambda: [
            (
                STAFF,
                render_to_string("projector/_mode_switch.html", {"arena": arena, "oob": True}),
            ),
            (PROJECTOR, signal),
        ],
    )


def _session_items(rows, now_session, next_session) -> list[dict]:
    """What ``projector/_session.html`` shows of each row, for both modes:
    ``off`` marks a session that "now & next" leaves out (neither on now
    nor next, while one of them is), hidden by the board's mode."""
    on = {s.pk for s in (now_session, next_session) if s}
    return [
        {
            "session": session,
            "groups": [cell for cell in cells if cell.shown],
            "free": sum(1 for cell in cells if not cell.shown),
            "is_now": session == now_session,
            "is_next": session == next_session,
            "off": bool(on) and session.pk not in on,
        }
        for session, cells in rows
    ]


def _projector_wall_context(arena: Arena, pinned: str | None = None) -> dict:
    """The wall as the room may see it: placed groups per session (no empty
    cells, a count of free rooms instead), no conveners' names, no warnings
    and no queue (they are the facilitators'). Every session is in the page
    in both modes ("now & next" hides the others, ``_session_items``), so a
    broadcast's session always has its place (``render_sessions``)."""
    wall = build_wall(arena)
    now_session, next_session = now_and_next(wall.sessions)
    mode, chosen = (
        (pinned, True) if pinned else effective_mode(arena, now_session, sessions=wall.sessions)
    )
    sessions = _session_items(wall.rows, now_session, next_session)
    shown = [item for item in sessions if mode == MARKET or not item["off"]]
    days = {item["session"].day_id for item in shown}
    minutes_left = None
    if now_session:
        end = datetime.datetime.combine(now_session.day.date, now_session.end)
        end = timezone.make_aware(end)
        minutes_left = max(0, int((end - timezone.now()).total_seconds() // 60))
    return {
        "arena": arena,
        "wall": wall,
        "sessions": sessions,
        "placed": sum(len(item["groups"]) for item in shown),
        "mode": mode,
        "mode_chosen": chosen,
        "pinned": pinned,
        "several_days": len(days) > 1,
        "now_session": now_session,
        "next_session": next_session,
        "minutes_left": minutes_left,
        "announcement": arena.current_announcement,
    }


def render_sessions(arena: Arena, wall: Wall) -> str:
    """The wall projector's part of a broadcast (``proposals.live``): the
    sessions of ``wall`` (the changed rows), each an out-of-band element
    with the id it lands on, and the new version. One render for every wall
    projector: a session's HTML is the same in both modes (the board's mode
    hides what it does not show), in the language of the change (a screen
    in another language fetches its board instead, ``static/js/projector.js``)."""
    everyone = list(
        AgendaItem.objects.for_arena(arena)
        .sessions()
        .select_related("day")
        .order_by("session_number")
    )
    now_session, next_session = now_and_next(everyone)
    context = {
        "arena": arena,
        "wall": wall,
        "sessions": _session_items(wall.rows, now_session, next_session),
        "all_sessions": len(everyone),  # a page with another count fetches its board
    }
    return render_to_string("projector/_sessions_update.html", context)


@arena_view(Capability.FACILITATE)
@require_safe
@vary_on_headers("HX-Request")  # a page, or its fragment for htmx
def projector_wall(request: HttpRequest, arena: Arena) -> HttpResponse:
    pinned = request.GET.get("mode")
    context = _projector_wall_context(arena, pinned if pinned in MODES else None)
    if request.htmx and request.GET.get("part") == "board":
        return render(request, "projector/wall.html#board", context)
    return render(request, "projector/wall.html", context)


@arena_view(Capability.FACILITATE)
@require_POST
def projector_mode(request: HttpRequest, arena: Arena) -> HttpResponse:
    """The facilitator's switch (on the wall): what the wall projector shows."""
    mode = request.POST.get("mode")
    if mode in MODES:
        choose_mode(arena, mode)
    elif request.htmx:
        return HttpResponseBadRequest()
    if request.htmx:
        return render(request, "projector/_mode_switch.html", {"arena": arena})
    return redirect("proposals:wall", arena.pk)
