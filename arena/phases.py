"""The arena page organised by the event's phases, and the next thing to do.

An arena runs through four phases: before it (set up), in the room (the
programme wall, the screens, the door), documenting (group reports, the input
wall, voting) and the report. The arena page shows one section per phase with
the links the person's role may follow, and makes the next thing to do
prominent (``next_step``).

Arena knows only its own pages. The apps above register theirs, in their
``AppConfig.ready``, with ``register_link`` (a key, a phase, a label, a URL
name and the capability it needs), so the page is assembled without arena
importing them; ``next_step`` names links by key and skips any that no app
registered.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .access import capabilities
from .models import Arena, Capability, Membership

BEFORE, ROOM, DOCUMENTING, REPORT = "before", "room", "documenting", "report"


@dataclass(frozen=True)
class Phase:
    key: str
    heading: Promise
    description: Promise


PHASES = (
    Phase(
        BEFORE,
        _("Before the arena"),
        _("Set up the event: details, days and agenda, rooms, perspectives and who does what."),
    ),
    Phase(
        ROOM,
        _("In the room"),
        _("On the day: the programme wall, the projector screens, announcements and the door."),
    ),
    Phase(
        DOCUMENTING,
        _("Documenting"),
        _("During and after the sessions: the groups' reports, the input wall and voting."),
    ),
    Phase(
        REPORT,
        _("The report"),
        _("After the arena: write the arena report, make versions and publish it."),
    ),
)
PHASE_KEYS = tuple(phase.key for phase in PHASES)


@dataclass(frozen=True)
class PhaseLink:
    key: str
    phase: str
    label: Promise | str
    url_name: str
    capability: str
    order: int = 100
    anchor: str = ""  # a fragment ("versions-title"), or the whole URL when url_name is ""
    formats: tuple[str, ...] = ()  # shown only in arenas of these formats; () in every arena

    def url(self, arena: Arena) -> str:
        base = reverse(self.url_name, args=[arena.pk]) if self.url_name else ""
        return f"{base}#{self.anchor}" if self.anchor else base


@dataclass(frozen=True)
class ShownLink:
    key: str
    label: str
    url: str


@dataclass(frozen=True)
class Section:
    phase: Phase
    number: int
    links: list[ShownLink]
    current: bool


@dataclass(frozen=True)
class NextStep:
    key: str
    label: str
    url: str
    reason: str


_links: dict[str, PhaseLink] = {}


def register_link(
    key: str,
    phase: str,
    *,
    label,
    url_name: str,
    capability: str,
    order: int = 100,
    anchor: str = "",
    formats: tuple[str, ...] = (),
) -> None:
    """Add a link to a phase of the arena page (registering a key again
    replaces it); with ``formats``, only in arenas of those formats."""
    if phase not in PHASE_KEYS:
        raise ValueError(f"Unknown phase {phase!r}; one of {PHASE_KEYS}.")
    _links[key] = PhaseLink(key, phase, label, url_name, capability, order, anchor, tuple(formats))


def registered(key: str) -> PhaseLink | None:
    return _links.get(key)


def link_url(key: str, arena: Arena) -> str:
    """The URL of a registered link ("wall": the programme wall), or "" when
    no app registered it: arena's pages link to the apps above this way."""
    link = _links.get(key)
    return link.url(arena) if link else ""


def register_arena_links() -> None:
    """Arena's own pages (called from ``ArenaConfig.ready``)."""
    M, F = Capability.MANAGE, Capability.FACILITATE
    register_link(
        "details", BEFORE, label=_("Arena details"), url_name="arena:edit", capability=M, order=10
    )
    register_link(
        "perspectives",
        BEFORE,
        label=_("Perspectives"),
        url_name="arena:perspectives",
        capability=M,
        order=40,
    )
    register_link(
        "people",
        BEFORE,
        label=_("People and invitations"),
        url_name="arena:people",
        capability=M,
        order=50,
    )
    register_link(
        "copy",
        BEFORE,
        label=_("Copy as a new arena"),
        url_name="arena:copy",
        capability=M,
        order=90,
    )
    register_link(
        "projector_join",
        ROOM,
        label=_("Projector: join code"),
        url_name="arena:projector_join",
        capability=F,
        order=30,
    )
    register_link(
        "projector_perspectives",
        ROOM,
        label=_("Projector: perspectives"),
        url_name="arena:projector_perspectives",
        capability=F,
        order=40,
    )
    register_link(
        "announce",
        ROOM,
        label=_("Announcements"),
        url_name="arena:announce",
        capability=F,
        order=50,
    )
    register_link(
        "door",
        ROOM,
        label=_("Joining and newcomers"),
        url_name="arena:door",
        capability=F,
        order=60,
    )


