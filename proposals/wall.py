"""The programme wall as data: sessions × spaces, with groups in the cells.

``build_wall`` costs a constant number of queries whatever the wall's size,
and its result feeds every view of the wall (facilitator grid, projector,
phone list) and every broadcast of changed cells. Codes a facilitator types
("2.3", "#17") are read back here too, next to the one place that makes them.
"""

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from sessions.models import AgendaItem, Space, cell_code

from .challenge_cells import reserved_cells
from .models import Attendance, Group, Topic


@dataclass
class Cell:
    session: AgendaItem
    space: Space
    group: Group | None = None
    headcount: int = 0
    merged: list[Topic] = field(default_factory=list)
    # As the room may see them (``Topic.public_convener``): cells go to projectors and phones.
    conveners: list[str] = field(default_factory=list)
    double_booked: list[str] = field(default_factory=list)
    continues: object | None = None  # the challenge group keeping this empty cell

    @property
    def dom_id(self) -> str:
        return f"{self.session.pk}-{self.space.pk}"

    @property
    def code(self) -> str:
        return cell_code(self.session, self.space)

    @property
    def shown(self) -> bool:
        """Something to show the room: a group, or a challenge group that
        continues here (the phone's programme and the projector list both)."""
        return bool(self.group or self.continues)

    @property
    def over_capacity(self) -> bool:
        return bool(self.group and self.space.capacity and self.headcount > self.space.capacity)


@dataclass
class Wall:
    sessions: list[AgendaItem]
    spaces: list[Space]
    rows: list[tuple[AgendaItem, list[Cell]]]
    version: int

    def cell(self, session_pk: int, space_pk: int) -> Cell | None:
        for session, cells in self.rows:
            if session.pk == session_pk:
                for cell in cells:
                    if cell.space.pk == space_pk:
                        return cell
        return None

    @property
    def groups(self) -> list[Cell]:
        return [cell for _session, cells in self.rows for cell in cells if cell.group]


def build_wall(arena, *, only_sessions=None) -> Wall:
    """The whole wall, or just the rows of ``only_sessions`` (session pks) for
    a broadcast after a change. A row is the unit of change: placing a topic
    can flag another group of the same session (a convener booked twice)."""
    sessions = list(
        AgendaItem.objects.for_arena(arena)
        .sessions()
        .select_related("day")
        .order_by("session_number")
    )
    spaces = list(Space.objects.filter(arena=arena).order_by("number"))
    groups = (
        Group.objects.filter(arena=arena)
        .select_related("topic__convener", "topic__builds_on", "moved_from", "theme")
        .prefetch_related(
            Prefetch(
                "topic__merged_topics",
                queryset=Topic.objects.select_related("convener").order_by("pk"),
            )
        )
    )
    if only_sessions is not None:
        sessions = [s for s in sessions if s.pk in only_sessions]
        groups = groups.filter(session_id__in=only_sessions)
    by_cell = {(g.session_id, g.space_id): g for g in groups}
    kept = reserved_cells(arena)  # a challenge group's later sessions in its room
    counts = dict(  # people with a persona, not bare cookies
        Attendance.objects.filter(group__in=list(by_cell.values()), participant__withdrawn_at=None)
        .exclude(participant__display_name="")
        .values_list("group_id")
        .annotate(n=Count("pk"))
        .values_list("group_id", "n")
    )
    # Conveners on the wall twice in one session: flagged on both groups.
    conveners_per_session: dict[int, Counter] = defaultdict(Counter)
    group_conveners: dict[int, list[str]] = {}
    for group in by_cell.values():
        topics = [group.topic, *group.topic.merged_topics.all()]
        keys = []
        for topic in topics:
            if topic.convener_id:
                keys.append(f"p{topic.convener_id}")
            elif topic.convener_name:
                keys.append(f"n{topic.convener_name.strip().lower()}")
        group_conveners[group.pk] = keys
        conveners_per_session[group.session_id].update(set(keys))
    # Names on the wall follow the room's rule (``Topic.public_convener``):
    # those not named show their perspectives, read in one query.
    unnamed = [
        topic.convener
        for group in by_cell.values()
        for topic in [group.topic, *group.topic.merged_topics.all()]
        if topic.convener_id and topic.convener.display_name and not topic.convener.report_name
    ]
    if unnamed:
        prefetch_related_objects(unnamed, "perspectives")
    names = {}
    for group in by_cell.values():
        for topic in [group.topic, *group.topic.merged_topics.all()]:
            key = (
                f"p{topic.convener_id}"
                if topic.convener_id
                else f"n{topic.convener_name.strip().lower()}"
            )
            names[key] = topic.public_convener

    rows = []
    for session in sessions:
        cells = []
        for space in spaces:
            group = by_cell.get((session.pk, space.pk))
            cell = Cell(session=session, space=space, group=group)
            if group is None:
                cell.continues = kept.get((session.pk, space.pk))
            if group:
                cell.headcount = counts.get(group.pk, 0)
                cell.merged = list(group.topic.merged_topics.all())
                cell.conveners = list(
                    dict.fromkeys(
                        t.public_convener for t in [group.topic, *cell.merged] if t.public_convener
                    )
                )
                cell.double_booked = [
                    names[key]
                    for key in group_conveners[group.pk]
                    if conveners_per_session[session.pk][key] > 1
                ]
            cells.append(cell)
        rows.append((session, cells))
    return Wall(sessions=sessions, spaces=spaces, rows=rows, version=arena.wall_version)


