"""Queries for the input wall's screens: the inputs on the wall and their
codes, the wall's filters (GET parameters, parsed forgivingly), the wall
itself in a fixed number of queries, comments, and a vote's rows and results."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from arena.models import Arena, Participant, Perspective
from arena.params import int_param
from proposals.models import Attendance, Topic, TopicKind, TopicStatus
from reports.models import (
    Addressee,
    Dot,
    GroupReport,
    Input,
    InputComment,
    ReportParticipant,
    ReportStatus,
    Vote,
)
from sessions.models import AgendaItem, Space, Theme, ThemeKind

ON_WALL = (ReportStatus.SUBMITTED, ReportStatus.APPROVED)

# --- the inputs on the wall -------------------------------------------------------


def wall_inputs(arena: Arena):
    """Every input of ``arena`` whose report is submitted or approved."""
    return Input.objects.filter(report__group__arena=arena, report__status__in=ON_WALL)


def numbered(queryset):
    """Annotate ``number``: the input's place in its report (1, 2, …), counted
    over ALL the report's inputs, so "3.8 – 2" stays the same whatever the
    filter. One correlated subquery, no extra round trip."""
    earlier = (
        Input.objects.filter(report=OuterRef("report"))
        .filter(
            Q(position__lt=OuterRef("position"))
            | Q(position=OuterRef("position"), pk__lte=OuterRef("pk"))
        )
        .order_by()
        .values("report")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.annotate(number=Subquery(earlier[:1], output_field=IntegerField()))


def for_display(queryset):
    """What showing an input's code and group needs, in the same query."""
    return numbered(queryset).select_related(
        "report__group__topic", "report__group__session", "report__group__space"
    )


def input_code(item: Input) -> str:
    """'3.8 – 2': the group's code and the input's number (needs ``numbered``)."""
    return f"{item.report.group.code} – {item.number}"


# --- the wall ---------------------------------------------------------------------


@dataclass
class Filters:
    session: AgendaItem | None = None
    space: Space | None = None
    perspective: Perspective | None = None
    addressee: str = ""
    #: A main area (``Theme``), or ``NO_THEME`` for groups without one.
    theme: object = None

    @property
    def active(self) -> bool:
        return bool(self.session or self.space or self.perspective or self.addressee or self.theme)

    @property
    def theme_value(self) -> str:
        if self.theme is None:
            return ""
        return NO_THEME if self.theme == NO_THEME else str(self.theme.pk)

    @property
    def addressee_label(self) -> str:
        return Addressee(self.addressee).label if self.addressee else ""

    def querystring(self) -> str:
        params = {
            "session": self.session.session_number if self.session else "",
            "space": self.space.number if self.space else "",
            "perspective": self.perspective.pk if self.perspective else "",
            "addressee": self.addressee,
            "theme": self.theme_value,
        }
        return urlencode({k: v for k, v in params.items() if v})


@dataclass
class FilterOptions:
    sessions: list
    spaces: list
    perspectives: list
    addressees: list = field(default_factory=lambda: list(Addressee.choices))
    themes: list = field(default_factory=list)  # the arena's main areas, in order
    cross_themes: list = field(default_factory=list)  # their walls: links, not filters


def filter_options(arena: Arena) -> FilterOptions:
    themes = list(Theme.objects.filter(arena=arena).order_by("position", "pk"))
    return FilterOptions(
        sessions=list(
            AgendaItem.objects.for_arena(arena)
            .sessions()
            .exclude(session_number=None)
            .select_related("day")
            .order_by("session_number")
        ),
        spaces=list(arena.spaces.order_by("number")),
        perspectives=list(arena.perspectives.all()),
        themes=[t for t in themes if t.kind == ThemeKind.AREA],
        cross_themes=[t for t in themes if t.kind == ThemeKind.CROSS],
    )


#: The theme filter's value for "groups without a theme".
NO_THEME = "none"


def parse_filters(params, options: FilterOptions) -> tuple[Filters, list[str]]:
    """GET parameters → filters; anything unknown is ignored with a note
    (never an error page: a phone may carry an old or hand-edited link)."""
    filters, notes = Filters(), []

    def pick(name: str, choices: dict, label: str):
        raw = params.get(name, "")
        if not raw.strip():
            return None
        found = choices.get(int_param(raw))
        if found is None:
            notes.append(
                _("There is no %(what)s “%(value)s”; showing all.")
                % {"what": label, "value": raw[:40]}
            )
        return found

    filters.session = pick("session", {s.session_number: s for s in options.sessions}, _("session"))
    filters.space = pick("space", {s.number: s for s in options.spaces}, _("space"))
    filters.perspective = pick(
        "perspective", {p.pk: p for p in options.perspectives}, _("perspective")
    )
    theme = params.get("theme", "").strip()
    if theme == NO_THEME and options.themes:
        filters.theme = NO_THEME
    elif theme:
        filters.theme = pick("theme", {t.pk: t for t in options.themes}, _("theme"))
    addressee = params.get("addressee", "").strip()
    if addressee in Addressee.values:
        filters.addressee = addressee
    elif addressee:
        notes.append(
            _("There is no %(what)s “%(value)s”; showing all.")
            % {"what": _("addressee"), "value": addressee[:40]}
        )
    return filters, notes


