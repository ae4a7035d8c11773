"""The café of challenges and keys (2012): rounds, challenges and the re-mix.

At the café every round is an open-space session (an ``AgendaItem`` of kind
``open_space``; the demo calls them "Runde 1", "Runde 2"). In the first round
each table (a group on the wall, one per space) describes challenges from
daily work. The facilitator then re-mixes the tables: every challenge becomes
a group of its own in the next round, one per space, and that group writes
numbered keys (nøkler) that could unlock it.

How it is stored, with nothing new in the database:

- A **challenge is a topic** that builds on its table: ``Topic.builds_on`` is
  the table's topic (so its group gives the round, the table and the code
  "1.3"), ``kind`` is ``deepening``. It waits in the wall's queue like any
  topic (read out) until it is placed. Challenges come from the quick entry
  screen of the table's report (:func:`add_challenges`), or from a phone
  (a topic that deepens "1.3").
- The **re-mix** (:func:`remix`) places the chosen challenges in the next
  round, each in a free space, through the wall's own verb
  (``proposals.services.place_topic``: the wall's lock, a ``WallAction`` per
  placement for undo, the broadcast after commit). All of them or none.
- A **key** is an input (``reports.Input``) of the challenge's group report;
  the report groups them under their challenge (``reports.publication.cafe``).

So the words follow the format (``arena.vocabulary``): at a café a topic is a
"challenge" and an input a "key".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import OperationalError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from arena.models import Arena, Format
from sessions.models import AgendaItem, Space

from . import services
from .models import TITLE_MAX, Group, Topic, TopicKind, TopicStatus

QUEUED = (TopicStatus.WAITING, TopicStatus.READ_OUT)


class RemixError(Exception):
    """The re-mix cannot be done as asked; the message is for the facilitator."""


class RemixConflict(RemixError):
    """The wall changed under the re-mix (another facilitator was quicker)."""


def is_cafe(arena: Arena) -> bool:
    return arena.format == Format.CAFE


def rounds(arena: Arena) -> list[AgendaItem]:
    """The café's rounds: the arena's open-space sessions in time order."""
    return list(
        AgendaItem.objects.for_arena(arena)
        .sessions()
        .select_related("day")
        .order_by("session_number", "pk")
    )


def writes_challenges(group: Group) -> bool:
    """Whether the group's products are challenges (a table of the café's
    first round: its topic builds on nothing) rather than keys (a challenge
    re-mixed into a later round, or any group of another format: inputs)."""
    return (
        is_cafe(group.arena)
        and group.topic.builds_on_id is None
        and group.session.session_number == 1
    )


# --- challenges -----------------------------------------------------------------


def challenges_of(table: Group) -> list[Topic]:
    """The table's challenges, in the order they were written."""
    return list(
        Topic.objects.filter(builds_on=table.topic)
        .exclude(status=TopicStatus.REJECTED)
        .order_by("created_at", "pk")
    )


def check_challenge_title(title: str) -> str:
    """``title`` stripped if it fits a topic's title, else ``RemixError``
    naming the limit: never cut to fit."""
    title = (title or "").strip()
    if len(title) > TITLE_MAX:
        raise RemixError(
            _("A challenge has %(length)s characters; it can have at most %(limit)s.")
            % {"length": len(title), "limit": TITLE_MAX}
        )
    return title


@transaction.atomic
def add_challenges(table: Group, titles: list[str]) -> list[Topic]:
    """The table's challenges join the wall's queue (read out, as a topic a
    facilitator posts for someone: ``services.add_topic``), each building on
    the table's topic so it stays traceable to its round and table. Empty
    titles are skipped; a title too long refuses them all (``RemixError``)."""
    titles = [check_challenge_title(t) for t in titles]
    added = []
    for title in titles:
        if not title:
            continue
        topic = services.add_topic(table.arena, title=title)
        # add_topic has no "builds on": the link is set in the same transaction.
        Topic.objects.filter(pk=topic.pk).update(builds_on=table.topic, kind=TopicKind.DEEPENING)
        topic.builds_on, topic.kind = table.topic, TopicKind.DEEPENING
        added.append(topic)
    return added


@dataclass
class Challenge:
    """A challenge of a round, as the re-mix screen lists it."""

    topic: Topic
    table: Group  # where it came from (the round-1 group)
    number: int  # its place among its table's challenges (1, 2, …)
    placed_in: Group | None = None  # already on the wall (re-mixed before)

    @property
    def pk(self) -> int:
        return self.topic.pk

    @property
    def code(self) -> str:
        """The table's code and the challenge's number: "1.3 – 2"."""
        return f"{self.table.code} – {self.number}"


