"""Services for the input wall: comments on inputs and dot-voting.

Every verb runs in one transaction and broadcasts after commit (rendered once,
``reports.inputwall.live`` renders the fragments), so no screen ever shows a
comment or a dot that was rolled back.

Limits are enforced here, not in the views, and under a row lock on the
participant (``select_for_update``; on SQLite the IMMEDIATE transaction mode
serialises writers anyway): two taps that arrive at the same moment are
counted one after the other, so neither the comment rate limit nor the dot
limits can be exceeded by a double tap.

Newcomers (no persona yet, or joined seconds ago: ``arena.participants.
is_newcomer``) also share one budget per arena for comments and one for dots
(``ARENA_NEWCOMER_COMMENT_*``, ``ARENA_NEWCOMER_DOT_*``), counted in the shared
cache as ``proposals.services.post_topic`` does for topics: a participant costs
one POST, so a flood of fresh identities gets little onto every phone's wall or
into the vote, while people with a persona are limited only per participant.
"""

import datetime
import math

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from arena.models import Arena, Participant
from arena.participants import newcomers_wait
from reports.models import Dot, Input, InputComment, Vote

from . import live
from .selectors import ON_WALL, wall_inputs

# A participant may post this many comments per window. Per participant, never
# per address: the whole venue shares one IP address.
COMMENT_LIMIT = 10
COMMENT_WINDOW = datetime.timedelta(minutes=1)
COMMENT_MAX = InputComment._meta.get_field("text").max_length

# Open Space practice: about one dot per three items on the wall.
ITEMS_PER_DOT = 3
# Live results go to the projector at most this often per vote (seconds); the
# projector also polls, so the last dots of a burst are never lost.
RESULTS_BROADCAST_EVERY = 1


class CommentError(ValueError):
    """A comment that cannot be posted; the message is for the participant."""


class RateLimited(CommentError):
    pass


class NewcomersBusy(RateLimited):
    """The arena's budget for comments from newcomers is spent for this window
    (a flood of fresh identities); ``retry_after`` seconds until the next."""

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


class VoteError(ValueError):
    """A vote action that cannot be done; the message is for the person."""


class DotsBusy(VoteError):
    """The arena's budget for dots from newcomers is spent for this window;
    ``retry_after`` seconds until the next."""

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


def _persona_hint(participant: Participant, message: str) -> str:
    if not participant.has_persona:
        message += " " + _("Phones with a persona are not held up like this.")
    return message


# --- comments ---------------------------------------------------------------------


@transaction.atomic
def post_comment(participant: Participant, item: Input, text: str) -> InputComment:
    """A participant's comment on an input on the wall.

    Refused (``CommentError``, a message for the phone) when empty or too
    long, and with ``RateLimited`` past ``COMMENT_LIMIT`` comments a minute,
    so a stuck button or a prank cannot flood every phone; a newcomer also
    with ``NewcomersBusy`` past the newcomers' shared budget. After commit the
    input's comment list is rendered once and sent to every screen.
    """
    text = (text or "").strip()
    if not text:
        raise CommentError(_("Write a comment first."))
    if "\x00" in text:  # PostgreSQL cannot store it (a DataError, once a 500)
        raise CommentError(
            _(
                "The comment contains a null character, which cannot be stored."
                " Remove it and send again."
            )
        )
    if len(text) > COMMENT_MAX:
        raise CommentError(
            _("The comment is too long: %(n)d characters, at most %(max)d.")
            % {"n": len(text), "max": COMMENT_MAX}
        )
    Participant.objects.select_for_update().filter(pk=participant.pk).first()
    since = timezone.now() - COMMENT_WINDOW
    if InputComment.objects.filter(participant=participant, created_at__gte=since).count() >= (
        COMMENT_LIMIT
    ):
        raise RateLimited(
            _("You have written many comments in a short time. Wait a minute, then try again.")
        )
    wait = newcomers_wait(participant, "comment")
    if wait:
        message = ngettext(
            "Many new phones are commenting right now – try again in %(n)d second.",
            "Many new phones are commenting right now – try again in %(n)d seconds.",
            wait,
        ) % {"n": wait}
        raise NewcomersBusy(_persona_hint(participant, message), wait)
    comment = InputComment.objects.create(input=item, participant=participant, text=text)
    live.comments_changed(participant.arena_id, item.pk)
    return comment


# --- dot-voting ---------------------------------------------------------------------