@dataclass
class Section:
    """One group's inputs on the wall, with the day-2 topics that build on it."""

    report: object
    inputs: list = field(default_factory=list)
    followups: list = field(default_factory=list)

    @property
    def group(self):
        return self.report.group

    @property
    def dom_id(self) -> str:
        return f"inputs-g{self.report.group_id}"


def _perspective_filter(perspective: Perspective):
    """Inputs of groups where someone with the perspective took part: the
    report's participants, or, when the report lists none, who said
    "I'm going" to the group."""
    listed = ReportParticipant.objects.filter(report=OuterRef("report"))
    attended = Attendance.objects.filter(
        group=OuterRef("report__group"), participant__perspectives=perspective
    )
    return Exists(listed.filter(participant__perspectives=perspective)) | (
        ~Exists(listed) & Exists(attended)
    )


def comments_with_authors(comments):
    """Comments with what their authors' public names need: the wall and its
    broadcasts are the room's, so an author is named only with consent
    (``Participant.public_name``), otherwise by perspective."""
    return comments.select_related("participant").prefetch_related("participant__perspectives")


GROUPS_PER_PAGE = 10  # about 50 inputs: a phone page of ~12 KB, rendered in ~50 ms
MAX_PAGE = 10_000


@dataclass
class Wall:
    sections: list
    page: int = 1
    has_more: bool = False


def build_input_wall(
    arena: Arena,
    filters: Filters | None = None,
    *,
    group_pk=None,
    page: int = 1,
    per_page: int | None = GROUPS_PER_PAGE,
) -> Wall:
    """The wall as sections (one per group), newest submitted report first,
    ``per_page`` groups a page (None: all). A fixed number of queries
    whatever the number of inputs: the page's reports, inputs, comments,
    follow-ups."""
    matching = wall_inputs(arena)
    filters = filters or Filters()
    if filters.session:
        matching = matching.filter(report__group__session=filters.session)
    if filters.space:
        matching = matching.filter(report__group__space=filters.space)
    if filters.addressee:
        matching = matching.filter(addressee=filters.addressee)
    if filters.perspective:
        matching = matching.filter(_perspective_filter(filters.perspective))
    if filters.theme == NO_THEME:
        matching = matching.filter(report__group__theme=None)
    elif filters.theme is not None:
        matching = matching.filter(report__group__theme=filters.theme)
    if group_pk is not None:
        matching = matching.filter(report__group_id=group_pk)
    has_more = False
    if per_page is not None:
        reports = (
            GroupReport.objects.filter(Exists(matching.filter(report=OuterRef("pk"))))
            .order_by(F("submitted_at").desc(nulls_last=True), "pk")
            .values_list("pk", flat=True)
        )
        start = (page - 1) * per_page
        report_pks = list(reports[start : start + per_page + 1])
        has_more = len(report_pks) > per_page
        matching = matching.filter(report_id__in=report_pks[:per_page])
    inputs = (
        for_display(matching)
        .select_related(
            "report__group__theme",
            "report__group__topic__builds_on__group__session",
            "report__group__topic__builds_on__group__space",
            "report__group__topic__builds_on__merged_into__group__session",
            "report__group__topic__builds_on__merged_into__group__space",
        )
        .prefetch_related(
            Prefetch("comments", queryset=comments_with_authors(InputComment.objects))
        )
        .order_by(F("report__submitted_at").desc(nulls_last=True), "report_id", "position", "pk")
    )
    sections: dict[int, Section] = {}
    for item in inputs:
        section = sections.setdefault(item.report_id, Section(report=item.report))
        section.inputs.append(item)
    by_topic = {s.report.group.topic_id: s for s in sections.values()}
    if by_topic:
        followups = (
            Topic.objects.filter(
                builds_on__in=by_topic,
                kind__in=[TopicKind.DEEPENING, TopicKind.IMPLEMENTATION],
                status__in=[TopicStatus.PLACED, TopicStatus.MERGED],
            )
            .select_related(
                "group__session",
                "group__space",
                "merged_into__group__session",
                "merged_into__group__space",
            )
            .order_by("pk")
        )
        for topic in followups:
            if topic.wall_group is not None:
                by_topic[topic.builds_on_id].followups.append(topic)
    return Wall(sections=list(sections.values()), page=page, has_more=has_more)


