"""The arena's report as plain data: ``assemble(arena) -> ArenaReport``.

One module gathers everything the report shows, and both the HTML preview and
the PDF (``reports.publication.generation``) and the CSV/JSON exports
(``reports.publication.exports``)
use its result, so nothing is queried twice and nothing differs between them.

It costs a constant number of queries whatever the arena's size (about 15;
``tests/reports/publication/test_assembly.py`` checks that it is the same with 1 and 3
groups): every list is read in one query and joined in Python.

Privacy: a participant's name appears only with consent
(``Participant.report_name``); others are counted, never named. Conveners
who are participants follow the same rule; a name a facilitator typed for
someone (``Topic.convener_name``) is printed as typed.

Markdown from the organiser goes through :func:`markdown_html`: Markdown →
HTML → nh3 with a small allow-list (no images, no raw HTML survives, links
only http(s) and mailto), so the result is safe to mark ``safe``.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections import defaultdict
from dataclasses import dataclass, field

import markdown
import nh3
from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.utils import translation
from django.utils.formats import date_format, get_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from arena.models import Arena, ArenaDay, Participant, Perspective
from proposals.challenge_cells import reserved_cells
from proposals.models import Group, Topic, TopicKind
from reports.documentation import builtins as template_builtins
from reports.documentation.services import MORE_KEY, more_title
from reports.inputwall.selectors import numbered
from reports.models import (
    ArenaReportText,
    Dot,
    Input,
    InputComment,
    Photo,
    ReportImage,
    ReportParticipant,
    ReportQuote,
    ReportStatus,
    SectionKind,
    TemplateSection,
)
from reports.publication.challenges import ChallengeFacts, challenge_facts
from sessions.models import AgendaItem, ReportPlace, Theme, ThemeKind, cell_code

IN_REPORT = (ReportStatus.SUBMITTED, ReportStatus.APPROVED)
MEDIA_PREFIX = "/media/"

# --- Markdown -----------------------------------------------------------------

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "em", "strong", "a",
    "blockquote", "code", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
_HEADING = re.compile(r"<(/?)h([1-6])([ >])")
_MONTHS = (
    "januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember"
    "|january|february|march|may|june|july|october|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|okt|oct|nov|des|dec"
)
#: A line that begins with a date ("16. januar", "16. – 17. januar", "16.–17. jan."):
#: Markdown would take "16." for an item of a numbered list and print "1.".
_DATE_AT_LINE_START = re.compile(
    rf"^(\s{{0,3}}\d{{1,2}})\.(?=\s*(?:[–—-]\s*\d{{1,2}}\.\s*)?(?:{_MONTHS})(?![\w-]))",
    re.IGNORECASE | re.MULTILINE,
)


def _dates_as_typed(text: str) -> str:
    """Escape the dot of a date at the start of a line, so it prints as typed."""
    return _DATE_AT_LINE_START.sub(r"\1\\.", text)


def relative_headings(html: str, first: int) -> str:
    """The heading levels ``html`` uses, renumbered in order from ``first``
    (at most h6): ``##`` and ``####`` under a chapter's h1 become h2 and h3,
    never a jump a PDF/UA checker refuses (H1 → H3)."""
    used = sorted({int(level) for level in re.findall(r"<h([1-6])[ >]", html)})
    levels = {level: min(6, first + i) for i, level in enumerate(used)}
    return _HEADING.sub(lambda m: f"<{m[1]}h{levels.get(int(m[2]), 6)}{m[3]}", html)


def markdown_html(text: str) -> SafeString:
    """Organiser's Markdown as sanitised HTML. The text stands under a
    chapter's h1: its headings start at h2, whichever level was typed first,
    and keep their order without skipping a level (:func:`relative_headings`)."""
    if not text or not text.strip():
        return mark_safe("")  # noqa: S308 - empty
    # sane_lists: a numbered list keeps the number it starts with (<ol start>).
    html = markdown.markdown(_dates_as_typed(text), output_format="html", extensions=["sane_lists"])
    return mark_safe(sanitise(relative_headings(html, 2)))  # noqa: S308 - sanitised


def sanitise(html: str) -> str:
    """HTML through nh3 with the allow-list above (the one sanitiser of
    Markdown from users: the organiser's text and the groups' sections)."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


# --- the data ---------------------------------------------------------------------


