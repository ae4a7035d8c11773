"""Fan-out of one wall change to N WebSocket clients.

    .venv/bin/python -m bench.fanout --clients 200 [--profile production]
        [--changes 25] [--server uvicorn|daphne] [--flags "--ws websockets ..."]

Sets up a throwaway database with the demo arena (49 topics on a 4 × 19
wall) plus one waiting topic per free cell, starts the server (embedded: one
uvicorn, SQLite, in-memory layer; production: ``uvicorn --workers 2``,
PostgreSQL, Redis), opens N participant WebSockets (each with its own
signed cookie and an Origin header, offering permessage-deflate as browsers
do), logs the facilitator in, and places ``--changes`` topics one after the
other (``POST /a/<pk>/wall/topics/<pk>/place/`` as htmx would). Latency of a
change = from just before its POST to the moment the last of the N clients
has received the broadcast; a client that has not received it within 5 s
counts as lost. Also printed: the POST round trip and the first client's
receive (the stages the bench can see from outside), the payload size, and
the CPU seconds spent by the server and by this load generator.

The last line: ``fanout clients=N p50_ms=… p95_ms=… lost=0``.
"""

import argparse
import asyncio
import contextlib
import shlex
import sys
import time

from . import _common as c

LOST_AFTER_S = 5.0


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--clients", type=int, default=200)
    p.add_argument("--profile", choices=["embedded", "production"], default="embedded")
    p.add_argument("--changes", type=int, default=25)
    p.add_argument("--gap", type=float, default=0.15, help="pause between changes (s)")
    p.add_argument("--server", choices=["uvicorn", "daphne"], default="uvicorn")
    p.add_argument("--workers", type=int, default=None, help="default: 1, production: 2")
    p.add_argument(
        "--flags",
        default=None,
        help="extra server flags (default: the ones recommended in docs/PERFORMANCE.md)",
    )
    p.add_argument("--client-compression", choices=["deflate", "none"], default="deflate")
    p.add_argument("--pyspy", metavar="OUT", help="py-spy record the server during the changes")
    p.add_argument("--no-uvloop", action="store_true", help="plain asyncio loop in the client")
    return p.parse_args(argv)


# Measured best (docs/PERFORMANCE.md): uvicorn's default websockets-sansio
# protocol, no per-message deflate, uvloop + httptools.
DEFAULT_FLAGS = {
    "uvicorn": "--ws-per-message-deflate false --loop uvloop --http httptools",
    "daphne": "",
}


