"""Recording the council's inputs per discussion of a council meeting.

A discussion (``sessions.models.AgendaItem`` of kind ``discussion`` in an
arena of the council format) collects numbered inputs. Many are added at
once from one box of lines (:func:`parse_lines`): a line that starts with a
number ("1.", "1.1", "2)") keeps it; an indented line under a numbered one
is its sub-point ("  1. …" under "1." is 1.1, as the presenters' slides nest
them); any other line takes the next number: the last top-level number + 1
(or, indented, the parent's next sub-number).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from arena import deletion
from arena.models import Arena, Format, record_audit
from reports.models import CouncilInput
from reports.models.council import validate_number
from sessions.models import AgendaItem, ItemKind

#: "1." "1.2" "1.2.3." "2)" at the start of a line, then the text.
_NUMBERED = re.compile(
    r"^(?:(?P<multi>\d{1,3}(?:\.\d{1,3}){1,4})\.?|(?P<single>\d{1,3})[.)])\s+(?P<text>\S.*)$"
)
#: A bullet: "-", "*", "•", "–", "✓".
_BULLET = re.compile(r"^[-*•–✓]\s*(?P<text>\S.*)$")
TITLE_MAX = 300
#: At most this many lines in one paste (a presenter's deck has a few dozen).
LINES_MAX = 200


class CouncilError(Exception):
    """Why the council's inputs cannot be changed as asked (for the user)."""


@dataclass
class Parsed:
    number: str
    title: str
    text: str = ""


def is_council(arena: Arena) -> bool:
    return arena.format == Format.COUNCIL


def discussions(arena: Arena):
    """The arena's discussions in time order, with their introductions."""
    return (
        AgendaItem.objects.for_arena(arena)
        .filter(kind=ItemKind.DISCUSSION)
        .select_related("day", "follows")
        .order_by("day__date", "start", "end", "pk")
    )


def discussion_numbers(arena_pks) -> dict[int, int]:
    """``{discussion pk: its number}``: 1, 2, 3 … in time order within each
    arena ("discussion 2"); one query."""
    numbers: dict[int, int] = {}
    counters: dict[int, int] = {}
    for pk, arena_pk in (
        AgendaItem.objects.filter(day__arena__in=list(arena_pks), kind=ItemKind.DISCUSSION)
        .order_by("day__arena", "day__date", "start", "end", "pk")
        .values_list("pk", "day__arena")
    ):
        counters[arena_pk] = counters.get(arena_pk, 0) + 1
        numbers[pk] = counters[arena_pk]
    return numbers


def _sort_key(number: str) -> tuple[int, ...]:
    return tuple(int(p) for p in number.split("."))


def _split_title(line: str) -> Parsed:
    if len(line) <= TITLE_MAX:
        return Parsed("", line)
    cut = line[: TITLE_MAX - 1].rsplit(" ", 1)[0] or line[: TITLE_MAX - 1]
    return Parsed("", f"{cut}…", line)


def parse_lines(text: str, existing: list[str] = ()) -> list[Parsed]:
    """The inputs in ``text``, one per non-empty line, with their numbers
    (see the module). ``existing``: the numbers the discussion has already,
    so new unnumbered lines continue after them. Raises ``CouncilError``."""
    tops = [_sort_key(n)[0] for n in existing]
    last_top = max(tops, default=0)
    parent: str | None = None  # the last top-level (or numbered) line, for indented ones
    children: dict[str, int] = {}  # parent number -> its last sub-number
    for number in existing:
        head, _dot, tail = number.rpartition(".")
        if head and tail.isdigit():
            children[head] = max(children.get(head, 0), int(tail))
    result: list[Parsed] = []
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    lines = [line for line in lines if line.strip()]
    if len(lines) > LINES_MAX:
        raise CouncilError(
            _("At most %(max)d lines at once; this has %(n)d. Add them in parts.")
            % {"max": LINES_MAX, "n": len(lines)}
        )
    for raw in lines:
        if "\x00" in raw:
            raise CouncilError(_("The text holds a character that cannot be stored."))
        indented = len(raw) - len(raw.lstrip()) >= 2
        line = raw.strip()
        numbered = _NUMBERED.match(line)
        bullet = _BULLET.match(line) if not numbered else None
        if numbered:
            number = numbered["multi"] or numbered["single"]
            body = numbered["text"].strip()
            if indented and parent and "." not in number:
                number = f"{parent}.{number}"  # "  1." under "1." is 1.1
        else:
            body = (bullet["text"] if bullet else line).strip()
            if indented and parent:
                n = children.get(parent, 0) + 1
                number = f"{parent}.{n}"
            else:
                number = str(last_top + 1)
        try:
            validate_number(number)
        except ValidationError:
            raise CouncilError(
                _(
                    "“%(line)s”: the number %(number)s cannot be used; "
                    "write it like 1, 1.2 or 1.2.3."
                )
                % {"line": line[:60], "number": number}
            ) from None
        head, _dot, tail = number.rpartition(".")
        if head:
            children[head] = max(children.get(head, 0), int(tail))
        else:
            parent = number
        last_top = max(last_top, _sort_key(number)[0])
        item = _split_title(body)
        item.number = number
        result.append(item)
    return result