def wall_context(arena: Arena, params, *, paged: bool = True) -> dict:
    options = filter_options(arena)
    filters, notes = parse_filters(params, options)
    # A page past MAX_PAGE is page 1 (its OFFSET once overflowed the driver).
    page = int_param(params.get("page"), default=1, max=MAX_PAGE)
    wall = build_input_wall(arena, filters, page=page, per_page=GROUPS_PER_PAGE if paged else None)
    return {
        "arena": arena,
        "wall": wall,
        "sections": wall.sections,
        "filters": filters,
        "filter_notes": notes,
        "options": options,
        "open_vote": Vote.objects.filter(arena=arena, closed_at=None).first(),
    }


def wall_input(arena: Arena, input_pk: int):
    return get_object_or_404(for_display(wall_inputs(arena)), pk=input_pk)


def comments_context(arena: Arena, item) -> dict:
    comments = list(comments_with_authors(InputComment.objects.filter(input=item)))
    return {"arena": arena, "item": item, "comments": comments}


# --- votes ------------------------------------------------------------------------


def my_dots(vote: Vote, participant: Participant) -> dict[int, int]:
    """{input pk: how many of the participant's dots are on it}."""
    rows = (
        Dot.objects.filter(vote=vote, participant=participant)
        .values("input")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["input"]: row["n"] for row in rows}


def vote_results(vote: Vote) -> list[tuple[Input, int]]:
    """The result of a vote, for the projector and the report: every input on
    the wall (and any input that got dots and has left the wall since), most
    dots first, then in wall order; inputs with no dots come last with 0.
    Each input carries ``number`` (see ``input_code``). One query."""
    dots = (
        Dot.objects.filter(vote=vote, input=OuterRef("pk"))
        .order_by()
        .values("input")
        .annotate(n=Count("pk"))
        .values("n")
    )
    inputs = for_display(
        Input.objects.filter(
            Q(report__group__arena_id=vote.arena_id, report__status__in=ON_WALL)
            | Q(dots__vote=vote)
        ).distinct()
    ).annotate(dot_count=Coalesce(Subquery(dots[:1], output_field=IntegerField()), 0))
    rows = sorted(
        inputs,
        key=lambda i: (
            -i.dot_count,
            i.report.group.session.session_number or 0,
            i.report.group.space.number,
            i.number,
        ),
    )
    return [(item, item.dot_count) for item in rows]


def current_vote(arena: Arena) -> Vote | None:
    """The open vote, or else the one closed last (its results stay on the phones)."""
    open_one = Vote.objects.filter(arena=arena, closed_at=None).order_by("-opened_at").first()
    return open_one or Vote.objects.filter(arena=arena).order_by("-closed_at", "-pk").first()


def vote_shares(results: list[tuple[Input, int]]) -> list[tuple[Input, int, int]]:
    """``(input, dots, percent of the top input's dots)`` for the results board."""
    top = results[0][1] if results else 0
    return [(item, n, int(100 * n / top) if top else 0) for item, n in results]


def board_context(vote: Vote) -> dict:
    context = {"vote": vote, "arena": vote.arena, "results": None}
    totals = vote.dots.aggregate(dots=Count("pk"), voters=Count("participant", distinct=True))
    context.update(totals)
    if vote.results_visible:
        context["results"] = vote_shares(vote_results(vote))
    return context


def vote_rows(vote: Vote, participant) -> tuple[list, int]:
    """[(input, my dots, dots in all or None while blind)] in wall order, and
    how many dots the participant has left."""
    mine = my_dots(vote, participant)
    if vote.results_visible:
        pairs = vote_results(vote)
    else:
        pairs = [(item, None) for item in for_display(wall_inputs(vote.arena))]
    pairs.sort(
        key=lambda p: (
            p[0].report.group.session.session_number or 0,
            p[0].report.group.space.number,
            p[0].number,
        )
    )
    rows = [(item, mine.get(item.pk, 0), total) for item, total in pairs]
    return rows, vote.dots_per_participant - sum(mine.values())


def dot_row(vote: Vote, participant, item: Input) -> dict:
    """One input's row of the dot vote after a tap: the participant's dots on
    it (``my``), all its dots while results may be seen (``total``, else
    None) and the participant's dots ``left``."""
    mine = my_dots(vote, participant)
    total = vote.dots.filter(input=item).count() if vote.results_visible else None
    return {
        "my": mine.get(item.pk, 0),
        "total": total,
        "left": vote.dots_per_participant - sum(mine.values()),
    }