def now_and_next(sessions):
    """The session going on now and the next one (by today's clock)."""
    now = timezone.localtime()
    current = next_up = None
    for session in sessions:
        if session.day.date == now.date() and session.start <= now.time() < session.end:
            current = session
        elif (session.day.date, session.start) > (now.date(), now.time()) and next_up is None:
            next_up = session
    return current, next_up


# --- codes typed by a facilitator -------------------------------------------


class CodeError(ValueError):
    """A typed code that names no usable cell or topic; the message says why."""


_CELL_CODE = re.compile(r"(\d{1,4})\s*[.,:]\s*(\d{1,4})")
_TOPIC_NUMBER = re.compile(r"#?\s*(\d{1,9})")


def parse_code(text: str) -> tuple[int, int] | None:
    """'2.3' → (2, 3): session number and space number (``Cell.code`` read
    back). A decimal comma ('2,3') and a colon work too."""
    match = _CELL_CODE.fullmatch((text or "").strip())
    return (int(match[1]), int(match[2])) if match else None


def cell_for_code(arena, text: str) -> tuple[AgendaItem, Space]:
    """The session and space a typed code names, or ``CodeError``."""
    typed = (text or "").strip()
    if not typed:
        raise CodeError(_("Type a cell as session.space, for example 2.3."))
    numbers = parse_code(typed)
    if numbers is None:
        raise CodeError(
            _("“%(typed)s” is not a cell. Type session.space, for example 2.3.")
            % {"typed": typed[:20]}
        )
    session = (
        AgendaItem.objects.for_arena(arena)
        .sessions()
        .filter(session_number=numbers[0])
        .select_related("day")
        .first()
    )
    if session is None:
        raise CodeError(_("There is no session %(n)s.") % {"n": numbers[0]})
    space = Space.objects.filter(arena=arena, number=numbers[1]).first()
    if space is None:
        raise CodeError(_("There is no space %(n)s.") % {"n": numbers[1]})
    return session, space


def free_cell_for_code(arena, text: str) -> tuple[AgendaItem, Space]:
    """Like ``cell_for_code``, and the cell must be free (a race is still
    decided by the database when the topic is placed)."""
    session, space = cell_for_code(arena, text)
    occupant = Group.objects.filter(session=session, space=space).select_related("topic").first()
    if occupant is not None:
        raise CodeError(
            _("Cell %(code)s is taken by “%(title)s”.")
            % {"code": Cell(session=session, space=space).code, "title": occupant.topic.title}
        )
    return session, space


def topic_for_code(arena, text: str) -> Topic:
    """What a merge goes into: the topic of the group at a typed cell code
    ('1.2'), or a topic by its number ('#17', as the queue shows it)."""
    typed = (text or "").strip()
    if parse_code(typed) is not None:
        session, space = cell_for_code(arena, typed)
        group = Group.objects.filter(session=session, space=space).select_related("topic").first()
        if group is None:
            raise CodeError(
                _("There is no group at %(code)s.")
                % {"code": Cell(session=session, space=space).code}
            )
        return group.topic
    match = _TOPIC_NUMBER.fullmatch(typed)
    if match is None:
        raise CodeError(
            _("Type the code of a group on the wall (for example 1.2) or a topic's number (#17).")
        )
    topic = Topic.objects.filter(arena=arena, pk=int(match[1])).first()
    if topic is None:
        raise CodeError(_("There is no topic #%(n)s.") % {"n": match[1]})
    return topic
