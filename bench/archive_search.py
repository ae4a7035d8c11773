"""Benchmark of the archive's full-text search over five years of arenas.

    .venv/bin/python -m bench.archive_search [--runs 15] [--profile embedded|production]

Builds five arenas of the 2020 arena's size (2016–2020; each: 60 topics on
the wall, 23 group reports with their sections filled in, 49 inputs, 150
participants with perspectives, four main areas), a strategy with five
pillars tagging a third of the inputs, and one organiser who is a member of
all five; then indexes them (``reports.archive.services.reindex_arena``,
timed, and the no-change reindex a save costs after commit) and times the
search page ``/archive/search/`` with Django's test Client (server time, no
network): one warm-up and ``--runs`` renders of each query of ``QUERIES``
(words, prefixes, æøå, filters by year, theme, perspective and pillar).

Profiles: embedded (default): a throwaway SQLite file in a temp dir (FTS5).
production (``--profile production``, or DATABASE_URL set): a throwaway
PostgreSQL database on the server of DATABASE_URL (default
postgresql://postgres@127.0.0.1:5432), dropped at the end (tsvector + GIN).

The last line is the summary:
``archive search: p95 <ms> ms over 5 arenas (target < 100 ms)``.
"""

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from urllib.parse import urlsplit, urlunsplit

from bench._common import PG_URL, machine_info, median, percentile
from bench.input_wall import WORDS

ARENAS = 5
TOPICS, REPORTS, INPUTS, PEOPLE = 60, 23, 49, 150
AREAS = ["Om arbeidsdeltakelse", "Om helse", "Om samhandling", "Om kompetanse"]
EXTRA = ["sykefraværsoppfølging", "økonomi", "særlige", "behov", "blå", "mål"]

#: (label, GET parameters); "{...}" are filled in from the data built.
QUERIES = [
    ("one word", {"q": "arbeid"}),
    ("prefix", {"q": "samarb"}),
    ("æøå", {"q": "sykefravær"}),
    ("two words", {"q": "tidlig innsats"}),
    ("three words", {"q": "bruker tillit kommune"}),
    ("another æøå word", {"q": "økonomi"}),
    ("no hit", {"q": "kvantedatamaskin"}),
    ("word + year", {"q": "helse", "year": "2018"}),
    ("word + theme", {"q": "helse", "theme": "Om helse"}),
    ("word + perspective", {"q": "nav", "perspective": "{perspective}"}),
    ("pillar only", {"pillar": "{pillar}"}),
    ("page 3", {"q": "arbeid", "page": "3"}),
]


def sentence(rng: random.Random, n: int) -> str:
    words = WORDS + EXTRA
    return " ".join(rng.choice(words) for _ in range(n)).capitalize()


