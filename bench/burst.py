"""Morning-circle burst: many phones join and post a topic each, at once.

    .venv/bin/python -m bench.burst --participants 200 --seconds 10
        [--profile production] [--flags "..."]

Throwaway database with the demo arena; one server (embedded default: one
uvicorn, SQLite). Each simulated phone has its own cookie jar and:

1. ``GET /j/<code>/``: joins (a new participant, signed cookie);
2. ``GET /p/<code>/topics/``: opens the form (csrftoken cookie);
3. waits a moment (typing), then ``POST /p/<code>/topics/`` with a title,
   ``kind=new`` and the CSRF token; a 302 back to the list is success.

Phones arrive spread over the first 60 % of ``--seconds`` (seeded random)
and type for 0.5–2.5 s, so all posts fall inside the window. Afterwards the
topics are counted in the database (``stored``). Printed: latency per step
(p50/p95/max), errors by kind, the elapsed time, CPU of server and load
generator. The summary's ``p95_ms`` is that of the POSTs (the writes).

Last line: ``burst posted=N stored=N errors=0 p95_ms=…``.
"""

import argparse
import asyncio
import http.cookiejar as http_cookiejar
import random
import re
import shlex
import time
from collections import Counter

from . import _common as c

DEFAULT_FLAGS = "--loop uvloop --http httptools"


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--participants", type=int, default=200)
    p.add_argument("--seconds", type=float, default=10.0)
    p.add_argument("--profile", choices=["embedded", "production"], default="embedded")
    p.add_argument("--workers", type=int, default=None)
    p.add_argument("--flags", default=DEFAULT_FLAGS)
    p.add_argument("--seed", type=int, default=1)
    return p.parse_args(argv)


async def phone(i, http, code, start_at, typing_s, stats, errors):
    """One phone: its own cookies (kept here, so all phones share one
    connection pool: an httpx client per phone costs the generator more CPU
    than the server spends on the request)."""
    import httpx

    await asyncio.sleep(max(0.0, start_at - time.perf_counter()))
    jar: dict[str, str] = {}

    async def step(name, method, url, ok, **kw):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())} if jar else {}
        t0 = time.perf_counter()
        try:
            r = await http.request(method, url, headers=headers, **kw)
        except httpx.HTTPError as e:
            errors[f"{name}: {type(e).__name__}"] += 1
            return None
        stats[name].append((time.perf_counter() - t0) * 1000)
        for header in r.headers.get_list("set-cookie"):
            key, _, rest = header.partition("=")
            jar[key.strip()] = rest.split(";", 1)[0]
        if r.status_code not in ok:
            errors[f"{name}: HTTP {r.status_code}"] += 1
            return None
        return r

    if await step("join", "GET", f"/j/{code}/", (302,)) is None:
        return False
    r = await step("form", "GET", f"/p/{code}/topics/", (200,))
    if r is None:
        return False
    token = jar.get("csrftoken")
    if not token:
        m = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', r.text)
        token = m and m.group(1)
    await asyncio.sleep(typing_s)
    r = await step(
        "post", "POST", f"/p/{code}/topics/", (302,),
        data={"title": f"Burst topic {i + 1}: what we should talk about",
              "kind": "new", "csrfmiddlewaretoken": token or ""},
    )  # fmt: skip
    return r is not None


def main(argv=None):
    args = parse_args(argv)
    c.raise_fd_limit(args.participants * 2 + 1024)
    print(c.machine_info())
    workers = args.workers or (2 if args.profile == "production" else 1)
    with c.Setup(args.profile) as setup:
        proc, port = setup.start_server(workers=workers, flags=shlex.split(args.flags))
        print(
            f"server: uvicorn {args.flags} workers={workers} profile={args.profile}; "
            f"{args.participants} phones within {args.seconds:.0f} s"
        )
        base = f"http://127.0.0.1:{port}"
        code = setup.seed["code"]
        rng = random.Random(args.seed)
        stats = {"join": [], "form": [], "post": []}
        errors: Counter = Counter()

        async def go():
            import httpx

            limits = httpx.Limits(max_connections=args.participants, max_keepalive_connections=64)
            http = httpx.AsyncClient(base_url=base, timeout=30, limits=limits)
            # the shared client must not keep cookies: each phone has its own jar
            http.cookies.jar.set_policy(http_cookiejar.DefaultCookiePolicy(allowed_domains=[]))
            t0 = time.perf_counter() + 0.2
            window = args.seconds * 0.6
            tasks = [
                phone(i, http, code, t0 + rng.uniform(0, window), rng.uniform(0.5, 2.5),
                      stats, errors)
                for i in range(args.participants)
            ]  # fmt: skip
            cpu_s0 = sum(c.cpu_seconds(p.pid) for p in setup.procs)
            cpu_c0 = c.self_cpu_seconds()
            results = await asyncio.gather(*tasks)
            elapsed = time.perf_counter() - t0
            await http.aclose()
            cpu_s = sum(c.cpu_seconds(p.pid) for p in setup.procs) - cpu_s0
            return results, elapsed, cpu_s, c.self_cpu_seconds() - cpu_c0

        try:
            import uvloop

            asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
        except ImportError:
            pass
        results, elapsed, cpu_s, cpu_c = asyncio.run(go())
        log = setup.server_log(port)
        setup.stop_servers()
        stored = setup.count(
            "SELECT COUNT(*) FROM proposals_topic WHERE title LIKE 'Burst topic %'"
        )
    posted = sum(results)
    for name, values in stats.items():
        if values:
            print(
                f"{name:5s} n={len(values)} p50_ms={c.median(values):.0f} "
                f"p95_ms={c.percentile(values, 95):.0f} max_ms={max(values):.0f}"
            )
    print(f"elapsed {elapsed:.1f} s; CPU: server {cpu_s:.2f} s, load generator {cpu_c:.2f} s")
    if errors:
        print("errors: " + ", ".join(f"{k} ×{v}" for k, v in errors.most_common()))
    if "Traceback" in log:
        print("server log has tracebacks:\n" + log[-3000:])
    p95 = c.percentile(stats["post"], 95) if stats["post"] else float("nan")
    print(f"burst posted={posted} stored={stored} errors={sum(errors.values())} p95_ms={p95:.0f}")


if __name__ == "__main__":
    main()
