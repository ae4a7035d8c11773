"""Which perspectives a set of people brings: one function for every screen
that shows it (a group's page, the perspective projector, a group report);
and the perspective projector's live signal after a persona changes."""

from collections.abc import Iterable

from django.template.loader import render_to_string

from .coalesce import send_coalesced
from .live import PROJECTOR_PERSPECTIVES, audience_group


def by_perspective(people: Iterable) -> dict[int, tuple]:
    """``{perspective pk: (perspective, [people carrying it])}`` in the order
    the perspectives first appear among ``people`` (prefetch their
    ``perspectives``)."""
    found: dict[int, tuple] = {}
    for person in people:
        for perspective in person.perspectives.all():
            found.setdefault(perspective.pk, (perspective, []))[1].append(person)
    return found


def presence(people: Iterable, perspectives: Iterable) -> tuple[list[tuple], list]:
    """(present, missing): each perspective someone of ``people`` carries with
    how many do, in order of first appearance; and those of ``perspectives``
    (the arena's) that nobody carries."""
    found = by_perspective(people)
    present = [(perspective, len(carriers)) for perspective, carriers in found.values()]
    missing = [perspective for perspective in perspectives if perspective.pk not in found]
    return present, missing


def perspectives_changed(arena_pk: int) -> None:
    """The perspective wall (a projector view) shows every persona: after a
    persona changes, tell the perspective projectors to fetch it again.

    Coalesced per arena (``arena.coalesce``: one signal per window, trailing
    edge, shared by all workers in production): persona saves are many
    during the welcome, and each used to make every staff screen refetch.
    """

    def build():
        html = render_to_string("arena/_perspectives_signal.html", {"arena_pk": arena_pk})
        return [(audience_group(arena_pk, PROJECTOR_PERSPECTIVES), html)]

    send_coalesced("perspectives", arena_pk, build)