def challenges(arena: Arena, source: AgendaItem) -> list[Challenge]:
    """Every challenge written in round ``source`` (queued and already
    placed; not rejected or merged), by table and in the order written."""
    topics = (
        Topic.objects.filter(arena=arena, builds_on__group__session=source)
        .exclude(status__in=[TopicStatus.REJECTED, TopicStatus.MERGED])
        .select_related(
            "builds_on__group__session",
            "builds_on__group__space",
            "builds_on__group__topic",
            "group__session",
            "group__space",
        )
        .order_by("builds_on__group__space__number", "created_at", "pk")
    )
    result, counts = [], {}
    for topic in topics:
        table = topic.builds_on.group
        counts[table.pk] = counts.get(table.pk, 0) + 1
        result.append(
            Challenge(
                topic=topic,
                table=table,
                number=counts[table.pk],
                placed_in=getattr(topic, "group", None),
            )
        )
    return result


def free_spaces(arena: Arena, target: AgendaItem) -> list[Space]:
    """The spaces of round ``target`` that hold no group, by number."""
    taken = Group.objects.filter(session=target).values("space")
    return list(arena.spaces.exclude(pk__in=taken).order_by("number"))


# --- the re-mix -------------------------------------------------------------------


@dataclass
class Plan:
    """Where each chosen challenge goes: ``rows`` of (challenge, space)."""

    source: AgendaItem
    target: AgendaItem
    rows: list[tuple[Challenge, Space | None]] = field(default_factory=list)
    left_out: list[Challenge] = field(default_factory=list)
    placed: list[Challenge] = field(default_factory=list)  # re-mixed before
    spaces: list[Space] = field(default_factory=list)  # the free ones

    @property
    def overflow(self) -> int:
        """How many chosen challenges have no free space."""
        return max(0, len(self.rows) - len(self.spaces))

    @property
    def problem(self) -> str:
        """Why the plan cannot be placed ("" when it can)."""
        if self.source.pk == self.target.pk:
            return _("Pick another round to place the challenges in.")
        if not self.rows:
            return _("There is no challenge to place: take at least one.")
        if self.overflow:
            return ngettext(
                "%(challenges)s challenges and %(spaces)s free spaces in “%(round)s”: "
                "leave out %(n)s challenge, or add a space.",
                "%(challenges)s challenges and %(spaces)s free spaces in “%(round)s”: "
                "leave out %(n)s challenges, or add spaces.",
                self.overflow,
            ) % {
                "challenges": len(self.rows),
                "spaces": len(self.spaces),
                "round": self.target.title,
                "n": self.overflow,
            }
        return ""


def plan(arena: Arena, source: AgendaItem, target: AgendaItem, chosen=None) -> Plan:
    """The re-mix of round ``source`` into round ``target``: ``chosen`` is the
    challenges' topic pks in the order the facilitator wants (``None``: every
    queued challenge, by table). Challenges already placed are listed apart;
    each chosen one gets the next free space, in space order."""
    every = challenges(arena, source)
    queued = {c.pk: c for c in every if c.placed_in is None}
    order = list(queued) if chosen is None else [pk for pk in chosen if pk in queued]
    order = list(dict.fromkeys(order))  # a pk twice is taken once
    spaces = free_spaces(arena, target)
    rows = [(queued[pk], spaces[i] if i < len(spaces) else None) for i, pk in enumerate(order)]
    return Plan(
        source=source,
        target=target,
        rows=rows,
        left_out=[c for pk, c in queued.items() if pk not in order],
        placed=[c for c in every if c.placed_in is not None],
        spaces=spaces,
    )


def remix(arena: Arena, source: AgendaItem, target: AgendaItem, chosen: list[int], actor):
    """Place the ``chosen`` challenges of ``source`` in ``target``, in that
    order, one per free space: all of them, or none (``RemixError`` with the
    reason; a placement another facilitator made meanwhile refuses the whole
    re-mix, and the screen shows the wall as it is now).

    Each placement is the wall's own verb (``services.place_topic``): it
    takes the wall's lock, records a ``WallAction`` (undo takes placements
    back one at a time) and broadcasts the changed cells after commit."""
    wanted = list(dict.fromkeys(chosen))
    try:
        with transaction.atomic():
            current = plan(arena, source, target, wanted)
            missing = [pk for pk in wanted if pk not in {c.pk for c, _s in current.rows}]
            if missing:
                raise RemixConflict(
                    _(
                        "A challenge on the list was placed, merged or rejected meanwhile. "
                        "The list is updated: look at it and confirm again."
                    )
                )
            if current.problem:
                raise RemixError(current.problem)
            groups = [
                services.place_topic(challenge.topic, target, space, actor)
                for challenge, space in current.rows
            ]
    except services.WallConflict as error:
        raise RemixConflict(str(error)) from None
    except services.WallError as error:
        raise RemixError(str(error)) from None
    except OperationalError:
        raise RemixError(_("The wall is busy: several changes came at once. Try again.")) from None
    return groups
