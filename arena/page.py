"""What the apps above add to arena's pages: sections of the arena page
(``arena:detail``), buttons on the participant's home, and links on the
arena's public door (the page a join link opens) for one format.

Arena shows its own parts of the page (the phases, the theme, the join code,
the perspectives); an app above registers a section of its own in its
``AppConfig.ready`` with ``register_section`` (the programme adds the days
with their agenda, and the spaces), so the page is assembled without arena
importing it. A section is a template and a function that gives its context.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class PageSection:
    key: str
    template: str
    context: Callable  # (request, arena, days) -> dict
    order: int = 100


_sections: dict[str, PageSection] = {}


def register_section(key: str, *, template: str, context: Callable, order: int = 100) -> None:
    """Add a section to the arena page (registering a key again replaces it).
    ``context(request, arena, days)`` gets the arena's days (numbered from 1,
    as ``(number, day)``) and returns the template's own context."""
    _sections[key] = PageSection(key, template, context, order)


def render_sections(request, arena, days, base: dict) -> list[SafeString]:
    """Each registered section rendered with ``base`` (the page's context) and its own."""
    return [
        render_to_string(
            section.template, {**base, **section.context(request, arena, days)}, request=request
        )
        for section in sorted(_sections.values(), key=lambda s: (s.order, s.key))
    ]


# --- the participant's home on the phone ---------------------------------------


@dataclass(frozen=True)
class PhoneLink:
    key: str
    label: object  # a lazy translation
    url_name: str  # reversed with the arena's join code
    order: int = 100
    formats: tuple[str, ...] = ()  # only in arenas of these formats; () in every arena


_phone_links: dict[str, PhoneLink] = {}


def register_phone_link(
    key: str, *, label, url_name: str, order: int = 100, formats: tuple[str, ...] = ()
) -> None:
    """Add a button to the participant's home (``participant_home``): an app
    above names one of its phone pages (registering a key again replaces it);
    with ``formats``, only in arenas of those formats."""
    _phone_links[key] = PhoneLink(key, label, url_name, order, tuple(formats))


def phone_links(arena) -> list[tuple[str, str]]:
    """(label, URL) of each registered phone page, in order."""
    return [
        (str(link.label), reverse(link.url_name, args=[arena.join_code]))
        for link in sorted(_phone_links.values(), key=lambda link: (link.order, link.key))
        if not link.formats or arena.format in link.formats
    ]


@dataclass(frozen=True)
class DoorLink:
    key: str
    label: object
    url_name: str
    formats: tuple[str, ...]
    order: int = 100


_door_links: dict[str, DoorLink] = {}


def register_door_link(
    key: str, *, label, url_name: str, formats: tuple[str, ...], order: int = 100
) -> None:
    """Add a link to the arena's public door (``arena/join_arena.html``) in
    arenas of the given formats (``arena.models.Format`` values): e.g. the
    registration of a challenge group before a challenge-group arena."""
    _door_links[key] = DoorLink(key, label, url_name, tuple(formats), order)


def door_links(arena) -> list[tuple[str, str]]:
    """(label, URL) of each door link for the arena's format, in order."""
    return [
        (str(link.label), reverse(link.url_name, args=[arena.join_code]))
        for link in sorted(_door_links.values(), key=lambda link: (link.order, link.key))
        if arena.format in link.formats
    ]
