"""Benchmark of a strategy's traceability extract (issue 13: "the extract of
all 49 inputs of 2020 renders in under 3 s").

    .venv/bin/python -m bench.strategy_extract [--runs 5]

Builds one arena of the 2020 arena's size with ``bench.archive_search.build``
(60 topics, 23 group reports, 49 inputs, 150 participants with
perspectives), a strategy over it with five pillars and every one of the 49
inputs tagged (a rationale each), then times the extract's PDF
(``strategy:extract_pdf``: the trace of every pillar with each input's chain,
rendered by WeasyPrint as tagged PDF/UA-1) and its CSV through Django's test
Client: one warm-up and ``--runs`` timed downloads each. Embedded profile
(a throwaway SQLite file).

The last line is the summary:
``strategy extract: 49 inputs, PDF median <s> s (target < 3 s)``.
"""

import argparse
import os
import random
import shutil
import sys
import tempfile
import time

from bench import archive_search
from bench._common import machine_info, median


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    tmp = tempfile.mkdtemp(prefix="arena-bench-extract-")
    try:
        for key in [k for k in os.environ if k.startswith("ARENA_") or k == "DATABASE_URL"]:
            os.environ.pop(key)
        os.environ.update(
            DJANGO_SETTINGS_MODULE="arena.settings",
            ARENA_DATA_DIR=os.path.join(tmp, "data"),
            ARENA_MEDIA_ROOT=os.path.join(tmp, "media"),
            ARENA_SQLITE_PATH=os.path.join(tmp, "arena.sqlite3"),
            ARENA_LOG_LEVEL="WARNING",
        )
        run(args)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


def run(args) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from reports.models import Input, PillarTag

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0, interactive=False)
    archive_search.ARENAS = 1  # one arena of 2020's size
    user, arenas, pillars = archive_search.build(random.Random(2020))
    strategy = pillars[0].strategy
    PillarTag.objects.all().delete()
    inputs = list(Input.objects.filter(report__group__arena=arenas[0]).order_by("pk"))
    PillarTag.objects.bulk_create(
        PillarTag(pillar=pillars[n % len(pillars)], input=item, rationale="Bygger på gruppens råd")
        for n, item in enumerate(inputs)
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)

    def timed(name: str) -> tuple[float, int]:
        url = reverse(f"strategy:{name}", args=[strategy.pk])
        start = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - start
        assert response.status_code == 200, (name, response.status_code)
        return elapsed, len(response.content)

    results = {}
    for name in ("extract_pdf", "export_csv"):
        timed(name)  # warm-up (fonts, templates)
        runs = [timed(name) for _ in range(args.runs)]
        results[name] = (median([t for t, _ in runs]), runs[-1][1])

    print(machine_info())
    print(f"inputs tagged: {len(inputs)} in {len(pillars)} pillars; runs={args.runs}")
    pdf_s, pdf_bytes = results["extract_pdf"]
    csv_s, csv_bytes = results["export_csv"]
    print(f"  PDF extract  median {pdf_s:.2f} s, {pdf_bytes / 1024:.0f} kB")
    print(f"  CSV export   median {csv_s * 1000:.0f} ms, {csv_bytes / 1024:.0f} kB")
    print(
        f"strategy extract: {len(inputs)} inputs, PDF median {pdf_s:.2f} s (target < 3 s)",
        flush=True,
    )
    sys.stdout.flush()


if __name__ == "__main__":
    raise SystemExit(main())
