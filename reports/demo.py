"""The demo arena: the 2020 programme wall with made-up people.

``load_demo()`` builds "Åpen arena 2020" from
``arena/demo_data/aapen-arena-2020.json`` (a copy of ``shared/data``): two
days, the agenda with its four open-space sessions at their 2020 times, 19
spaces, the 2020 perspectives, demo users in every role, and made-up
participants. The 2020 report gives no times for the plenary items, so they
get plausible ones around the sessions. The days are put on today and
tomorrow so that "now" and "next" mean something in a demo.

Then ``reports.demo_formats.load_formats`` adds a small arena of each other
format (the 2012 café, the 2013 main areas, the 2016 challenge groups) and, on
the 2020 arena, a few reports with inputs, a strategy and its follow-up.

It is idempotent: a second run finds the demo arenas and changes nothing.

The loader is the one module that knows every app, so it lives at the top
(``reports``), where importing all of them is allowed.
"""

import datetime
import json
import random
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from arena.defaults import DEFAULT_PERSPECTIVES
from arena.models import Arena, ArenaDay, Membership, Participant, Perspective, Role
from proposals.models import Attendance, Group, Topic, TopicStatus
from reports.demo_formats import load_formats
from sessions.models import AgendaItem, ItemKind, Space
from sessions.services import renumber_sessions

DATA_FILE = Path(__file__).resolve().parent.parent / "arena" / "demo_data" / "aapen-arena-2020.json"
DEMO_PASSWORD = "arena-demo-2020"  # noqa: S105 - printed for the local demo only
DEMO_USERS = [
    ("arrangor", "Ada", "Arrangør", Role.ORGANISER),
    ("fasilitator", "Frida", "Fasilitator", Role.FACILITATOR),
    ("stotte", "Sindre", "Støtte", Role.SUPPORT),
    ("leser", "Live", "Leser", Role.READER),
]

# Plausible times for the items the report lists without times, per day, in
# agenda order (open-space sessions keep their 2020 times from the data).
PLENARY_TIMES = {
    1: ["09:30-10:00", "10:00-10:20", "10:20-10:40", "10:40-12:00", "16:30-17:00"],
    2: ["09:00-09:45", "09:45-10:30", "11:45-13:00", "14:15-15:00"],
}

FIRST_NAMES = [
    "Aslak", "Berit", "Cecilie", "Dag", "Eirin", "Fredrik", "Gunn", "Håkon", "Ingrid", "Jonas",
    "Kari", "Lars", "Mona", "Nils", "Oda", "Petter", "Ragnhild", "Sigurd", "Tone", "Ulrik",
    "Vigdis", "Øystein", "Åse", "Amir", "Sara", "Yusuf", "Leila", "Marte", "Even", "Hilde",
]  # fmt: skip
LAST_NAMES = [
    "Aas", "Berg", "Dahl", "Eide", "Foss", "Haugen", "Holm", "Lie", "Moe", "Nygård",
    "Rønning", "Solberg", "Strand", "Tangen", "Vik", "Ødegård",
]  # fmt: skip


def _time(text: str) -> datetime.time:
    return datetime.datetime.strptime(text, "%H:%M").time()


def demo_arena() -> Arena | None:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return Arena.objects.filter(title=data["title"], created_by__username="arrangor").first()


def demo_users() -> dict:
    """The demo users by role, made on first use."""
    User = get_user_model()
    users = {}
    for username, first, last, role in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.is_staff = role == Role.ORGANISER
            user.save()
        users[role] = user
    return users


@transaction.atomic
def load_demo(*, participants: int = 150, today: datetime.date | None = None) -> Arena:
    """The 2020 arena, then a small arena of each other format and the 2020
    strategy (``reports.demo_formats``); each part only if it is not there."""
    arena = demo_arena()
    users = demo_users()
    if arena is None:
        arena = _load_2020(users, participants=participants, today=today)
    load_formats(arena, users)
    return arena


