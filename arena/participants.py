"""Participants' signed tokens: how a phone without an account is recognised.

Joining an arena stores a signed value ``{"a": arena_pk, "p": participant_pk,
"k": key}`` in a cookie named after the arena. It is long-lived (a two-day
arena, plus the weeks after for reading the report). ``participant_from_request``
returns ``None`` for anything missing, forged, expired, for another arena, or
revoked (the participant's ``key`` changed), and callers send such a phone back
to the join page.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone

from . import ratelimit
from .models import Arena, Participant

SALT = "arena.participant"


def cookie_name(arena: Arena) -> str:
    return f"arena_p{arena.pk}"


def make_token(participant: Participant) -> str:
    return signing.dumps(
        {"a": participant.arena_id, "p": participant.pk, "k": participant.key},
        salt=SALT,
        compress=True,
    )


def read_token(token: str | None, arena: Arena) -> Participant | None:
    if not token:
        return None
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.PARTICIPANT_TOKEN_MAX_AGE)
    except signing.BadSignature:  # includes SignatureExpired
        return None
    if not isinstance(data, dict) or data.get("a") != arena.pk:
        return None
    participant = Participant.objects.filter(pk=data.get("p"), arena=arena).first()
    if participant is None or participant.key != data.get("k"):
        return None
    return participant


def participant_from_request(request, arena: Arena) -> Participant | None:
    return read_token(request.COOKIES.get(cookie_name(arena)), arena)


class JoiningPaused(Exception):
    """A facilitator closed the door for a while (``Arena.joining_paused``)."""


class TooManyJoining(Exception):
    """More new participants this minute than a real room makes (``ARENA_JOIN_LIMIT``)."""

    def __init__(self, retry_after: int):
        super().__init__(retry_after)
        self.retry_after = retry_after


@transaction.atomic
def join(arena: Arena, request) -> tuple[Participant, bool]:
    """The participant this phone already is in ``arena``, or a new one.

    Only for a POST (a link preview or a prefetch must create no one). A new
    participant is refused with ``JoiningPaused`` while the facilitator has
    paused joining, and with ``TooManyJoining`` past ``ARENA_JOIN_LIMIT`` new
    participants per arena in ``ARENA_JOIN_WINDOW`` seconds; counted in the
    shared cache, so the limit holds across worker processes. Per arena, not
    per address: the whole venue shares one.
    """
    existing = participant_from_request(request, arena)
    if existing:
        Participant.objects.filter(pk=existing.pk).update(last_seen_at=timezone.now())
        return existing, False
    if arena.joining_paused:
        raise JoiningPaused
    window = settings.ARENA_JOIN_WINDOW
    if not ratelimit.hit("join", arena.pk, limit=settings.ARENA_JOIN_LIMIT, window=window):
        raise TooManyJoining(ratelimit.retry_after(window))
    return Participant.objects.create(arena=arena), True


def is_newcomer(participant: Participant, now=None) -> bool:
    """No persona yet, or joined in the last ``ARENA_NEWCOMER_SECONDS``: what
    a flood of fresh identities looks like (their topics share one small
    budget per arena, see ``proposals.services.post_topic``)."""
    if not participant.has_persona:
        return True
    settle = datetime.timedelta(seconds=settings.ARENA_NEWCOMER_SECONDS)
    return participant.created_at > (now or timezone.now()) - settle


def newcomers_wait(participant: Participant, kind: str) -> int:
    """0 when ``participant`` may go on; else, for a newcomer past one of the
    arena's shared budgets for ``kind`` ("topic", "comment", "dot", "signup":
    ``ARENA_NEWCOMER_<KIND>_LIMIT``/``_WINDOW`` and the same with ``_LONG``,
    counted in the shared cache), the seconds until that window ends. A
    flood of fresh identities gets little in; people with a persona who
    joined earlier never spend from these. Counts one hit in each budget it
    passes."""
    if not is_newcomer(participant):
        return 0
    prefix = f"ARENA_NEWCOMER_{kind.upper()}"
    for suffix in ("", "_LONG"):
        limit = getattr(settings, f"{prefix}_LIMIT{suffix}")
        window = getattr(settings, f"{prefix}_WINDOW{suffix}")
        if not ratelimit.hit(f"newcomer-{kind}", participant.arena_id, limit=limit, window=window):
            return ratelimit.retry_after(window)
    return 0


def set_cookie(response, participant: Participant) -> None:
    response.set_cookie(
        cookie_name(participant.arena),
        make_token(participant),
        max_age=settings.PARTICIPANT_TOKEN_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=not settings.DEBUG and settings.SESSION_COOKIE_SECURE,
    )
