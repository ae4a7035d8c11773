"""The verbs that change an arena, its days, people and perspectives.

Each is atomic; views call these and never write models themselves.
"""

import datetime
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from .defaults import DEFAULT_PERSPECTIVES
from .models import Arena, ArenaDay, Invitation, Membership, Perspective, Role, new_join_code

ROLE_RANK = {Role.READER: 1, Role.SUPPORT: 2, Role.FACILITATOR: 3, Role.ORGANISER: 4}


@transaction.atomic
def create_arena(
    user, *, start_date: datetime.date, number_of_days: int, perspectives=None, **fields
) -> Arena:
    """A new arena, its consecutive days, the default perspectives, and its
    creator as organiser (an arena is never without one)."""
    arena = Arena.objects.create(created_by=user, **fields)
    ArenaDay.objects.bulk_create(
        ArenaDay(arena=arena, date=start_date + datetime.timedelta(days=offset))
        for offset in range(number_of_days)
    )
    Perspective.objects.bulk_create(
        Perspective(arena=arena, label=label, colour=colour, position=position)
        for position, (label, colour) in enumerate(
            DEFAULT_PERSPECTIVES if perspectives is None else perspectives
        )
    )
    Membership.objects.create(arena=arena, user=user, role=Role.ORGANISER)
    return arena


@transaction.atomic
def copy_arena(source: Arena, user, *, title: str, start_date: datetime.date) -> Arena:
    """Next year's arena from this year's: settings, days (shifted so the
    first day falls on ``start_date``), agenda, spaces and perspectives.

    People, participants and everything that happened in the room stay behind.
    """
    from sessions.models import AgendaItem, Space

    arena = Arena.objects.create(
        title=title,
        theme=source.theme,
        guiding_questions=source.guiding_questions,
        venue=source.venue,
        format=source.format,
        language=source.language,
        copied_from=source,
        created_by=user,
    )
    source_days = list(source.days.order_by("date"))
    shift = start_date - source_days[0].date if source_days else datetime.timedelta(0)
    new_days = {
        day.pk: ArenaDay.objects.create(arena=arena, date=day.date + shift) for day in source_days
    }
    if not source_days:
        new_days[None] = ArenaDay.objects.create(arena=arena, date=start_date)
    AgendaItem.objects.bulk_create(
        AgendaItem(
            day=new_days[item.day_id],
            kind=item.kind,
            title=item.title,
            start=item.start,
            end=item.end,
            presenters=item.presenters,
            stream_url=item.stream_url,
            description=item.description,
            session_number=item.session_number,
        )
        for item in AgendaItem.objects.filter(day__arena=source)
    )
    Space.objects.bulk_create(
        Space(arena=arena, number=s.number, name=s.name, capacity=s.capacity)
        for s in source.spaces.all()
    )
    Perspective.objects.bulk_create(
        Perspective(arena=arena, label=p.label, colour=p.colour, position=p.position)
        for p in source.perspectives.all()
    )
    Membership.objects.create(arena=arena, user=user, role=Role.ORGANISER)
    return arena


def update_arena(arena: Arena, **fields) -> Arena:
    for name, value in fields.items():
        setattr(arena, name, value)
    arena.save()
    return arena


@transaction.atomic
def new_join_code_for(arena: Arena) -> str:
    """Replace a leaked join code; phones that already joined keep working
    (their tokens name the arena, not the code)."""
    for _attempt in range(5):
        arena.join_code = new_join_code()
        try:
            with transaction.atomic():
                arena.save(update_fields=["join_code"])
            return arena.join_code
        except IntegrityError:  # pragma: no cover - a collision among 8.5e11 codes
            continue
    raise RuntimeError("Could not find a free join code")


def add_day(arena: Arena, date: datetime.date) -> ArenaDay:
    return ArenaDay.objects.create(arena=arena, date=date)


@transaction.atomic
def delete_day(day: ArenaDay, actor=None):
    """Delete a day and its agenda, unless a group meets in one of its
    sessions (``deletion.DeletionBlocked``, naming the groups); the deletion
    goes to the audit trail with who did it."""
    from sessions.services import renumber_sessions

    from . import deletion
    from .models import record_audit

    arena = day.arena
    label = f"{day.date:%Y-%m-%d}"
    plan = deletion.delete(day)
    record_audit(arena, actor, "day.delete", label, plan.summary)
    renumber_sessions(arena)
    return plan


def add_perspective(arena: Arena, *, label: str, colour: str) -> Perspective:
    last = arena.perspectives.order_by("-position").first()
    return Perspective.objects.create(
        arena=arena, label=label, colour=colour, position=(last.position + 1) if last else 0
    )


def invite(arena: Arena, by, *, role: str, email: str = "", name: str = "") -> Invitation:
    return Invitation.objects.create(arena=arena, created_by=by, role=role, email=email, name=name)


class InvitationClosed(Exception):
    """The invitation was used, withdrawn or expired before this acceptance
    got to it (``invitation`` is the row as it is now)."""

    def __init__(self, invitation: Invitation):
        super().__init__(f"invitation {invitation.pk} is no longer open")
        self.invitation = invitation