@dataclass
class PhotoData:
    pk: int
    kind: str  # "group" (reports.Photo) or "report" (ReportImage)
    print_version: str
    web: str
    width: int
    height: int
    caption: str
    credit: str
    description: str = ""
    full_width: bool = False

    @property
    def print_url(self) -> str:
        """Where the PDF's fetcher reads the print copy (``/media/…``): photos
        printed two to a row."""
        return MEDIA_PREFIX + self.print_version

    @property
    def web_url(self) -> str:
        """The larger web copy, for the one photo printed across the column
        (the cover)."""
        return MEDIA_PREFIX + self.web

    @property
    def landscape(self) -> bool:
        return self.width >= self.height


@dataclass
class CommentData:
    text: str


@dataclass
class InputData:
    pk: int
    code: str  # "3.8 – 2"
    number: int
    title: str
    text: str
    addressee: str  # the label
    addressee_key: str
    group_code: str
    group_title: str
    group_pk: int
    session_number: int | None
    comments: list[CommentData] = field(default_factory=list)
    dots: int = 0
    theme_pk: int | None = None  # its group's main area


@dataclass
class SectionData:
    title: str
    kind: str
    text: str = ""
    items: list[str] = field(default_factory=list)
    #: The group's action sheet prints under this section (its title is
    #: "Next steps"), instead of under a second heading of the same name.
    holds_action_sheet: bool = False
    #: The language of the title when it is not the report's (a template
    #: written in bokmål, printed in an English report): its heading says so.
    lang: str = ""


@dataclass
class GroupData:
    pk: int
    code: str
    title: str
    merged_titles: list[str]
    conveners: list[str]
    session_number: int | None
    space_number: int
    space_name: str
    kind: str  # TopicKind value
    kind_label: str
    builds_on_pk: int | None
    builds_on_code: str
    builds_on_title: str
    description: str = ""  # the topic's few lines, as its convener posted them
    report_status: str = ""  # "" when no report (or a draft)
    in_report: bool = False
    template_name: str = ""
    #: The visual template's sheet: a /static/… URL (read by the PDF's fetcher), its alt text.
    template_picture_url: str = ""
    template_picture_alt: str = ""
    sections: list[SectionData] = field(default_factory=list)
    action_sheet: dict = field(default_factory=dict)
    named: list[str] = field(default_factory=list)
    unnamed_count: int = 0
    photos: list[PhotoData] = field(default_factory=list)
    inputs: list[InputData] = field(default_factory=list)
    theme_pk: int | None = None  # the main area (``sessions.models.Theme``)
    theme_title: str = ""
    theme_position: int = 0  # the organiser's order inside the area (0: the wall's)
    challenge: ChallengeFacts | None = None  # a pre-registered challenge group's owner, problem …

    @property
    def anchor(self) -> str:
        return f"group-{self.pk}"

    @property
    def action_sheet_apart(self) -> bool:
        """The action sheet needs its own "Next steps" heading."""
        return bool(self.action_sheet) and not any(s.holds_action_sheet for s in self.sections)

    @property
    def participant_count(self) -> int:
        return len(self.named) + self.unnamed_count


@dataclass
class AreaData:
    """A main area (``Theme`` of kind "area") with its groups in wall order;
    the last one, without ``pk``, holds the groups without a theme."""

    pk: int | None
    title: str
    question: str
    groups: list[GroupData] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"theme-{self.pk}" if self.pk else "theme-other"

    @property
    def reported_groups(self) -> list[GroupData]:
        return [g for g in self.groups if g.in_report]

    @property
    def inputs(self) -> list[InputData]:
        return [item for g in self.groups for item in g.inputs]


@dataclass
class WallGroup:
    """One group's inputs on a cross-cutting theme's wall."""

    pk: int
    code: str
    title: str
    inputs: list[InputData] = field(default_factory=list)


@dataclass
class CrossThemeData:
    """A cross-cutting theme's wall: inputs from every group, by group, in
    wall order; printed where ``place`` says (``sessions.models.ReportPlace``)."""

    pk: int
    title: str
    question: str
    place: str
    groups: list[WallGroup] = field(default_factory=list)
    appendix_number: int | None = None  # when printed as an appendix (3, 4 …)

    @property
    def anchor(self) -> str:
        return f"theme-wall-{self.pk}"

    @property
    def input_count(self) -> int:
        return sum(len(g.inputs) for g in self.groups)


@dataclass
class SessionData:
    pk: int
    number: int | None
    title: str
    start: datetime.time
    end: datetime.time
    groups: list[GroupData] = field(default_factory=list)
    #: Challenge groups that work on in this session, in the room they keep: (code, title).
    continues: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class DayData:
    pk: int
    number: int
    date: datetime.date
    summary: SafeString
    sessions: list[SessionData] = field(default_factory=list)
    agenda: list[AgendaItem] = field(default_factory=list)


