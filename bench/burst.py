"""Morning-circle burst: phones join during the welcome, then post at once.

    .venv/bin/python -m bench.burst --participants 200 --seconds 10
        [--profile production] [--workers N] [--welcome 10] [--settle 31]
        [--flood 1000] [--flags "..."]

Throwaway database with the demo arena; one server (embedded default: one
uvicorn, SQLite; production: ``uvicorn --workers 4``, PostgreSQL with the
connection pool, Redis). Each simulated phone has its own cookie jar. The
real morning (issue 9), all from one address:

1. **The welcome** (``--welcome`` s, arrivals over its first 60 %): each
   phone ``GET /j/<code>/`` (the Join button, csrftoken), ``POST /j/<code>/``
   (joins: a participant, signed cookie; a 429 "many are joining" is waited
   out as its Retry-After says, as a person would tap again), opens
   ``/p/<code>/persona/`` and saves a persona (a display name).
2. The welcome ends (``--settle`` s: past ``ARENA_NEWCOMER_SECONDS``, so
   the phones are no longer newcomers).
3. **The circle** (``--seconds`` s): each phone ``GET /p/<code>/topics/``,
   types for 0.5–2.5 s, ``POST /p/<code>/topics/`` (title, ``kind=new``);
   a 302 back to the list is success. Arrivals over the first 60 %.
4. ``--flood N`` (optional, after the circle): N fresh identities within
   10 s, each ``GET /j/``, ``POST /j/`` and, when let in, ``POST`` a topic
   straight away (the cheapest script). Reported: how many joined, were
   refused (429), got a topic into the queue (counted in the database) and
   how long the facilitator's wall then takes (``GET /a/<pk>/wall/``,
   median of 3, before and after the flood).

Printed: latency per step (p50/p95/max), errors by kind, elapsed time, CPU of
server and load generator. The summary's ``p95_ms`` is that of the topic
POSTs; ``errors`` counts every failed request of the welcome and the circle.

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
RETRIED: Counter = Counter()  # GETs retried once on a stale keep-alive connection


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--participants", type=int, default=200)
    p.add_argument("--seconds", type=float, default=10.0, help="the circle's window")
    p.add_argument("--welcome", type=float, default=10.0, help="the welcome's window (joining)")
    p.add_argument(
        "--settle",
        type=float,
        default=31.0,
        help="pause between welcome and circle (default: ARENA_NEWCOMER_SECONDS + 1)",
    )
    p.add_argument("--flood", type=int, default=0, help="fresh-identity join-and-post attempts")
    p.add_argument("--flood-seconds", type=float, default=10.0)
    p.add_argument("--profile", choices=["embedded", "production"], default="embedded")
    p.add_argument("--workers", type=int, default=None, help="default: 1, production: 4")
    p.add_argument("--flags", default=DEFAULT_FLAGS)
    p.add_argument("--seed", type=int, default=1)
    return p.parse_args(argv)


class Phone:
    """One phone's cookies (kept here, so all phones share one connection
    pool: an httpx client per phone costs the generator more CPU than the
    server spends on the request)."""

    def __init__(self, http, stats, errors):
        self.http, self.stats, self.errors = http, stats, errors
        self.jar: dict[str, str] = {}

    async def step(self, name, method, url, ok, **kw):
        import httpx

        jar = self.jar
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())} if jar else {}
        t0 = time.perf_counter()
        try:
            try:
                r = await self.http.request(method, url, headers=headers, **kw)
            except httpx.RemoteProtocolError:
                if method != "GET":
                    raise
                # A kept-alive connection the server closed just as it was
                # reused (uvicorn's 5 s keep-alive): browsers retry a GET.
                RETRIED[name] += 1
                r = await self.http.request(method, url, headers=headers, **kw)
        except httpx.HTTPError as e:
            self.errors[f"{name}: {type(e).__name__}"] += 1
            return None
        self.stats.setdefault(name, []).append((time.perf_counter() - t0) * 1000)
        for header in r.headers.get_list("set-cookie"):
            key, _, rest = header.partition("=")
            jar[key.strip()] = rest.split(";", 1)[0]
        if r.status_code not in ok:
            self.errors[f"{name}: HTTP {r.status_code}"] += 1
            return None
        return r

    def token(self, r=None) -> str:
        token = self.jar.get("csrftoken")
        if not token and r is not None:
            m = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', r.text)
            token = m and m.group(1)
        return token or ""


async def welcome(i, phone, code, start_at, typing_s, retries):
    """Join (the button), then make a persona. True when both worked."""
    await asyncio.sleep(max(0.0, start_at - time.perf_counter()))
    page = await phone.step("join_page", "GET", f"/j/{code}/", (200,))
    if page is None:
        return False
    for _attempt in range(4):
        r = await phone.step(
            "join", "POST", f"/j/{code}/", (302, 429),
            data={"csrfmiddlewaretoken": phone.token(page)},
        )  # fmt: skip
        if r is None:
            return False
        if r.status_code == 302:
            break
        retries["join (429, waited Retry-After)"] += 1
        await asyncio.sleep(float(r.headers.get("Retry-After", "5")))
    else:
        phone.errors["join: still 429 after 3 waits"] += 1
        return False
    r = await phone.step("persona_form", "GET", f"/p/{code}/persona/", (200,))
    if r is None:
        return False
    await asyncio.sleep(typing_s)
    r = await phone.step(
        "persona", "POST", f"/p/{code}/persona/", (302,),
        data={"display_name": f"Burst person {i + 1}", "csrfmiddlewaretoken": phone.token(r)},
    )  # fmt: skip
    return r is not None


async def circle(i, phone, code, start_at, typing_s):
    """Open the topic form, type, post. True when the topic was taken."""
    await asyncio.sleep(max(0.0, start_at - time.perf_counter()))
    r = await phone.step("form", "GET", f"/p/{code}/topics/", (200,))
    if r is None:
        return False
    token = phone.token(r)
    await asyncio.sleep(typing_s)
    r = await phone.step(
        "post", "POST", f"/p/{code}/topics/", (302,),
        data={"title": f"Burst topic {i + 1}: what we should talk about",
              "kind": "new", "csrfmiddlewaretoken": token},
    )  # fmt: skip
    return r is not None


async def intruder(i, phone, code, start_at, outcome):
    """A fresh identity: join and post at once, as a script would."""
    await asyncio.sleep(max(0.0, start_at - time.perf_counter()))
    if await phone.step("flood_page", "GET", f"/j/{code}/", (200, 503)) is None:
        return
    r = await phone.step(
        "flood_join", "POST", f"/j/{code}/", (302, 429, 503),
        data={"csrfmiddlewaretoken": phone.token()},
    )  # fmt: skip
    if r is None or r.status_code != 302:
        outcome["refused at the door" if r is not None else "failed"] += 1
        return
    outcome["joined"] += 1
    r = await phone.step(
        "flood_post", "POST", f"/p/{code}/topics/", (302, 429),
        data={"title": f"Flood topic {i + 1}", "kind": "new",
              "csrfmiddlewaretoken": phone.token()},
    )  # fmt: skip
    if r is not None:
        outcome["topic taken" if r.status_code == 302 else "topic held back (429)"] += 1


def wall_ms(base: str, arena_pk: int, n: int = 3) -> float:
    """The facilitator's wall, as the browser fetches it: median of ``n``."""
    import httpx

    with httpx.Client(base_url=base, timeout=60) as staff:
        c.login(staff, base)
        times = []
        for _ in range(n):
            t0 = time.perf_counter()
            r = staff.get(f"/a/{arena_pk}/wall/")
            times.append((time.perf_counter() - t0) * 1000)
            assert r.status_code == 200, r.status_code
    return c.median(times)


