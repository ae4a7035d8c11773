"""The archive: keeping the index, and searching it.

Indexing: ``reindex_arena(arena)`` makes the arena's ``SearchDocument``s
match what its sources (``index.SOURCES``) say now, writing only the rows
that changed. It runs after commit whenever a watched model is saved or
deleted (``receivers``), and for everything with ``manage.py
reindex_archive``. ``reindex_arena_safely`` never raises: indexing must
never break saving, so a failure is logged and the next save (or the
command) puts it right.

Searching: ``search(user, query, filters)``: only arenas the user is a
member of; in an arena where the user only reads the report (a directorate
reader), only what is in the report. The same query finds the same hits in
the same order on SQLite and PostgreSQL (``fts.ranked_ids``).
"""

import logging
import re
import unicodedata
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from arena.models import ROLE_CAPABILITIES, Arena, Capability, Membership, Perspective
from reports.models import Pillar, SearchDocument
from reports.strategy import access as strategy_access
from sessions.models import Theme, ThemeKind

from . import fts, index

logger = logging.getLogger(__name__)

#: The fields a source's entry sets on its document.
FIELDS = (
    "title",
    "body",
    "url",
    "capability",
    "report_url",
    "in_report",
    "year",
    "theme_id",
    "perspective_ids",
    "pillar_ids",
    "title_terms",
    "body_terms",
)
MAX_WORDS = 8  # the words of a query that count
SNIPPET = 220  # characters of body around the first hit


# --- indexing ------------------------------------------------------------------------------


def _values(entry: index.Entry, year: int) -> dict:
    return {
        "title": entry.title[:300],
        "body": entry.body,
        "url": entry.url,
        "capability": str(entry.capability),
        "report_url": entry.report_url,
        "in_report": entry.in_report,
        "year": year,
        "theme_id": entry.theme_id,
        "perspective_ids": list(entry.perspective_ids),
        "pillar_ids": list(entry.pillar_ids),
        "title_terms": index.terms(entry.title),
        "body_terms": index.terms(entry.body),
    }


def reindex_arena(arena: Arena) -> dict:
    """Bring the arena's documents up to date; returns counts of what changed.

    The arena is read before the write transaction opens: on SQLite a write
    transaction holds the database's one write lock, and reading the arena
    is most of the time. A save that commits meanwhile schedules its own
    reindex, so nothing stays stale."""
    year = index.arena_year(arena)
    wanted = {(e.kind, e.object_pk): _values(e, year) for e in index.collect(arena)}
    with transaction.atomic():
        return _write(arena, wanted)


