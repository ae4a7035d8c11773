"""Walls at real scale for the layout tests: the 30-room wall, built once here
(the 2020 demo wall comes from reports.demo.load_demo)."""

import datetime
import json
import random

from django.utils import timezone

from arena.models import Arena, Participant
from proposals.models import Group, Topic, TopicStatus
from reports.demo import DATA_FILE
from sessions.models import AgendaItem, ItemKind, Space

ROOM_NAMES = ["Multisal 2", "Peisestua", "Auditoriet", "Biblioteket", "Glassgården", "Rom 204"]


def wall_30(organiser, *, free_last: bool = False, waiting: int = 0) -> Arena:
    """Four sessions × 30 rooms with 8 of the 120 cells free (titles of 2020,
    over again). ``free_last`` keeps the last room of the last session among
    the free ones (a far drag target); ``waiting`` topics go in the queue."""
    from arena import services as arena_services

    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    titles = [t["title"] for t in data["topics"]]
    today = timezone.localdate()
    arena = arena_services.create_arena(
        organiser, start_date=today, number_of_days=2, title="Åpen arena – 30 rom"
    )
    day1, day2 = arena.days.order_by("date")
    times = [
        (day1, 13, 0, 14, 30),
        (day1, 14, 45, 16, 15),
        (day2, 10, 45, 11, 45),
        (day2, 13, 0, 14, 0),
    ]
    sessions = [
        AgendaItem.objects.create(
            day=day,
            kind=ItemKind.OPEN_SPACE,
            title=f"Gruppesesjon {n}",
            start=datetime.time(h1, m1),
            end=datetime.time(h2, m2),
            session_number=n,
        )  # fmt: skip
        for n, (day, h1, m1, h2, m2) in enumerate(times, start=1)
    ]
    spaces = Space.objects.bulk_create(
        Space(arena=arena, number=n, name=ROOM_NAMES[n % len(ROOM_NAMES)] if n % 3 == 0 else "")
        for n in range(1, 31)
    )
    rng = random.Random(30)
    cells = [(s, sp) for s in sessions for sp in spaces]
    if free_last:
        free = set(rng.sample(range(len(cells) - 1), 7)) | {len(cells) - 1}
    else:
        free = set(rng.sample(range(len(cells)), 8))
    people = Participant.objects.bulk_create(
        Participant(arena=arena, display_name=f"Person {i} Testesen", consent_named=i % 2 == 0)
        for i in range(60)
    )
    for index, (session, space) in enumerate(cells):
        if index in free:
            continue
        topic = Topic.objects.create(
            arena=arena, title=titles[index % len(titles)], status=TopicStatus.PLACED,
            day=session.day, convener=people[index % len(people)],
        )  # fmt: skip
        Group.objects.create(arena=arena, topic=topic, session=session, space=space)
    for i in range(waiting):
        Topic.objects.create(
            arena=arena, title=titles[-1 - i], description="Kort om emnet.",
            status=TopicStatus.WAITING, convener=people[i],
        )  # fmt: skip
    Arena.objects.filter(pk=arena.pk).update(wall_version=len(cells) - len(free))
    return arena
