"""Shared helpers for the live benchmarks (fan-out, burst, phone weight).

Every benchmark runs against its own throwaway set-up and cleans it away:

* ``Setup(profile)`` makes a temp dir, an environment for the server
  (embedded: SQLite file in the temp dir, in-memory channel layer;
  production: DEBUG off, a fresh PostgreSQL database that is dropped at the
  end, Redis with a unique channel prefix, collected static files), runs
  ``migrate`` and seeds the demo arena (``python -m bench._common seed``,
  in a child process with the same environment; it prints JSON).
* ``Setup.start_server(...)`` starts uvicorn (or daphne) on a free loopback
  port and waits for ``/healthz/``; ``Setup.close()`` stops the servers it
  started (by pid) and removes the temp dir and database.
* ``login`` / ``csrf`` helpers for httpx clients, ``cpu_seconds(pid)`` for
  the server's CPU share, ``machine_info()`` for the report.

Nothing here listens on anything but 127.0.0.1.
"""

import contextlib
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = str(BASE_DIR / ".venv" / "bin" / "python")
if not Path(PYTHON).exists():  # pragma: no cover - run from another venv
    PYTHON = sys.executable
VENV_BIN = str(Path(PYTHON).parent)
FACILITATOR = ("fasilitator", "arena-demo-2020")  # reports.demo's printed demo login
PG_URL = "postgresql://postgres@127.0.0.1:5432"
REDIS_URL = "redis://127.0.0.1:6379/0"


def machine_info() -> str:
    model = platform.processor() or "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    cpus = len(os.sched_getaffinity(0))
    return (
        f"machine: {cpus} cores ({os.cpu_count()} online), {model}, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}; "
        f"load average at start {os.getloadavg()[0]:.1f} (other work on the machine)"
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values, p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, int(round(p / 100 * len(ordered) + 0.5)) - 1))
    return ordered[k]


def median(values) -> float:
    return statistics.median(values)


def raise_fd_limit(want: int = 8192) -> int:
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = min(hard, max(soft, want)) if hard != resource.RLIM_INFINITY else max(soft, want)
    if target > soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return target


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process and of its waited-for children, plus those
    of its live children (uvicorn --workers: the workers do the work)."""
    tick = os.sysconf("SC_CLK_TCK")

    def one(p):
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            return sum(int(x) for x in fields[11:15]) / tick  # utime stime cutime cstime
        except OSError:
            return 0.0

    total = one(pid)
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    return total + sum(cpu_seconds(int(c)) for c in children)


def self_cpu_seconds() -> float:
    t = os.times()
    return t.user + t.system


class Setup:
    """A throwaway database + environment; servers started from it."""

    def __init__(self, profile: str = "embedded", *, participants: int = 150, static=False):
        assert profile in ("embedded", "production")
        self.profile = profile
        self.tmp = Path(tempfile.mkdtemp(prefix=f"arena-bench-{profile}-"))
        self.procs: list[subprocess.Popen] = []
        self.db_name = None
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "ARENA_"))}
        env.pop("DATABASE_URL", None)
        env.pop("REDIS_URL", None)
        env.update(
            DJANGO_SETTINGS_MODULE="arena.settings",
            ARENA_DATA_DIR=str(self.tmp / "data"),
            ARENA_MEDIA_ROOT=str(self.tmp / "media"),
            ARENA_STATIC_ROOT=str(self.tmp / "static"),
            ARENA_LOG_LEVEL="WARNING",
            PYTHONDONTWRITEBYTECODE="1",
        )
        if profile == "production":
            self.db_name = f"arena_bench_{uuid.uuid4().hex[:10]}"
            subprocess.run(
                ["psql", PG_URL + "/postgres", "-qc", f'CREATE DATABASE "{self.db_name}"'],
                check=True,
                capture_output=True,
            )
            env.update(
                DATABASE_URL=f"{PG_URL}/{self.db_name}",
                REDIS_URL=REDIS_URL,
                ARENA_CHANNEL_PREFIX=f"bench{uuid.uuid4().hex[:8]}",
            )
            static = True
        else:
            env["ARENA_SQLITE_PATH"] = str(self.tmp / "arena.sqlite3")
        if static or profile == "production":
            env.update(
                DJANGO_DEBUG="0",
                DJANGO_SECRET_KEY="bench-" + uuid.uuid4().hex * 2,
                DJANGO_SECURE_SSL_REDIRECT="0",
                DJANGO_SECURE_COOKIES="0",
                DJANGO_HSTS_SECONDS="0",
                # the hashed, compressed files collected below (arena.settings)
                ARENA_COLLECTED_STATIC="1",
            )
        self.env = env
        try:
            self.manage("migrate", "--noinput", "-v", "0")
            if static:
                self.manage("collectstatic", "--noinput", "-v", "0")
            out = subprocess.run(
                [PYTHON, "-m", "bench._common", "seed", str(participants)],
                cwd=BASE_DIR,
                env=env,
                check=True,
                capture_output=True,
                text=True,
                timeout=300,
            ).stdout
            self.seed = json.loads(out.strip().splitlines()[-1])
        except BaseException:
            self.close()
            raise

    def manage(self, *args):
        subprocess.run(
            [PYTHON, "manage.py", *args], cwd=BASE_DIR, env=self.env, check=True, timeout=300
        )

    def start_server(
        self, *, server: str = "uvicorn", workers: int = 1, flags=(), env=None
    ) -> tuple[subprocess.Popen, int]:
        port = free_port()
        if server == "uvicorn":
            cmd = [
                f"{VENV_BIN}/uvicorn", "arena.asgi:application",
                "--host", "127.0.0.1", "--port", str(port),
                "--no-access-log", "--log-level", "warning",
            ]  # fmt: skip
            if workers > 1:
                cmd += ["--workers", str(workers)]
        elif server == "daphne":
            cmd = [f"{VENV_BIN}/daphne", "-b", "127.0.0.1", "-p", str(port), "-v", "0"]
            cmd += [*flags, "arena.asgi:application"]
            flags = ()
        else:
            raise ValueError(server)
        cmd += list(flags)
        log = open(self.tmp / f"server-{port}.log", "wb")  # noqa: SIM115 - the server's stdout
        proc = subprocess.Popen(
            cmd,
            cwd=BASE_DIR,
            env={**self.env, **(env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.procs.append(proc)
        self.wait_ready(port, proc)
        return proc, port

    def wait_ready(self, port: int, proc, timeout: float = 60.0):
        import httpx

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.server_log(port)[-2000:]}")
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz/", timeout=2).status_code < 500:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"server on port {port} not ready: {self.server_log(port)[-2000:]}")

    def server_log(self, port: int) -> str:
        try:
            return (self.tmp / f"server-{port}.log").read_text(errors="replace")
        except OSError:
            return ""

    def stop_servers(self):
        for proc in self.procs:
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)  # our own session: server + workers
        for proc in self.procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=5)
        self.procs = []

    def count(self, sql: str) -> int:
        """A scalar from the benchmark's database (after the servers stopped)."""
        code = (
            "import django;django.setup();from django.db import connection as c;"
            f"cur=c.cursor();cur.execute({sql!r});print(cur.fetchone()[0])"
        )
        out = subprocess.run(
            [PYTHON, "-c", code], cwd=BASE_DIR, env=self.env, check=True,
            capture_output=True, text=True, timeout=120,
        ).stdout  # fmt: skip
        return int(out.strip().splitlines()[-1])

    def close(self):
        self.stop_servers()
        if self.db_name:
            subprocess.run(
                ["psql", PG_URL + "/postgres", "-qc",
                 f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)'],
                capture_output=True,
            )  # fmt: skip
            self.db_name = None
        shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


