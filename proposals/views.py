"""The wall's views: the facilitator's queue and grid, the participant's phone.

Views stay thin: they check access, parse input, call ``services`` and pick a
template (or its ``{% partialdef %}`` for htmx requests). Every change reaches
other screens through the broadcast the service sends after commit.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from arena.access import arena_view, participant_view
from arena.models import Arena, Capability
from sessions.models import AgendaItem, Space

from . import services
from .forms import FacilitatorTopicForm, RejectForm, TopicEditForm, TopicForm
from .models import Attendance, Group, Topic, TopicStatus
from .wall import build_wall, now_and_next

# --- helpers ----------------------------------------------------------------


def _int(value) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**31 else None


def _cell(arena: Arena, raw: str | None) -> tuple[AgendaItem, Space] | None:
    """'<session_pk>-<space_pk>' → the two objects of this arena, or None."""
    parts = (raw or "").split("-")
    if len(parts) != 2:
        return None
    session_pk, space_pk = _int(parts[0]), _int(parts[1])
    session = AgendaItem.objects.sessions().filter(pk=session_pk, day__arena=arena).first()
    space = Space.objects.filter(pk=space_pk, arena=arena).first()
    return (session, space) if session and space else None


def _feedback(request: HttpRequest, arena: Arena, message: str, *, error: bool = False):
    """What a facilitator's action answers: a line in the live region for
    htmx, a message and the wall for a plain form post."""
    if request.htmx:
        response = render(
            request,
            "proposals/wall.html#feedback",
            {
                "arena": arena,
                "feedback": message,
                "error": error,
                "last_action": services.last_action(arena),
                "oob_undo": True,
            },
        )
        if error:  # the loser of a race sees the current wall at once
            response.write(
                render(
                    request,
                    "proposals/wall.html#grid-oob",
                    {"arena": arena, "wall": build_wall(arena)},
                ).content
            )
        return response
    (messages.error if error else messages.success)(request, message)
    return redirect("proposals:wall", arena.pk)


def _free_cells(wall) -> list:
    return [cell for _s, cells in wall.rows for cell in cells if not cell.group]


def _queue_context(arena: Arena, wall) -> dict:
    queue = list(
        Topic.objects.filter(arena=arena)
        .in_queue()
        .select_related("convener", "builds_on__group__session", "builds_on__group__space")
        .order_by("created_at", "pk")
    )
    return {
        "queue": queue,
        "free_cells": _free_cells(wall),
        "merge_targets": [cell for cell in wall.groups],
        "topic_form": FacilitatorTopicForm(),
    }


# --- facilitator ------------------------------------------------------------


@arena_view(Capability.FACILITATE)
def wall(request: HttpRequest, arena: Arena) -> HttpResponse:
    """The facilitator's programme wall: queue, grid, actions."""
    the_wall = build_wall(arena)
    context = {"arena": arena, "wall": the_wall, **_queue_context(arena, the_wall)}
    context["last_action"] = services.last_action(arena)
    context["announcement"] = arena.current_announcement
    if request.htmx and request.GET.get("part") == "grid":
        return render(request, "proposals/wall.html#grid", context)
    return render(request, "proposals/wall.html", context)


@arena_view(Capability.FACILITATE)
def queue(request: HttpRequest, arena: Arena) -> HttpResponse:
    the_wall = build_wall(arena)
    return render(
        request,
        "proposals/wall.html#queue",
        {"arena": arena, "wall": the_wall, **_queue_context(arena, the_wall)},
    )


@arena_view(Capability.FACILITATE)
@require_POST
def topic_add(request: HttpRequest, arena: Arena) -> HttpResponse:
    form = FacilitatorTopicForm(request.POST)
    if not form.is_valid():
        errors = "; ".join(e for errs in form.errors.values() for e in errs)
        return _feedback(request, arena, errors, error=True)
    topic = form.save(commit=False)
    topic.arena = arena
    topic.status = TopicStatus.READ_OUT
    topic.save()
    services.live.queue_changed(arena.pk)
    return _feedback(request, arena, _("“%(t)s” is in the queue.") % {"t": topic.title})


def _topic(arena: Arena, topic_pk: int) -> Topic:
    return get_object_or_404(Topic, arena=arena, pk=topic_pk)


@arena_view(Capability.FACILITATE)
@require_POST
def topic_read_out(request: HttpRequest, arena: Arena, topic_pk: int) -> HttpResponse:
    topic = services.mark_read_out(_topic(arena, topic_pk), request.user)
    return _feedback(request, arena, _("“%(t)s” is read out.") % {"t": topic.title})


