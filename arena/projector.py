"""Full-screen views for the projector, and the announcements they show.

No controls, large type. They listen on the arena's WebSocket like every
other screen, refetch their state when the socket comes back, and poll
slowly as a backstop (a projector runs unattended for hours).
"""

import datetime

from django import forms
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from proposals.wall import build_wall, now_and_next
from sessions.models import AgendaItem

from .access import arena_view
from .live import ANNOUNCED, PROJECTOR, STAFF, audience_group, send_html_now
from .models import Announcement, Arena, Capability

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


def _projector_wall_context(arena: Arena, pinned: str | None = None) -> dict:
    """The wall as the room may see it: placed groups per session (no empty
    cells, a count of free rooms instead), no conveners' names, no warnings
    and no queue (they are the facilitators')."""
    wall = build_wall(arena)
    now_session, next_session = now_and_next(wall.sessions)
    mode, chosen = (
        (pinned, True) if pinned else effective_mode(arena, now_session, sessions=wall.sessions)
    )
    if mode == NOW:
        shown = [s for s in (now_session, next_session) if s] or wall.sessions
    else:
        shown = wall.sessions
    days = {session.day_id for session in shown}
    sessions = [
        {
            "session": session,
            "groups": [cell for cell in cells if cell.group],
            "free": sum(1 for cell in cells if not cell.group),
            "is_now": session == now_session,
            "is_next": session == next_session,
        }
        for session, cells in wall.rows
        if session in shown
    ]
    minutes_left = None
    if now_session:
        end = datetime.datetime.combine(now_session.day.date, now_session.end)
        end = timezone.make_aware(end)
        minutes_left = max(0, int((end - timezone.now()).total_seconds() // 60))
    return {
        "arena": arena,
        "wall": wall,
        "sessions": sessions,
        "placed": sum(len(s["groups"]) for s in sessions),
        "mode": mode,
        "mode_chosen": chosen,
        "pinned": pinned,
        "several_days": len(days) > 1,
        "now_session": now_session,
        "next_session": next_session,
        "minutes_left": minutes_left,
        "announcement": arena.current_announcement,
    }


@arena_view(Capability.FACILITATE)
def projector_wall(request: HttpRequest, arena: Arena) -> HttpResponse:
    pinned = request.GET.get("mode")
    context = _projector_wall_context(arena, pinned if pinned in MODES else None)
    if request.htmx and request.GET.get("part") == "board":
        return render(request, "projector/wall.html#board", context)
    return render(request, "projector/wall.html", context)


def _broadcast_mode(arena: Arena) -> None:
    """Facilitators' walls show the new state of the switch; wall projectors
    get a hidden placeholder of the same id, their signal to fetch the board."""
    html = render_to_string("projector/_mode_switch.html", {"arena": arena, "oob": True})
    signal = '<div id="projector-mode-switch" hidden hx-swap-oob="true"></div>'

    def send():
        send_html_now(audience_group(arena.pk, STAFF), html)
        send_html_now(audience_group(arena.pk, PROJECTOR), signal)

    transaction.on_commit(send, robust=True)


@arena_view(Capability.FACILITATE)
@require_POST
def projector_mode(request: HttpRequest, arena: Arena) -> HttpResponse:
    """The facilitator's switch (on the wall): what the wall projector shows."""
    mode = request.POST.get("mode")
    if mode in MODES:
        cache.set(_mode_key(arena), mode, MODE_SECONDS)
        _broadcast_mode(arena)
    elif request.htmx:
        return HttpResponseBadRequest()
    if request.htmx:
        return render(request, "projector/_mode_switch.html", {"arena": arena})
    return redirect("proposals:wall", arena.pk)


@arena_view(Capability.FACILITATE)
def projector_join(request: HttpRequest, arena: Arena) -> HttpResponse:
    join_url = request.build_absolute_uri(arena.join_path)
    return render(
        request,
        "projector/join.html",
        {
            "arena": arena,
            "join_url": join_url,
            # Read out and typed by people: no scheme, no trailing slash.
            "join_url_display": join_url.split("://", 1)[-1].rstrip("/"),
            "announcement": arena.current_announcement,
        },
    )


def perspective_wall(arena: Arena) -> list[dict]:
    """Every persona under each perspective it carries, with counts. The
    projector is the room's: ``named`` holds the names of those who agreed to
    be named (``Participant.public_name``), ``unnamed`` counts the others."""
    from .models import Participant

    people = list(
        Participant.objects.filter(arena=arena, withdrawn_at=None)
        .exclude(display_name="")
        .prefetch_related("perspectives")
        .order_by("display_name")
    )
    columns = [
        {"perspective": perspective, "people": [], "named": [], "unnamed": 0}
        for perspective in arena.perspectives.all()
    ]
    by_pk = {column["perspective"].pk: column for column in columns}
    for person in people:
        for perspective in person.perspectives.all():
            column = by_pk[perspective.pk]
            column["people"].append(person)
            if person.report_name:
                column["named"].append(person.public_name)
            else:
                column["unnamed"] += 1
    return columns


@arena_view(Capability.FACILITATE)
def projector_perspectives(request: HttpRequest, arena: Arena) -> HttpResponse:
    context = {
        "arena": arena,
        "columns": perspective_wall(arena),
        "total": arena.participants.filter(withdrawn_at=None).exclude(display_name="").count(),
        "announcement": arena.current_announcement,
    }
    if request.htmx and request.GET.get("part") == "board":
        return render(request, "projector/perspectives.html#board", context)
    return render(request, "projector/perspectives.html", context)


class AnnouncementForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Announcement"), max_length=280, strip=True)
    minutes = forms.IntegerField(
        label=gettext_lazy("Show for (minutes)"), min_value=1, max_value=240, initial=10
    )


def _broadcast_announcement(arena: Arena) -> None:
    html = render_to_string(
        "projector/_announcement.html", {"announcement": arena.current_announcement, "oob": True}
    )
    for audience in ANNOUNCED:  # every page that shows it
        send_html_now(audience_group(arena.pk, audience), html)


@arena_view(Capability.FACILITATE)
def announce(request: HttpRequest, arena: Arena) -> HttpResponse:
    form = AnnouncementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        Announcement.objects.filter(arena=arena, dismissed_at=None).update(
            dismissed_at=timezone.now()
        )
        Announcement.objects.create(
            arena=arena,
            text=form.cleaned_data["text"],
            created_by=request.user,
            expires_at=timezone.now() + datetime.timedelta(minutes=form.cleaned_data["minutes"]),
        )
        _broadcast_announcement(arena)
        form = AnnouncementForm()
        sent = True
    else:
        sent = False
    return render(
        request,
        "projector/announce.html",
        {
            "arena": arena,
            "form": form,
            "sent": sent,
            "announcement": arena.current_announcement,
        },
    )


@arena_view(Capability.FACILITATE)
@require_POST
def announcement_dismiss(request: HttpRequest, arena: Arena, announcement_pk: int) -> HttpResponse:
    announcement = get_object_or_404(Announcement, arena=arena, pk=announcement_pk)
    announcement.dismissed_at = timezone.now()
    announcement.save(update_fields=["dismissed_at"])
    _broadcast_announcement(arena)
    return render(
        request,
        "projector/announce.html",
        {"arena": arena, "form": AnnouncementForm(), "dismissed": True, "announcement": None},
    )
