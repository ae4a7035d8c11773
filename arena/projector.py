"""Arena's full-screen views for the projector (the join code, the
perspective wall) and the announcements every screen shows.

No controls, large type (``templates/projector/_base.html``). They listen on
the arena's WebSocket like every other screen, refetch their state when the
socket comes back, and poll slowly as a backstop (a projector runs unattended
for hours). The apps above keep their own projector screens (the wall's in
``proposals.projector``, the input wall's and the vote's in ``reports``).
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from . import phases, services
from .access import arena_view
from .forms import AnnouncementForm, form_status
from .models import Announcement, Arena, Capability, Participant
from .perspectives import by_perspective


@arena_view(Capability.FACILITATE)
@require_safe
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
    people = (
        Participant.objects.filter(arena=arena, withdrawn_at=None)
        .exclude(display_name="")
        .prefetch_related("perspectives")
        .order_by("display_name")
    )
    carried = by_perspective(people)
    columns = []
    for perspective in arena.perspectives.all():
        people = carried.get(perspective.pk, (perspective, []))[1]
        columns.append(
            {
                "perspective": perspective,
                "people": people,
                "named": [person.public_name for person in people if person.report_name],
                "unnamed": sum(1 for person in people if not person.report_name),
            }
        )
    return columns


@arena_view(Capability.FACILITATE)
@require_safe
@vary_on_headers("HX-Request")  # a page, or its fragment for htmx
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


@arena_view(Capability.FACILITATE)
@require_http_methods(["GET", "HEAD", "POST"])
def announce(request: HttpRequest, arena: Arena) -> HttpResponse:
    form = AnnouncementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.announce(arena, request.user, **form.cleaned_data)
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
            "wall_url": phases.link_url("wall", arena),
        },
        status=form_status(form, request),
    )


@arena_view(Capability.FACILITATE)
@require_POST
def announcement_dismiss(request: HttpRequest, arena: Arena, announcement_pk: int) -> HttpResponse:
    services.dismiss_announcement(get_object_or_404(Announcement, arena=arena, pk=announcement_pk))
    return render(
        request,
        "projector/announce.html",
        {
            "arena": arena,
            "form": AnnouncementForm(),
            "dismissed": True,
            "announcement": None,
            "wall_url": phases.link_url("wall", arena),
        },
    )
