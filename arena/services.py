"""The verbs that change an arena, its days, people and perspectives.

Each is atomic; views call these and never write models themselves.
"""

import datetime
import secrets

from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from . import deletion, images, ratelimit, signals
from .defaults import DEFAULT_PERSPECTIVES
from .deletion import picture_files
from .live import ANNOUNCED, broadcast_on_commit, close_sockets
from .models import (
    Announcement,
    Arena,
    ArenaDay,
    Invitation,
    Membership,
    Perspective,
    Role,
    new_join_code,
    record_audit,
)
from .perspectives import perspectives_changed

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
    first day falls on ``start_date``) and perspectives; the apps above copy
    their parts (the programme: agenda and spaces) on ``arena_copied``.

    People, participants and everything that happened in the room stay behind.
    """
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
    Perspective.objects.bulk_create(
        Perspective(arena=arena, label=p.label, colour=p.colour, position=p.position)
        for p in source.perspectives.all()
    )
    Membership.objects.create(arena=arena, user=user, role=Role.ORGANISER)
    signals.arena_copied.send(sender=Arena, source=source, copy=arena, days=new_days)
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


@transaction.atomic
def pause_joining(arena: Arena, actor, *, paused: bool) -> None:
    """Pause (or resume) joining at the door; an audit line says who."""
    Arena.objects.filter(pk=arena.pk).update(joining_paused=paused)
    record_audit(arena, actor, "pause_joining" if paused else "resume_joining")


def add_day(arena: Arena, date: datetime.date) -> ArenaDay:
    return ArenaDay.objects.create(arena=arena, date=date)


@transaction.atomic
def delete_day(day: ArenaDay, actor=None):
    """Delete a day and its agenda, unless a group meets in one of its
    sessions (``deletion.DeletionBlocked``, naming the groups); the deletion
    goes to the audit trail with who did it. The programme renumbers its
    sessions on ``day_deleted``."""
    arena = day.arena
    label = f"{day.date:%Y-%m-%d}"
    plan = deletion.delete(day)
    record_audit(arena, actor, "day.delete", label, plan.summary)
    signals.day_deleted.send(sender=ArenaDay, arena=arena)
    return plan


def _broadcast_announcement(arena: Arena) -> None:
    """Every page that shows the announcement (``ANNOUNCED``) gets it, as it
    is after commit."""

    def render():
        html = render_to_string(
            "projector/_announcement.html",
            {"announcement": arena.current_announcement, "oob": True},
        )
        return [(ANNOUNCED, html)]

    broadcast_on_commit(arena.pk, render)


@transaction.atomic
def announce(arena: Arena, user, *, text: str, minutes: int) -> Announcement:
    """A facilitator's announcement for ``minutes``; it replaces the one shown."""
    now = timezone.now()
    Announcement.objects.filter(arena=arena, dismissed_at=None).update(dismissed_at=now)
    announcement = Announcement.objects.create(
        arena=arena,
        text=text,
        created_by=user,
        expires_at=now + datetime.timedelta(minutes=minutes),
    )
    _broadcast_announcement(arena)
    return announcement


@transaction.atomic
def dismiss_announcement(announcement: Announcement) -> None:
    announcement.dismissed_at = timezone.now()
    announcement.save(update_fields=["dismissed_at"])
    _broadcast_announcement(announcement.arena)


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
    made small, metadata and GPS stripped) and only the small copies are kept
    (``arena.images.store_upload``: the slow work holds no lock, and the
    stored files are removed if the row's transaction fails).
    Raises ``PersonaSavesLimited`` past ``PERSONA_SAVES_PER_MINUTE``.
    """
    participant = form.instance
    if not ratelimit.hit("persona", participant.pk, limit=PERSONA_SAVES_PER_MINUTE, window=60):
        raise PersonaSavesLimited(ratelimit.retry_after(60))

    def write(upload=None):
        participant = form.save(commit=False)
        participant.withdrawn_at = None
        if upload is not None:
            if participant.picture:
                old = participant.picture
                transaction.on_commit(lambda: _delete_picture(old))
            participant.picture = upload.names["thumb"]
        participant.save()
        form.save_m2m()
        _persona_changed(participant.arena_id)
        return participant

    if not picture:
        with transaction.atomic():
            return write()
    base = f"persona-{participant.arena_id}-{participant.pk}-{secrets.token_hex(4)}"
    try:
        return images.store_upload(picture, write, base_name=base)
    except images.PhotoError as error:
        raise PictureError(str(error)) from None


def _delete_picture(name: str) -> None:
    """A persona picture's stored sizes (``…-thumb.jpg`` and its siblings)."""
    for file in picture_files(name):
        default_storage.delete(file)


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
    perspectives_changed(arena_pk)
