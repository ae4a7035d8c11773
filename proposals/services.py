"""The verbs of the morning circle: post, read out, merge, place, move, undo.

Every verb that changes the wall runs in one transaction that also bumps
``Arena.wall_version`` and records a ``WallAction`` (what the affected topics
looked like before, for undo). After commit, the changed cells are rendered
once and broadcast to every screen of the arena (``proposals.live``).
"""

import datetime
import functools
from dataclasses import dataclass

from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import F, ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from arena import ratelimit
from arena.models import Arena, Participant
from arena.participants import newcomers_wait
from sessions.models import AgendaItem, Space

from . import live, mine
from .challenge_cells import reserved_cell_message
from .models import Attendance, Group, Topic, TopicKind, TopicStatus, WallAction

# A participant may post this many topics per window; the whole venue shares
# one IP address, so the limit is per participant, never per address.
POST_LIMIT = 5
POST_WINDOW = datetime.timedelta(minutes=1)
# "I'm going" changes per participant and window (seconds), counted in the
# shared cache (arena.ratelimit) so the limit holds across workers: choosing
# and changing one's mind stays easy, a toggling phone does not.
ATTEND_LIMIT = 10
ATTEND_WINDOW = 60


class WallError(Exception):
    """A wall action that cannot be done; the message is for the facilitator."""


class WallConflict(WallError):
    """The wall changed under the action (another facilitator was quicker):
    views answer 409 with the message and the current wall."""


class CellTaken(WallConflict):
    pass


class WallBusy(WallConflict):
    """The database gave up waiting (a deadlock, a lock timeout) twice."""


class RateLimited(Exception):
    pass


class NewcomersBusy(RateLimited):
    """The arena's budget for topics from newcomers is spent for this window
    (a flood of fresh identities); ``retry_after`` seconds until the next."""

    def __init__(self, retry_after: int):
        super().__init__(retry_after)
        self.retry_after = retry_after


def _delete_group(group: Group) -> None:
    """Take a group off the wall. A group with a group report stays: the
    report protects it (documentation is never deleted by a cascade), so this
    is refused with ``WallError``; the group can move to another cell."""
    try:
        with transaction.atomic():
            group.delete()
    except ProtectedError:
        raise WallError(
            _(
                "“%(t)s” has a group report, so its group stays on the wall: "
                "move it to another cell instead."
            )
            % {"t": group.topic.title}
        ) from None


# --- the wall's one lock -------------------------------------------------------
#
# Every action that changes the wall first locks the arena's row
# (``SELECT … FOR UPDATE``; on SQLite the IMMEDIATE transaction already holds
# the one write lock), then reads the groups and topics it works on afresh.
# So concurrent wall actions of one arena run one after the other, take their
# row locks in one order (no deadlock between them), and never act on what
# the view read before the lock (a stale cell: once an IntegrityError, a 500).


def _lock_wall(arena_id: int) -> None:
    Arena.objects.select_for_update().filter(pk=arena_id).values_list("pk", flat=True).first()


def _retryable(error: OperationalError) -> bool:
    """A deadlock or serialisation failure (PostgreSQL), a lock timeout (SQLite)."""
    cause = error.__cause__
    return getattr(cause, "sqlstate", None) in ("40P01", "40001") or (
        "database is locked" in str(error)
    )


