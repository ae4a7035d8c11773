"""Participants' signed tokens: how a phone without an account is recognised.

Joining an arena stores a signed value ``{"a": arena_pk, "p": participant_pk,
"k": key}`` in a cookie named after the arena. It is long-lived (a two-day
arena, plus the weeks after for reading the report). ``participant_from_request``
returns ``None`` for anything missing, forged, expired, for another arena, or
revoked (the participant's ``key`` changed), and callers send such a phone back
to the join page.
"""

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone

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


@transaction.atomic
def join(arena: Arena, request) -> tuple[Participant, bool]:
    """The participant this phone already is in ``arena``, or a new one."""
    existing = participant_from_request(request, arena)
    if existing:
        Participant.objects.filter(pk=existing.pk).update(last_seen_at=timezone.now())
        return existing, False
    return Participant.objects.create(arena=arena), True


def set_cookie(response, participant: Participant) -> None:
    response.set_cookie(
        cookie_name(participant.arena),
        make_token(participant),
        max_age=settings.PARTICIPANT_TOKEN_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=not settings.DEBUG and settings.SESSION_COOKIE_SECURE,
    )