def default_dots(arena: Arena) -> int:
    """Dots per participant to suggest: one per three inputs on the wall, rounded up."""
    return max(1, math.ceil(wall_inputs(arena).count() / ITEMS_PER_DOT))


def open_vote(
    arena: Arena,
    *,
    title: str,
    dots_per_participant: int,
    cap_per_input: int,
    blind: bool = True,
) -> Vote:
    """Open a vote on the inputs on the wall. One vote at a time per arena
    (the arena row is locked while checking), so phones never have to choose
    which vote a dot is for."""
    if dots_per_participant < 1 or cap_per_input < 1:
        raise VoteError(_("Give each participant at least one dot, and allow one per input."))
    with transaction.atomic():
        Arena.objects.select_for_update().filter(pk=arena.pk).first()
        if Vote.objects.filter(arena=arena, closed_at=None).exists():
            raise VoteError(_("A vote is already open. Close it before opening a new one."))
        vote = Vote.objects.create(
            arena=arena,
            title=title,
            dots_per_participant=dots_per_participant,
            cap_per_input=min(cap_per_input, dots_per_participant),
            blind=blind,
        )
        live.vote_changed(vote)
    return vote


@transaction.atomic
def close_vote(vote: Vote) -> Vote:
    """Close the vote: no more dots, and the results are shown (blind or not)."""
    vote = Vote.objects.select_for_update().get(pk=vote.pk)
    if vote.closed_at is None:
        vote.closed_at = timezone.now()
        vote.save(update_fields=["closed_at"])
        live.vote_changed(vote)
    return vote


def _locked_open_vote(vote: Vote, participant: Participant) -> Vote:
    Participant.objects.select_for_update().filter(pk=participant.pk).first()
    vote = Vote.objects.get(pk=vote.pk)  # read after the lock: closed meanwhile?
    if not vote.is_open:
        raise VoteError(_("The vote is closed."))
    return vote


@transaction.atomic
def place_dot(vote: Vote, participant: Participant, item: Input) -> Dot:
    """Put one of the participant's dots on an input.

    Both limits are checked after locking the participant's row, so two taps
    at once are counted one after the other and can never exceed them. A
    newcomer's dot also spends from the newcomers' shared budget (``DotsBusy``
    past it): a flood of fresh identities cannot stuff the vote.
    """
    vote = _locked_open_vote(vote, participant)
    if item.report.group.arena_id != vote.arena_id or item.report.status not in ON_WALL:
        raise VoteError(_("This input is not on the input wall."))
    mine = Dot.objects.filter(vote=vote, participant=participant)
    used = mine.count()
    if used >= vote.dots_per_participant:
        raise VoteError(
            ngettext(
                "You have used your %(n)d dot. Remove it to place it elsewhere.",
                "You have used all your %(n)d dots. Remove one to place it elsewhere.",
                vote.dots_per_participant,
            )
            % {"n": vote.dots_per_participant}
        )
    if mine.filter(input=item).count() >= vote.cap_per_input:
        raise VoteError(
            ngettext(
                "At most %(n)d dot on one input.",
                "At most %(n)d dots on one input.",
                vote.cap_per_input,
            )
            % {"n": vote.cap_per_input}
        )
    wait = newcomers_wait(participant, "dot")
    if wait:
        message = ngettext(
            "Many new phones are voting right now – try again in %(n)d second.",
            "Many new phones are voting right now – try again in %(n)d seconds.",
            wait,
        ) % {"n": wait}
        raise DotsBusy(_persona_hint(participant, message), wait)
    dot = Dot.objects.create(vote=vote, participant=participant, input=item)
    _dots_changed(vote)
    return dot


@transaction.atomic
def remove_dot(vote: Vote, participant: Participant, item: Input) -> bool:
    """Take back one of the participant's dots from an input (False: none there)."""
    vote = _locked_open_vote(vote, participant)
    dot = (
        Dot.objects.filter(vote=vote, participant=participant, input=item)
        .order_by("-created_at", "-pk")
        .first()
    )
    if dot is None:
        return False
    dot.delete()
    _dots_changed(vote)
    return True


def _dots_changed(vote: Vote) -> None:
    """Live results for the projector, when they may be seen, at most once a
    second per vote (``cache.add`` is atomic: one request in the second wins)."""
    if vote.results_visible and cache.add(
        f"vote-results-sent:{vote.pk}", 1, timeout=RESULTS_BROADCAST_EVERY
    ):
        live.vote_results_changed(vote)
