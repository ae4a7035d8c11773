"""The verbs of the morning circle: post, read out, merge, place, move, undo.

Every verb that changes the wall runs in one transaction that also bumps
``Arena.wall_version`` and records a ``WallAction`` (what the affected topics
looked like before, for undo). After commit, the changed cells are rendered
once and broadcast to every screen of the arena (``proposals.live``).
"""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from arena.models import Arena, Participant
from sessions.models import AgendaItem, Space

from . import live
from .models import Attendance, Group, Topic, TopicKind, TopicStatus, WallAction

# A participant may post this many topics per window; the whole venue shares
# one IP address, so the limit is per participant, never per address.
POST_LIMIT = 5
POST_WINDOW = datetime.timedelta(minutes=1)


class WallError(Exception):
    """A wall action that cannot be done; the message is for the facilitator."""


class CellTaken(WallError):
    pass


class RateLimited(Exception):
    pass


def _bump(arena_id: int) -> None:
    Arena.objects.filter(pk=arena_id).update(wall_version=F("wall_version") + 1)


def _snapshot(topics) -> list[dict]:
    state = []
    for topic in topics:
        group = Group.objects.filter(topic=topic).first()
        state.append(
            {
                "topic": topic.pk,
                "title": topic.title,
                "description": topic.description,
                "status": topic.status,
                "merged_into": topic.merged_into_id,
                "group": None
                if group is None
                else {
                    "session": group.session_id,
                    "space": group.space_id,
                    "moved_from": group.moved_from_id,
                },
            }
        )
    return state


def _record(arena_id: int, actor, verb: str, description: str, topics) -> None:
    WallAction.objects.create(
        arena_id=arena_id,
        actor=actor if actor is not None and actor.is_authenticated else None,
        verb=verb,
        description=description[:300],
        before=_snapshot(topics),
    )


def _changed(arena_id: int, cells=(), queue=True) -> None:
    _bump(arena_id)
    live.wall_changed(arena_id, cells=cells, queue=queue)


# --- participants ---------------------------------------------------------


@transaction.atomic
def post_topic(
    participant: Participant,
    *,
    title: str,
    description: str = "",
    kind: str = TopicKind.NEW,
    builds_on: Topic | None = None,
) -> Topic:
    """A participant's topic joins the queue in arrival order.

    Refused with ``RateLimited`` past ``POST_LIMIT`` topics a minute, so a
    stuck button or a prank cannot flood the facilitator's queue.
    """
    Participant.objects.select_for_update().filter(pk=participant.pk).first()
    since = timezone.now() - POST_WINDOW
    if participant.topics.filter(created_at__gte=since).count() >= POST_LIMIT:
        raise RateLimited
    arena = participant.arena
    today = arena.days.filter(date=timezone.localdate()).first()
    topic = Topic.objects.create(
        arena=arena,
        convener=participant,
        title=title,
        description=description,
        kind=kind if builds_on is not None or kind == TopicKind.NEW else TopicKind.NEW,
        builds_on=builds_on,
        day=today,
    )
    live.queue_changed(arena.pk)
    return topic


# --- the facilitator's queue ----------------------------------------------


@transaction.atomic
def edit_topic(topic: Topic, actor, *, title: str, description: str) -> Topic:
    _record(topic.arena_id, actor, "edit", _("Edited “%(t)s”") % {"t": topic.title}, [topic])
    topic.title, topic.description = title, description
    topic.save(update_fields=["title", "description"])
    group = topic.wall_group
    _changed(topic.arena_id, cells=[_cell_of(group)] if group else [])
    return topic


@transaction.atomic
def mark_read_out(topic: Topic, actor) -> Topic:
    if topic.status == TopicStatus.WAITING:
        topic.status = TopicStatus.READ_OUT
        topic.save(update_fields=["status"])
        live.queue_changed(topic.arena_id)
    return topic


@transaction.atomic
def reject_topic(topic: Topic, actor, *, reason: str) -> Topic:
    _record(topic.arena_id, actor, "reject", _("Rejected “%(t)s”") % {"t": topic.title}, [topic])
    cells = []
    group = Group.objects.filter(topic=topic).select_related("session", "space").first()
    if group:
        cells.append(_cell_of(group))
        group.delete()
    topic.status = TopicStatus.REJECTED
    topic.reject_reason = reason
    topic.save(update_fields=["status", "reject_reason"])
    _changed(topic.arena_id, cells=cells)
    return topic


