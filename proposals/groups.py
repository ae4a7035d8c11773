"""A group as its page on a phone shows it (the QR on its printed sheet
leads there): who is going, which perspectives are present and missing, and
whom the viewer may write to. The rules of who sees what live here, not in
the view."""

from dataclasses import dataclass, field

from arena.models import Participant, Perspective
from arena.perspectives import presence

from .models import Attendance, Group


@dataclass
class GroupPage:
    group: Group
    people: list[Participant]  # going, with a persona (head-counts count people, not cookies)
    names: list[tuple[str, str]]  # (name, organisation) as the viewer may see them
    convener: str
    present: list[tuple]  # (perspective, how many), most first
    missing: list
    going: bool  # the viewer is going
    contacts: list[Participant] = field(default_factory=list)


def group_page(group: Group, viewer: Participant) -> GroupPage:
    """``group`` (with its topic's convener, session and space) as ``viewer`` sees it."""
    people = [
        a.participant
        for a in Attendance.objects.filter(group=group)
        .select_related("participant")
        .prefetch_related("participant__perspectives")
        .order_by("pk")
    ]
    going = any(p.pk == viewer.pk for p in people)
    people = [p for p in people if p.has_persona]
    # Names as the room may see them (``Participant.public_name``); each
    # person sees their own.
    names = sorted(
        (
            (
                person.name_seen_by(viewer),
                person.organisation if person.pk == viewer.pk else person.public_organisation,
            )
            for person in people
        ),
        key=lambda pair: pair[0].casefold(),
    )
    topic = group.topic
    convener = (
        viewer.display_name
        if topic.convener_id == viewer.pk and viewer.has_persona
        else topic.public_convener
    )
    present, missing = presence(people, Perspective.objects.filter(arena_id=group.arena_id))
    return GroupPage(
        group=group,
        people=people,
        names=names,
        convener=convener,
        present=sorted(present, key=lambda pair: -pair[1]),
        missing=missing,
        going=going,
        # Only the group's own people see who shares an address.
        contacts=[p for p in people if p.shares_email_with(viewer)] if going else [],
    )