async def run(args, setup, port):
    import httpx
    from websockets.asyncio.client import connect

    seed = setup.seed
    base = f"http://127.0.0.1:{port}"
    uri = f"ws://127.0.0.1:{port}/ws/a/{seed['arena']}/phones/"  # the phones' audience
    n = args.clients
    arrivals: list[list[float]] = [[] for _ in range(args.changes)]
    done = [asyncio.Event() for _ in range(args.changes)]
    sizes: list[int] = []
    conns = []

    async def client(i, ready):
        token = seed["tokens"][i % len(seed["tokens"])]
        ws = await connect(
            uri,
            origin=f"http://127.0.0.1:{port}",
            additional_headers={"Cookie": f"{seed['cookie_name']}={token}"},
            compression=None if args.client_compression == "none" else "deflate",
            max_size=None,
            ping_interval=None,
            open_timeout=30,
        )
        conns.append(ws)
        ready.set()
        k = 0
        try:
            while True:
                # bytes, not str: the generator skips decoding 20 KB per message
                message = await ws.recv(decode=False)
                if b'id="wall-version"' not in message or k >= args.changes:
                    continue
                arrivals[k].append(time.perf_counter())
                if i == 0:
                    sizes.append(len(message))
                if len(arrivals[k]) == n:
                    done[k].set()
                k += 1
        except Exception:  # noqa: BLE001, S110 - a dropped client shows up as lost
            pass

    # Connect in batches (a phone room joining, not a SYN flood).
    tasks, t_connect = [], time.perf_counter()
    for start in range(0, n, 50):
        readies = []
        for i in range(start, min(n, start + 50)):
            ready = asyncio.Event()
            readies.append(ready)
            tasks.append(asyncio.create_task(client(i, ready)))
        await asyncio.wait_for(asyncio.gather(*(r.wait() for r in readies)), 60)
    t_connect = time.perf_counter() - t_connect
    await asyncio.sleep(0.5)
    if args.workers_n > 1:
        print(f"open sockets per worker: {worker_connections(setup.procs[0])}")

    results = []  # (total_ms, post_ms, first_ms, received)
    spy = None
    if args.pyspy:
        import shutil
        import subprocess

        exe = shutil.which("py-spy") or "/tmp/pyspy/bin/py-spy"  # noqa: S108 - dev tool
        spy = subprocess.Popen(
            [exe, "record", "-p", str(setup.procs[0].pid), "-s", "-r", "250", "-f", "raw",
             "-o", args.pyspy],
            env={"PYTHONPATH": "/tmp/pyspy"},  # noqa: S108 - pip --target /tmp/pyspy
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        await asyncio.sleep(1.0)
    async with httpx.AsyncClient(timeout=30) as http:
        await http.get(f"{base}/accounts/login/")
        r = await http.post(
            f"{base}/accounts/login/",
            data={"username": c.FACILITATOR[0], "password": c.FACILITATOR[1],
                  "csrfmiddlewaretoken": http.cookies.get("csrftoken")},
        )  # fmt: skip
        assert r.status_code == 302, r.status_code
        headers = {"X-CSRFToken": http.cookies.get("csrftoken"), "HX-Request": "true"}
        await asyncio.sleep(0.3)
        cpu_server0 = sum(c.cpu_seconds(p.pid) for p in setup.procs)
        cpu_self0 = c.self_cpu_seconds()
        for k in range(args.changes):
            topic = seed["topics"][k]
            cell = seed["free_cells"][k]
            t0 = time.perf_counter()
            r = await http.post(
                f"{base}/a/{seed['arena']}/wall/topics/{topic}/place/",
                data={"cell": cell},
                headers=headers,
            )
            t_post = time.perf_counter()
            if r.status_code != 200 or "error" in r.text[:300].lower():
                print(f"change {k}: HTTP {r.status_code} {r.text[:200]!r}", file=sys.stderr)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(done[k].wait(), LOST_AFTER_S)
            got = arrivals[k]
            last = max(got) if got else t0 + LOST_AFTER_S
            first = min(got) if got else last
            results.append(
                ((last - t0) * 1000, (t_post - t0) * 1000, (first - t0) * 1000, len(got))
            )
            await asyncio.sleep(args.gap)
    cpu_server = sum(c.cpu_seconds(p.pid) for p in setup.procs) - cpu_server0
    cpu_self = c.self_cpu_seconds() - cpu_self0
    if spy is not None:
        import signal

        spy.send_signal(signal.SIGINT)
        await asyncio.to_thread(spy.wait, 30)
    for ws in conns:
        await ws.close()
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return results, sizes, t_connect, cpu_server, cpu_self


def worker_connections(proc) -> list[int]:
    """Open TCP sockets per uvicorn worker (to show clients spread over both)."""
    from pathlib import Path

    pids = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
    counts = []
    for pid in pids or [str(proc.pid)]:
        n = 0
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            with contextlib.suppress(OSError):
                n += fd.readlink().name.startswith("socket:")
        counts.append(n)
    return counts


def main(argv=None):
    args = parse_args(argv)
    workers = args.workers or (2 if args.profile == "production" else 1)
    args.workers_n = workers
    flags = DEFAULT_FLAGS[args.server] if args.flags is None else args.flags
    c.raise_fd_limit(args.clients * 2 + 1024)
    print(c.machine_info())
    with c.Setup(args.profile, participants=max(150, args.clients)) as setup:
        if args.changes > len(setup.seed["topics"]):
            sys.exit(f"at most {len(setup.seed['topics'])} changes (free cells on the wall)")
        proc, port = setup.start_server(
            server=args.server, workers=workers, flags=shlex.split(flags)
        )
        print(
            f"server: {args.server} {flags} workers={workers} profile={args.profile} "
            f"clients={args.clients} changes={args.changes}"
        )
        if not args.no_uvloop:
            try:
                import uvloop

                asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
            except ImportError:
                pass

        async def go():
            out = await run(args, setup, port)
            return out

        # the sockets-per-worker probe runs while clients are connected
        results, sizes, t_connect, cpu_server, cpu_self = asyncio.run(go())
        log = setup.server_log(port)
    totals = [r[0] for r in results]
    posts = [r[1] for r in results]
    firsts = [r[2] for r in results]
    lost = sum(args.clients - r[3] for r in results)
    print(f"connected {args.clients} clients in {t_connect:.1f} s")
    print(f"payload: {c.median(sizes) if sizes else 0:.0f} bytes per change (uncompressed)")
    print(
        f"stages (median ms): POST round trip {c.median(posts):.1f}, "
        f"first client {c.median(firsts):.1f}, last client {c.median(totals):.1f}"
    )
    print(
        f"CPU during the changes: server {cpu_server:.2f} s, load generator {cpu_self:.2f} s "
        f"({len(results)} changes)"
    )
    print("per change ms: " + " ".join(f"{t:.0f}" for t in totals))
    if "Traceback" in log:
        print("server log has tracebacks:\n" + log[-3000:], file=sys.stderr)
    print(
        f"fanout clients={args.clients} p50_ms={c.median(totals):.0f} "
        f"p95_ms={c.percentile(totals, 95):.0f} lost={lost}"
    )


if __name__ == "__main__":
    main()