@dataclass
class PerspectiveCount:
    label: str
    colour: str
    count: int
    percent: float  # of the largest count, for the bar chart


@dataclass
class QuoteData:
    text: str
    name: str
    role: str
    anonymous: bool


@dataclass
class Figures:
    registered: int | None  # as the organiser entered them (None: not given)
    attending: int | None
    personas: int  # who made a persona on a phone (phones are not people)
    perspectives: list[PerspectiveCount]
    sessions: int
    groups: int
    inputs: int
    reports: int
    comments: int
    dots: int
    #: (title, groups, inputs) per main area in the organiser's order, then
    #: the groups without a theme (title ""); empty without main areas.
    themes: list[tuple[str, int, int]] = field(default_factory=list)
    #: (title, inputs) per cross-cutting theme.
    cross_themes: list[tuple[str, int]] = field(default_factory=list)

    @property
    def participants(self) -> int:
        """The organiser's head-count, else the personas."""
        return self.personas if self.attending is None else self.attending


@dataclass
class ArenaReport:
    arena_pk: int
    format: str  # arena.models.Format: what the report's parts are called and how they group
    title: str
    subtitle: str
    organisers: str
    date_text: str
    place: str
    theme: str
    questions: list[str]
    cover: PhotoData | None
    introduction: SafeString
    closing: SafeString
    images: dict[str, list[PhotoData]]  # placement → photos
    quotes: list[QuoteData]
    figures: Figures
    days: list[DayData]
    groups: list[GroupData]  # every group on the wall, in wall order
    inputs: list[InputData]  # every input of a submitted/approved report
    participants: list[tuple[str, list[str]]]  # index: (name, [group codes]) with consent
    links: list[dict]  # day-2 topics building on earlier ones
    #: The main areas in the organiser's order, the groups without one last
    #: ("Other groups"); empty when the arena has no main areas, and the
    #: report is then laid out by group alone, as without themes.
    areas: list[AreaData] = field(default_factory=list)
    cross_themes: list[CrossThemeData] = field(default_factory=list)

    @property
    def has_themes(self) -> bool:
        return bool(self.areas)

    def _walls(self, place: str) -> list[CrossThemeData]:
        return [t for t in self.cross_themes if t.place == place]

    @property
    def walls_after_days(self) -> list[CrossThemeData]:
        return self._walls(ReportPlace.AFTER_DAYS)

    @property
    def walls_before_appendices(self) -> list[CrossThemeData]:
        return self._walls(ReportPlace.BEFORE_APPENDICES)

    @property
    def walls_as_appendices(self) -> list[CrossThemeData]:
        return self._walls(ReportPlace.APPENDIX)

    @property
    def reported_groups(self) -> list[GroupData]:
        return [g for g in self.groups if g.in_report]

    # A chapter with nothing in it is left out of the report (and its
    # contents): it printed as a near-empty page.
    @property
    def has_introduction(self) -> bool:
        return bool(
            self.theme or self.questions or self.introduction or self.images.get("introduction")
        )

    @property
    def has_closing(self) -> bool:
        return bool(self.closing or self.images.get("closing"))


# --- assembling -----------------------------------------------------------------------


def _day_format(month_day_format: str) -> str:
    """The day alone, as MONTH_DAY_FORMAT writes it before the month: "j. F" →
    "j.", "j F" → "j"; "" when the month comes first ("F j")."""
    head = re.split(r"[FMNbEmn]", month_day_format, maxsplit=1)[0].strip(" ,")
    return head if head and head[0] in "jd" else ""


def _date_text(days: list[ArenaDay]) -> str:
    """The arena's dates in the active language's named formats: «23.–24.
    november 2026» / «23–24 November 2026», «30. november – 1. desember 2026»."""
    if not days:
        return ""
    first, last = days[0].date, days[-1].date
    end = date_format(last, "DATE_FORMAT")
    if first == last:
        return end
    if first.year != last.year:
        return f"{date_format(first, 'DATE_FORMAT')} – {end}"
    day_only = _day_format(get_format("MONTH_DAY_FORMAT"))
    if first.month == last.month and day_only:
        return f"{date_format(first, day_only)}–{end}"
    return f"{date_format(first, 'MONTH_DAY_FORMAT')} – {end}"