def local_today():
    """Today at the venue (a function, so tests can choose the day)."""
    return timezone.localdate()


def _dates(arena: Arena, dates) -> list:
    return [day.date for day in arena.days.all()] if dates is None else list(dates)


def current_phase(arena: Arena, today=None, *, dates=None) -> str:
    """Before the first day (or without days), on a day, or after the last.
    ``dates``: the arena's days' dates, if the caller has them already."""
    dates = _dates(arena, dates)
    today = today or local_today()
    if not dates or today < min(dates):
        return BEFORE
    if today <= max(dates):
        return ROOM
    return REPORT


def sections(
    arena: Arena, membership: Membership | None, today=None, *, dates=None
) -> list[Section]:
    """The phases in order, each with the links the role may follow; a phase
    with none is left out."""
    can = capabilities(membership)
    now = current_phase(arena, today, dates=dates)
    shown = []
    for number, phase in enumerate(PHASES, 1):
        links = sorted(
            (
                link
                for link in _links.values()
                if link.phase == phase.key
                and link.capability in can
                and (not link.formats or arena.format in link.formats)
            ),
            key=lambda link: (link.order, link.key),
        )
        if links:
            shown.append(
                Section(
                    phase,
                    number,
                    [ShownLink(link.key, str(link.label), link.url(arena)) for link in links],
                    current=phase.key == now,
                )
            )
    return shown


def _step(key: str, arena: Arena, can, label, reason) -> NextStep | None:
    link = _links.get(key)
    if link is None or link.capability not in can:
        return None
    return NextStep(key, str(label), link.url(arena), str(reason))


def next_step(
    arena: Arena, membership: Membership | None, today=None, *, dates=None, has_spaces=None
) -> NextStep | None:
    """The one thing this person should most likely do now, from the arena's
    state (``dates`` and ``has_spaces`` if the caller has them already)."""
    can = capabilities(membership)
    today = today or local_today()
    dates = _dates(arena, dates)
    if has_spaces is None:
        has_spaces = arena.spaces.exists()
    candidates = []
    if not dates:
        if Capability.MANAGE in can:
            return NextStep(
                "day_add",
                str(_("Add the days")),
                reverse("arena:day_add", args=[arena.pk]),
                str(_("The arena has no days yet: add them, then the agenda.")),
            )
    elif today > max(dates):
        candidates = [
            (
                "report_edit",
                _("Write the report"),
                _("The arena is over: gather what the groups found."),
            ),
            (
                "report",
                _("Read the report"),
                _("The arena is over: the report gathers what the groups found."),
            ),
        ]
    elif today >= min(dates):
        candidates = [
            ("wall", _("Open the programme wall"), _("The arena is on today.")),
            (
                "reports",
                _("Document the groups"),
                _("The arena is on today: write up what your groups found."),
            ),
            ("report", _("Read the report"), _("The arena is on today.")),
        ]
    if dates and not has_spaces:
        candidates.insert(
            0,
            (
                "spaces",
                _("Add rooms"),
                _("Topics need rooms to go to: add the spaces of the venue."),
            ),
        )
    if dates and today < min(dates):
        candidates += [
            (
                "wall",
                _("Prepare the programme wall"),
                _("The arena starts on %(date)s.")
                % {"date": date_format(min(dates), "DATE_FORMAT")},
            ),
            (
                "reports",
                _("Look at the group reports"),
                _("You document groups when the arena is on."),
            ),
            ("report", _("Read the report"), _("The report is written after the arena.")),
        ]
    for key, label, reason in candidates:
        step = _step(key, arena, can, label, reason)
        if step:
            return step
    return None