@transaction.atomic
def revoke_invitation(invitation: Invitation) -> bool:
    """Withdraw an invitation that nobody has accepted yet; False if it was
    accepted meanwhile (then the membership stays: remove the member instead)."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        return False
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    return True


@transaction.atomic
def accept_invitation(invitation: Invitation, user) -> Membership:
    """Give ``user`` the invited role. A user who already has a stronger role
    keeps it: an invitation never demotes anyone.

    Single use under races: the row is locked (on SQLite the IMMEDIATE
    transaction holds the write lock) and only then checked, so of several
    simultaneous acceptances one wins and the others get ``InvitationClosed``.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open:
        raise InvitationClosed(invitation)
    membership = Membership.objects.filter(arena_id=invitation.arena_id, user=user).first()
    if membership is None:
        membership = Membership.objects.create(
            arena_id=invitation.arena_id, user=user, role=invitation.role
        )
    elif ROLE_RANK[invitation.role] > ROLE_RANK[membership.role]:
        membership.role = invitation.role
        membership.save(update_fields=["role"])
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


class LastOrganiserError(Exception):
    """Removing or demoting this member would leave the arena without an organiser."""


@transaction.atomic
def remove_member(membership: Membership) -> None:
    if membership.role == Role.ORGANISER:
        organisers = Membership.objects.select_for_update().filter(
            arena_id=membership.arena_id, role=Role.ORGANISER
        )
        if organisers.count() <= 1:
            raise LastOrganiserError
    membership.delete()
    # Open sockets were authorised once, at connect: close them (after
    # commit), so staff broadcasts stop; their reconnect is refused.
    from .live import close_sockets

    close_sockets(membership.arena_id, users=[membership.user_id])


class PictureError(ValueError):
    """The uploaded picture cannot be used; the message is for the participant."""


class PersonaSavesLimited(Exception):
    """Too many persona saves by one participant in a short while; the form
    is shown again with what was typed. ``retry_after``: seconds to wait."""

    def __init__(self, retry_after: int):
        super().__init__(f"persona saves limited; retry after {retry_after} s")
        self.retry_after = retry_after


#: Persona saves per participant and minute (each tells the staff screens).
PERSONA_SAVES_PER_MINUTE = 10


def save_persona(form, *, picture=None):
    """Save a persona; a picture goes through the photo pipeline (oriented,
    made small, metadata and GPS stripped) and only the small copy is kept.

    The slow work holds no lock: the picture is decoded, resized and stored
    first, then a short transaction saves the row (on SQLite a transaction
    holds the database's one write lock: a resize inside it made every other
    phone wait). If the transaction fails, the stored files are removed.
    Raises ``PersonaSavesLimited`` past ``PERSONA_SAVES_PER_MINUTE``.
    """
    from . import ratelimit

    participant = form.instance
    if not ratelimit.hit("persona", participant.pk, limit=PERSONA_SAVES_PER_MINUTE, window=60):
        raise PersonaSavesLimited(ratelimit.retry_after(60))
    names: dict[str, str] = {}
    if picture:
        from django.core.files.storage import default_storage

        from arena.images import PhotoError, process_photo, save_processed

        try:
            processed = process_photo(picture)
        except PhotoError as error:
            raise PictureError(str(error)) from None
        base = f"persona-{participant.arena_id}-{participant.pk}-{secrets.token_hex(4)}"
        names = save_processed(default_storage, base, processed)
    try:
        with transaction.atomic():
            participant = form.save(commit=False)
            participant.withdrawn_at = None
            if names:
                if participant.picture:
                    old = participant.picture
                    transaction.on_commit(lambda: _delete_picture(old))
                participant.picture = names["thumb"]
            participant.save()
            form.save_m2m()
            _persona_changed(participant.arena_id)
    except BaseException:
        from django.core.files.storage import default_storage

        for name in names.values():
            default_storage.delete(name)
        raise
    return participant


def _delete_picture(name: str) -> None:
    """A persona picture's stored sizes (``…-thumb.jpg`` and its siblings)."""
    from django.core.files.storage import default_storage

    if not name.endswith("-thumb.jpg"):
        return
    stem = name.removesuffix("-thumb.jpg")
    for variant in ("thumb", "web", "print"):
        if default_storage.exists(f"{stem}-{variant}.jpg"):
            default_storage.delete(f"{stem}-{variant}.jpg")


@transaction.atomic
def withdraw_persona(participant) -> None:
    """Remove everything the persona showed, its picture files too; the phone
    stays in the arena."""
    if participant.picture:
        old = participant.picture
        transaction.on_commit(lambda: _delete_picture(old))
    participant.display_name = ""
    participant.organisation = ""
    participant.own_words = ""
    participant.picture = ""
    participant.consent_named = False
    participant.email = ""
    participant.share_email = False
    participant.withdrawn_at = timezone.now()
    participant.save()
    participant.perspectives.clear()
    _persona_changed(participant.arena_id)


def _persona_changed(arena_pk: int) -> None:
    from .live import perspectives_changed

    perspectives_changed(arena_pk)
