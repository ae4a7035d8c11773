"""Challenge groups: registering, inviting, approving onto the wall.

- ``register``: an owner's challenge from the public page (no account).
  Limited per arena in the shared cache (``arena.ratelimit``) and capped in
  number, so the public form cannot flood the organiser's list.
- ``join``: someone the owner invited adds their name (limited per group,
  capped in number; the same name twice is one member).
- ``approve``: the organiser gives the group a facilitator, a room and its
  sessions; the group goes on the wall through the wall's own verbs
  (``services.add_topic`` and ``services.place_topic``: a WallAction for
  undo, the broadcast after commit), and the cells of its later sessions in
  that room are kept for it (``challenge_cells``).
- ``decline``.
- ``steps``: the suggested template's step of each of the group's sessions.

Approving and declining each write an audit line (``challenge.approve``,
``challenge.decline``) naming who decided, in the same transaction.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from arena import ratelimit
from arena.models import Arena, Format, Membership, Role, record_audit
from sessions.models import AgendaItem, Space, cell_code

from . import live, services
from .challenge_cells import reserved_for
from .challenge_models import ChallengeMember, ChallengeRegistration, ChallengeStatus
from .models import Group

# Registrations per arena and window (seconds): a real call for challenge
# groups brings a few dozen over weeks; a script brings hundreds a minute.
REGISTER_LIMIT = 20
REGISTER_WINDOW = 3600
# Registrations waiting for the organiser, at most (the list stays readable).
PENDING_MAX = 100
# Members per group, and joins per group and window.
MEMBERS_MAX = 40
JOIN_LIMIT = 20
JOIN_WINDOW = 600
# The roles that may facilitate a challenge group (the trained facilitators).
FACILITATOR_ROLES = (Role.FACILITATOR, Role.SUPPORT)

#: The suggested template for the group sessions (the 2016 report).
STEPS = [
    gettext_lazy("Desired result"),
    gettext_lazy("Describe the problem"),
    gettext_lazy("From individual to collective learning"),
    gettext_lazy("Ideas and possibilities"),
    gettext_lazy("Conclude and write the report"),
]


class ChallengeError(services.WallError):
    """A challenge action that cannot be done; the message is for the user."""


class ChallengeLimited(Exception):
    """Too many in a short while; ``retry_after`` seconds until the next window
    (0: a cap that does not pass with time)."""

    def __init__(self, message: str, retry_after: int = 0):
        super().__init__(message)
        self.retry_after = retry_after


def accepts_registrations(arena: Arena) -> bool:
    """The public page exists only for a challenge-group arena."""
    return arena.format == Format.CHALLENGE_GROUPS


# --- the owner and the members ---------------------------------------------------


@transaction.atomic
def register(
    arena: Arena,
    *,
    title: str,
    problem: str,
    desired_result: str,
    owner: str,
    organisation: str = "",
    email: str = "",
) -> ChallengeRegistration:
    if arena.joining_paused:
        raise ChallengeLimited(
            _("Registration is closed for a while. Try again later."), retry_after=0
        )
    pending = arena.challenge_registrations.filter(status=ChallengeStatus.PENDING)
    if pending.count() >= PENDING_MAX:
        raise ChallengeLimited(
            _("The organiser has many registrations to look at. Try again later.")
        )
    if not ratelimit.hit(
        "challenge-register", arena.pk, limit=REGISTER_LIMIT, window=REGISTER_WINDOW
    ):
        seconds = ratelimit.retry_after(REGISTER_WINDOW)
        raise ChallengeLimited(
            _(
                "Many challenges were registered in a short while. "
                "Wait %(minutes)s minutes, then send again."
            )
            % {"minutes": max(1, round(seconds / 60))},
            retry_after=seconds,
        )
    return ChallengeRegistration.objects.create(
        arena=arena,
        title=title,
        problem=problem,
        desired_result=desired_result,
        owner=owner,
        organisation=organisation,
        email=email,
    )


@transaction.atomic
def join(registration: ChallengeRegistration, *, name: str, organisation: str = ""):
    """Add an invited person to the group; the same name again (any case) is
    the same member, its organisation updated."""
    registration = ChallengeRegistration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == ChallengeStatus.DECLINED:
        raise ChallengeError(_("This challenge group was declined; it takes no members."))
    existing = registration.members.filter(name__iexact=name.strip()).first()
    if existing is not None:
        if organisation and existing.organisation != organisation:
            existing.organisation = organisation
            existing.save(update_fields=["organisation"])
        return existing
    if registration.members.count() >= MEMBERS_MAX:
        raise ChallengeLimited(
            _("This group has %(n)s members, as many as it can take.") % {"n": MEMBERS_MAX}
        )
    if not ratelimit.hit("challenge-join", registration.pk, limit=JOIN_LIMIT, window=JOIN_WINDOW):
        seconds = ratelimit.retry_after(JOIN_WINDOW)
        raise ChallengeLimited(
            _(
                "Many people joined this group in a short while. "
                "Wait a few minutes, then send again."
            ),
            retry_after=seconds,
        )
    return ChallengeMember.objects.create(
        registration=registration, name=name.strip(), organisation=organisation
    )


# --- the organiser ---------------------------------------------------------------


def facilitator_choices(arena: Arena):
    """The arena's users who may facilitate a challenge group."""
    return (
        Membership.objects.filter(arena=arena, role__in=FACILITATOR_ROLES)
        .select_related("user")
        .order_by("user__first_name", "user__username")
    )