@arena_view(Capability.FACILITATE)
def topic_edit(request: HttpRequest, arena: Arena, topic_pk: int) -> HttpResponse:
    topic = _topic(arena, topic_pk)
    form = TopicEditForm(request.POST or None, instance=topic)
    if request.method == "POST" and form.is_valid():
        services.edit_topic(Topic.objects.get(pk=topic.pk), request.user, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("proposals:wall", arena.pk)
    return render(request, "proposals/topic_edit.html", {"arena": arena, "form": form})


@arena_view(Capability.FACILITATE)
@require_POST
def topic_reject(request: HttpRequest, arena: Arena, topic_pk: int) -> HttpResponse:
    topic = _topic(arena, topic_pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        return _feedback(request, arena, _("Give a reason, so the convener knows why."), error=True)
    services.reject_topic(topic, request.user, reason=form.cleaned_data["reason"])
    return _feedback(request, arena, _("“%(t)s” is not taken up.") % {"t": topic.title})


@arena_view(Capability.FACILITATE)
@require_POST
def topic_merge(request: HttpRequest, arena: Arena, topic_pk: int) -> HttpResponse:
    secondary = _topic(arena, topic_pk)
    primary = Topic.objects.filter(arena=arena, pk=_int(request.POST.get("into"))).first()
    if primary is None:
        return _feedback(request, arena, _("Pick the topic to merge into."), error=True)
    try:
        services.merge_topics(primary, secondary, request.user)
    except services.WallError as error:
        return _feedback(request, arena, str(error), error=True)
    return _feedback(
        request, arena, _("“%(a)s” merged into “%(b)s”.") % {"a": secondary, "b": primary}
    )


@arena_view(Capability.FACILITATE)
@require_POST
def topic_place(request: HttpRequest, arena: Arena, topic_pk: int) -> HttpResponse:
    topic = _topic(arena, topic_pk)
    cell = _cell(arena, request.POST.get("cell"))
    if cell is None:
        return _feedback(request, arena, _("Pick a free cell on the wall."), error=True)
    try:
        group = services.place_topic(topic, *cell, request.user)
    except services.WallError as error:
        return _feedback(request, arena, str(error), error=True)
    return _feedback(
        request, arena, _("“%(t)s” is on the wall at %(code)s.") % {"t": topic, "code": group.code}
    )


@arena_view(Capability.FACILITATE)
@require_POST
def drop(request: HttpRequest, arena: Arena) -> HttpResponse:
    """Where drag-and-drop lands: a topic or a group dropped on a cell.
    Dropping a group on an occupied cell swaps the two."""
    cell = _cell(arena, request.POST.get("cell"))
    if cell is None:
        return _feedback(request, arena, _("Drop it on a cell of the wall."), error=True)
    topic = Topic.objects.filter(arena=arena, pk=_int(request.POST.get("topic"))).first()
    group = Group.objects.filter(arena=arena, pk=_int(request.POST.get("group"))).first()
    try:
        if topic is not None:
            placed = services.place_topic(topic, *cell, request.user)
            message = _("“%(t)s” is on the wall at %(code)s.") % {"t": topic, "code": placed.code}
        elif group is not None:
            occupant = Group.objects.filter(session=cell[0], space=cell[1]).first()
            if occupant and occupant.pk != group.pk:
                services.swap_groups(group, occupant, request.user)
                message = _("Swapped “%(a)s” and “%(b)s”.") % {
                    "a": group.topic,
                    "b": occupant.topic,
                }
            else:
                moved = services.move_group(group, *cell, request.user)
                message = _("“%(t)s” moved to %(code)s.") % {"t": group.topic, "code": moved.code}
        else:
            return _feedback(request, arena, _("Nothing to place."), error=True)
    except services.WallError as error:
        return _feedback(request, arena, str(error), error=True)
    return _feedback(request, arena, message)


def _group(arena: Arena, group_pk: int) -> Group:
    return get_object_or_404(
        Group.objects.select_related("topic", "session", "space"), arena=arena, pk=group_pk
    )


@arena_view(Capability.FACILITATE)
def group_actions(request: HttpRequest, arena: Arena, group_pk: int) -> HttpResponse:
    group = _group(arena, group_pk)
    the_wall = build_wall(arena)
    context = {
        "arena": arena,
        "group": group,
        "free_cells": _free_cells(the_wall),
        "others": [c for c in the_wall.groups if c.group.pk != group.pk],
    }
    template = "proposals/group_actions.html"
    return render(request, f"{template}#panel" if request.htmx else template, context)


@arena_view(Capability.FACILITATE)
@require_POST
def group_move(request: HttpRequest, arena: Arena, group_pk: int) -> HttpResponse:
    group = _group(arena, group_pk)
    cell = _cell(arena, request.POST.get("cell"))
    if cell is None:
        return _feedback(request, arena, _("Pick a free cell on the wall."), error=True)
    try:
        moved = services.move_group(group, *cell, request.user)
    except services.WallError as error:
        return _feedback(request, arena, str(error), error=True)
    return _feedback(
        request, arena, _("“%(t)s” moved to %(code)s.") % {"t": group.topic, "code": moved.code}
    )


@arena_view(Capability.FACILITATE)
@require_POST
def group_swap(request: HttpRequest, arena: Arena, group_pk: int) -> HttpResponse:
    group = _group(arena, group_pk)
    other = Group.objects.filter(arena=arena, pk=_int(request.POST.get("other"))).first()
    if other is None:
        return _feedback(request, arena, _("Pick the group to swap with."), error=True)
    try:
        services.swap_groups(group, other, request.user)
    except services.WallError as error:
        return _feedback(request, arena, str(error), error=True)
    return _feedback(
        request, arena, _("Swapped “%(a)s” and “%(b)s”.") % {"a": group.topic, "b": other.topic}
    )


@arena_view(Capability.FACILITATE)
@require_POST
def group_unplace(request: HttpRequest, arena: Arena, group_pk: int) -> HttpResponse:
    topic = services.unplace_group(_group(arena, group_pk), request.user)
    return _feedback(request, arena, _("“%(t)s” is back in the queue.") % {"t": topic})


@arena_view(Capability.FACILITATE)
@require_POST
def undo(request: HttpRequest, arena: Arena) -> HttpResponse:
    try:
        action = services.undo_last(arena, request.user)
    except services.WallError as error:
        return _feedback(request, arena, str(error), error=True)
    if action is None:
        return _feedback(request, arena, _("Nothing to undo."), error=True)
    return _feedback(request, arena, _("Undone: %(what)s.") % {"what": action.description})


# --- participants -------------------------------------------------------------


def _my_groups(participant):
    return list(
        Attendance.objects.filter(participant=participant)
        .select_related("group__topic", "group__space", "session")
        .order_by("session__session_number")
    )


@participant_view
def phone_wall(request: HttpRequest, arena: Arena, participant) -> HttpResponse:
    the_wall = build_wall(arena)
    current, next_up = now_and_next(the_wall.sessions)
    context = {
        "arena": arena,
        "participant": participant,
        "wall": the_wall,
        "now_session": current,
        "next_session": next_up,
        "my_groups": _my_groups(participant),
        "announcement": arena.current_announcement,
    }
    if request.htmx and request.GET.get("part") == "list":
        return render(request, "proposals/phone_wall.html#list", context)
    return render(request, "proposals/phone_wall.html", context)


@participant_view
@require_POST
def attend(request: HttpRequest, arena: Arena, participant, group_pk: int) -> HttpResponse:
    group = get_object_or_404(
        Group.objects.select_related("topic", "session"), arena=arena, pk=group_pk
    )
    services.attend(participant, group)
    if request.htmx:
        return render(
            request,
            "proposals/phone_wall.html#my-groups",
            {"arena": arena, "my_groups": _my_groups(participant)},
        )
    messages.success(request, _("You are going to %(code)s.") % {"code": group.code})
    return redirect("phone:wall", arena.join_code)


@participant_view
def group_page(request: HttpRequest, arena: Arena, participant, group_pk: int) -> HttpResponse:
    """A group's page (the QR on its printed sheet leads here): who is going
    and which perspectives are present."""
    group = get_object_or_404(
        Group.objects.select_related("topic__convener", "session", "space"),
        arena=arena,
        pk=group_pk,
    )
    people = [
        a.participant
        for a in Attendance.objects.filter(group=group)
        .select_related("participant")
        .prefetch_related("participant__perspectives")
        .order_by("participant__display_name")
    ]
    present = {}
    for person in people:
        for perspective in person.perspectives.all():
            present.setdefault(perspective.pk, [perspective, 0])[1] += 1
    missing = [p for p in arena.perspectives.all() if p.pk not in present]
    return render(
        request,
        "proposals/group_page.html",
        {
            "arena": arena,
            "participant": participant,
            "group": group,
            "people": people,
            "present": sorted(present.values(), key=lambda pair: -pair[1]),
            "missing": missing,
            "going": any(p.pk == participant.pk for p in people),
            # Only the group's own people see who shares an address, and only
            # those who opted in are listed.
            "contacts": [
                p
                for p in people
                if p.share_email and p.email and p.pk != participant.pk and p.withdrawn_at is None
            ]
            if any(p.pk == participant.pk for p in people)
            else [],
        },
    )


@participant_view
def my_topics(request: HttpRequest, arena: Arena, participant) -> HttpResponse:
    form = TopicForm(request.POST or None, arena=arena)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.post_topic(
                participant,
                title=data["title"],
                description=data["description"],
                kind=data["kind"],
                builds_on=data["builds_on_topic"],
            )
        except services.RateLimited:
            form.add_error(
                None,
                _("You have posted many topics in a short time. Wait a minute, then try again."),
            )
        else:
            messages.success(request, _("Your topic is in the queue. Read it out in the circle!"))
            return redirect("phone:topics", arena.join_code)
    topics = (
        Topic.objects.filter(convener=participant)
        .select_related(
            "group__session",
            "group__space",
            "merged_into__group__session",
            "merged_into__group__space",
            "builds_on__group__session",
            "builds_on__group__space",
        )
        .order_by("-created_at")
    )
    return render(
        request,
        "proposals/my_topics.html",
        {"arena": arena, "participant": participant, "form": form, "topics": topics},
    )


@participant_view
def earlier_topics(request: HttpRequest, arena: Arena, participant) -> HttpResponse:
    """The options of the form's "builds on" list, fetched when a participant
    first needs them: most topics in the morning burst are new ones, and the
    whole wall in every form made each page several times heavier to render."""
    return render(
        request,
        "proposals/my_topics.html#earlier-options",
        {"form": TopicForm(arena=arena)},
    )
