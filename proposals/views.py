"""The wall's views: the facilitator's queue and grid, the participant's phone.

Views stay thin: they check access, parse input, call ``services`` and pick a
template (or its ``{% partialdef %}`` for htmx requests). Every change reaches
other screens through the broadcast the service sends after commit.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from arena.access import arena_view, participant_view
from arena.forms import form_status
from arena.models import Arena, Capability
from arena.params import int_param
from sessions.models import AgendaItem, Space, Theme, ThemeKind

from . import services, themes
from .forms import FacilitatorTopicForm, RejectForm, TopicEditForm, TopicForm
from .groups import group_page as group_page_for
from .models import Attendance, Group, Topic
from .phone import phone_view
from .wall import CodeError, build_wall, free_cell_for_code, now_and_next, topic_for_code

# --- helpers ----------------------------------------------------------------


def _cell(arena: Arena, raw: str | None) -> tuple[AgendaItem, Space] | None:
    """'<session_pk>-<space_pk>' → the two objects of this arena, or None."""
    parts = (raw or "").split("-")
    if len(parts) != 2:
        return None
    session_pk, space_pk = int_param(parts[0]), int_param(parts[1])
    session = AgendaItem.objects.sessions().filter(pk=session_pk, day__arena=arena).first()
    space = Space.objects.filter(pk=space_pk, arena=arena).first()
    return (session, space) if session and space else None


def _feedback(
    request: HttpRequest,
    arena: Arena,
    message: str,
    *,
    error: bool = False,
    status: int = 200,
    oob: bool = False,
):
    """What a facilitator's action answers: a line in the live region for
    htmx (``oob``: out of band, when the request's target is elsewhere), a
    message and the wall for a plain form post."""
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
                "feedback_oob": oob,
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
        response.status_code = status
        return response
    (messages.error if error else messages.success)(request, message)
    return redirect("proposals:wall", arena.pk)


def _wall_error(request: HttpRequest, arena: Arena, error: services.WallError) -> HttpResponse:
    """A refused wall action. A lost race (``WallConflict``: the cell was
    taken, the group moved or left meanwhile) answers htmx with 409, the
    message and the current wall (static/js/arena.js swaps 409s); a plain
    form post gets the message on the wall page it is redirected to."""
    conflict = isinstance(error, services.WallConflict)
    return _feedback(request, arena, str(error), error=True, status=409 if conflict else 200)


def _wall_verb(request: HttpRequest, arena: Arena, verb, said) -> HttpResponse:
    """Run a wall verb (a service): its refusal as :func:`_wall_error`, or
    ``said(what it returned)`` as the feedback."""
    try:
        result = verb()
    except services.WallError as error:
        return _wall_error(request, arena, error)
    return _feedback(request, arena, said(result))


def _free_cells(wall) -> list:
    return [
        cell for _s, cells in wall.rows for cell in cells if not cell.group and not cell.continues
    ]


QUEUE_PAGE_SIZE = 20


def _queue_context(arena: Arena, wall, page=None, typed: dict | None = None) -> dict:
    """One page of the queue, oldest first, and the two lists its rows share
    (free cells to place in, groups and topics to merge into), rendered once
    per page instead of once per row: 700 waiting topics used to make a 30 MB
    wall. ``typed``: a row's typed code that named nothing (see ``_refused``)."""
    topics = (
        Topic.objects.filter(arena=arena)
        .in_queue()
        .select_related("convener", "builds_on__group__session", "builds_on__group__space")
        .order_by("created_at", "pk")
    )
    queue_page = Paginator(topics, QUEUE_PAGE_SIZE).get_page(page)
    queue = list(queue_page)
    for topic in queue:
        if typed and typed.get("topic") == topic.pk:
            setattr(topic, f"{typed['field']}_typed", typed["typed"])
            setattr(topic, f"{typed['field']}_error", typed["error"])
    return {
        "queue": queue,
        "queue_page": queue_page,
        "free_cells": _free_cells(wall),
        "merge_targets": wall.groups,
        "topic_form": FacilitatorTopicForm(),
    }


def _queue_page_of(topic: Topic) -> int:
    before = (
        Topic.objects.filter(arena_id=topic.arena_id)
        .in_queue()
        .filter(
            Q(created_at__lt=topic.created_at) | Q(created_at=topic.created_at, pk__lt=topic.pk)
        )
        .count()
    )
    return before // QUEUE_PAGE_SIZE + 1


def _refused(request: HttpRequest, arena: Arena, topic: Topic, field: str, typed: str, error):
    """A typed code that names nothing usable ("2.25", "#999"): the reason in
    the live region, and the row's form again with what was typed (out of band
    for htmx). Without JavaScript: back to the queue's page holding the topic,
    which shows the same (kept in the session for that one page load)."""
    typed = typed.strip()[:50]
    if request.htmx:
        setattr(topic, f"{field}_typed", typed)
        setattr(topic, f"{field}_error", str(error))
        context = {"arena": arena, "feedback": str(error), "error": True, "topic": topic}
        response = render(request, "proposals/wall.html#feedback", context)
        context["oob"] = True
        response.write(render(request, f"proposals/wall.html#{field}-form", context).content)
        return response
    messages.error(request, str(error))
    request.session["wall_typed"] = {
        "topic": topic.pk, "field": field, "typed": typed, "error": str(error),
    }  # fmt: skip
    page = _queue_page_of(topic)
    return redirect(f"{reverse('proposals:wall', args=[arena.pk])}?page={page}#topic-{topic.pk}")


# --- facilitator ------------------------------------------------------------


@arena_view(Capability.FACILITATE)
@require_safe
@vary_on_headers("HX-Request")  # a page, or its fragment for htmx
def wall(request: HttpRequest, arena: Arena) -> HttpResponse:
    """The facilitator's programme wall: queue, grid, actions."""
    the_wall = build_wall(arena)
    typed = request.session.pop("wall_typed", None) if request.method == "GET" else None
    context = {
        "arena": arena,
        "wall": the_wall,
        **_queue_context(arena, the_wall, request.GET.get("page"), typed),
    }
    context["last_action"] = services.last_action(arena)
    context["announcement"] = arena.current_announcement
    context["themes"] = themes.area_themes(arena)
    if request.htmx and request.GET.get("part") == "grid":
        return render(request, "proposals/wall.html#grid", context)
    return render(request, "proposals/wall.html", context)


@arena_view(Capability.FACILITATE)
@require_safe
def queue(request: HttpRequest, arena: Arena) -> HttpResponse:
    the_wall = build_wall(arena)
    context = _queue_context(arena, the_wall, request.GET.get("page"))
    return render(
        request, "proposals/wall.html#queue", {"arena": arena, "wall": the_wall, **context}
    )


@arena_view(Capability.FACILITATE)
@require_POST
def topic_add(request: HttpRequest, arena: Arena) -> HttpResponse:
    form = FacilitatorTopicForm(request.POST)
    if not form.is_valid():
        errors = "; ".join(e for errs in form.errors.values() for e in errs)
        return _feedback(request, arena, errors, error=True, status=422)
    topic = services.add_topic(arena, **form.cleaned_data)
    return _feedback(request, arena, _("“%(t)s” is in the queue.") % {"t": topic.title})


def _topic(arena: Arena, topic_pk: int) -> Topic:
    return get_object_or_404(Topic, arena=arena, pk=topic_pk)


@arena_view(Capability.FACILITATE)
@require_POST
def topic_read_out(request: HttpRequest, arena: Arena, topic_pk: int) -> HttpResponse:
    topic = services.mark_read_out(_topic(arena, topic_pk), request.user)
    return _feedback(request, arena, _("“%(t)s” is read out.") % {"t": topic.title})


@arena_view(Capability.FACILITATE)
@require_http_methods(["GET", "HEAD", "POST"])
@vary_on_headers("HX-Request")  # a page, or its fragment for htmx
def topic_edit(request: HttpRequest, arena: Arena, topic_pk: int) -> HttpResponse:
    topic = _topic(arena, topic_pk)
    inline = bool(request.htmx)  # in its queue card on the wall (wall.js)
    auto_id = f"edit-{topic.pk}-%s" if inline else "id_%s"
    form = TopicEditForm(request.POST or None, instance=topic, auto_id=auto_id)
    if request.method == "POST" and form.is_valid():
        services.edit_topic(Topic.objects.get(pk=topic.pk), request.user, **form.cleaned_data)
        if inline:  # the card's form closes; the queue signal brings the new wording
            return _feedback(request, arena, _("Saved."), oob=True)
        messages.success(request, _("Saved."))
        return redirect("proposals:wall", arena.pk)
    if inline:
        return render(
            request,
            "proposals/_topic_edit_inline.html",
            {"arena": arena, "topic": topic, "form": form},
            status=form_status(form, request),
        )
    context = {"arena": arena, "form": form}
    return render(request, "proposals/topic_edit.html", context, status=form_status(form, request))


@arena_view(Capability.FACILITATE)
@require_POST
def topic_reject(request: HttpRequest, arena: Arena, topic_pk: int) -> HttpResponse:
    topic = _topic(arena, topic_pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        return _feedback(
            request, arena, _("Give a reason, so the convener knows why."), error=True, status=422
        )
    return _wall_verb(  # refused when its group has a report
        request,
        arena,
        lambda: services.reject_topic(topic, request.user, reason=form.cleaned_data["reason"]),
        lambda _rejected: _("“%(t)s” is not taken up.") % {"t": topic.title},
    )


@arena_view(Capability.FACILITATE)
@require_POST
def topic_merge(request: HttpRequest, arena: Arena, topic_pk: int) -> HttpResponse:
    secondary = _topic(arena, topic_pk)
    typed = request.POST.get("into", "")  # "1.2" (a group on the wall) or "#17" (a topic)
    try:
        primary = topic_for_code(arena, typed)
    except CodeError as error:
        return _refused(request, arena, secondary, "merge", typed, error)
    return _wall_verb(
        request,
        arena,
        lambda: services.merge_topics(primary, secondary, request.user),
        lambda _merged: _("“%(a)s” merged into “%(b)s”.") % {"a": secondary, "b": primary},
    )


@arena_view(Capability.FACILITATE)
@require_POST
def topic_place(request: HttpRequest, arena: Arena, topic_pk: int) -> HttpResponse:
    topic = _topic(arena, topic_pk)
    if "code" in request.POST:  # typed, or picked from the page's one list of free cells
        try:
            cell = free_cell_for_code(arena, request.POST["code"])
        except CodeError as error:
            return _refused(request, arena, topic, "place", request.POST["code"], error)
    else:  # "<session_pk>-<space_pk>", as a cell's data attributes give it
        cell = _cell(arena, request.POST.get("cell"))
        if cell is None:
            return _feedback(request, arena, _("Pick a free cell on the wall."), error=True)
    return _wall_verb(
        request,
        arena,
        lambda: services.place_topic(topic, *cell, request.user),
        lambda group: _("“%(t)s” is on the wall at %(code)s.") % {"t": topic, "code": group.code},
    )


@arena_view(Capability.FACILITATE)
@require_POST
def drop(request: HttpRequest, arena: Arena) -> HttpResponse:
    """Where drag-and-drop lands: a topic or a group dropped on a cell.
    Dropping a group on an occupied cell swaps the two."""
    cell = _cell(arena, request.POST.get("cell"))
    if cell is None:
        return _feedback(request, arena, _("Drop it on a cell of the wall."), error=True)
    try:
        dropped = services.drop(
            arena,
            *cell,
            request.user,
            topic_pk=int_param(request.POST.get("topic")),
            group_pk=int_param(request.POST.get("group")),
        )
    except services.WallError as error:
        return _wall_error(request, arena, error)
    if dropped is None:
        return _feedback(request, arena, _("Nothing to place."), error=True)
    moved = dropped.group
    if dropped.placed:
        message = _("“%(t)s” is on the wall at %(code)s.") % {"t": moved.topic, "code": moved.code}
    elif dropped.swapped_with is not None:
        message = _("Swapped “%(a)s” and “%(b)s”.") % {
            "a": moved.topic,
            "b": dropped.swapped_with.topic,
        }
    else:
        message = _("“%(t)s” moved to %(code)s.") % {"t": moved.topic, "code": moved.code}
    return _feedback(request, arena, message)


def _group(arena: Arena, group_pk: int) -> Group:
    return get_object_or_404(
        Group.objects.select_related("topic", "session", "space", "theme"),
        arena=arena,
        pk=group_pk,
    )


@arena_view(Capability.FACILITATE)
@require_safe
@vary_on_headers("HX-Request")  # a page, or its fragment for htmx
def group_actions(request: HttpRequest, arena: Arena, group_pk: int) -> HttpResponse:
    group = _group(arena, group_pk)
    the_wall = build_wall(arena)
    context = {
        "arena": arena,
        "group": group,
        "free_cells": _free_cells(the_wall),
        "others": [c for c in the_wall.groups if c.group.pk != group.pk],
        "themes": themes.area_themes(arena),
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
    return _wall_verb(
        request,
        arena,
        lambda: services.move_group(group, *cell, request.user),
        lambda moved: _("“%(t)s” moved to %(code)s.") % {"t": group.topic, "code": moved.code},
    )


@arena_view(Capability.FACILITATE)
@require_POST
def group_swap(request: HttpRequest, arena: Arena, group_pk: int) -> HttpResponse:
    group = _group(arena, group_pk)
    other = Group.objects.filter(arena=arena, pk=int_param(request.POST.get("other"))).first()
    if other is None:
        return _feedback(request, arena, _("Pick the group to swap with."), error=True)
    return _wall_verb(
        request,
        arena,
        lambda: services.swap_groups(group, other, request.user),
        lambda _swapped: _("Swapped “%(a)s” and “%(b)s”.") % {"a": group.topic, "b": other.topic},
    )


@arena_view(Capability.FACILITATE)
@require_POST
def group_theme(request: HttpRequest, arena: Arena, group_pk: int) -> HttpResponse:
    """Put a group in one of the arena's main areas (``theme``: its pk), or
    in none (empty). A theme that is not one of them is refused, not a 500."""
    group = _group(arena, group_pk)
    raw = request.POST.get("theme", "").strip()
    theme = None
    if raw:
        theme = next((t for t in themes.area_themes(arena) if t.pk == int_param(raw)), None)
        if theme is None:
            return _feedback(
                request, arena, _("Pick one of the arena's main areas."), error=True, status=422
            )
    themes.set_group_theme(group, theme)
    if theme is None:
        message = _("“%(t)s” has no theme now.") % {"t": group.topic}
    else:
        message = _("“%(t)s” belongs to “%(theme)s”.") % {"t": group.topic, "theme": theme}
    return _feedback(request, arena, message)


@arena_view(Capability.FACILITATE)
@require_POST
def group_unplace(request: HttpRequest, arena: Arena, group_pk: int) -> HttpResponse:
    return _wall_verb(  # refused when it has a report
        request,
        arena,
        lambda: services.unplace_group(_group(arena, group_pk), request.user),
        lambda topic: _("“%(t)s” is back in the queue.") % {"t": topic},
    )


@arena_view(Capability.FACILITATE)
@require_POST
def undo(request: HttpRequest, arena: Arena) -> HttpResponse:
    try:
        action = services.undo_last(arena, request.user)
    except services.WallError as error:
        return _wall_error(request, arena, error)
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


def _phone_wall_context(arena: Arena, participant, request: HttpRequest | None = None) -> dict:
    the_wall = build_wall(arena)
    current, next_up = now_and_next(the_wall.sessions)
    my_groups = _my_groups(participant)
    context = {
        "arena": arena,
        "participant": participant,
        "wall": the_wall,
        "now_session": current,
        "next_session": next_up,
        "my_groups": my_groups,
        "going": {a.group_id for a in my_groups},
        "announcement": arena.current_announcement,
    }
    context.update(phone_view(request, arena, the_wall, current, next_up))
    return context


@participant_view
@require_safe
@vary_on_headers("HX-Request")  # a page, or its fragment for htmx
def phone_wall(request: HttpRequest, arena: Arena, participant) -> HttpResponse:
    context = _phone_wall_context(arena, participant, request)
    if request.htmx and (request.GET.get("part") == "list" or request.htmx.target == "phone-list"):
        return render(request, "proposals/phone_wall.html#list", context)
    return render(request, "proposals/phone_wall.html", context)


@participant_view
@require_POST
def attend(request: HttpRequest, arena: Arena, participant, group_pk: int) -> HttpResponse:
    return _change_attendance(
        request, arena, participant, group_pk, services.attend, _("You are going to %(code)s.")
    )


@participant_view
@require_POST
def leave(request: HttpRequest, arena: Arena, participant, group_pk: int) -> HttpResponse:
    """Not going to this group after all ("Cancel"; limited like attend)."""
    return _change_attendance(
        request,
        arena,
        participant,
        group_pk,
        services.leave,
        _("You are no longer going to %(code)s."),
    )


def _change_attendance(request, arena, participant, group_pk, change, done: str) -> HttpResponse:
    """ "I'm going" or "Cancel": the phone's choices after ``change``, or a 429
    that keeps the phone's state (the current choices with the message; arena.js
    swaps a 429's answer like a 200's)."""
    group = get_object_or_404(
        Group.objects.select_related("topic", "session", "space"), arena=arena, pk=group_pk
    )
    try:
        change(participant, group)
    except services.RateLimited as limited:
        notice = _(
            "You have changed where you are going many times in a short time."
            " Wait a minute, then try again."
        )
        if request.htmx:
            context = {"arena": arena, "my_groups": _my_groups(participant), "notice": notice}
            response = render(request, "proposals/phone_wall.html#my-groups", context, status=429)
        else:
            messages.warning(request, notice)
            context = _phone_wall_context(arena, participant, request)
            response = render(request, "proposals/phone_wall.html", context, status=429)
        response["Retry-After"] = str(limited.args[0] if limited.args else services.ATTEND_WINDOW)
        return response
    if request.htmx:
        return render(
            request,
            "proposals/phone_wall.html#my-groups",
            {"arena": arena, "my_groups": _my_groups(participant)},
        )
    messages.success(request, done % {"code": _code_and_room(group)})
    return redirect("phone:wall", arena.join_code)


def _code_and_room(group) -> str:
    """The code with the room's name, when it has one: "2.3 · Multisal 2"."""
    return f"{group.code} · {group.space.name}" if group.space.name else group.code


@participant_view
@require_safe
def group_page(request: HttpRequest, arena: Arena, participant, group_pk: int) -> HttpResponse:
    """A group's page (the QR on its printed sheet leads here): who is going
    and which perspectives are present (``proposals.groups``)."""
    group = get_object_or_404(
        Group.objects.select_related("topic__convener", "session", "space", "theme"),
        arena=arena,
        pk=group_pk,
    )
    page = group_page_for(group, participant)
    return render(
        request,
        "proposals/group_page.html",
        {"arena": arena, "participant": participant, **vars(page)},
    )


@participant_view
@require_http_methods(["GET", "HEAD", "POST"])
@vary_on_headers("HX-Request")  # a page, or its fragment for htmx
def my_topics(request: HttpRequest, arena: Arena, participant) -> HttpResponse:
    form = TopicForm(request.POST or None, arena=arena)
    status, retry_after = 200, None
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
        except services.NewcomersBusy as busy:
            status, retry_after = 429, busy.retry_after
            message = ngettext(
                "Many new phones are posting right now – try again in %(n)d second.",
                "Many new phones are posting right now – try again in %(n)d seconds.",
                retry_after,
            ) % {"n": retry_after}
            if not participant.has_persona:
                message += " " + _("Phones with a persona are not held up like this.")
            form.add_error(None, message)
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
    template = "proposals/my_topics.html"
    if request.method == "GET" and request.htmx and request.htmx.target == "my-topics":
        template += "#my-topics"  # the list only: the live signal (proposals.mine)
    response = render(
        request,
        template,
        {"arena": arena, "participant": participant, "form": form, "topics": topics},
        status=status if retry_after else form_status(form, request),
    )
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


@participant_view
@require_safe
def earlier_topics(request: HttpRequest, arena: Arena, participant) -> HttpResponse:
    """The options of the form's "builds on" list, fetched when a participant
    first needs them: most topics in the morning burst are new ones, and the
    whole wall in every form made each page several times heavier to render."""
    return render(
        request,
        "proposals/my_topics.html#earlier-options",
        {"form": TopicForm(arena=arena)},
    )


@arena_view(Capability.MANAGE)
@require_safe
def theme_groups(request: HttpRequest, arena: Arena, theme_pk: int) -> HttpResponse:
    """The groups of one main area in the organiser's order (the report's)."""
    theme = get_object_or_404(Theme, arena=arena, pk=theme_pk, kind=ThemeKind.AREA)
    return render(
        request,
        "proposals/theme_groups.html",
        {"arena": arena, "theme": theme, "groups": themes.groups_in_order(theme)},
    )


@arena_view(Capability.MANAGE)
@require_POST
def theme_group_move(request: HttpRequest, arena: Arena, theme_pk: int) -> HttpResponse:
    """Move one group of a main area up or down (``group``, ``direction``)."""
    theme = get_object_or_404(Theme, arena=arena, pk=theme_pk, kind=ThemeKind.AREA)
    group = Group.objects.filter(
        arena=arena, theme=theme, pk=int_param(request.POST.get("group"))
    ).first()
    direction = request.POST.get("direction")
    if group is None or direction not in ("up", "down"):
        messages.error(request, _("Choose a group of this main area and a direction."))
        return redirect("proposals:theme_groups", arena.pk, theme.pk)
    themes.move_group_in_theme(group, -1 if direction == "up" else 1)
    url = reverse("proposals:theme_groups", args=[arena.pk, theme.pk])
    return redirect(f"{url}#group-{group.pk}")
