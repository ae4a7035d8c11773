"""Benchmark of the arena report PDF at the 2020 arena's scale.

    .venv/bin/python -m bench.report_pdf [--scale 1] [--runs 1]

Scale 1 is Åpen arena 2020: 150 participants (2 perspectives each, two thirds
agree to be named), 49 topics over 5 sessions on 2 days, 23 submitted group
reports each with 3 inputs, 2 photos and 6 participants, 150 comments on the
inputs, a dot-vote (5 dots per participant), the organiser's text with 2
quotes. ``--scale N`` multiplies every count.

Photos: ONE realistic 12-megapixel phone JPEG (bench.photos.make_phone_jpeg:
4000 × 3000, texture and sensor noise, EXIF and GPS) is generated and run
through the upload pipeline (``arena.images.process_photo``) once; its three
outputs are then copied under a new name for every photo (processing 46
photos would only time the pipeline, which bench.photos measures). The PDF
embeds each copy as its own image, exactly as with 46 different photos.

Everything happens in a throwaway SQLite database and MEDIA_ROOT in a temp
dir (the environment is set before ``django.setup()``). Printed: the time
split (assembly, HTML render, layout, write), the PDF's size and pages, and
the process's peak RSS (VmHWM). The last line:

    report_pdf scale=1 seconds=… mb=… peak_mb=… pages=…
"""

import argparse
import os
import random
import shutil
import sys
import tempfile
import time