def wall_action(func):
    """Run ``func`` atomically; a deadlock or lock timeout is retried once,
    then answered with ``WallBusy`` (never a 500). Inside an outer
    transaction (one action calling another) only the outermost retries."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        if connection.in_atomic_block:
            with transaction.atomic():
                return func(*args, **kwargs)
        for attempt in (1, 2):
            try:
                with transaction.atomic():
                    return func(*args, **kwargs)
            except OperationalError as error:
                if not _retryable(error):
                    raise
                if attempt == 2:
                    raise WallBusy(
                        _("The wall is busy: several changes came at once. Try again.")
                    ) from None

    return wrapper


def _fresh_group(group: Group) -> Group:
    """``group`` as it is now (after ``_lock_wall``); ``WallConflict`` if gone."""
    fresh = Group.objects.select_related("topic", "session", "space").filter(pk=group.pk).first()
    if fresh is None:
        raise WallConflict(_("That group is no longer on the wall. The wall is updated."))
    return fresh


def _fresh_topic(topic: Topic) -> Topic:
    fresh = Topic.objects.filter(pk=topic.pk).first()
    if fresh is None:
        raise WallConflict(_("This topic is gone. The wall is updated."))
    return fresh


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
    topics = list(topics)
    mine.topics_changed(arena_id, [t.pk for t in topics])  # their conveners' "My topics"
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
    stuck button or a prank cannot flood the facilitator's queue. Newcomers
    (no persona yet, or joined seconds ago: ``arena.participants.is_newcomer``)
    also share one budget per arena, ``ARENA_NEWCOMER_TOPIC_LIMIT`` topics per
    ``ARENA_NEWCOMER_TOPIC_WINDOW`` seconds and ``…_LONG`` per ``…_WINDOW_LONG``,
    counted in the shared cache (``NewcomersBusy`` past it): fresh identities
    are free to make, so a flood of them gets little into the queue, while
    the people who joined and made their persona during the welcome post
    without waiting.
    """
    Participant.objects.select_for_update().filter(pk=participant.pk).first()
    since = timezone.now() - POST_WINDOW
    if participant.topics.filter(created_at__gte=since).count() >= POST_LIMIT:
        raise RateLimited
    arena = participant.arena
    # Newcomers share the arena's budget, per minute and per 10 minutes, so a
    # flood the server takes minutes to answer still gets little in.
    if wait := newcomers_wait(participant, "topic"):
        raise NewcomersBusy(wait)
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
def add_topic(arena: Arena, *, title: str, description: str = "", convener_name: str = "") -> Topic:
    """A topic a facilitator posts for someone (read out in the circle
    already): it joins the queue as read out."""
    topic = Topic.objects.create(
        arena=arena,
        title=title,
        description=description,
        convener_name=convener_name,
        status=TopicStatus.READ_OUT,
    )
    live.queue_changed(arena.pk)
    return topic


@wall_action
def edit_topic(topic: Topic, actor, *, title: str, description: str) -> Topic:
    _lock_wall(topic.arena_id)
    topic = _fresh_topic(topic)
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
        mine.topics_changed(topic.arena_id, [topic.pk])
    return topic


@wall_action
def reject_topic(topic: Topic, actor, *, reason: str) -> Topic:
    _lock_wall(topic.arena_id)
    topic = _fresh_topic(topic)
    _record(topic.arena_id, actor, "reject", _("Rejected “%(t)s”") % {"t": topic.title}, [topic])
    cells = []
    group = Group.objects.filter(topic=topic).select_related("session", "space").first()
    if group:
        cells.append(_cell_of(group))
        _delete_group(group)
    topic.status = TopicStatus.REJECTED
    topic.reject_reason = reason
    topic.save(update_fields=["status", "reject_reason"])
    _changed(topic.arena_id, cells=cells)
    return topic


@wall_action
def merge_topics(primary: Topic, secondary: Topic, actor) -> Topic:
    """``secondary`` joins ``primary``'s group ("1. OG 7."). Its own group, if
    it had one, is removed and its people move to the primary's group."""
    if primary.pk == secondary.pk or primary.arena_id != secondary.arena_id:
        raise WallError(_("Pick two different topics to merge."))
    _lock_wall(primary.arena_id)
    primary, secondary = _fresh_topic(primary), _fresh_topic(secondary)
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
        _delete_group(old_group)
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
    if reserved := reserved_cell_message(session, space):  # a challenge group continues there
        raise WallError(reserved)


@wall_action
def place_topic(topic: Topic, session: AgendaItem, space: Space, actor) -> Group:
    """Put a topic in an empty cell. The unique constraint on (session, space)
    decides a race between two facilitators: the loser gets ``CellTaken``."""
    _check_cell(topic.arena_id, session, space)
    _lock_wall(topic.arena_id)
    topic = _fresh_topic(topic)
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


@wall_action
def move_group(group: Group, session: AgendaItem, space: Space, actor) -> Group:
    """Move a group to another cell (another room, or another session). The
    wall remembers the room it came from: "Multisal 2 (tidligere 3)"."""
    _check_cell(group.arena_id, session, space)
    _lock_wall(group.arena_id)
    group = _fresh_group(group)
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


@wall_action
def swap_groups(a: Group, b: Group, actor) -> None:
    """Swap the cells of two groups; each keeps its people (same session)."""
    if a.pk == b.pk or a.arena_id != b.arena_id:
        raise WallError(_("Pick two different groups to swap."))
    _lock_wall(a.arena_id)
    a, b = _fresh_group(a), _fresh_group(b)
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
    try:
        with transaction.atomic():
            Group.objects.filter(pk=a.pk).update(parked=True)
            Group.objects.filter(pk=b.pk).update(
                session_id=cell_a[0], space_id=cell_a[1], moved_from=None
            )
            Group.objects.filter(pk=a.pk).update(
                session_id=cell_b[0], space_id=cell_b[1], moved_from=None, parked=False
            )
    except IntegrityError:  # a writer that does not take the wall's lock
        raise WallConflict(_("The wall changed meanwhile. It is updated: try again.")) from None
    _changed(a.arena_id, cells=[cell_a, cell_b])