def _load_2020(users: dict, *, participants: int, today: datetime.date | None) -> Arena:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    today = today or timezone.localdate()

    arena = Arena.objects.create(
        title=data["title"],
        theme=data["theme"],
        guiding_questions="\n".join(data["questions"]),
        venue=data["venue"],
        language="nb",
        created_by=users[Role.ORGANISER],
    )
    for role, user in users.items():
        Membership.objects.create(arena=arena, user=user, role=role)

    colours = dict(DEFAULT_PERSPECTIVES)
    Perspective.objects.bulk_create(
        Perspective(
            arena=arena, label=p["label"], colour=colours.get(p["label"], "#3d3d3d"), position=i
        )
        for i, p in enumerate(data["perspectives"])
    )

    for day_data in data["days"]:
        day = ArenaDay.objects.create(
            arena=arena, date=today + datetime.timedelta(days=day_data["day"] - 1)
        )
        plenary_times = iter(PLENARY_TIMES[day_data["day"]])
        for entry in day_data["agenda"]:
            if entry["kind"] == "open_space":
                start, end = _time(entry["start"]), _time(entry["end"])
            else:
                start_text, end_text = next(plenary_times).split("-")
                start, end = _time(start_text), _time(end_text)
            item = AgendaItem(
                day=day,
                kind=entry["kind"] if entry["kind"] in ItemKind.values else ItemKind.PLENARY,
                title=entry["title"],
                start=start,
                end=end,
            )
            item.full_clean()
            item.save()
    renumber_sessions(arena)

    Space.objects.bulk_create(
        Space(arena=arena, number=s["number"], name=s.get("name", "")) for s in data["spaces"]
    )

    rng = random.Random(2020)
    people = Participant.objects.bulk_create(
        Participant(
            arena=arena,
            display_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            consent_named=rng.random() < 0.8,
        )
        for _ in range(participants)
    )
    perspectives = list(arena.perspectives.all())
    Through = Participant.perspectives.through
    Through.objects.bulk_create(
        Through(participant_id=person.pk, perspective_id=perspective.pk)
        for person in people
        for perspective in rng.sample(perspectives, k=rng.choice([1, 1, 2, 3]))
    )
    _load_wall(arena, data, people, rng)
    return arena


def _load_wall(arena: Arena, data: dict, people: list, rng: random.Random) -> None:
    """The 2020 wall: every topic in its cell, day-2 kinds and links, merged
    groups ("1. OG 7.") as a second topic merged into the first."""
    sessions = {s.session_number: s for s in AgendaItem.objects.for_arena(arena).sessions()}
    spaces = {s.number: s for s in arena.spaces.all()}
    by_code: dict[str, Topic] = {}
    groups = []
    for entry in data["topics"]:
        session_number, space_number = (int(x) for x in entry["code"].split("."))
        session = sessions[session_number]
        convener = rng.choice(people) if people else None
        topic = Topic.objects.create(
            arena=arena,
            convener=convener,
            title=entry["title"],
            kind=entry.get("kind", "new"),
            builds_on=by_code.get(entry.get("builds_on", "")),
            day=session.day,
            status=TopicStatus.PLACED,
        )
        by_code[entry["code"]] = topic
        groups.append(
            Group.objects.create(
                arena=arena, topic=topic, session=session, space=spaces[space_number]
            )
        )
        for _other_space in entry.get("merged_spaces", [])[1:]:
            Topic.objects.create(
                arena=arena,
                convener=rng.choice(people) if people else None,
                title=entry["title"],
                kind=topic.kind,
                day=session.day,
                status=TopicStatus.MERGED,
                merged_into=topic,
            )
    by_session: dict[int, list] = {}
    for group in groups:
        by_session.setdefault(group.session_id, []).append(group)
    Attendance.objects.bulk_create(
        Attendance(participant=person, group=rng.choice(options), session_id=session_id)
        for session_id, options in by_session.items()
        for person in people
        if rng.random() < 0.9
    )
    Arena.objects.filter(pk=arena.pk).update(wall_version=len(groups))