def _write(arena: Arena, wanted: dict) -> dict:
    have = {(d.kind, d.object_pk): d for d in SearchDocument.objects.filter(arena=arena)}
    now = timezone.now()
    gone = [d.pk for key, d in have.items() if key not in wanted]
    changed, new = [], []
    for key, values in wanted.items():
        doc = have.get(key)
        if doc is None:
            new.append(
                SearchDocument(arena=arena, kind=key[0], object_pk=key[1], updated_at=now, **values)
            )
        elif any(getattr(doc, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(doc, name, value)
            doc.updated_at = now
            changed.append(doc)
    if gone:
        SearchDocument.objects.filter(pk__in=gone).delete()
    if new:
        # A document of that kind and pk may still sit under another arena
        # (an object that moved arenas is not a thing Arena does; a stale row
        # after a failed run is): it goes first.
        stale = Q()
        for doc in new:
            stale |= Q(kind=doc.kind, object_pk=doc.object_pk)
        SearchDocument.objects.filter(stale).exclude(arena=arena).delete()
        SearchDocument.objects.bulk_create(new, batch_size=200)
    if changed:
        SearchDocument.objects.bulk_update(changed, [*FIELDS, "updated_at"], batch_size=200)
    return {"new": len(new), "changed": len(changed), "deleted": len(gone)}


def reindex_arena_safely(arena_pk: int) -> None:
    """``reindex_arena`` for after a commit: never raises (logs instead)."""
    try:
        arena = Arena.objects.filter(pk=arena_pk).first()
        if arena is None:
            SearchDocument.objects.filter(arena_id=arena_pk).delete()
            return
        reindex_arena(arena)
    except Exception:  # indexing never breaks saving; the next save or the command repairs it
        logger.exception("archive: indexing arena %s failed", arena_pk)


# --- who sees what -------------------------------------------------------------------------


@dataclass
class Access:
    """The user's arenas, what the user may open in each, and the years."""

    memberships: dict[int, Membership]
    years: dict[int, int]  # arena pk -> year

    def caps(self, arena_pk: int) -> frozenset:
        membership = self.memberships.get(arena_pk)
        return ROLE_CAPABILITIES.get(membership.role, frozenset()) if membership else frozenset()

    @property
    def staff_arenas(self) -> list[int]:
        """Arenas whose working screens the user sees: everything indexed."""
        staff = {Capability.FACILITATE, Capability.DOCUMENT}
        return [pk for pk in self.memberships if self.caps(pk) & staff]

    @property
    def report_arenas(self) -> list[int]:
        """Arenas where the user only reads the report: only what is in it."""
        staff = set(self.staff_arenas)
        return [
            pk
            for pk in self.memberships
            if pk not in staff and Capability.READ_REPORT in self.caps(pk)
        ]

    def link(self, doc: SearchDocument) -> str:
        caps = self.caps(doc.arena_id)
        if doc.url and doc.capability in caps:
            return doc.url
        if doc.report_url and Capability.READ_REPORT in caps:
            return doc.report_url
        return ""


def access_for(user) -> Access:
    """One query: the user's memberships with their arenas and first days."""
    if not user.is_authenticated:
        return Access({}, {})
    rows = (
        Membership.objects.filter(user=user)
        .select_related("arena")
        .annotate(first_day=Min("arena__days__date"))
    )
    memberships, years = {}, {}
    for m in rows:
        memberships[m.arena_id] = m
        years[m.arena_id] = index.arena_year(m.arena, m.first_day)
    return Access(memberships, years)


def arenas_by_year(access: Access) -> list[tuple[int, list[Arena]]]:
    """The user's arenas grouped by year, newest first."""
    by_year: dict[int, list[Arena]] = {}
    for pk, membership in access.memberships.items():
        by_year.setdefault(access.years[pk], []).append(membership.arena)
    return [
        (year, sorted(arenas, key=lambda a: (a.title.lower(), a.pk)))
        for year, arenas in sorted(by_year.items(), reverse=True)
    ]


def visible(access: Access):
    """The documents the user may find."""
    return SearchDocument.objects.filter(
        Q(arena_id__in=access.staff_arenas) | Q(arena_id__in=access.report_arenas, in_report=True)
    )


def theme_names(arena_pks: list[int]) -> list[tuple[int, str]]:
    """(pk, title) of the main areas (themes groups belong to) of those arenas."""
    return list(
        Theme.objects.filter(arena_id__in=arena_pks, kind=ThemeKind.AREA).values_list("pk", "title")
    )


def perspective_names(arena_pks: list[int]) -> list[tuple[int, str]]:
    return list(Perspective.objects.filter(arena_id__in=arena_pks).values_list("pk", "label"))


def pillar_choices(user) -> list[tuple[int, str]]:
    """The pillars of the strategies the user may read, "strategy: pillar"."""
    pillars = Pillar.objects.filter(strategy__in=strategy_access.readable_by(user)).select_related(
        "strategy"
    )
    return [
        (p.pk, f"{p.strategy.title}: {p.title}")
        for p in pillars.order_by("strategy__title", "strategy_id", "position", "pk")
    ]


# --- searching -----------------------------------------------------------------------------


@dataclass
class Filters:
    year: int | None = None
    theme_ids: list[int] | None = None  # None: any theme
    perspective_ids: list[int] | None = None
    pillar_ids: list[int] | None = None
    kind: str = ""

    @property
    def active(self) -> bool:
        return any(
            v is not None
            for v in (self.year, self.theme_ids, self.perspective_ids, self.pillar_ids)
        ) or bool(self.kind)


@dataclass
class Outcome:
    ids: list[int] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    #: Why nothing was searched: "" (it was), "empty" (no words and no filter),
    #: "no_words" (the query had no letters or digits).
    refused: str = ""


def search(access: Access, query: str, filters: Filters) -> Outcome:
    """The ids of the hits, best first."""
    words = index.words(query)[:MAX_WORDS]
    if not words and query.strip():
        return Outcome(refused="no_words")
    if not words and not filters.active:
        return Outcome(refused="empty")
    docs = visible(access)
    if filters.year is not None:
        docs = docs.filter(year=filters.year)
    if filters.kind:
        docs = docs.filter(kind=filters.kind)
    if filters.theme_ids is not None:
        docs = docs.filter(theme_id__in=filters.theme_ids)
    if filters.perspective_ids is not None:
        docs = docs.filter(fts.json_holds_any("perspective_ids", filters.perspective_ids))
    if filters.pillar_ids is not None:
        docs = docs.filter(fts.json_holds_any("pillar_ids", filters.pillar_ids))
    if not words:
        ids = list(docs.order_by("-year", "kind", "object_pk").values_list("pk", flat=True))
    else:
        ids = fts.ranked_ids(docs.values("pk"), words)
    return Outcome(ids=ids, words=words)


def documents(ids: list[int]) -> list[SearchDocument]:
    """The documents of ``ids``, in that order (one query)."""
    found = SearchDocument.objects.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


# --- highlighting --------------------------------------------------------------------------


def _hit_pattern(words: list[str]):
    if not words:
        return None
    alternatives = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    # a word of the query starting a word of the text (the query's words are prefixes)
    return re.compile(rf"(?<![^\W_])(?:{alternatives})[^\W_]*", re.IGNORECASE)


def highlight(text: str, words: list[str]) -> str:
    """``text`` escaped, then its hits in <mark>: safe HTML."""
    text = unicodedata.normalize("NFC", text or "")
    pattern = _hit_pattern(words)
    if pattern is None:
        return escape(text)
    out, last = [], 0
    for m in pattern.finditer(text):
        out.append(escape(text[last : m.start()]))
        out.append(f"<mark>{escape(m.group(0))}</mark>")
        last = m.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece escaped above


def snippet(text: str, words: list[str], size: int = SNIPPET) -> str:
    """A piece of ``text`` around its first hit, highlighted (safe HTML)."""
    text = " ".join(unicodedata.normalize("NFC", text or "").split())
    pattern = _hit_pattern(words)
    first = pattern.search(text) if pattern else None
    start = 0
    if first and first.start() > size // 3:
        start = text.rfind(" ", 0, first.start() - size // 3) + 1
    end = start + size
    if end < len(text):
        cut = text.rfind(" ", start, end)
        end = cut if cut > start else end
    piece = text[start:end]
    before = "… " if start > 0 else ""
    after = " …" if end < len(text) else ""
    return mark_safe(f"{before}{highlight(piece, words)}{after}")  # noqa: S308 - escaped