@wall_action
def drop_group(
    group: Group, session: AgendaItem, space: Space, actor
) -> tuple[Group, Group | None]:
    """A group dropped on a cell: moved there, or swapped with the group in
    it (decided under the wall's lock: the cell as it is now). Returns the
    group and the one it was swapped with (None for a move)."""
    _check_cell(group.arena_id, session, space)
    _lock_wall(group.arena_id)
    group = _fresh_group(group)
    occupant = (
        Group.objects.select_related("topic")
        .filter(session=session, space=space, parked=False)
        .exclude(pk=group.pk)
        .first()
    )
    if occupant is not None:
        swap_groups(group, occupant, actor)
        return group, occupant
    return move_group(group, session, space, actor), None


@dataclass(frozen=True)
class Dropped:
    """What a drop on a cell did: ``group`` is where the dropped topic or
    group is now; ``swapped_with`` the group it traded cells with (None for a
    placement or a move); ``placed`` whether a topic came from the queue."""

    group: Group
    swapped_with: Group | None = None
    placed: bool = False


def drop(
    arena: Arena, session: AgendaItem, space: Space, actor, *, topic_pk=None, group_pk=None
) -> Dropped | None:
    """Where drag-and-drop lands: a topic from the queue is placed in the
    cell; a group moves there, or swaps with the cell's group (decided under
    the wall's lock, ``drop_group``). None when neither names one of this
    arena's topics or groups."""
    topic = Topic.objects.filter(arena=arena, pk=topic_pk).first() if topic_pk else None
    if topic is not None:
        return Dropped(place_topic(topic, session, space, actor), placed=True)
    group = Group.objects.filter(arena=arena, pk=group_pk).first() if group_pk else None
    if group is None:
        return None
    moved, occupant = drop_group(group, session, space, actor)
    return Dropped(moved, swapped_with=occupant)


@wall_action
def unplace_group(group: Group, actor) -> Topic:
    _lock_wall(group.arena_id)
    group = _fresh_group(group)
    topic = group.topic
    _record(
        group.arena_id,
        actor,
        "unplace",
        _("Took “%(t)s” off the wall") % {"t": topic.title},
        [topic],
    )
    cell = _cell_of(group)
    _delete_group(group)
    topic.status = TopicStatus.READ_OUT
    topic.save(update_fields=["status"])
    _changed(topic.arena_id, cells=[cell])
    return topic


@wall_action
def undo_last(arena: Arena, actor) -> WallAction | None:
    """Put the topics the last action touched back as they were.

    Refused (``WallConflict``) when a cell they need has since been taken by
    another group: undo never overwrites someone else's later work.
    """
    _lock_wall(arena.pk)
    action = (
        WallAction.objects.select_for_update()
        .filter(arena=arena, undone_at=None)
        .order_by("-created_at", "-pk")
        .first()
    )
    if action is None:
        return None
    topic_ids = [entry["topic"] for entry in action.before]
    mine.topics_changed(arena.pk, topic_ids)
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
                _delete_group(group)
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
            raise WallConflict(
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


def _check_attend_limit(participant: Participant) -> None:
    if not ratelimit.hit("attend", participant.pk, limit=ATTEND_LIMIT, window=ATTEND_WINDOW):
        raise RateLimited(ratelimit.retry_after(ATTEND_WINDOW))


@transaction.atomic
def attend(participant: Participant, group: Group) -> Attendance:
    """'I'm going' to ``group``; replaces the participant's choice for that
    session (the law of two feet).

    Every change is broadcast to every screen (head-counts, coalesced in
    ``live``), so changes are limited per participant (``RateLimited`` past
    ``ATTEND_LIMIT`` per ``ATTEND_WINDOW``); choosing the group one is already
    in changes nothing, broadcasts nothing and costs nothing.
    """
    current = Attendance.objects.filter(
        participant=participant, session_id=group.session_id
    ).first()
    if current is not None and current.group_id == group.pk:
        return current
    _check_attend_limit(participant)
    attendance, _created = Attendance.objects.update_or_create(
        participant=participant, session_id=group.session_id, defaults={"group": group}
    )
    live.headcount_changed(group.arena_id, [group.session_id])
    return attendance


@transaction.atomic
def leave(participant: Participant, group: Group) -> None:
    """Not going any more; limited and broadcast like ``attend``."""
    mine = Attendance.objects.filter(participant=participant, group=group)
    if not mine.exists():
        return
    _check_attend_limit(participant)
    mine.delete()
    live.headcount_changed(group.arena_id, [group.session_id])