# --- HTTP helpers (httpx) --------------------------------------------------


def login(client, base: str) -> str:
    """Log the facilitator in with ``client`` (an httpx.Client); return the
    CSRF token to send as X-CSRFToken."""
    client.get(f"{base}/accounts/login/")
    token = client.cookies.get("csrftoken")
    r = client.post(
        f"{base}/accounts/login/",
        data={"username": FACILITATOR[0], "password": FACILITATOR[1],
              "csrfmiddlewaretoken": token},
    )  # fmt: skip
    if r.status_code != 302 or "sessionid" not in client.cookies:
        raise RuntimeError(f"login failed: {r.status_code}")
    return client.cookies.get("csrftoken")


# --- seeding (runs in a child process with the server's environment) -------


def _seed(participants: int) -> dict:
    import django

    django.setup()
    from arena import participants as tokens
    from arena.models import Participant
    from proposals.models import Topic, TopicStatus
    from proposals.wall import build_wall
    from reports.demo import load_demo

    arena = load_demo()
    have = arena.participants.count()
    if participants > have:
        Participant.objects.bulk_create(
            Participant(arena=arena, display_name=f"Bench {i}") for i in range(participants - have)
        )
    people = list(arena.participants.order_by("pk")[:participants])
    wall = build_wall(arena)
    free = [cell.dom_id for _s, cells in wall.rows for cell in cells if not cell.group]
    # Topics read out in the circle and waiting in the queue, one per free cell.
    template = Topic.objects.filter(arena=arena).first()
    new = []
    for i in range(len(free)):
        topic = Topic(
            arena=arena, title=f"Benchmark topic {i + 1}", status=TopicStatus.READ_OUT,
            kind=template.kind, day_id=template.day_id, convener=people[i % len(people)],
        )  # fmt: skip
        topic.save()
        new.append(topic.pk)
    return {
        "arena": arena.pk,
        "code": arena.join_code,
        "cookie_name": tokens.cookie_name(arena),
        "tokens": [tokens.make_token(p) for p in people],
        "topics": new,
        "free_cells": free,
    }


if __name__ == "__main__":
    if sys.argv[1:2] == ["seed"]:
        print(json.dumps(_seed(int(sys.argv[2]))))