@functools.cache
def _next_steps_headings() -> frozenset[str]:
    """ "Next steps" in every language (a template may be in another language
    than the report): worked out once, not per group."""
    headings = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            headings.add(gettext("Next steps").casefold())
    return frozenset(headings)


def _place_action_sheet(sections: list[SectionData]) -> None:
    """A template's own "Next steps" section takes the action sheet, so the
    report does not print that heading twice ("Neste skritt" did)."""
    headings = _next_steps_headings()
    for section in sections:
        if section.title.strip().casefold() in headings:
            section.holds_action_sheet = True
            return


def _photo(photo, kind: str) -> PhotoData:
    return PhotoData(
        pk=photo.pk,
        kind=kind,
        print_version=photo.print_version,
        web=photo.web,
        width=photo.width,
        height=photo.height,
        caption=photo.caption,
        credit=photo.credit,
        description=photo.description,
        full_width=photo.full_width,
    )


def _convener(topic: Topic) -> str:
    if topic.convener_id:
        return topic.convener.report_name
    return topic.convener_name.strip()


def assemble(arena: Arena) -> ArenaReport:
    """Everything the arena's report shows, as plain data, in constant queries."""
    report_language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    text = ArenaReportText.objects.filter(arena=arena).first() or ArenaReportText(arena=arena)
    images: list[ReportImage] = list(text.images.all()) if text.pk else []
    quotes: list[ReportQuote] = list(text.quotes.all()) if text.pk else []
    days = list(ArenaDay.objects.filter(arena=arena).order_by("date"))
    agenda = list(
        AgendaItem.objects.filter(day__arena=arena).order_by("day__date", "start", "end", "pk")
    )
    # People, not cookies: only participants with a persona (a bare join is a
    # phone that opened the link; 666 of them stood for 171 people once).
    participants_total = (
        Participant.objects.filter(arena=arena, withdrawn_at=None).exclude(display_name="").count()
    )
    perspectives = list(
        Perspective.objects.filter(arena=arena)
        .annotate(
            n=Count(
                "participants",
                filter=Q(participants__withdrawn_at=None, participants__display_name__gt=""),
            )
        )
        .order_by("position", "pk")
    )

    themes = list(Theme.objects.filter(arena=arena).order_by("position", "pk"))
    cross = [t for t in themes if t.kind == ThemeKind.CROSS]

    groups_qs = (
        Group.objects.filter(arena=arena)
        .select_related(
            "topic__convener",
            "topic__builds_on__group__session",
            "topic__builds_on__group__space",
            "session",
            "space",
            "report__template__copied_from__copied_from",
        )
        .prefetch_related(
            Prefetch(
                "topic__merged_topics",
                queryset=Topic.objects.select_related("convener").order_by("pk"),
            )
        )
        .order_by("session__session_number", "space__number")
    )
    groups = list(groups_qs)
    reports = {
        g.pk: g.report
        for g in groups
        if getattr(g, "report", None) is not None and g.report.status in IN_REPORT
    }
    report_pks = [r.pk for r in reports.values()]
    template_pks = {r.template_id for r in reports.values()}
    sections = defaultdict(list)
    for s in TemplateSection.objects.filter(template_id__in=template_pks).order_by(
        "position", "pk"
    ):
        sections[s.template_id].append(s)

    inputs_by_report = defaultdict(list)
    for item in numbered(Input.objects.filter(report_id__in=report_pks)).order_by(
        "position", "pk"
    ):  # numbered within their report, as on the input wall
        inputs_by_report[item.report_id].append(item)
    input_pks = [i.pk for items in inputs_by_report.values() for i in items]
    comments = defaultdict(list)
    for comment in InputComment.objects.filter(input_id__in=input_pks).order_by("created_at", "pk"):
        comments[comment.input_id].append(CommentData(text=comment.text))
    dots = dict(
        Dot.objects.filter(input_id__in=input_pks)
        .values_list("input_id")
        .annotate(n=Count("pk"))
        .values_list("input_id", "n")
        .order_by()
    )
    people = defaultdict(list)
    for rp in ReportParticipant.objects.filter(report_id__in=report_pks).select_related(
        "participant"
    ):
        people[rp.report_id].append(rp.participant)
    photos = defaultdict(list)
    for photo in Photo.objects.filter(report_id__in=report_pks).order_by("position", "pk"):
        photos[photo.report_id].append(_photo(photo, "group"))

    addressees = dict(Input._meta.get_field("addressee").choices)
    kinds = dict(TopicKind.choices)
    group_data: list[GroupData] = []
    all_inputs: list[InputData] = []
    index: dict[str, list[str]] = defaultdict(list)
    for g in groups:
        topic = g.topic
        merged = list(topic.merged_topics.all())
        code = g.code
        base = topic.builds_on
        base_group = getattr(base, "group", None) if base else None
        data = GroupData(
            pk=g.pk,
            code=code,
            title=topic.title,
            merged_titles=[t.title for t in merged],
            conveners=[n for n in (_convener(t) for t in [topic, *merged]) if n],
            session_number=g.session.session_number,
            space_number=g.space.number,
            space_name=g.space.name,
            kind=topic.kind,
            kind_label=str(kinds.get(topic.kind, "")),
            builds_on_pk=base.pk if base else None,
            builds_on_code=base_group.code if base_group else "",
            builds_on_title=base.title if base else "",
            description=topic.description,
            theme_pk=g.theme_id,
            theme_position=g.theme_position,
        )
        report = reports.get(g.pk)
        if report is not None:
            data.in_report = True
            data.report_status = report.status
            data.template_name = report.template.name
            data.action_sheet = report.action_sheet or {}
            # Built-ins are written in bokmål; an arena's own templates in its language.
            written_in = "nb" if report.template.arena_id is None else arena.language
            lang = "" if written_in[:2] == report_language else written_in
            for s in sections[report.template_id]:
                value = report.content.get(str(s.pk))
                if not value:
                    continue
                if s.kind == SectionKind.LIST:
                    items = value if isinstance(value, list) else str(value).splitlines()
                    data.sections.append(
                        SectionData(title=s.title, kind=s.kind, items=items, lang=lang)
                    )
                else:
                    data.sections.append(
                        SectionData(title=s.title, kind=s.kind, text=str(value), lang=lang)
                    )
            more = report.content.get(MORE_KEY)
            if more:  # text a change of template had no section for
                data.sections.append(
                    SectionData(title=more_title(), kind=SectionKind.TEXT, text=str(more))
                )
            picture = template_builtins.picture(report.template)
            if picture:
                data.template_picture_url = f"/static/{picture[0]}"
                data.template_picture_alt = str(picture[1])
            if data.action_sheet:
                _place_action_sheet(data.sections)
            persons = people[report.pk]
            data.named = sorted((p.report_name for p in persons if p.report_name), key=str.casefold)
            data.unnamed_count = sum(1 for p in persons if not p.report_name)
            for name in data.named:
                index[name].append(code)
            data.photos = photos[report.pk]
            for item in inputs_by_report[report.pk]:
                entry = InputData(
                    pk=item.pk,
                    code=f"{code} – {item.number}",
                    number=item.number,
                    title=item.title,
                    text=item.text,
                    addressee=str(addressees.get(item.addressee, "")) if item.addressee else "",
                    addressee_key=item.addressee,
                    group_code=code,
                    group_title=topic.title,
                    group_pk=g.pk,
                    session_number=g.session.session_number,
                    comments=comments[item.pk],
                    dots=dots.get(item.pk, 0),
                    theme_pk=g.theme_id,
                )
                data.inputs.append(entry)
                all_inputs.append(entry)
        group_data.append(data)

    challenges = challenge_facts([g.pk for g in groups])  # two queries, whatever the number
    for data in group_data:
        data.challenge = challenges.get(data.pk)

    by_session = defaultdict(list)
    continuing = defaultdict(list)  # session pk → challenge groups keeping a cell there
    for (session_pk, _space_pk), registration in sorted(
        reserved_cells(arena).items(), key=lambda kept: kept[1].space.number
    ):
        for a in agenda:
            if a.pk == session_pk:
                continuing[session_pk].append(
                    (cell_code(a, registration.space), registration.title)
                )
    for data, g in zip(group_data, groups, strict=True):
        by_session[g.session_id].append(data)
    day_data = []
    for number, day in enumerate(days, 1):
        day_items = [a for a in agenda if a.day_id == day.pk]
        day_data.append(
            DayData(
                pk=day.pk,
                number=number,
                date=day.date,
                summary=markdown_html((text.day_summaries or {}).get(str(day.pk), "")),
                agenda=[a for a in day_items if not a.is_session],
                sessions=[
                    SessionData(
                        pk=a.pk,
                        number=a.session_number,
                        title=a.title,
                        start=a.start,
                        end=a.end,
                        groups=by_session[a.pk],
                        continues=continuing[a.pk],
                    )
                    for a in day_items
                    if a.is_session
                ],
            )
        )

    areas = _areas(themes, group_data)
    cross_themes = _cross_themes(cross, all_inputs)

    largest = max((p.n for p in perspectives), default=0) or 1
    figures = Figures(
        registered=arena.registered_count,
        attending=arena.attending_count,
        personas=participants_total,
        perspectives=[
            PerspectiveCount(
                label=p.label, colour=p.colour, count=p.n, percent=round(100 * p.n / largest, 1)
            )
            for p in perspectives
        ],
        sessions=sum(1 for a in agenda if a.is_session),
        groups=len(groups),
        inputs=len(all_inputs),
        reports=len(reports),
        comments=sum(len(i.comments) for i in all_inputs),
        dots=sum(i.dots for i in all_inputs),
        themes=[(a.title, len(a.groups), len(a.inputs)) for a in areas],
        cross_themes=[(t.title, t.input_count) for t in cross_themes],
    )
    links = [
        {
            "code": g.code,
            "title": g.title,
            "kind": g.kind,
            "kind_label": g.kind_label,
            "builds_on_code": g.builds_on_code,
            "builds_on_title": g.builds_on_title,
        }
        for g in group_data
        if g.builds_on_pk
    ]
    placed: dict[str, list[PhotoData]] = defaultdict(list)
    cover = None
    for image in images:
        if image.pk == text.cover_id:
            cover = _photo(image, "report")
        else:
            placed[image.placement].append(_photo(image, "report"))
    return ArenaReport(
        arena_pk=arena.pk,
        format=arena.format,
        title=text.title or arena.title,
        subtitle=text.subtitle or arena.theme,
        organisers=text.organisers,
        date_text=text.date_text or _date_text(days),
        place=text.place or arena.venue,
        theme=arena.theme,
        questions=arena.questions,
        cover=cover,
        introduction=markdown_html(text.introduction),
        closing=markdown_html(text.closing),
        images=dict(placed),
        quotes=[
            QuoteData(
                text=q.quote,
                name="" if q.anonymous else q.name,
                role=q.role,
                anonymous=q.anonymous or not q.name,
            )
            for q in quotes
        ],
        figures=figures,
        days=day_data,
        groups=group_data,
        inputs=all_inputs,
        participants=sorted(((n, c) for n, c in index.items()), key=lambda x: x[0].casefold()),
        links=links,
        areas=areas,
        cross_themes=cross_themes,
    )


