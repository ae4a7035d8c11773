"""What the strategy's screens show, each in a fixed number of queries.

An *entry* is one input of the strategy: an arena's (``Input`` of a submitted
or approved group report in one of its arenas, ``assembly.IN_REPORT``) or one
typed in from another source (``SourceInput``). Entries are addressed by a
key, ``i<pk>`` or ``s<pk>``, in forms and URLs.

An arena input's *chain* is where it came from: its group (code, title), the
group report, the session (number, title, time), the room (space), the day,
the arena, and the perspectives of the report's participants, counted
(``arena.perspectives.presence``). Names only of those who agreed to be named
(``Participant.report_name``).

A council meeting's inputs (``CouncilInput``, recorded per discussion of an
arena of the council format) are entries too, of kind ``council`` and key
``c<pk>``: listed as a source ("Council meeting, discussion 2: …"), with a
chain of their own (:class:`CouncilChain`: the discussion, the introduction it
follows and its presenters, the day, the arena). They are tagged and marked
reviewed like the others (``PillarTag.council_input``,
``Strategy.reviewed_council_inputs``).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from arena.perspectives import presence
from reports.council.services import discussion_numbers
from reports.inputwall.selectors import numbered
from reports.models import (
    CouncilInput,
    Input,
    Pillar,
    PillarTag,
    ReportParticipant,
    SourceInput,
    Strategy,
)
from reports.publication.assembly import IN_REPORT
from sessions.models import Theme

INPUT, SOURCE, COUNCIL = "input", "source", "council"
_NUMBER = re.compile(r"\d+")


@dataclass
class Chain:
    arena_pk: int
    arena_title: str
    day: datetime.date
    session_number: int | None
    session_title: str
    session_start: datetime.time
    session_end: datetime.time
    space: str
    group_code: str
    group_title: str
    report_pk: int
    report_status: str
    report_status_label: str
    participants: int = 0
    perspectives: list[tuple[str, int]] = field(default_factory=list)  # (label, how many)
    names: list[str] = field(default_factory=list)  # only with consent

    @property
    def perspectives_text(self) -> str:
        return "; ".join(f"{label}: {n}" for label, n in self.perspectives)


@dataclass
class CouncilChain:
    """Where a council input comes from: its discussion at a council meeting."""

    arena_pk: int
    arena_title: str
    day: datetime.date
    discussion_pk: int
    discussion_number: int | None
    discussion_title: str
    discussion_start: datetime.time
    discussion_end: datetime.time
    introduction_title: str = ""
    introduction_start: datetime.time | None = None
    introduction_end: datetime.time | None = None
    presenters: str = ""

    @property
    def topic(self) -> str:
        """What was discussed: the introduction's title, else the discussion's."""
        return self.introduction_title or self.discussion_title


@dataclass
class Entry:
    key: str
    kind: str
    obj: object
    title: str
    text: str
    chain: Chain | None = None  # arena inputs only
    council: CouncilChain | None = None  # council inputs only
    source: str = ""  # source inputs: where from
    number: str = ""  # its number there, or the input's position in its group ("1.2 – 1")
    addressee: str = ""
    themes: list[str] = field(default_factory=list)
    tags: list[PillarTag] = field(default_factory=list)
    reviewed: bool = False

    @property
    def pk(self) -> int:
        return self.obj.pk

    @property
    def taggable(self) -> bool:
        """Every kind of input can be tagged (council inputs too, since #13)."""
        return True

    @property
    def is_input(self) -> bool:
        return self.kind == INPUT

    @property
    def is_council(self) -> bool:
        return self.kind == COUNCIL

    @property
    def tag_lookup(self) -> dict:
        """The ``PillarTag`` field that points at this entry's object."""
        name = {INPUT: "input", COUNCIL: "council_input", SOURCE: "source_input"}[self.kind]
        return {name: self.obj}

    @property
    def origin(self) -> str:
        """One line: where it came from."""
        if self.chain:
            return f"{self.chain.arena_title}, {self.chain.group_code} {self.chain.group_title}"
        if self.council:
            return f"{self.council.arena_title}, {self.source} {self.number}".strip()
        return f"{self.source} {self.number}".strip()

    @property
    def pillar_pks(self) -> set[int]:
        return {t.pillar_id for t in self.tags}


_PREFIX = {INPUT: "i", SOURCE: "s", COUNCIL: "c"}
_KIND = {v: k for k, v in _PREFIX.items()}


def entry_key(kind: str, pk: int) -> str:
    return f"{_PREFIX[kind]}{pk}"


def parse_key(key: str) -> tuple[str, int] | None:
    """``("input", 12)`` for ``"i12"``, ``("council", 3)`` for ``"c3"``; None
    for anything else."""
    if not isinstance(key, str) or len(key) < 2 or key[0] not in _KIND:
        return None
    digits = key[1:]
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 18:
        return None
    return _KIND[key[0]], int(digits)


# --- querysets ----------------------------------------------------------------------------

_CHAIN = (
    "report__group__topic",
    "report__group__space",
    "report__group__session__day__arena",
)


def arena_inputs(strategy: Strategy):
    """Every input of the strategy's arenas that is in a report (submitted or
    approved), with what its chain needs."""
    return (
        numbered(
            Input.objects.filter(
                report__group__arena__strategies=strategy, report__status__in=IN_REPORT
            )
        )
        .select_related(*_CHAIN)
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("position", "pk")))
        .order_by(
            "report__group__arena__pk",
            "report__group__session__session_number",
            "report__group__space__number",
            "position",
            "pk",
        )
    )


