"""Which perspectives a set of people brings: one function for every screen
that shows it (a group's page, the perspective projector, a group report)."""

from collections.abc import Iterable


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
