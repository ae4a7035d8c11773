"""Benchmark of the phone input wall at the size of a big arena.

    .venv/bin/python -m bench.input_wall [--renders 7]

Builds, in a throwaway SQLite database in a temp dir (direct ORM inserts),
an arena with 300 inputs (60 groups × 5, six sessions × ten spaces), 600
comments, 150 participants with perspectives (the voters: one closed vote,
100 dots each) and a few day-2 follow-up topics; then renders the phone
input wall ``/p/<code>/inputs/`` with Django's test Client (server time only,
no network), one warm-up and ``--renders`` timed renders, and measures the
bytes a phone receives (the HTML gzip-compressed, as the proxy sends it).
The phone wall is paged (``reports.inputwall.GROUPS_PER_PAGE`` groups, newest
first, "Show older inputs" loads the next page); the whole unpaged wall (the
projector's view) is measured too, for comparison.

The last line is the summary: ``input_wall render_ms=<median> kb=<gzip KB>``.
"""

import argparse
import gzip
import os
import random
import shutil
import statistics
import sys
import tempfile
import time

WORDS = [
    "arbeid",
    "helse",
    "nav",
    "tjenester",
    "samarbeid",
    "bruker",
    "oppfølging",
    "tidlig",
    "innsats",
    "arbeidsgiver",
    "lege",
    "fastlege",
    "sykefravær",
    "ungdom",
    "skole",
    "mestring",
    "tillit",
    "kompetanse",
    "veileder",
    "kommune",
    "stat",
    "rett",
    "tid",
    "individuell",
    "plan",
    "dialog",
    "avklaring",
    "tiltak",
    "lønn",
    "arbeidsplass",
    "psykisk",
    "rus",
    "erfaring",
]


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def build(rng: random.Random) -> dict:
    import datetime

    from django.utils import timezone

    from arena import participants as tokens
    from arena.models import Arena, ArenaDay, Participant, Perspective
    from proposals.models import Attendance, Group, Topic, TopicKind, TopicStatus
    from reports.models import (
        Dot,
        GroupReport,
        Input,
        InputComment,
        ReportParticipant,
        ReportStatus,
        ReportTemplate,
        Vote,
    )
    from sessions.models import AgendaItem, ItemKind, Space

    arena = Arena.objects.create(title="Åpen arena (benchmark)")
    days = [
        ArenaDay.objects.create(arena=arena, date=datetime.date(2026, 3, 10 + d)) for d in (0, 1)
    ]
    sessions = []
    for n in range(6):
        start = datetime.time(9 + 2 * (n % 3), 0)
        sessions.append(
            AgendaItem.objects.create(
                day=days[n // 3],
                kind=ItemKind.OPEN_SPACE,
                title=f"Gruppesesjon {n + 1}",
                start=start,
                end=datetime.time(start.hour + 1, 30),
                session_number=n + 1,
            )
        )
    spaces = [Space.objects.create(arena=arena, number=n) for n in range(1, 11)]
    perspectives = [
        Perspective.objects.create(arena=arena, label=label, position=i)
        for i, label in enumerate(["Bruker", "Nav", "Helse", "Arbeidsgiver", "Forskning"])
    ]
    people = Participant.objects.bulk_create(
        Participant(arena=arena, display_name=f"Deltaker {n}", consent_named=n % 2 == 0)
        for n in range(150)
    )
    through = Participant.perspectives.through
    through.objects.bulk_create(
        through(participant_id=p.pk, perspective_id=rng.choice(perspectives).pk) for p in people
    )
    template = ReportTemplate.objects.filter(arena=None).first()
    now = timezone.now()
    groups, reports = [], []
    for s, session in enumerate(sessions):
        for space in spaces:
            topic = Topic.objects.create(
                arena=arena,
                title=sentence(rng, 6)[:-1],
                status=TopicStatus.PLACED,
                day=session.day,
            )
            group = Group.objects.create(arena=arena, topic=topic, session=session, space=space)
            groups.append(group)
            reports.append(
                GroupReport(
                    group=group,
                    template=template,
                    status=ReportStatus.SUBMITTED if s % 2 else ReportStatus.APPROVED,
                    submitted_at=now - datetime.timedelta(minutes=len(reports)),
                )
            )
    reports = GroupReport.objects.bulk_create(reports)
    addressees = ["national", "services", "own", ""]
    inputs = Input.objects.bulk_create(
        Input(
            report=report,
            position=p,
            title=sentence(rng, rng.randint(4, 9))[:-1],
            text=" ".join(sentence(rng, rng.randint(8, 16)) for _ in range(rng.randint(2, 5))),
            addressee=rng.choice(addressees),
        )
        for report in reports
        for p in range(1, 6)
    )
    InputComment.objects.bulk_create(
        InputComment(
            input=rng.choice(inputs), participant=rng.choice(people), text=sentence(rng, 14)
        )
        for _ in range(600)
    )
    ReportParticipant.objects.bulk_create(
        ReportParticipant(report=report, participant=person)
        for report in reports
        for person in rng.sample(people, 8)
    )
    Attendance.objects.bulk_create(
        Attendance(participant=person, group=rng.choice(groups[:10]), session=sessions[0])
        for person in people
    )
    # Day 2: ten topics deepen or implement day-1 topics.
    for n, group in enumerate(groups[30:40]):
        group.topic.kind = TopicKind.DEEPENING if n % 2 else TopicKind.IMPLEMENTATION
        group.topic.builds_on = groups[n].topic
        group.topic.save(update_fields=["kind", "builds_on"])
    vote = Vote.objects.create(
        arena=arena, title="Prioriter", dots_per_participant=100, cap_per_input=2, blind=True
    )
    Dot.objects.bulk_create(
        Dot(vote=vote, participant=person, input=item)
        for person in people
        for item in rng.sample(inputs, 100)
    )
    vote.closed_at = now
    vote.save(update_fields=["closed_at"])
    return {
        "arena": arena,
        "cookie": (tokens.cookie_name(arena), tokens.make_token(people[0])),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=9)
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="arena-bench-inputwall-")
    try:
        for key in [k for k in os.environ if k.startswith("ARENA_") or k == "DATABASE_URL"]:
            os.environ.pop(key)
        os.environ.update(
            DJANGO_SETTINGS_MODULE="arena.settings",
            ARENA_SQLITE_PATH=os.path.join(tmp, "arena.sqlite3"),
            ARENA_DATA_DIR=os.path.join(tmp, "data"),
            ARENA_MEDIA_ROOT=os.path.join(tmp, "media"),
            ARENA_LOG_LEVEL="WARNING",
        )
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.urls import reverse

        from bench._common import machine_info
        from reports.inputwall.selectors import GROUPS_PER_PAGE

        call_command("migrate", verbosity=0, interactive=False)
        t0 = time.perf_counter()
        data = build(random.Random(2020))
        print(f"built in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
        arena = data["arena"]
        client = Client(HTTP_HOST="127.0.0.1")
        client.cookies[data["cookie"][0]] = data["cookie"][1]
        url = reverse("phone_reports:input_wall", args=[arena.join_code])

        def render(path):
            start = time.perf_counter()
            response = client.get(path)
            elapsed = (time.perf_counter() - start) * 1000
            assert response.status_code == 200, response.status_code
            return elapsed, response.content

        render(url)  # warm-up: templates, translations
        counted = []
        with connection.execute_wrapper(lambda run, sql, *a: counted.append(sql) or run(sql, *a)):
            _ms, body = render(url)
        times = [render(url)[0] for _ in range(args.renders)]
        median_ms = statistics.median(times)
        gz_kb = len(gzip.compress(body, compresslevel=6)) / 1024
        print(machine_info())
        print(
            f"inputs=300 comments=600 voters=150 queries={len(counted)} "
            f"renders={args.renders} min_ms={min(times):.0f} times_ms={[round(t) for t in times]}"
        )
        print(
            f"phone, first page ({GROUPS_PER_PAGE} groups): "
            f"html_kb={len(body) / 1024:.0f} gzip_kb={gz_kb:.0f}"
        )
        more_ms = statistics.median(
            render(f"{url}?part=more&page=2")[0] for _ in range(args.renders)
        )
        print(f"phone, next page (htmx 'more'): render_ms={more_ms:.0f}")
        # The whole wall unpaged, as the projector renders it.
        from django.contrib.auth import get_user_model

        from arena.models import Membership, Role

        user = get_user_model().objects.create_user("bench-facilitator")
        Membership.objects.create(arena=arena, user=user, role=Role.FACILITATOR)
        staff = Client(HTTP_HOST="127.0.0.1")
        staff.force_login(user)
        projector = reverse("reports:input_wall_projector", args=[arena.pk])
        staff.get(projector)
        whole = []
        for _ in range(max(3, args.renders // 2)):
            start = time.perf_counter()
            response = staff.get(projector)
            whole.append((time.perf_counter() - start) * 1000)
        print(
            f"whole wall unpaged (projector): render_ms={statistics.median(whole):.0f} "
            f"html_kb={len(response.content) / 1024:.0f} "
            f"gzip_kb={len(gzip.compress(response.content, compresslevel=6)) / 1024:.0f}"
        )
        print(f"input_wall render_ms={median_ms:.0f} kb={gz_kb:.0f}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