_COUNCIL_CHAIN = ("item__day__arena", "item__follows")


def council_inputs(strategy: Strategy):
    """The council's inputs recorded at the strategy's arenas, with their
    discussion, its introduction, day and arena (one query)."""
    return (
        CouncilInput.objects.filter(item__day__arena__strategies=strategy)
        .select_related(*_COUNCIL_CHAIN)
        .order_by("item__day__arena__pk", "item__day__date", "item__start", "position", "pk")
    )


def council_chain(row: CouncilInput, numbers: dict[int, int]) -> CouncilChain:
    item, intro = row.item, row.item.follows
    return CouncilChain(
        arena_pk=item.day.arena.pk,
        arena_title=item.day.arena.title,
        day=item.day.date,
        discussion_pk=item.pk,
        discussion_number=numbers.get(item.pk),
        discussion_title=item.title,
        discussion_start=item.start,
        discussion_end=item.end,
        introduction_title=intro.title if intro else "",
        introduction_start=intro.start if intro else None,
        introduction_end=intro.end if intro else None,
        presenters=(intro.presenters if intro else "") or item.presenters,
    )


def _entry(kind: str, row, **fields) -> Entry:
    """The entry of ``kind`` for ``row`` (an input, council input or source):
    its key, title and text, and ``fields``."""
    return Entry(
        key=entry_key(kind, row.pk), kind=kind, obj=row, title=row.title, text=row.text, **fields
    )


def _council_entry(row: CouncilInput, numbers: dict[int, int]) -> Entry:
    chain = council_chain(row, numbers)
    source = _("Council meeting, discussion %(n)s: %(topic)s") % {
        "n": chain.discussion_number or "",
        "topic": chain.topic,
    }
    return _entry(COUNCIL, row, council=chain, source=source, number=row.number)


def _council_entries(items: list[CouncilInput]) -> list[Entry]:
    """Entries for council inputs (one query more for the discussions'
    numbers, none when there are no council inputs)."""
    if not items:
        return []
    numbers = discussion_numbers({item.item.day.arena_id for item in items})
    return [_council_entry(row, numbers) for row in items]


def chains(inputs) -> dict[int, Chain]:
    """``{report pk: Chain}`` for the reports of ``inputs`` (two queries)."""
    reports = {item.report_id: item.report for item in inputs}
    if not reports:
        return {}
    people: dict[int, list] = {pk: [] for pk in reports}
    for row in (
        ReportParticipant.objects.filter(report_id__in=list(reports))
        .select_related("participant")
        .prefetch_related("participant__perspectives")
        .order_by("participant__display_name", "pk")
    ):
        people[row.report_id].append(row.participant)
    result = {}
    for pk, report in reports.items():
        group = report.group
        session = group.session
        everyone = [p for p in people[pk] if p.withdrawn_at is None]
        present, _missing = presence(everyone, ())
        present.sort(key=lambda pair: (-pair[1], pair[0].position, pair[0].label))
        result[pk] = Chain(
            arena_pk=session.day.arena.pk,
            arena_title=session.day.arena.title,
            day=session.day.date,
            session_number=session.session_number,
            session_title=session.title,
            session_start=session.start,
            session_end=session.end,
            space=str(group.space),
            group_code=group.code,
            group_title=group.topic.title,
            report_pk=pk,
            report_status=report.status,
            report_status_label=report.get_status_display(),
            participants=len(everyone),
            perspectives=[(perspective.label, n) for perspective, n in present],
            names=[p.report_name for p in everyone if p.report_name],
        )
    return result


