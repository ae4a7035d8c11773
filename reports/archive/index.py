"""What the archive indexes: the registry of source kinds and the words.

A source kind (topics, inputs, group reports; council inputs later) is one
``register(Source(...))``: its ``collect(context)`` turns one arena into
``Entry``s and ``watch`` names the models whose saves and deletes make the
arena be indexed again (``reports.archive.receivers``). Everything a source
needs about the arena is worked out once per arena in ``ArenaContext``
(the year, the groups, the perspectives present, the pillars), in a fixed
number of queries whatever the arena's size.

Council inputs, say, would be one more registration (and, if their arena is
not a field of the row, one more entry in ``RESOLVERS``)::

    register(Source("council", label=_("Council input"), collect=_council_inputs,
                    watch=((CouncilInput, pointer("arena", "arena_id")),)))

where ``_council_inputs(ctx)`` yields an ``Entry`` per input of ``ctx.arena``
(its ``url`` and ``capability``, its ``report_url`` if the report shows it).
The search page's "kind" filter offers every registered kind.

``terms`` is the one tokenizer: the index (both databases) and the queries
use it, so SQLite FTS5 and PostgreSQL see exactly the same words.
"""

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from arena.models import Arena, Capability
from proposals.models import Attendance, Group, Topic, TopicStatus
from reports.models import (
    CouncilInput,
    GroupReport,
    Input,
    PillarTag,
    ReportParticipant,
    ReportStatus,
    TemplateSection,
)
from sessions.models import AgendaItem

#: A word: letters and digits (Unicode), as FTS5's unicode61 tokenizer sees them.
WORD = re.compile(r"[^\W_]+")
#: Longer "words" are not indexed (PostgreSQL refuses lexemes over 2 KB).
MAX_WORD = 60
IN_REPORT = (ReportStatus.SUBMITTED, ReportStatus.APPROVED)


def words(text: str) -> list[str]:
    """The words of ``text``, NFC-normalised and lower-cased, in order."""
    text = unicodedata.normalize("NFC", text or "").lower()
    return [w for w in WORD.findall(text) if len(w) <= MAX_WORD]


def terms(text: str) -> str:
    """What the full-text index reads: the words separated by single spaces."""
    return " ".join(words(text))


@dataclass
class Entry:
    """One searchable thing, as a source describes it."""

    kind: str
    object_pk: int
    title: str
    body: str = ""
    url: str = ""
    capability: str = ""
    report_url: str = ""
    in_report: bool = False
    theme_id: int | None = None
    perspective_ids: list[int] = field(default_factory=list)
    pillar_ids: list[int] = field(default_factory=list)


@dataclass
class Source:
    kind: str
    label: str  # shown on each hit (a lazy translation)
    collect: Callable[["ArenaContext"], Iterable[Entry]]
    #: (model, pointer_of(instance) -> Pointer or None): saves that reindex.
    watch: tuple = ()


SOURCES: dict[str, Source] = {}


def register(source: Source) -> Source:
    SOURCES[source.kind] = source
    return source


def arena_year(arena: Arena, first_day=None) -> int:
    """The year of the arena's first day (its creation's without days)."""
    if first_day is None:
        day = arena.days.order_by("date").first()
        first_day = day.date if day else None
    return first_day.year if first_day else arena.created_at.year


