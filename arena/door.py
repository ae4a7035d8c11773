"""The door: a facilitator pauses joining and clears a flood of fresh phones.

``/a/<pk>/door/`` shows who joined (people with a persona, phones without one,
how many of those in the last half hour), the pause switch and the clean-up;
``joining/`` pauses or resumes (also from a small switch on the programme
wall, ``templates/arena/_door.html``); ``door/flood/`` shows how many
participants would go, with their waiting topics, sign-ups, comments and dots
(what the apps above register), and, on POST, removes exactly those
(``arena.flood``); the message after says how many of each went. Every change is an audit line.
"""

import datetime

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from . import flood, phases, services
from .access import arena_view
from .models import Arena, Capability, Participant
from .params import int_param


def _minutes(value) -> int:
    minutes = int_param(value)
    return minutes if minutes in flood.MINUTES else flood.DEFAULT_MINUTES


@arena_view(Capability.FACILITATE)
@require_safe
def door(request: HttpRequest, arena: Arena) -> HttpResponse:
    since = timezone.now() - datetime.timedelta(minutes=flood.DEFAULT_MINUTES)
    people = Participant.objects.filter(arena=arena, withdrawn_at=None)
    bare = people.filter(display_name="")
    return render(
        request,
        "arena/door.html",
        {
            "arena": arena,
            "personas": people.exclude(display_name="").count(),
            "bare": bare.count(),
            "bare_recent": bare.filter(created_at__gte=since).count(),
            "recent_minutes": flood.DEFAULT_MINUTES,
            "minutes": flood.MINUTES,
            "wall_url": phases.link_url("wall", arena),
        },
    )


@arena_view(Capability.FACILITATE)
@require_POST
def joining(request: HttpRequest, arena: Arena) -> HttpResponse:
    """Pause (``paused=1``) or resume (``paused=0``) joining; back to ``next``
    when it is a page of this arena (the wall), else to the door."""
    paused = request.POST.get("paused") == "1"
    services.pause_joining(arena, request.user, paused=paused)
    if paused:
        messages.success(
            request, _("Joining is paused: the join page says so and lets no one new in.")
        )
    else:
        messages.success(request, _("Joining is open again."))
    target = request.POST.get("next", "")
    if target.startswith(f"/a/{arena.pk}/") and "//" not in target:
        return redirect(target)
    return redirect("arena:door", arena.pk)


@arena_view(Capability.FACILITATE)
@require_http_methods(["GET", "HEAD", "POST"])
def flood_remove(request: HttpRequest, arena: Arena) -> HttpResponse:
    """GET: how many participants without a persona who joined in the last
    ``minutes`` (and their waiting topics, sign-ups, comments and dots) would
    go. POST: remove them."""
    if request.method == "POST":
        up_to = int_param(request.POST.get("up_to"), min=0)
        try:
            since = datetime.datetime.fromtimestamp(float(request.POST["since"]), tz=datetime.UTC)
        except (KeyError, ValueError, OverflowError, OSError):
            since = None
        if since is None or up_to is None:
            return HttpResponseBadRequest(_("The confirmation is incomplete. Start again."))
        minutes = _minutes(request.POST.get("minutes"))
        removed = flood.clear(arena, request.user, minutes=minutes, since=since, up_to=up_to)
        if removed.empty:
            messages.info(request, _("No one was removed."))
        else:
            messages.success(request, _("Removed: %(what)s.") % {"what": flood.describe(removed)})
        return redirect("arena:door", arena.pk)
    minutes = _minutes(request.GET.get("minutes"))
    survey = flood.survey(arena, minutes)
    return render(
        request,
        "arena/flood_confirm.html",
        {
            "arena": arena,
            "survey": survey,
            "summary": flood.describe(survey),
            "since": f"{survey.since.timestamp():.6f}",
            "minutes": flood.MINUTES,
        },
    )