def peak_rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def setup(tmp: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "arena.settings"
    os.environ["ARENA_SQLITE_PATH"] = os.path.join(tmp, "bench.sqlite3")
    os.environ["ARENA_MEDIA_ROOT"] = os.path.join(tmp, "media")
    os.environ.pop("DATABASE_URL", None)
    os.environ["ARENA_TASKS_IMMEDIATE"] = "1"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(scale: int, tmp: str):
    """The arena at ``scale``; returns it."""
    import datetime

    from django.contrib.auth import get_user_model
    from django.core.files.storage import default_storage

    from arena import images
    from arena import services as arena_services
    from arena.models import Participant
    from bench.photos import make_phone_jpeg
    from proposals.models import Group, Topic, TopicKind
    from reports.documentation.services import default_template
    from reports.models import (
        Dot,
        GroupReport,
        Input,
        InputComment,
        Photo,
        ReportParticipant,
        ReportStatus,
        Vote,
    )
    from reports.publication import services as publication
    from sessions.models import AgendaItem, ItemKind, Space
    from sessions.services import renumber_sessions

    rng = random.Random(2020)
    user = get_user_model().objects.create_user("bench-organiser", password="x" * 20)
    arena = arena_services.create_arena(
        user,
        start_date=datetime.date(2026, 11, 12),
        number_of_days=2,
        title="Åpen arena – benchmark",
        theme="Innspill til en «Arbeid og helse»-strategi",
        guiding_questions="Hva bidrar til økt aktivitet og deltakelse?\nHva er til beste for alle?",
        venue="Drammen",
    )
    day1, day2 = list(arena.days.order_by("date"))
    times = [
        (day1, "10:30", "11:45"), (day1, "12:45", "14:00"), (day1, "14:15", "15:30"),
        (day2, "09:30", "10:45"), (day2, "11:00", "12:15"),
    ]  # fmt: skip
    sessions = [
        AgendaItem.objects.create(
            day=day, kind=ItemKind.OPEN_SPACE, title=f"Gruppesesjon {i + 1}",
            start=datetime.time.fromisoformat(a), end=datetime.time.fromisoformat(b),
        )
        for i, (day, a, b) in enumerate(times)
    ]  # fmt: skip
    AgendaItem.objects.create(day=day1, title="Velkommen og åpning", start=datetime.time(9, 30),
                              end=datetime.time(10, 15), presenters="Arrangøren")  # fmt: skip
    renumber_sessions(arena)
    sessions = list(AgendaItem.objects.filter(pk__in=[s.pk for s in sessions]))
    sessions.sort(key=lambda s: s.session_number)
    n_topics, n_people, n_reports = 49 * scale, 150 * scale, 23 * scale
    spaces_per_session = -(-n_topics // len(sessions))
    spaces = Space.objects.bulk_create(
        Space(arena=arena, number=n + 1, name=f"Rom {n + 1}") for n in range(spaces_per_session)
    )
    perspectives = list(arena.perspectives.all())
    people = Participant.objects.bulk_create(
        Participant(
            arena=arena,
            display_name=f"Deltaker {n + 1:04d} Etternavn",
            organisation="Virksomhet",
            consent_named=n % 3 != 0,
        )
        for n in range(n_people)
    )
    through = Participant.perspectives.through
    through.objects.bulk_create(
        through(participant_id=p.pk, perspective_id=perspectives[(i + k) % len(perspectives)].pk)
        for i, p in enumerate(people)
        for k in (0, 3)
    )
    words = [
        "arbeid",
        "helse",
        "samarbeid",
        "tjenester",
        "bruker",
        "veileder",
        "kommune",
        "tiltak",
        "inkludering",
        "kompetanse",
        "koordinering",
        "oppfølging",
        "arbeidsgiver",
        "sykefravær",
        "mestring",
    ]

    def sentence(n):
        return " ".join(rng.choice(words) for _ in range(n)).capitalize()

    topics = Topic.objects.bulk_create(
        Topic(arena=arena, title=sentence(rng.randint(4, 12)), convener=people[i % n_people],
              day=sessions[i % len(sessions)].day, status="placed")
        for i in range(n_topics)
    )  # fmt: skip
    groups = Group.objects.bulk_create(
        Group(
            arena=arena,
            topic=topic,
            session=sessions[i // spaces_per_session],
            space=spaces[i % spaces_per_session],
        )
        for i, topic in enumerate(topics)
    )
    day1_topics = [t for t, g in zip(topics, groups, strict=True) if g.session.day_id == day1.pk]
    for i, (topic, group) in enumerate(zip(topics, groups, strict=True)):
        if group.session.day_id == day2.pk and i % 3 == 0:
            topic.kind = TopicKind.DEEPENING if i % 2 else TopicKind.IMPLEMENTATION
            topic.builds_on = day1_topics[i % len(day1_topics)]
            topic.save(update_fields=["kind", "builds_on"])
    template = default_template(arena)
    sections = list(template.sections.all())
    chosen = groups[:: max(1, len(groups) // n_reports)][:n_reports]
    reports = GroupReport.objects.bulk_create(
        GroupReport(
            group=g, template=template, status=ReportStatus.SUBMITTED,
            content={
                str(s.pk): (
                    [sentence(rng.randint(6, 14)) for _ in range(4)]
                    if s.kind == "list" else
                    " ".join(sentence(rng.randint(8, 18)) + "." for _ in range(rng.randint(3, 7)))
                )
                for s in sections
            },
        )
        for g in chosen
    )  # fmt: skip
    ReportParticipant.objects.bulk_create(
        ReportParticipant(report=r, participant=people[(i * 6 + k) % n_people])
        for i, r in enumerate(reports)
        for k in range(6)
    )
    inputs = Input.objects.bulk_create(
        Input(report=r, title=sentence(rng.randint(5, 12)), position=k, addressee="national",
              text=" ".join(sentence(rng.randint(8, 16)) + "." for _ in range(3)))
        for r in reports
        for k in range(3)
    )  # fmt: skip
    InputComment.objects.bulk_create(
        InputComment(input=inputs[i % len(inputs)], participant=people[i % n_people],
                     text=sentence(rng.randint(6, 20)))
        for i in range(150 * scale)
    )  # fmt: skip
    vote = Vote.objects.create(arena=arena, title="Prioritering", dots_per_participant=5)
    Dot.objects.bulk_create(
        Dot(vote=vote, input=rng.choice(inputs), participant=p) for p in people for _ in range(5)
    )
    # photos: one 12-MP phone photo through the pipeline, its outputs copied per photo
    original = os.path.join(tmp, "phone.jpg")
    make_phone_jpeg(original)
    t = time.perf_counter()
    with open(original, "rb") as f:
        processed = images.process_photo(f)
    took = time.perf_counter() - t
    size = len(processed.print) / 1e6
    print(f"photo pipeline: one 12-MP photo in {took:.2f} s; print copy {size:.2f} MB")
    rows = []
    for r in reports:
        for k in range(2):
            stem = f"reports/{r.pk}/bench{k}"
            names = {
                v: default_storage.save(f"{stem}-{v}.jpg", _content(getattr(processed, v)))
                for v in ("web", "print", "thumb")
            }
            rows.append(Photo(report=r, web=names["web"], print_version=names["print"],
                              thumb=names["thumb"], width=processed.width,
                              height=processed.height, position=k,
                              caption=f"Gruppens ark {k + 1}", credit="Fotograf"))  # fmt: skip
    Photo.objects.bulk_create(rows)
    publication.save_text(
        arena, user, title="Rapport fra Åpen arena (benchmark)",
        subtitle="Innspill til en «Arbeid og helse»-strategi",
        organisers="Kompetansetjenesten i samarbeid med direktoratene",
        introduction="\n\n".join(sentence(40) + "." for _ in range(6)),
        closing="\n\n".join(sentence(30) + "." for _ in range(3)),
        day_summaries={str(d.pk): "\n\n".join(sentence(40) + "." for _ in range(4))
                       for d in (day1, day2)},
    )  # fmt: skip
    publication.add_quote(arena, quote=sentence(25), name="Deltaker 0002", role="Veileder i Nav")
    publication.add_quote(arena, quote=sentence(20), anonymous=True, role="Pårørende")
    return arena


def _content(data: bytes):
    from django.core.files.base import ContentFile

    return ContentFile(data)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--keep", help="copy the PDF here")
    parser.add_argument(
        "--dpi", type=int, help="WeasyPrint dpi option (default: none: photos embedded as made)"
    )
    parser.add_argument("--jpeg-quality", type=int)
    args = parser.parse_args(argv)
    tmp = tempfile.mkdtemp(prefix="arena-bench-report-")
    try:
        setup(tmp)
        from reports.publication import generation  # after django.setup() (the apps must be loaded)

        t = time.perf_counter()
        arena = build(args.scale, tmp)
        print(f"data: built in {time.perf_counter() - t:.1f} s")
        print(f"load average at start: {os.getloadavg()[0]:.2f} (2-core machine shared)")
        for run in range(args.runs):
            start, cpu_start = time.perf_counter(), time.process_time()
            options = {}
            if args.dpi:
                options["dpi"] = args.dpi
            if args.jpeg_quality:
                options["jpeg_quality"] = args.jpeg_quality
            rendered = generation.render_report(arena, "nb", **options)
            seconds = time.perf_counter() - start
            cpu = time.process_time() - cpu_start
            split = " ".join(f"{k}={v:.2f}s" for k, v in rendered.timings.items())
            mb = len(rendered.pdf) / 1e6
            pages = rendered.pages
            timing = f"{seconds:.2f} s, cpu {cpu:.2f} s ({split})"
            print(f"run {run + 1}: {timing} {mb:.2f} MB {pages} pages")
        if args.keep:
            with open(args.keep, "wb") as f:
                f.write(rendered.pdf)
        print(
            f"report_pdf scale={args.scale} seconds={seconds:.2f} mb={mb:.2f} "
            f"peak_mb={peak_rss_mb():.0f} pages={rendered.pages} cpu_seconds={cpu:.2f}"
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
