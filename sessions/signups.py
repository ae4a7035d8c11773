"""Sign-ups for agenda items (theme sessions, knowledge dating) and staff notes.

Every verb is one transaction. Signing up locks the participant's row, then
the offer's row (``select_for_update``; always in that order, so two verbs
never wait on each other in a circle), and counts the seats inside the lock:
two phones racing for the last seat get one seat and one "full", and one
participant cannot take two overlapping seats from two tabs at once. On
SQLite (the embedded profile) transactions are ``IMMEDIATE``: writers queue.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from arena import ratelimit
from arena.models import Participant, record_audit
from arena.participants import newcomers_wait

from .models import AgendaItem, AgendaNote, Signup, SignupOffer


class SignupRefused(Exception):
    """Why a sign-up (or a change of an offer) cannot be made; ``str()`` says
    it, ``code`` names it ("full", "closed", "overlap", "gone", "capacity",
    "limited", "newcomers"); ``retry_after``: seconds until the newcomers'
    budget has room again ("newcomers")."""

    def __init__(self, message: str, code: str = "", retry_after: int = 0):
        super().__init__(message)
        self.code = code
        self.retry_after = retry_after


#: A phone may sign up or cancel this many times a minute (a person needs a few).
CHANGES_PER_MINUTE = 20


def _limit(participant: Participant) -> None:
    if not ratelimit.hit("signup", participant.pk, limit=CHANGES_PER_MINUTE, window=60):
        raise SignupRefused(
            _(
                "You have changed your sign-ups many times in a short time. "
                "Wait a minute, then try again."
            ),
            "limited",
        )


def _newcomers_budget(participant: Participant) -> None:
    """Newcomers (no persona yet, or joined seconds ago: ``arena.participants.
    is_newcomer``) share one budget of seats per arena (``ARENA_NEWCOMER_SIGNUP_*``,
    counted in the shared cache, as ``proposals.services.post_topic`` does for
    topics): a flood of fresh identities cannot take a session's seats from the
    people in the room, who made their persona and are never held up by it."""
    wait = newcomers_wait(participant, "signup")
    if wait:
        message = ngettext(
            "Many new phones are signing up right now – try again in %(n)d second.",
            "Many new phones are signing up right now – try again in %(n)d seconds.",
            wait,
        ) % {"n": wait}
        if not participant.has_persona:
            message += " " + _("Phones with a persona are not held up like this.")
        raise SignupRefused(message, "newcomers", retry_after=wait)


def _when(item: AgendaItem) -> str:
    return f"{item.start:%H:%M}–{item.end:%H:%M}"


# --- the organiser ---------------------------------------------------------------------------


@transaction.atomic
def save_offer(
    item: AgendaItem, *, kind: str, capacity: int, open: bool, actor=None
) -> SignupOffer:
    """Open ``item`` for sign-up, or change its offer. The capacity cannot go
    below the seats already taken (``SignupRefused``): nobody loses a seat."""
    offer = SignupOffer.objects.select_for_update().filter(item=item).first()
    if offer is None:
        offer = SignupOffer(item=item)
        verb = "signup_offer.open"
    else:
        verb = "signup_offer.change"
        taken = offer.signups.count()
        if capacity < taken:
            raise SignupRefused(
                _(
                    "%(taken)s participants have signed up already; the number of seats "
                    "cannot be lower than that."
                )
                % {"taken": taken},
                "capacity",
            )
    offer.kind, offer.capacity, offer.open = kind, capacity, open
    offer.save()
    record_audit(item.day.arena, actor, verb, item.title, f"{offer.kind} {capacity}")
    return offer


@transaction.atomic
def remove_offer(offer: SignupOffer, actor=None) -> None:
    """The item is no longer for sign-up; its sign-ups go with it."""
    item = offer.item
    taken = offer.signups.count()
    offer.delete()
    record_audit(item.day.arena, actor, "signup_offer.delete", item.title, f"{taken} signed up")


@dataclass
class ItemRow:
    item: AgendaItem
    offer: SignupOffer | None
    taken: int
    names: list[str]


def staff_rows(arena) -> list[ItemRow]:
    """Every agenda item of the arena with its offer, the seats taken and who
    signed up (as the room may name them: ``Participant.public_name``), in a
    fixed number of queries."""
    signups = Signup.objects.select_related("participant").prefetch_related(
        "participant__perspectives"
    )
    items = (
        AgendaItem.objects.for_arena(arena)
        .select_related("day", "signup_offer")
        .prefetch_related(Prefetch("signup_offer__signups", queryset=signups))
    )
    rows = []
    for item in items:
        offer = getattr(item, "signup_offer", None)
        people = list(offer.signups.all()) if offer else []
        rows.append(ItemRow(item, offer, len(people), [s.participant.public_name for s in people]))
    return rows


# --- the participant ---------------------------------------------------------------------------


@dataclass
class PhoneOffer:
    offer: SignupOffer
    taken: int
    mine: bool

    @property
    def seats_left(self) -> int:
        return max(self.offer.capacity - self.taken, 0)

    @property
    def full(self) -> bool:
        return self.seats_left == 0


def phone_offers(arena, participant: Participant) -> list[PhoneOffer]:
    """The open offers, and any the participant holds a seat in, with the
    seats taken: one query, however many offers."""
    mine = Signup.objects.filter(offer=OuterRef("pk"), participant=participant)
    offers = (
        SignupOffer.objects.filter(item__day__arena=arena)
        .annotate(taken=Count("signups"), mine=Exists(mine))
        .filter(Q(open=True) | Q(mine=True))
        .select_related("item__day")
    )
    return [PhoneOffer(offer, offer.taken, offer.mine) for offer in offers]


@transaction.atomic
def sign_up(participant: Participant, offer_pk: int) -> Signup:
    """Take a seat in the offer (``SignupRefused``: closed, full, or a seat in
    an offer at the same time; too many changes a minute; the newcomers'
    shared budget spent, see ``_newcomers_budget``). Signing up again keeps
    the first seat."""
    _limit(participant)
    Participant.objects.select_for_update().filter(pk=participant.pk).first()
    offer = (
        SignupOffer.objects.select_for_update(of=("self",))
        .select_related("item__day")
        .filter(pk=offer_pk, item__day__arena_id=participant.arena_id)
        .first()
    )
    if offer is None:
        raise SignupRefused(_("This sign-up no longer exists."), "gone")
    held = Signup.objects.filter(offer=offer, participant=participant).first()
    if held:
        return held
    item = offer.item
    if not offer.open:
        raise SignupRefused(
            _("“%(title)s” is closed for sign-up.") % {"title": item.title}, "closed"
        )
    if offer.signups.count() >= offer.capacity:
        raise SignupRefused(
            _("“%(title)s” is full: all %(capacity)s seats are taken.")
            % {"title": item.title, "capacity": offer.capacity},
            "full",
        )
    clash = (
        Signup.objects.filter(
            participant=participant,
            offer__item__day_id=item.day_id,
            offer__item__start__lt=item.end,
            offer__item__end__gt=item.start,
        )
        .select_related("offer__item")
        .first()
    )
    if clash:
        other = clash.offer.item
        raise SignupRefused(
            _(
                "You have signed up for “%(other)s” (%(when)s), which is at the same time. "
                "Cancel that one first if you would rather go to “%(title)s”."
            )
            % {"other": other.title, "when": _when(other), "title": item.title},
            "overlap",
        )
    _newcomers_budget(participant)
    return Signup.objects.create(offer=offer, participant=participant)


@transaction.atomic
def cancel(participant: Participant, offer_pk: int) -> bool:
    """Give the seat back (it is free for the next); False if there was none
    (``SignupRefused`` after too many changes a minute)."""
    _limit(participant)
    deleted, _rows = Signup.objects.filter(
        participant=participant, offer_id=offer_pk, offer__item__day__arena_id=participant.arena_id
    ).delete()
    return bool(deleted)


# --- staff notes -------------------------------------------------------------------------------


def save_note(note: AgendaNote, author=None) -> AgendaNote:
    """A new note (by ``author``) or an edit: ``updated_at`` says when."""
    if note.pk is None:
        note.author = author if getattr(author, "is_authenticated", False) else None
    note.updated_at = timezone.now()
    note.save()
    return note


@transaction.atomic
def delete_note(note: AgendaNote, actor=None) -> None:
    item = note.item
    note.delete()
    record_audit(item.day.arena, actor, "agenda_note.delete", item.title, note.text[:100])


def arena_notes(arena) -> list[tuple[AgendaItem, list[AgendaNote]]]:
    """The arena's agenda items that have staff notes, each with its notes in
    the order written (two queries): for a staff-only print of the notes, e.g.
    the facilitators' meeting in the arena report's internal version."""
    items = (
        AgendaItem.objects.for_arena(arena)
        .filter(agenda_notes__isnull=False)
        .distinct()
        .select_related("day")
        .prefetch_related(
            Prefetch("agenda_notes", queryset=AgendaNote.objects.select_related("author"))
        )
    )
    return [(item, list(item.agenda_notes.all())) for item in items]
