"""Queries for the follow-up screens, each in a fixed number of queries:

- the arena's inputs (of submitted or approved reports) with their current
  status, its date and pillar: annotated from the latest
  ``InputStatusChange`` in the same query (none: "received");
- one input's timeline;
- the pillars an input can be taken into (of the strategies over the arena);
- the inputs a participant's groups produced (the phone page);
- what is due: the groups' next steps, with the next meeting read as a date
  where it can be (``dates.parse_meeting_date``).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import CharField, DateTimeField, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from arena.models import Arena, Participant
from proposals.models import Attendance
from reports.inputwall.selectors import ON_WALL, for_display, input_code, wall_inputs
from reports.models import (
    FollowUpStatus,
    GroupReport,
    Input,
    InputStatusChange,
    Pillar,
    ReportParticipant,
)

from .dates import parse_meeting_date

#: A next meeting this many days ahead (or fewer) is "due soon".
DUE_SOON_DAYS = 14

ORDER = ("report__group__session__session_number", "report__group__space__number", "position")


def with_status(queryset):
    """Annotate ``current_status`` (a ``FollowUpStatus`` value), ``status_at``
    (None while "received"), ``status_pillar_pk``, ``status_pillar`` (its
    title) and ``status_reason`` from each input's latest change: correlated
    subqueries, no extra round trip."""
    latest = InputStatusChange.objects.filter(input=OuterRef("pk")).order_by("-changed_at", "-pk")
    return queryset.annotate(
        current_status=Coalesce(
            Subquery(latest.values("status")[:1], output_field=CharField()),
            Value(FollowUpStatus.RECEIVED),
        ),
        status_at=Subquery(latest.values("changed_at")[:1], output_field=DateTimeField()),
        status_pillar_pk=Subquery(latest.values("pillar")[:1], output_field=IntegerField()),
        status_pillar=Subquery(latest.values("pillar__title")[:1], output_field=CharField()),
        status_reason=Subquery(latest.values("reason")[:1], output_field=CharField()),
    )


def _decorate(items: list[Input]) -> list[Input]:
    for item in items:
        item.code = input_code(item)
        item.status_label = FollowUpStatus(item.current_status).label
        # "received": when its report came in (the first line of its timeline)
        item.received_at = item.report.submitted_at or item.created_at
        item.status_date = item.status_at or item.received_at
    return items


def followup_inputs(arena: Arena, status: str = "") -> list[Input]:
    """Every input on the arena's wall with its current status, in the
    wall's order; ``status``: only those whose current status it is."""
    queryset = with_status(for_display(wall_inputs(arena)))
    if status:
        queryset = queryset.filter(current_status=status)
    return _decorate(list(queryset.order_by(*ORDER)))


def status_counts(items: list[Input]) -> list[tuple[str, str, int]]:
    """(value, label, how many) for each status, from an unfiltered list."""
    counts = {value: 0 for value in FollowUpStatus.values}
    for item in items:
        counts[item.current_status] += 1
    return [(value, label, counts[value]) for value, label in FollowUpStatus.choices]


def followup_input(arena: Arena, input_pk: int) -> Input | None:
    """One input on the arena's wall, with its current status (or None)."""
    found = list(with_status(for_display(wall_inputs(arena))).filter(pk=input_pk))
    return _decorate(found)[0] if found else None


def timeline(item: Input) -> list[InputStatusChange]:
    """The input's changes, oldest first."""
    return list(
        InputStatusChange.objects.filter(input=item)
        .select_related("pillar__strategy", "changed_by")
        .order_by("changed_at", "pk")
    )


def pillars_for(arena: Arena):
    """The pillars of the strategies over the arena (what an input can be
    taken into), strategy by strategy."""
    return (
        Pillar.objects.filter(strategy__arenas=arena)
        .select_related("strategy")
        .order_by("strategy__title", "strategy_id", "position", "pk")
        .distinct()
    )


# --- the phone ------------------------------------------------------------------------


def participant_inputs(arena: Arena, participant: Participant) -> list[Input]:
    """The inputs of the groups ``participant`` took part in (listed in the
    report) or said "I'm going" to, with their current status, in one query."""
    took_part = ReportParticipant.objects.filter(participant=participant).values("report__group")
    going = Attendance.objects.filter(participant=participant).values("group")
    queryset = wall_inputs(arena).filter(
        Q(report__group__in=took_part) | Q(report__group__in=going)
    )
    return _decorate(list(with_status(for_display(queryset)).order_by(*ORDER)))


# --- what is due ----------------------------------------------------------------------


@dataclass
class DueItem:
    report: GroupReport
    next_step: str
    coordinator: str
    next_meeting: str  # as typed
    date: datetime.date | None = None
    state: str = ""  # "past", "soon" or "" (later)

    @property
    def group(self):
        return self.report.group

    @property
    def shown(self) -> str:
        """The date as the page shows it (the text as typed goes next to it if different)."""
        return self.date.strftime("%d.%m.%Y") if self.date else ""


@dataclass
class Due:
    dated: list[DueItem] = field(default_factory=list)  # by date, earliest first
    unparsed: list[DueItem] = field(default_factory=list)  # a next meeting we cannot read
    undated: list[DueItem] = field(default_factory=list)  # a next step, no meeting

    @property
    def empty(self) -> bool:
        return not (self.dated or self.unparsed or self.undated)


def due(arena: Arena, today: datetime.date | None = None) -> Due:
    """Each group (submitted or approved report) with a next step, a
    coordinator or a next meeting on its action sheet. Nothing typed is
    changed: ``next_meeting`` stays as typed; ``date`` is what it was read as."""
    today = today or timezone.localdate()
    reports = (
        GroupReport.objects.filter(group__arena=arena, status__in=ON_WALL)
        .select_related("group__topic", "group__session", "group__space")
        .order_by("group__session__session_number", "group__space__number")
    )
    result = Due()
    for report in reports:
        sheet = report.action_sheet if isinstance(report.action_sheet, dict) else {}
        texts = {
            key: sheet.get(key) if isinstance(sheet.get(key), str) else ""
            for key in ("next_step", "coordinator", "next_meeting")
        }
        if not any(value.strip() for value in texts.values()):
            continue
        item = DueItem(report, **texts)
        if not item.next_meeting.strip():
            result.undated.append(item)
            continue
        item.date = parse_meeting_date(item.next_meeting)
        if item.date is None:
            result.unparsed.append(item)
            continue
        if item.date < today:
            item.state = "past"
        elif (item.date - today).days <= DUE_SOON_DAYS:
            item.state = "soon"
        result.dated.append(item)
    result.dated.sort(key=lambda item: item.date)  # stable: same day keeps the wall's order
    return result
