"""Clearing a flood of fresh phones: who goes, and what goes with them (issue 9).

A flood is participants *without a persona* who joined in the last minutes:
a script that opens the join page over and over, or many link previews. The
facilitator sees how many would go (``survey``) and confirms (``clear``); the
audit trail records who did it and how many.

Never removed: anyone with a persona (or who withdrew one), and anyone the
apps above hold on to. Arena knows only participants, so the apps above
register, in their ``AppConfig.ready``:

- a *keeper* (``register_keeper``): given the candidates, the participants
  that must stay (a topic on the wall, anything documented …);
- a *dependent* (``register_dependent``): rows that go with the participants
  (their waiting topics, comments, dots …), how to describe a number of them
  on the confirmation, and what to tell screens after they went (with what
  ``remember`` read of the rows before they went: the inputs whose comments
  changed …).

A survey remembers the newest participant it counted, so the confirmation
removes what it said and never someone who joined after it was shown.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import ngettext

from .live import close_sockets
from .models import Arena, Participant, record_audit

# The choices the facilitator has for "joined in the last N minutes".
MINUTES = (10, 30, 60, 120)
DEFAULT_MINUTES = 30


@dataclass(frozen=True)
class Dependent:
    rows: Callable[[QuerySet], QuerySet]  # participants -> rows that go with them
    describe: Callable[[int], str]  # a number of them, in words ("3 waiting topics")
    # after they went (e.g. a broadcast): removed(arena), or with ``remember``
    # removed(arena, remember(rows)), read before the rows went
    removed: Callable[..., None] | None = None
    remember: Callable[[QuerySet], object] | None = None


_keepers: list[Callable[[QuerySet], QuerySet]] = []
_dependents: dict[str, Dependent] = {}


def register_keeper(keeper: Callable[[QuerySet], QuerySet]):
    """``keeper(candidates)`` returns a queryset of the ``pk`` of participants
    to keep (``values("convener")`` and the like: it stays a subquery)."""
    if keeper not in _keepers:
        _keepers.append(keeper)
    return keeper


def register_dependent(name: str, *, rows, describe, removed=None, remember=None) -> None:
    _dependents[name] = Dependent(rows=rows, describe=describe, removed=removed, remember=remember)


@dataclass
class Flood:
    arena: Arena
    minutes: int
    since: datetime.datetime
    up_to: int  # the newest participant counted (pk); 0: none
    participants: int
    others: dict[str, int] = field(default_factory=dict)

    @property
    def lines(self) -> list[str]:
        """What goes besides the participants, in words, for the confirmation."""
        return [_dependents[name].describe(n) for name, n in self.others.items() if n]

    @property
    def empty(self) -> bool:
        return self.participants == 0


def candidates(arena: Arena, *, since, up_to: int | None = None) -> QuerySet:
    """Participants without a persona who joined since ``since`` and nothing keeps."""
    people = Participant.objects.filter(
        arena=arena, display_name="", withdrawn_at=None, created_at__gte=since
    )
    if up_to is not None:
        people = people.filter(pk__lte=up_to)
    for keeper in _keepers:
        people = people.exclude(pk__in=keeper(people))
    return people


def survey(arena: Arena, minutes: int = DEFAULT_MINUTES, *, now=None) -> Flood:
    since = (now or timezone.now()) - datetime.timedelta(minutes=minutes)
    people = candidates(arena, since=since)
    pks = list(people.values_list("pk", flat=True))
    chosen = Participant.objects.filter(pk__in=pks)
    return Flood(
        arena=arena,
        minutes=minutes,
        since=since,
        up_to=max(pks, default=0),
        participants=len(pks),
        others={name: dep.rows(chosen).count() for name, dep in _dependents.items()},
    )


@transaction.atomic
def clear(arena: Arena, actor, *, minutes: int, since, up_to: int) -> Flood:
    """Remove what ``survey`` showed (minus anyone who made a persona or got
    kept since); one audit line with who and how many."""
    locked = list(
        Participant.objects.select_for_update()
        .filter(arena=arena, pk__lte=up_to, created_at__gte=since)
        .values_list("pk", flat=True)
    )
    pks = list(
        candidates(arena, since=since, up_to=up_to)
        .filter(pk__in=locked)
        .values_list("pk", flat=True)
    )
    chosen = Participant.objects.filter(pk__in=pks)
    others, remembered = {}, {}
    for name, dep in _dependents.items():
        rows = dep.rows(chosen)
        others[name] = rows.count()
        if dep.remember and others[name]:
            remembered[name] = dep.remember(rows)
        rows.delete()
    removed = chosen.count()
    chosen.delete()
    # Their phones' open sockets were authorised at connect: close them too.
    close_sockets(arena.pk, participants=pks)
    flood = Flood(
        arena=arena, minutes=minutes, since=since, up_to=up_to, participants=removed, others=others
    )
    with translation.override(arena.language):
        detail = describe(flood)
    record_audit(arena, actor, "remove_flood", target="participants", detail=detail)
    for name, dep in _dependents.items():
        if dep.removed and others.get(name):
            if dep.remember:
                dep.removed(arena, remembered[name])
            else:
                dep.removed(arena)
    return flood


def describe(flood: Flood) -> str:
    """One sentence: how many participants (and what else) went, or would go."""
    people = ngettext(
        "%(n)d participant without a persona who joined in the last %(minutes)d minutes",
        "%(n)d participants without a persona who joined in the last %(minutes)d minutes",
        flood.participants,
    ) % {"n": flood.participants, "minutes": flood.minutes}
    return "; ".join([people, *flood.lines])