def _areas(themes: list[Theme], groups: list[GroupData]) -> list[AreaData]:
    """The groups by main area, in the organiser's order, the groups without
    one last; [] when the arena has no main areas. No query."""
    areas = {
        t.pk: AreaData(pk=t.pk, title=t.title, question=t.question)
        for t in themes
        if t.kind == ThemeKind.AREA
    }
    if not areas:
        return []
    other = AreaData(pk=None, title="", question="")  # the template names it
    titles = {pk: area.title for pk, area in areas.items()}
    for group in groups:
        group.theme_title = titles.get(group.theme_pk, "")
        areas.get(group.theme_pk, other).groups.append(group)
    for area in areas.values():  # the organiser's order; the wall's where not set (stable)
        area.groups.sort(key=lambda group: group.theme_position)
    return [*areas.values(), *([other] if other.groups else [])]


def _cross_themes(cross: list[Theme], inputs: list[InputData]) -> list[CrossThemeData]:
    """Each cross-cutting theme's inputs (of submitted or approved reports),
    by group in wall order. One query, for the links, when there are any."""
    if not cross:
        return []
    links = defaultdict(set)
    through = Input.themes.through
    for input_id, theme_id in through.objects.filter(theme__in=cross).values_list(
        "input_id", "theme_id"
    ):
        links[theme_id].add(input_id)
    walls, appendix = [], 2  # appendices 1 and 2 are the inputs and the groups
    for theme in cross:
        wall = CrossThemeData(
            pk=theme.pk, title=theme.title, question=theme.question, place=theme.report_place
        )
        if wall.place == ReportPlace.APPENDIX:
            appendix += 1
            wall.appendix_number = appendix
        by_group: dict[int, WallGroup] = {}
        for item in inputs:
            if item.pk in links[theme.pk]:
                row = by_group.setdefault(
                    item.group_pk, WallGroup(item.group_pk, item.group_code, item.group_title)
                )
                row.inputs.append(item)
        wall.groups = list(by_group.values())
        walls.append(wall)
    return walls