def build(rng: random.Random):
    import datetime

    from django.contrib.auth import get_user_model

    from arena import services as arena_services
    from arena.models import Participant
    from proposals.models import Group, Topic, TopicStatus
    from reports.documentation.services import default_template
    from reports.models import (
        GroupReport,
        Input,
        Pillar,
        PillarTag,
        ReportParticipant,
        ReportStatus,
        Strategy,
    )
    from sessions.models import AgendaItem, ItemKind, Space, Theme, ThemeKind
    from sessions.services import renumber_sessions

    user = get_user_model().objects.create_user("bench-archive", password="x" * 20)
    arenas = []
    for year in range(2020 - ARENAS + 1, 2021):
        arena = arena_services.create_arena(
            user,
            start_date=datetime.date(year, 11, 12),
            number_of_days=2,
            title=f"Åpen arena {year}",
            theme="Arbeid og helse",
        )
        day1, day2 = list(arena.days.order_by("date"))
        for i, day in enumerate([day1, day1, day1, day2, day2]):
            AgendaItem.objects.create(
                day=day,
                kind=ItemKind.OPEN_SPACE,
                title=f"Gruppesesjon {i + 1}",
                start=datetime.time(9 + 2 * i % 8, 0),
                end=datetime.time(10 + 2 * i % 8, 0),
            )
        renumber_sessions(arena)
        sessions = list(AgendaItem.objects.for_arena(arena).sessions().order_by("session_number"))
        per_session = -(-TOPICS // len(sessions))
        spaces = Space.objects.bulk_create(
            Space(arena=arena, number=n + 1) for n in range(per_session)
        )
        themes = [
            Theme.objects.create(arena=arena, kind=ThemeKind.AREA, title=t, position=i)
            for i, t in enumerate(AREAS)
        ]
        perspectives = list(arena.perspectives.all())
        people = Participant.objects.bulk_create(
            Participant(arena=arena, display_name=f"Deltaker {n}") for n in range(PEOPLE)
        )
        through = Participant.perspectives.through
        through.objects.bulk_create(
            through(participant_id=p.pk, perspective_id=rng.choice(perspectives).pk) for p in people
        )
        topics = Topic.objects.bulk_create(
            Topic(
                arena=arena,
                title=sentence(rng, rng.randint(4, 10)),
                description=sentence(rng, rng.randint(0, 25)),
                status=TopicStatus.PLACED,
            )
            for _ in range(TOPICS)
        )
        groups = Group.objects.bulk_create(
            Group(
                arena=arena,
                topic=t,
                session=sessions[i // per_session],
                space=spaces[i % per_session],
                theme=themes[i % len(themes)],
            )
            for i, t in enumerate(topics)
        )
        template = default_template(arena)
        sections = list(template.sections.all())
        reports = GroupReport.objects.bulk_create(
            GroupReport(
                group=g,
                template=template,
                status=ReportStatus.SUBMITTED,
                content={
                    str(s.pk): [sentence(rng, rng.randint(5, 12)) for _ in range(4)]
                    if s.kind == "list"
                    else ". ".join(sentence(rng, rng.randint(8, 18)) for _ in range(5))
                    for s in sections
                },
            )
            for g in rng.sample(groups, REPORTS)
        )
        ReportParticipant.objects.bulk_create(
            ReportParticipant(report=r, participant=p)
            for r in reports
            for p in rng.sample(people, 6)
        )
        inputs = Input.objects.bulk_create(
            Input(
                report=reports[i % REPORTS],
                position=i // REPORTS,
                title=sentence(rng, rng.randint(4, 10)),
                text=". ".join(sentence(rng, rng.randint(8, 16)) for _ in range(3)),
            )
            for i in range(INPUTS)
        )
        arenas.append((arena, inputs))
    strategy = Strategy.objects.create(title="Strategi", created_by=user)
    strategy.arenas.set([a for a, _ in arenas])
    pillars = [
        Pillar.objects.create(strategy=strategy, title=f"Bærebjelke {n + 1}", position=n)
        for n in range(5)
    ]
    PillarTag.objects.bulk_create(
        PillarTag(pillar=rng.choice(pillars), input=item)
        for _, inputs in arenas
        for item in inputs[::3]
    )
    return user, [a for a, _ in arenas], pillars


def _pg_server() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        return PG_URL
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "", "", ""))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--profile", choices=["embedded", "production"])
    args = parser.parse_args(argv)
    profile = args.profile or ("production" if os.environ.get("DATABASE_URL") else "embedded")

    tmp = tempfile.mkdtemp(prefix="arena-bench-archive-")
    server = _pg_server()
    db_name = None
    try:
        for key in [k for k in os.environ if k.startswith("ARENA_") or k == "DATABASE_URL"]:
            os.environ.pop(key)
        os.environ.update(
            DJANGO_SETTINGS_MODULE="arena.settings",
            ARENA_DATA_DIR=os.path.join(tmp, "data"),
            ARENA_MEDIA_ROOT=os.path.join(tmp, "media"),
            ARENA_LOG_LEVEL="WARNING",
        )
        if profile == "production":
            db_name = f"arena_bench_{uuid.uuid4().hex[:10]}"
            subprocess.run(
                ["psql", server + "/postgres", "-qc", f'CREATE DATABASE "{db_name}"'],
                check=True,
                capture_output=True,
            )
            os.environ.update(
                # collected static files are not needed: plain storage
                ARENA_COLLECTED_STATIC="0",
                DATABASE_URL=f"{server}/{db_name}",
                DJANGO_SECRET_KEY="bench-" + uuid.uuid4().hex * 2,
                REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
                ARENA_CHANNEL_PREFIX=f"bench{uuid.uuid4().hex[:8]}",
                DJANGO_DEBUG="0",
                DJANGO_SECURE_SSL_REDIRECT="0",
                DJANGO_SECURE_COOKIES="0",
                DJANGO_HSTS_SECONDS="0",
            )
        else:
            os.environ["ARENA_SQLITE_PATH"] = os.path.join(tmp, "arena.sqlite3")
        run(args, profile)
    finally:
        if db_name:
            from django.db import connections

            connections.close_all()
            dropped = subprocess.run(
                [
                    "psql",
                    server + "/postgres",
                    "-qc",
                    f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)',
                ],
                check=False,
                capture_output=True,
                text=True,
            )
            if dropped.returncode:
                print(f"could not drop {db_name}: {dropped.stderr.strip()}", file=sys.stderr)
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