def _fresh(registration: ChallengeRegistration) -> ChallengeRegistration:
    return ChallengeRegistration.objects.select_for_update().get(pk=registration.pk)


@transaction.atomic
def approve(
    registration: ChallengeRegistration, actor, *, facilitator, space: Space, sessions
) -> Group:
    """Put an approved challenge group on the wall: one group in its first
    session's cell of ``space``; the cells of the later sessions in that room
    are kept for it. Refused (``ChallengeError``) if one of those cells is
    taken or kept for another group."""
    arena_id = registration.arena_id
    # The wall's lock (``services`` takes it again inside place_topic: same row, same order).
    Arena.objects.select_for_update().filter(pk=arena_id).values_list("pk", flat=True).first()
    registration = _fresh(registration)
    if registration.status != ChallengeStatus.PENDING:
        raise ChallengeError(_("This registration is already decided."))
    if not Membership.objects.filter(
        arena_id=arena_id, user=facilitator, role__in=FACILITATOR_ROLES
    ).exists():
        raise ChallengeError(_("Pick a facilitator of this arena."))
    if space.arena_id != arena_id:
        raise ChallengeError(_("Pick a space of this arena."))
    sessions = sorted(sessions, key=lambda s: s.session_number or 0)
    if not sessions:
        raise ChallengeError(_("Pick at least one session."))
    for session in sessions:
        if session.day.arena_id != arena_id or not session.is_session:
            raise ChallengeError(_("Pick sessions of this arena's programme."))
        code = cell_code(session, space)
        taken = Group.objects.filter(session=session, space=space).select_related("topic").first()
        if taken is not None:
            raise ChallengeError(
                _("Cell %(code)s is taken by “%(title)s”.")
                % {"code": code, "title": taken.topic.title}
            )
        kept = reserved_for(session, space)
        if kept is not None:
            raise ChallengeError(
                _("Cell %(code)s is kept for the challenge group “%(title)s”.")
                % {"code": code, "title": kept.title}
            )
    topic = services.add_topic(
        registration.arena,
        title=registration.title,
        description=registration.problem,
        convener_name=registration.owner,
    )
    group = services.place_topic(topic, sessions[0], space, actor)
    registration.status = ChallengeStatus.APPROVED
    registration.facilitator = facilitator
    registration.space = space
    registration.topic = topic
    registration.decided_at = timezone.now()
    registration.save(update_fields=["status", "facilitator", "space", "topic", "decided_at"])
    registration.sessions.set(sessions)
    record_audit(
        registration.arena,
        actor,
        "challenge.approve",
        _audit_target(registration),
        ", ".join(cell_code(s, space) for s in sessions),
    )
    # The kept cells now show the group as "continues" on every wall.
    live.wall_changed(arena_id, cells=[(s.pk, space.pk) for s in sessions[1:]], queue=False)
    return group


@transaction.atomic
def decline(registration: ChallengeRegistration, actor) -> ChallengeRegistration:
    registration = _fresh(registration)
    if registration.status != ChallengeStatus.PENDING:
        raise ChallengeError(_("This registration is already decided."))
    registration.status = ChallengeStatus.DECLINED
    registration.decided_at = timezone.now()
    registration.save(update_fields=["status", "decided_at"])
    record_audit(registration.arena, actor, "challenge.decline", _audit_target(registration))
    return registration


def _audit_target(registration: ChallengeRegistration) -> str:
    """How a registration's audit lines name it: stable id first, then the title."""
    return f"ChallengeRegistration {registration.pk}: {registration.title}"


# --- the facilitator's sessions ----------------------------------------------------


@dataclass
class Step:
    session: AgendaItem
    number: int  # 1..5 in the suggested template
    label: str
    current: bool = False
    past: bool = False


def steps(registration: ChallengeRegistration, now=None) -> list[Step]:
    """Each of the group's sessions with its step of the suggested template:
    session n works on step n (past the fifth, on the fifth). The session
    going on by the clock is ``current``."""
    now = timezone.localtime(now)
    sessions = sorted(registration.sessions.all(), key=lambda s: s.session_number or 0)
    result = []
    for index, session in enumerate(sessions):
        number = min(index + 1, len(STEPS))
        start = (session.day.date, session.start)
        end = (session.day.date, session.end)
        here = (now.date(), now.time())
        result.append(
            Step(
                session=session,
                number=number,
                label=str(STEPS[number - 1]),
                current=start <= here < end,
                past=end <= here,
            )
        )
    return result