def main(argv=None):
    args = parse_args(argv)
    c.raise_fd_limit(max(args.participants, 200) * 2 + 1024)
    print(c.machine_info())
    workers = args.workers or (4 if args.profile == "production" else 1)
    with c.Setup(args.profile) as setup:
        proc, port = setup.start_server(workers=workers, flags=shlex.split(args.flags))
        print(
            f"server: uvicorn {args.flags} workers={workers} profile={args.profile}; "
            f"{args.participants} phones join within {args.welcome:.0f} s, make a persona, "
            f"then post within {args.seconds:.0f} s"
            + (
                f"; then {args.flood} fresh identities in {args.flood_seconds:.0f} s"
                if args.flood
                else ""
            )
        )
        base = f"http://127.0.0.1:{port}"
        code = setup.seed["code"]
        rng = random.Random(args.seed)
        stats: dict[str, list[float]] = {}
        errors: Counter = Counter()
        retries: Counter = Counter()
        flood_stats: dict[str, list[float]] = {}
        flood_errors: Counter = Counter()
        outcome: Counter = Counter()
        walls = {}

        async def go():
            import httpx

            limits = httpx.Limits(
                max_connections=max(args.participants, 100), max_keepalive_connections=64
            )
            http = httpx.AsyncClient(base_url=base, timeout=30, limits=limits)
            # the shared client must not keep cookies: each phone has its own jar
            http.cookies.jar.set_policy(http_cookiejar.DefaultCookiePolicy(allowed_domains=[]))
            phones = [Phone(http, stats, errors) for _ in range(args.participants)]
            t0 = time.perf_counter() + 0.2
            joined = await asyncio.gather(*[
                welcome(i, phone, code, t0 + rng.uniform(0, args.welcome * 0.6),
                        rng.uniform(0.5, 2.5), retries)
                for i, phone in enumerate(phones)
            ])  # fmt: skip
            welcome_s = time.perf_counter() - t0
            await asyncio.sleep(args.settle)
            cpu_s0 = sum(c.cpu_seconds(p.pid) for p in setup.procs)
            cpu_c0 = c.self_cpu_seconds()
            t0 = time.perf_counter() + 0.2
            window = args.seconds * 0.6
            results = await asyncio.gather(*[
                circle(i, phone, code, t0 + rng.uniform(0, window), rng.uniform(0.5, 2.5))
                for i, phone in enumerate(phones) if joined[i]
            ])  # fmt: skip
            elapsed = time.perf_counter() - t0
            cpu_s = sum(c.cpu_seconds(p.pid) for p in setup.procs) - cpu_s0
            cpu_c = c.self_cpu_seconds() - cpu_c0
            flood_s = None
            if args.flood:
                walls["before"] = await asyncio.to_thread(wall_ms, base, setup.seed["arena"])
                # Its own client: every attempt is fired within --flood-seconds and
                # waits as long as it takes to be served (no client-side give-up),
                # so what reaches the queue is the worst case.
                flood_http = httpx.AsyncClient(
                    base_url=base,
                    timeout=httpx.Timeout(120, pool=None),
                    limits=httpx.Limits(max_connections=200, max_keepalive_connections=64),
                )
                flood_http.cookies.jar.set_policy(
                    http_cookiejar.DefaultCookiePolicy(allowed_domains=[])
                )
                t1 = time.perf_counter() + 0.2
                await asyncio.gather(*[
                    intruder(i, Phone(flood_http, flood_stats, flood_errors), code,
                             t1 + rng.uniform(0, args.flood_seconds), outcome)
                    for i in range(args.flood)
                ])  # fmt: skip
                flood_s = time.perf_counter() - t1
                await flood_http.aclose()
                walls["after"] = await asyncio.to_thread(wall_ms, base, setup.seed["arena"])
            await http.aclose()
            return sum(joined), welcome_s, results, elapsed, cpu_s, cpu_c, flood_s

        try:
            import uvloop

            asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
        except ImportError:
            pass
        joined, welcome_s, results, elapsed, cpu_s, cpu_c, flood_s = asyncio.run(go())
        log = setup.server_log(port)
        setup.stop_servers()
        stored = setup.count(
            "SELECT COUNT(*) FROM proposals_topic WHERE title LIKE 'Burst topic %'"
        )
        flooded = (
            setup.count("SELECT COUNT(*) FROM proposals_topic WHERE title LIKE 'Flood topic %'")
            if args.flood
            else 0
        )
    posted = sum(results)
    for name, values in [*stats.items(), *flood_stats.items()]:
        if values:
            print(
                f"{name:12s} n={len(values)} p50_ms={c.median(values):.0f} "
                f"p95_ms={c.percentile(values, 95):.0f} max_ms={max(values):.0f}"
            )
    print(
        f"welcome: {joined}/{args.participants} joined with a persona in {welcome_s:.1f} s"
        + (f" ({', '.join(f'{k} ×{v}' for k, v in retries.items())})" if retries else "")
    )
    print(
        f"circle: elapsed {elapsed:.1f} s; CPU: server {cpu_s:.2f} s, load generator {cpu_c:.2f} s"
    )
    if RETRIED:
        print("GETs retried on a closed keep-alive connection: " + ", ".join(
            f"{k} ×{v}" for k, v in RETRIED.most_common()
        ))  # fmt: skip
    if errors:
        print("errors: " + ", ".join(f"{k} ×{v}" for k, v in errors.most_common()))
    if "Traceback" in log:
        print("server log has tracebacks:\n" + log[-3000:])
    if args.flood:
        print(
            f"flood attempts={args.flood} fired within {args.flood_seconds:.0f} s, "
            f"all answered after {flood_s:.1f} s: "
            + ", ".join(f"{k} {v}" for k, v in outcome.most_common())
            + (f"; errors: {dict(flood_errors)}" if flood_errors else "")
        )
        print(
            f"flood topics_in_queue={flooded} wall_ms_before={walls['before']:.0f} "
            f"wall_ms_after={walls['after']:.0f}"
        )
    p95 = c.percentile(stats["post"], 95) if stats.get("post") else float("nan")
    print(f"burst posted={posted} stored={stored} errors={sum(errors.values())} p95_ms={p95:.0f}")


if __name__ == "__main__":
    main()