@transaction.atomic
def merge_topics(primary: Topic, secondary: Topic, actor) -> Topic:
    """``secondary`` joins ``primary``'s group ("1. OG 7."). Its own group, if
    it had one, is removed and its people move to the primary's group."""
    if primary.pk == secondary.pk or primary.arena_id != secondary.arena_id:
        raise WallError(_("Pick two different topics to merge."))
    if primary.merged_into_id:
        primary = primary.merged_into
    if secondary.status == TopicStatus.MERGED or primary.status in (
        TopicStatus.MERGED,
        TopicStatus.REJECTED,
    ):
        raise WallError(_("One of these topics is already merged or rejected."))
    _record(
        primary.arena_id,
        actor,
        "merge",
        _("Merged “%(a)s” into “%(b)s”") % {"a": secondary.title, "b": primary.title},
        [secondary, *secondary.merged_topics.all()],
    )
    cells = []
    old_group = Group.objects.filter(topic=secondary).select_related("session", "space").first()
    target_group = Group.objects.filter(topic=primary).select_related("session", "space").first()
    if old_group:
        cells.append(_cell_of(old_group))
        if target_group and target_group.session_id == old_group.session_id:
            Attendance.objects.filter(group=old_group).update(group=target_group)
        old_group.delete()
    if target_group:
        cells.append(_cell_of(target_group))
    secondary.merged_topics.update(merged_into=primary)
    secondary.merged_into = primary
    secondary.status = TopicStatus.MERGED
    secondary.save(update_fields=["merged_into", "status"])
    _changed(primary.arena_id, cells=cells)
    return primary


# --- the wall -------------------------------------------------------------


def _cell_of(group: Group) -> tuple[int, int]:
    return (group.session_id, group.space_id)


def _check_cell(arena_id: int, session: AgendaItem, space: Space) -> None:
    if session.day.arena_id != arena_id or space.arena_id != arena_id or not session.is_session:
        raise WallError(_("That cell is not on this arena's wall."))


@transaction.atomic
def place_topic(topic: Topic, session: AgendaItem, space: Space, actor) -> Group:
    """Put a topic in an empty cell. The unique constraint on (session, space)
    decides a race between two facilitators: the loser gets ``CellTaken``."""
    _check_cell(topic.arena_id, session, space)
    if topic.status in (TopicStatus.MERGED, TopicStatus.REJECTED):
        raise WallError(_("This topic is merged or rejected and cannot be placed."))
    if Group.objects.filter(topic=topic).exists():
        raise WallError(_("This topic is already on the wall; move it instead."))
    _record(topic.arena_id, actor, "place", _("Placed “%(t)s”") % {"t": topic.title}, [topic])
    try:
        with transaction.atomic():
            group = Group.objects.create(
                arena_id=topic.arena_id, topic=topic, session=session, space=space
            )
    except IntegrityError:
        raise CellTaken(
            _("Space %(space)s in session %(session)s was just taken. The wall is updated.")
            % {"space": space.number, "session": session.session_number}
        ) from None
    topic.status = TopicStatus.PLACED
    topic.save(update_fields=["status"])
    _changed(topic.arena_id, cells=[(session.pk, space.pk)])
    return group


@transaction.atomic
def move_group(group: Group, session: AgendaItem, space: Space, actor) -> Group:
    """Move a group to another cell (another room, or another session). The
    wall remembers the room it came from: "Multisal 2 (tidligere 3)"."""
    _check_cell(group.arena_id, session, space)
    if (group.session_id, group.space_id) == (session.pk, space.pk):
        return group
    old_cell = _cell_of(group)
    _record(
        group.arena_id, actor, "move", _("Moved “%(t)s”") % {"t": group.topic.title}, [group.topic]
    )
    if group.session_id == session.pk and group.moved_from_id is None:
        group.moved_from_id = group.space_id
    elif group.session_id != session.pk:
        group.moved_from_id = None
        Attendance.objects.filter(group=group).delete()  # another time: people choose again
    if group.moved_from_id == space.pk:  # back in its first room
        group.moved_from_id = None
    group.session, group.space = session, space
    try:
        with transaction.atomic():
            group.save(update_fields=["session", "space", "moved_from"])
    except IntegrityError:
        raise CellTaken(
            _("Space %(space)s in session %(session)s is taken. Swap the two groups instead.")
            % {"space": space.number, "session": session.session_number}
        ) from None
    Attendance.objects.filter(group=group).update(session=session)
    _changed(group.arena_id, cells=[old_cell, (session.pk, space.pk)])
    return group