def run(args, profile: str) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import include, path

    import arena.urls as root
    from reports.archive import services
    from reports.models import SearchDocument

    # the archive's URLs, as the root URLconf will include them

    if not any(getattr(p, "app_name", "") == "archive" for p in root.urlpatterns):
        root.urlpatterns.append(path("archive/", include(("reports.archive.urls", "archive"))))
    settings.ALLOWED_HOSTS = ["*"]

    call_command("migrate", verbosity=0, interactive=False)
    t0 = time.perf_counter()
    user, arenas, pillars = build(random.Random(2020))
    print(f"built {len(arenas)} arenas in {time.perf_counter() - t0:.1f}s", file=sys.stderr)

    index_ms = []
    for arena in arenas:
        start = time.perf_counter()
        services.reindex_arena(arena)
        index_ms.append((time.perf_counter() - start) * 1000)
    again_ms = []
    for _ in range(5):
        start = time.perf_counter()
        services.reindex_arena(arenas[-1])
        again_ms.append((time.perf_counter() - start) * 1000)
    documents = SearchDocument.objects.count()

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    perspective = arenas[0].perspectives.order_by("position").first().label
    fill = {"{perspective}": perspective, "{pillar}": str(pillars[0].pk)}

    def render(params):
        params = {k: fill.get(v, v) for k, v in params.items()}
        start = time.perf_counter()
        response = client.get("/archive/search/", params)
        elapsed = (time.perf_counter() - start) * 1000
        assert response.status_code == 200, (response.status_code, params)
        return elapsed, response

    queries = []

    def count(execute, sql, *rest):
        queries.append(sql)
        return execute(sql, *rest)

    all_times, rows = [], []
    for label, params in QUERIES:
        render(params)  # warm-up
        queries.clear()
        with connection.execute_wrapper(count):
            _ms, response = render(params)
        found = re.search(rb'id="hit-count"[^>]*>(\d+)', response.content)
        hits = int(found.group(1)) if found else 0
        times = [render(params)[0] for _ in range(args.runs)]
        all_times += times
        rows.append((label, hits, len(queries), median(times), percentile(times, 95)))

    print(machine_info())
    print(
        f"profile={profile} ({connection.vendor}) arenas={len(arenas)} documents={documents} "
        f"(per arena: {TOPICS} topics, {REPORTS} group reports, {INPUTS} inputs)"
    )
    print(
        f"index one arena: median {median(index_ms):.0f} ms (first build); "
        f"no-change reindex (what a save costs after commit): median {median(again_ms):.0f} ms"
    )
    for label, hits, queries, med, p95 in rows:
        print(
            f"  {label:<20} hits={hits:<4} queries={queries:<3} "
            f"median={med:.1f} ms p95={p95:.1f} ms"
        )
    print(
        f"all queries: median {median(all_times):.1f} ms, p95 {percentile(all_times, 95):.1f} ms "
        f"({len(all_times)} renders)"
    )
    print(
        f"archive search: p95 {percentile(all_times, 95):.1f} ms over {len(arenas)} arenas "
        f"(target < 100 ms)"
    )


if __name__ == "__main__":
    sys.exit(main())