def _input_entry(item: Input, chain: Chain, number: int | None = None) -> Entry:
    """``number``: the input's place in its report (``inputwall.selectors.numbered``)."""
    number = number or getattr(item, "number", None) or item.position + 1
    return _entry(
        INPUT,
        item,
        chain=chain,
        number=f"{chain.group_code} – {number}",
        addressee=item.get_addressee_display(),
        themes=[t.title for t in item.themes.all()],
    )


def _source_entry(item: SourceInput) -> Entry:
    return _entry(SOURCE, item, source=item.source, number=item.number, reviewed=item.reviewed)


def entries(strategy: Strategy, *, inputs=None, sources=None, council=None) -> list[Entry]:
    """The strategy's entries (arena inputs first, then the council's inputs,
    then the other sources) with their tags and reviewed marks. ``inputs`` /
    ``sources`` / ``council`` narrow the querysets (filters); the council's
    inputs come along by themselves only when neither ``inputs`` nor
    ``sources`` is given (a caller that narrows those and not ``council``
    gets none of them). Ten queries whatever the size (seven and one
    without council inputs)."""
    if council is None and inputs is None and sources is None:
        council = council_inputs(strategy)
    inputs = list(arena_inputs(strategy) if inputs is None else inputs)
    sources = sorted(strategy.source_inputs.all() if sources is None else sources, key=source_order)
    by_report = chains(inputs)
    result = [_input_entry(item, by_report[item.report_id]) for item in inputs]
    result += _council_entries(list(council) if council is not None else [])
    result += [_source_entry(item) for item in sources]
    _attach_tags(strategy, result)
    return result


def tag_key(tag: PillarTag) -> str:
    """The key of the entry ``tag`` tags."""
    if tag.input_id:
        return entry_key(INPUT, tag.input_id)
    if tag.council_input_id:
        return entry_key(COUNCIL, tag.council_input_id)
    return entry_key(SOURCE, tag.source_input_id)


def _attach_tags(strategy: Strategy, result: list[Entry]) -> None:
    reviewed = set(strategy.reviewed_inputs.values_list("pk", flat=True))
    by_key = {e.key: e for e in result}
    for tag in (
        PillarTag.objects.filter(pillar__strategy=strategy)
        .select_related("pillar")
        .order_by("pillar__position", "pillar__pk", "pk")
    ):
        entry = by_key.get(tag_key(tag))
        if entry is not None:
            entry.tags.append(tag)
    council = [e for e in result if e.is_council]
    reviewed_council = (
        set(strategy.reviewed_council_inputs.values_list("pk", flat=True)) if council else set()
    )
    for entry in result:
        if entry.is_input:
            entry.reviewed = entry.pk in reviewed
        elif entry.is_council:
            entry.reviewed = entry.pk in reviewed_council


def entry(strategy: Strategy, key: str) -> Entry | None:
    """One entry of the strategy by key (None if it is not the strategy's)."""
    parsed = parse_key(key)
    if parsed is None:
        return None
    kind, pk = parsed
    if kind == COUNCIL:
        found = entries(
            strategy, inputs=[], sources=[], council=council_inputs(strategy).filter(pk=pk)
        )
    elif kind == INPUT:
        found = entries(strategy, inputs=arena_inputs(strategy).filter(pk=pk), sources=[])
    else:
        found = entries(strategy, inputs=[], sources=strategy.source_inputs.filter(pk=pk))
    return found[0] if found else None


def strategy_themes(strategy: Strategy):
    return Theme.objects.filter(arena__strategies=strategy).select_related("arena")


# --- the trace ----------------------------------------------------------------------------