@transaction.atomic
def swap_groups(a: Group, b: Group, actor) -> None:
    """Swap the cells of two groups; each keeps its people (same session)."""
    if a.pk == b.pk or a.arena_id != b.arena_id:
        raise WallError(_("Pick two different groups to swap."))
    _record(
        a.arena_id,
        actor,
        "swap",
        _("Swapped “%(a)s” and “%(b)s”") % {"a": a.topic.title, "b": b.topic.title},
        [a.topic, b.topic],
    )
    cell_a, cell_b = _cell_of(a), _cell_of(b)
    if cell_a[0] != cell_b[0]:  # another time: people choose again
        Attendance.objects.filter(group__in=[a, b]).delete()
    # Both rows keep their ids (printed QR codes and phones' links point at
    # them): a is parked outside the one-group-per-cell rule while b moves.
    Group.objects.filter(pk=a.pk).update(parked=True)
    Group.objects.filter(pk=b.pk).update(session_id=cell_a[0], space_id=cell_a[1], moved_from=None)
    Group.objects.filter(pk=a.pk).update(
        session_id=cell_b[0], space_id=cell_b[1], moved_from=None, parked=False
    )
    _changed(a.arena_id, cells=[cell_a, cell_b])


@transaction.atomic
def unplace_group(group: Group, actor) -> Topic:
    topic = group.topic
    _record(
        group.arena_id,
        actor,
        "unplace",
        _("Took “%(t)s” off the wall") % {"t": topic.title},
        [topic],
    )
    cell = _cell_of(group)
    group.delete()
    topic.status = TopicStatus.READ_OUT
    topic.save(update_fields=["status"])
    _changed(topic.arena_id, cells=[cell])
    return topic


@transaction.atomic
def undo_last(arena: Arena, actor) -> WallAction | None:
    """Put the topics the last action touched back as they were.

    Refused (``WallError``) when a cell they need has since been taken by
    another group: undo never overwrites someone else's later work.
    """
    action = (
        WallAction.objects.select_for_update()
        .filter(arena=arena, undone_at=None)
        .order_by("-created_at", "-pk")
        .first()
    )
    if action is None:
        return None
    topic_ids = [entry["topic"] for entry in action.before]
    existing = {g.topic_id: g for g in Group.objects.filter(topic_id__in=topic_ids)}
    cells = [_cell_of(g) for g in existing.values()]
    # Park the touched groups outside the one-group-per-cell rule while they
    # move back, so undoing a swap works; rows keep their ids where possible.
    Group.objects.filter(pk__in=[g.pk for g in existing.values()]).update(parked=True)
    for entry in action.before:
        topic = Topic.objects.filter(pk=entry["topic"]).first()
        if topic is None:
            continue
        topic.status = entry["status"]
        topic.merged_into_id = entry["merged_into"]
        topic.title = entry.get("title", topic.title)
        topic.description = entry.get("description", topic.description)
        topic.save(update_fields=["status", "merged_into", "title", "description"])
        group, target = existing.get(topic.pk), entry["group"]
        if target is None:
            if group is not None:
                group.delete()
            continue
        cell = (target["session"], target["space"])
        try:
            with transaction.atomic():
                if group is None:
                    Group.objects.create(
                        arena=arena, topic=topic, session_id=cell[0], space_id=cell[1],
                        moved_from_id=target["moved_from"],
                    )  # fmt: skip
                else:
                    if group.session_id != cell[0]:
                        Attendance.objects.filter(group=group).delete()
                    Group.objects.filter(pk=group.pk).update(
                        session_id=cell[0], space_id=cell[1],
                        moved_from_id=target["moved_from"], parked=False,
                    )  # fmt: skip
        except IntegrityError:
            raise WallError(
                _("Cannot undo: the cell of “%(t)s” is taken now.") % {"t": topic.title}
            ) from None
        cells.append(cell)
    action.undone_at = timezone.now()
    action.save(update_fields=["undone_at"])
    _changed(arena.pk, cells=cells)
    return action


def last_action(arena: Arena) -> WallAction | None:
    """The action "Undo" would undo now."""
    return (
        WallAction.objects.filter(arena=arena, undone_at=None)
        .order_by("-created_at", "-pk")
        .first()
    )


# --- participants choose groups -------------------------------------------


@transaction.atomic
def attend(participant: Participant, group: Group) -> Attendance:
    """'I'm going' to ``group``; replaces the participant's choice for that
    session (the law of two feet)."""
    attendance, _created = Attendance.objects.update_or_create(
        participant=participant, session_id=group.session_id, defaults={"group": group}
    )
    live.headcount_changed(group.arena_id, [group.session_id])
    return attendance


@transaction.atomic
def leave(participant: Participant, group: Group) -> None:
    Attendance.objects.filter(participant=participant, group=group).delete()
    live.headcount_changed(group.arena_id, [group.session_id])