class ArenaContext:
    """What every source needs about one arena, read once."""

    def __init__(self, arena: Arena):
        self.arena = arena
        self.year = arena_year(arena)
        self.preview = reverse("reports:report_preview", args=[arena.pk])
        self.groups = {
            g.pk: g for g in Group.objects.filter(arena=arena).select_related("session", "space")
        }
        self.group_of_topic = {g.topic_id: g.pk for g in self.groups.values()}
        self.topic_titles = dict(Topic.objects.filter(arena=arena).values_list("pk", "title"))
        self.reports = {
            r.group_id: r
            for r in GroupReport.objects.filter(group__arena=arena).select_related("template")
        }
        perspectives = defaultdict(set)
        rows = ReportParticipant.objects.filter(report__group__arena=arena).values_list(
            "report__group_id", "participant__perspectives"
        )
        rows2 = Attendance.objects.filter(group__arena=arena).values_list(
            "group_id", "participant__perspectives"
        )
        for group_pk, perspective_pk in [*rows, *rows2]:
            if perspective_pk is not None:
                perspectives[group_pk].add(perspective_pk)
        self.perspectives = perspectives
        self.inputs = list(
            Input.objects.filter(report__group__arena=arena).select_related("report")
        )
        pillars_of_input = defaultdict(set)
        for input_pk, pillar_pk in PillarTag.objects.filter(
            input__report__group__arena=arena
        ).values_list("input_id", "pillar_id"):
            pillars_of_input[input_pk].add(pillar_pk)
        self.pillars_of_input = pillars_of_input
        pillars_of_group = defaultdict(set)
        for item in self.inputs:
            pillars_of_group[item.report.group_id] |= pillars_of_input[item.pk]
        self.pillars_of_group = pillars_of_group

    def group_facets(self, group_pk: int | None) -> dict:
        """theme, perspectives and pillars of a group (none without one)."""
        group = self.groups.get(group_pk)
        if group is None:
            return {}
        return {
            "theme_id": group.theme_id,
            "perspective_ids": sorted(self.perspectives[group.pk]),
            "pillar_ids": sorted(self.pillars_of_group[group.pk]),
        }

    def in_report(self, group_pk: int | None) -> bool:
        report = self.reports.get(group_pk)
        return report is not None and report.status in IN_REPORT

    def editor(self, group_pk: int, anchor: str = "") -> str:
        url = reverse("reports:edit", args=[self.arena.pk, group_pk])
        return f"{url}#{anchor}" if anchor else url


# --- the sources ---------------------------------------------------------------------------


def _topics(ctx: ArenaContext) -> Iterable[Entry]:
    topics = Topic.objects.filter(arena=ctx.arena).exclude(status=TopicStatus.REJECTED)
    for topic in topics:
        group_pk = ctx.group_of_topic.get(topic.merged_into_id or topic.pk)
        if group_pk:
            url = reverse("proposals:group_actions", args=[ctx.arena.pk, group_pk])
        else:
            url = reverse("proposals:wall", args=[ctx.arena.pk]) + f"#topic-{topic.pk}"
        yield Entry(
            kind="topic",
            object_pk=topic.pk,
            title=topic.title,
            body=topic.description,
            url=url,
            capability=Capability.FACILITATE,
            report_url=f"{ctx.preview}#group-{group_pk}" if group_pk else "",
            in_report=ctx.in_report(group_pk),
            **ctx.group_facets(group_pk),
        )


def _section_text(value) -> str:
    if isinstance(value, list):
        return "\n".join(str(v) for v in value if v)
    return str(value or "")


def _group_reports(ctx: ArenaContext) -> Iterable[Entry]:
    template_pks = {r.template_id for r in ctx.reports.values()}
    sections = {
        str(s.pk): s.title for s in TemplateSection.objects.filter(template_id__in=template_pks)
    }
    for group_pk, report in ctx.reports.items():
        group = ctx.groups[group_pk]
        parts = []
        for key, value in (report.content or {}).items():
            text = _section_text(value).strip()
            if text:
                title = sections.get(str(key), "")
                parts.append(f"{title}: {text}" if title else text)
        topic_title = ctx.topic_titles.get(group.topic_id, "")
        yield Entry(
            kind="report",
            object_pk=report.pk,
            title=f"{group.code} {topic_title}".strip(),
            body="\n".join(parts),
            url=ctx.editor(group_pk),
            capability=Capability.DOCUMENT,
            report_url=f"{ctx.preview}#group-{group_pk}",
            in_report=report.status in IN_REPORT,
            **ctx.group_facets(group_pk),
        )