@dataclass
class PillarTrace:
    pillar: Pillar
    rows: list[tuple[PillarTag, Entry]]  # each tag with the entry it tags

    @property
    def inputs(self) -> int:
        return sum(1 for _tag, e in self.rows if e.is_input)

    @property
    def council(self) -> int:
        return sum(1 for _tag, e in self.rows if e.is_council)

    @property
    def sources(self) -> int:
        return sum(1 for _tag, e in self.rows if e.kind == SOURCE)

    @property
    def chains(self) -> list[Chain]:
        """The groups behind the pillar, each once."""
        seen: dict[int, Chain] = {}
        for _tag, e in self.rows:
            if e.chain is not None:
                seen.setdefault(e.chain.report_pk, e.chain)
        return list(seen.values())

    @property
    def arena_titles(self) -> list[str]:
        return list(dict.fromkeys(c.arena_title for c in self.chains))

    @property
    def perspectives(self) -> list[tuple[str, int, int]]:
        """``(label, in how many of its groups, how many people)`` over the
        groups behind the pillar, most groups first."""
        found: dict[str, list[int]] = {}
        for chain in self.chains:
            for label, n in chain.perspectives:
                counts = found.setdefault(label, [0, 0])
                counts[0] += 1
                counts[1] += n
        return sorted(((k, g, n) for k, (g, n) in found.items()), key=lambda t: (-t[1], -t[2]))


def trace(strategy: Strategy, pillar: Pillar | None = None) -> list[PillarTrace]:
    """Each pillar (or just ``pillar``) with its tagged entries and their
    chains, in the pillars' order. A fixed number of queries."""
    pillars = [pillar] if pillar is not None else list(strategy.pillars.all())
    tags = list(
        PillarTag.objects.filter(pillar__in=pillars)
        .filter(
            # an input whose report went back to draft is out of the trace
            # (and back in when it is submitted again)
            input__isnull=True,
            council_input__isnull=True,
        )
        .select_related("source_input")
        .order_by("pk")
    )
    council = list(
        PillarTag.objects.filter(
            pillar__in=pillars, council_input__item__day__arena__strategies=strategy
        )
        .select_related(*(f"council_input__{path}" for path in _COUNCIL_CHAIN))
        .order_by("pk")
    )
    numbers_council = (
        discussion_numbers({t.council_input.item.day.arena_id for t in council}) if council else {}
    )
    tags += list(
        PillarTag.objects.filter(pillar__in=pillars, input__report__status__in=IN_REPORT)
        .filter(input__report__group__arena__strategies=strategy)
        .select_related(*(f"input__{path}" for path in _CHAIN))
        .prefetch_related(
            Prefetch("input__themes", queryset=Theme.objects.order_by("position", "pk"))
        )
        .order_by("pk")
    )
    by_report = chains([t.input for t in tags if t.input_id])
    numbers = dict(
        numbered(Input.objects.filter(pk__in=[t.input_id for t in tags if t.input_id]))
        .order_by()
        .values_list("pk", "number")
    )
    traced = {p.pk: PillarTrace(pillar=p, rows=[]) for p in pillars}
    for tag in sorted(tags + council, key=_tag_order):
        if tag.input_id:
            e = _input_entry(tag.input, by_report[tag.input.report_id], numbers[tag.input_id])
        elif tag.council_input_id:
            e = _council_entry(tag.council_input, numbers_council)
        else:
            e = _source_entry(tag.source_input)
        traced[tag.pillar_id].rows.append((tag, e))
    return list(traced.values())


def _tag_order(tag: PillarTag):
    """Arena inputs by arena, session, room, position; then the council's
    inputs by arena, day, discussion; then the other sources."""
    if tag.input_id:
        group = tag.input.report.group
        return (0, group.arena_id, group.session.session_number or 0, group.space.number,
                tag.input.position, tag.input.pk)  # fmt: skip
    if tag.council_input_id:
        row = tag.council_input
        return (1, row.item.day.arena_id, row.item.day.date, row.item.start, row.position, row.pk)
    return (2, *source_order(tag.source_input))


def source_order(item: SourceInput) -> tuple:
    """By source, then by number the way people count ("1.2" before "1.10")."""
    parts = tuple(int(p) if p.isdigit() else 0 for p in _NUMBER.findall(item.number))
    return (item.source.casefold(), parts, item.number, item.pk)
