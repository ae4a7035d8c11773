"""Full-screen views for the projector, and the announcements they show.

No controls, large type. They listen on the arena's WebSocket like every
other screen, refetch their state when the socket comes back, and poll
slowly as a backstop (a projector runs unattended for hours).
"""

import datetime

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from proposals.wall import build_wall, now_and_next

from .access import arena_view
from .live import group_name, send_html_now
from .models import Announcement, Arena, Capability


def _projector_wall_context(arena: Arena) -> dict:
    wall = build_wall(arena)
    now_session, next_session = now_and_next(wall.sessions)
    shown = [s for s in (now_session, next_session) if s] or wall.sessions
    rows = [(session, cells) for session, cells in wall.rows if session in shown]
    minutes_left = None
    if now_session:
        end = datetime.datetime.combine(now_session.day.date, now_session.end)
        end = timezone.make_aware(end)
        minutes_left = max(0, int((end - timezone.now()).total_seconds() // 60))
    return {
        "arena": arena,
        "wall": wall,
        "rows": rows,
        "now_session": now_session,
        "next_session": next_session,
        "minutes_left": minutes_left,
        "announcement": arena.current_announcement,
    }


@arena_view(Capability.FACILITATE)
def projector_wall(request: HttpRequest, arena: Arena) -> HttpResponse:
    context = _projector_wall_context(arena)
    if request.htmx and request.GET.get("part") == "board":
        return render(request, "projector/wall.html#board", context)
    return render(request, "projector/wall.html", context)


@arena_view(Capability.FACILITATE)
def projector_join(request: HttpRequest, arena: Arena) -> HttpResponse:
    return render(
        request,
        "projector/join.html",
        {
            "arena": arena,
            "join_url": request.build_absolute_uri(arena.join_path),
            "announcement": arena.current_announcement,
        },
    )


def perspective_wall(arena: Arena) -> list[dict]:
    """Every persona under each perspective it carries, with counts."""
    from .models import Participant

    people = list(
        Participant.objects.filter(arena=arena, withdrawn_at=None)
        .exclude(display_name="")
        .prefetch_related("perspectives")
        .order_by("display_name")
    )
    columns = [
        {"perspective": perspective, "people": []} for perspective in arena.perspectives.all()
    ]
    by_pk = {column["perspective"].pk: column for column in columns}
    for person in people:
        for perspective in person.perspectives.all():
            by_pk[perspective.pk]["people"].append(person)
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
    send_html_now(group_name(arena.pk), html)


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