def _inputs(ctx: ArenaContext) -> Iterable[Entry]:
    for item in ctx.inputs:
        group_pk = item.report.group_id
        facets = ctx.group_facets(group_pk)
        facets["pillar_ids"] = sorted(ctx.pillars_of_input[item.pk])
        yield Entry(
            kind="input",
            object_pk=item.pk,
            title=item.title,
            body=item.text,
            url=ctx.editor(group_pk, f"input-{item.pk}"),
            capability=Capability.DOCUMENT,
            report_url=f"{ctx.preview}#input-{item.pk}",
            in_report=item.report.status in IN_REPORT,
            **facets,
        )


# --- from a saved row to its arena, without a query at save time ------------------------


class Pointer(NamedTuple):
    """How to find a row's arena after commit: ``(what, pk)``, ``what`` one
    of ``RESOLVERS`` ("arena", "group", "report", "input")."""

    what: str
    pk: int


#: what -> (model, the lookup from it to its arena's pk)
RESOLVERS = {
    "group": (Group, "arena_id"),
    "report": (GroupReport, "group__arena_id"),
    "input": (Input, "report__group__arena_id"),
    "agenda_item": (AgendaItem, "day__arena_id"),
}


def resolve(pointers: Iterable[Pointer]) -> set[int]:
    """The arenas the pointers lead to (one query per kind of pointer)."""
    arenas, by_what = set(), defaultdict(set)
    for pointer in pointers:
        if pointer.what == "arena":
            arenas.add(pointer.pk)
        else:
            by_what[pointer.what].add(pointer.pk)
    for what, pks in by_what.items():
        model, lookup = RESOLVERS[what]
        arenas |= set(model.objects.filter(pk__in=pks).values_list(lookup, flat=True))
    arenas.discard(None)
    return arenas


def pointer(what: str, attname: str):
    """A ``Source.watch`` entry's function: the row's ``attname`` as a ``Pointer``."""

    def pointer_of(instance) -> Pointer | None:
        pk = getattr(instance, attname, None)
        return Pointer(what, pk) if pk else None

    return pointer_of


def collect(arena: Arena) -> list[Entry]:
    """Every entry of ``arena``, of every registered source kind."""
    ctx = ArenaContext(arena)
    entries = []
    for source in SOURCES.values():
        entries.extend(source.collect(ctx))
    return entries


register(
    Source(
        "topic",
        label=_("Topic"),
        collect=_topics,
        watch=((Topic, pointer("arena", "arena_id")), (Group, pointer("arena", "arena_id"))),
    )
)
register(
    Source(
        "report",
        label=_("Group report"),
        collect=_group_reports,
        watch=(
            (GroupReport, pointer("group", "group_id")),
            (ReportParticipant, pointer("report", "report_id")),
        ),
    )
)
register(
    Source(
        "input",
        label=_("Input"),
        collect=_inputs,
        watch=(
            (Input, pointer("report", "report_id")),
            (PillarTag, pointer("input", "input_id")),
        ),
    )
)


def _council_inputs(ctx: ArenaContext) -> Iterable[Entry]:
    """The council's inputs of a council meeting, each on its discussion's screen."""
    rows = (
        CouncilInput.objects.filter(item__day__arena=ctx.arena)
        .select_related("item__follows")
        .order_by("item__day__date", "item__start", "position", "pk")
    )
    for row in rows:
        intro = row.item.follows
        discussion = reverse("reports:council_discussion", args=[ctx.arena.pk, row.item_id])
        yield Entry(
            kind="council",
            object_pk=row.pk,
            title=f"{row.number} {row.title}",
            body="\n".join(
                filter(None, [row.text, intro and intro.title, intro and intro.presenters])
            ),
            url=f"{discussion}#input-{row.pk}",
            capability=Capability.FACILITATE,
        )


register(
    Source(
        "council",
        label=_("Council input"),
        collect=_council_inputs,
        watch=((CouncilInput, pointer("agenda_item", "item_id")),),
    )
)
