"""The cells an approved challenge group keeps for its later sessions.

A challenge group is one ``Group``: the cell of its first session in its
room. It works through more sessions in the same room, so those cells are
kept for it: the wall shows the group there as "continues", and no other
topic or group may be placed or moved there. This module reads only models
(no wall services), so ``proposals.services`` and ``proposals.wall`` can ask
it without an import cycle.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sessions.models import AgendaItem, cell_code

from .challenge_models import ChallengeRegistration, ChallengeStatus


def _approved(**lookup):
    return (
        ChallengeRegistration.objects.filter(status=ChallengeStatus.APPROVED, **lookup)
        .exclude(space=None)
        .select_related("space")
        .prefetch_related(
            Prefetch(
                "sessions",
                queryset=AgendaItem.objects.select_related("day").order_by("session_number"),
            )
        )
    )


def kept_sessions(registration: ChallengeRegistration) -> list[AgendaItem]:
    """The later sessions of an approved group (all but its first), by number."""
    sessions = sorted(registration.sessions.all(), key=lambda s: s.session_number or 0)
    return sessions[1:]


def reserved_cells(arena) -> dict[tuple[int, int], ChallengeRegistration]:
    """``{(session pk, space pk): registration}`` for every kept cell of the
    arena, in two queries whatever the number of groups (for the wall)."""
    cells = {}
    for registration in _approved(arena=arena):
        for session in kept_sessions(registration):
            cells[(session.pk, registration.space_id)] = registration
    return cells


def reserved_for(session: AgendaItem, space) -> ChallengeRegistration | None:
    """The approved challenge group that keeps this cell, or None."""
    for registration in _approved(space=space, sessions=session):
        if any(s.pk == session.pk for s in kept_sessions(registration)):
            return registration
    return None


def reserved_cell_message(session: AgendaItem, space) -> str | None:
    """Why nothing else may go in this cell (a message for the facilitator),
    or None when it is not kept for a challenge group. For the wall's
    placement check (``proposals.services._check_cell``)."""
    registration = reserved_for(session, space)
    if registration is None:
        return None
    return _(
        "Cell %(code)s is kept for the challenge group “%(title)s”, which continues "
        "there. Choose another cell."
    ) % {"code": cell_code(session, space), "title": registration.title}


def lost_sessions_line(registration, gone) -> str:
    """What a challenge group loses when sessions it works through are
    deleted (for ``arena.deletion.name_lost_links``): those sessions, and
    their cells in its room, no longer kept for it."""
    space = registration.space
    if space is None:
        return ngettext(
            "The challenge group “%(title)s” loses the session %(sessions)s.",
            "The challenge group “%(title)s” loses the sessions %(sessions)s.",
            len(gone),
        ) % {"title": registration.title, "sessions": ", ".join(f"“{s.title}”" for s in gone)}
    return ngettext(
        "The challenge group “%(title)s” loses the session of cell %(codes)s "
        "(the cell is no longer kept for it).",
        "The challenge group “%(title)s” loses the sessions of cells %(codes)s "
        "(the cells are no longer kept for it).",
        len(gone),
    ) % {"title": registration.title, "codes": ", ".join(cell_code(s, space) for s in gone)}