def _check_discussion(item: AgendaItem) -> None:
    if item.kind != ItemKind.DISCUSSION or not is_council(item.day.arena):
        raise CouncilError(_("Council inputs belong to a discussion of a council meeting."))


def _clashes(item: AgendaItem, numbers: list[str], exclude_pk=None) -> list[str]:
    taken = set(
        item.council_inputs.exclude(pk=exclude_pk).values_list("number", flat=True)
        if exclude_pk
        else item.council_inputs.values_list("number", flat=True)
    )
    seen: set[str] = set()
    clashes = []
    for number in numbers:
        if number in taken or number in seen:
            clashes.append(number)
        seen.add(number)
    return list(dict.fromkeys(clashes))


@transaction.atomic
def add_inputs(item: AgendaItem, text: str, user) -> list[CouncilInput]:
    """Add the inputs of ``text`` (:func:`parse_lines`) to the discussion,
    after the ones it has. A number used twice is refused, nothing is added."""
    _check_discussion(item)
    AgendaItem.objects.select_for_update().filter(pk=item.pk).first()  # one paste at a time
    existing = list(item.council_inputs.values_list("number", flat=True))
    parsed = parse_lines(text, existing)
    if not parsed:
        raise CouncilError(_("Write at least one input: one per line."))
    clashes = _clashes(item, [p.number for p in parsed])
    if clashes:
        raise CouncilError(
            _("These numbers are used already in this discussion: %(numbers)s. Change them.")
            % {"numbers": ", ".join(clashes)}
        )
    start = (item.council_inputs.aggregate(m=Max("position"))["m"] or 0) + 1
    # One save each (not bulk_create): receivers of post_save (the archive's
    # index) see every new input.
    author = user if getattr(user, "is_authenticated", False) else None
    created = [
        CouncilInput.objects.create(
            item=item,
            number=p.number,
            title=p.title,
            text=p.text,
            position=start + i,
            created_by=author,
        )
        for i, p in enumerate(parsed)
    ]
    record_audit(
        item.day.arena, user, "council_input.add", item.title, ", ".join(p.number for p in parsed)
    )
    return created


@transaction.atomic
def update_input(council_input: CouncilInput, *, number: str, title: str, text: str, user):
    clashes = _clashes(council_input.item, [number], exclude_pk=council_input.pk)
    if clashes:
        raise CouncilError(
            _("Number %(number)s is used already in this discussion.") % {"number": number}
        )
    council_input.number, council_input.title, council_input.text = number, title, text
    council_input.full_clean()
    council_input.save(update_fields=["number", "title", "text"])
    return council_input


@transaction.atomic
def move_input(council_input: CouncilInput, step: int) -> bool:
    """One place up (-1) or down (+1) in the discussion; False at an end."""
    rows = list(
        CouncilInput.objects.select_for_update()
        .filter(item_id=council_input.item_id)
        .order_by("position", "pk")
    )
    index = next(i for i, row in enumerate(rows) if row.pk == council_input.pk)
    other = index + step
    if step not in (-1, 1) or not 0 <= other < len(rows):
        return False
    rows[index], rows[other] = rows[other], rows[index]
    for position, row in enumerate(rows, 1):
        row.position = position
    CouncilInput.objects.bulk_update(rows, ["position"])
    return True


@transaction.atomic
def delete_input(council_input: CouncilInput, actor=None) -> deletion.DeletionPlan:
    item = council_input.item
    label = str(council_input)
    plan = deletion.delete(council_input)
    record_audit(item.day.arena, actor, "council_input.delete", label, item.title)
    return plan
