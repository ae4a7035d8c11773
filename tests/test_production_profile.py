"""The production profile: channels-redis across workers, and scripts/prod.sh for real.

Runs only when DATABASE_URL and REDIS_URL are set (scripts/test.sh's second
pass sets them); otherwise skipped with the reason.
"""

import asyncio
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"

pytestmark = [
    pytest.mark.production,
    pytest.mark.skipif(
        not (os.environ.get("DATABASE_URL") and os.environ.get("REDIS_URL")),
        reason="production profile: set DATABASE_URL and REDIS_URL (scripts/test.sh does)",
    ),
]


def test_channel_layer_reaches_across_worker_processes():
    """A group_send from one layer instance arrives at a channel of another.

    Two RedisChannelLayer instances stand in for two uvicorn workers: with the
    in-memory layer half the broadcasts would never arrive (TECH-NOTES).
    """
    from channels.layers import get_channel_layer
    from channels_redis.core import RedisChannelLayer

    assert isinstance(get_channel_layer(), RedisChannelLayer)
    config = settings.CHANNEL_LAYERS["default"]["CONFIG"]
    group = f"prodtest-{uuid.uuid4().hex}"

    async def scenario():
        worker_a = RedisChannelLayer(**config)
        worker_b = RedisChannelLayer(**config)
        try:
            channel = await worker_b.new_channel()
            await worker_b.group_add(group, channel)
            await worker_a.group_send(group, {"type": "programme.changed", "n": 1})
            message = await asyncio.wait_for(worker_b.receive(channel), timeout=5)
            await worker_b.group_discard(group, channel)
            return message
        finally:
            await worker_a.close_pools()
            await worker_b.close_pools()

    message = asyncio.run(asyncio.wait_for(scenario(), timeout=20))
    assert message == {"type": "programme.changed", "n": 1}


# --- scripts/prod.sh ------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, headers: dict[str, str] | None = None, timeout: float = 5):
    """(status, headers, body) without following redirects.

    Sends X-Forwarded-Proto: https unless told otherwise, as the TLS-terminating
    proxy in front of prod.sh would: SSL redirect and secure cookies stay on,
    as `check --deploy --fail-level WARNING` in prod.sh demands.
    """
    headers = {"X-Forwarded-Proto": "https", **(headers or {})}

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers=headers)  # noqa: S310
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


@pytest.fixture
def prodtest_database():
    """A separate, empty PostgreSQL database for prod.sh; dropped afterwards."""
    import psycopg
    from psycopg import sql

    url = urlsplit(os.environ["DATABASE_URL"])
    name = f"arena_prodtest_{uuid.uuid4().hex[:10]}"
    admin_url = urlunsplit(url._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urlunsplit(url._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def _static_file() -> str:
    """A static path that exists: the project's own CSS if there is any, else the admin's."""
    for candidate in ("css/arena.css",):
        if (ROOT / "static" / candidate).exists():
            return candidate
    own = sorted(
        p.relative_to(ROOT / "static").as_posix()
        for p in (ROOT / "static").rglob("*.css")
        if "vendor" not in p.parts
    )
    return own[0] if own else "admin/css/base.css"


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    except ProcessLookupError:
        pass


def test_prod_script_serves_health_and_static_files(prodtest_database, tmp_path):
    import psycopg
    from django.contrib.auth.hashers import check_password

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    password = "Prodtest-" + secrets.token_urlsafe(12)
    env = {
        **os.environ,
        "DATABASE_URL": prodtest_database,
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "ARENA_STATIC_ROOT": str(tmp_path / "static"),
        "ARENA_MEDIA_ROOT": str(tmp_path / "media"),
        "ARENA_DATA_DIR": str(tmp_path / "data"),
        "ARENA_CHANNEL_PREFIX": f"prodtest{uuid.uuid4().hex[:8]}",
        "ARENA_ORGANISER_USERNAME": "prodtest-organiser",
        "ARENA_ORGANISER_PASSWORD": password,
        "ARENA_ORGANISER_EMAIL": "organiser@example.org",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
    }
    for name in ("DJANGO_DEBUG", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)

    ARTIFACTS.mkdir(exist_ok=True)
    log_path = ARTIFACTS / "prod-sh.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            ["bash", str(ROOT / "scripts" / "prod.sh")],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip

    def log_tail() -> str:
        return f"\n--- {log_path} ---\n" + log_path.read_text(errors="replace")[-5000:]

    try:
        deadline = time.monotonic() + 180
        status = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                status, _headers, body = _get(f"{base}/healthz/", timeout=2)
                if status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.5)
        assert proc.poll() is None, f"prod.sh exited with {proc.returncode}" + log_tail()
        assert status == 200, f"/healthz/ never answered 200 (last: {status})" + log_tail()
        assert body.strip() == b"ok", body
        status, headers, _body = _get(f"{base}/", headers={"X-Forwarded-Proto": "http"})
        assert status == 301 and headers["Location"].startswith("https://"), (status, headers)

        static = _static_file()
        status, headers, body = _get(f"{base}/static/{static}")
        assert status == 200, f"/static/{static} -> {status}" + log_tail()
        assert body, "empty static file"
        assert "text/css" in headers.get("Content-Type", ""), headers

        # Several requests, so both workers are likely to have answered.
        for _ in range(10):
            assert _get(f"{base}/healthz/")[0] == 200

        with psycopg.connect(prodtest_database, connect_timeout=10) as conn:
            row = conn.execute(
                "SELECT password, is_staff, is_active, email FROM auth_user WHERE username = %s",
                ["prodtest-organiser"],
            ).fetchone()
        assert row is not None, "ensure_organiser did not create the organiser" + log_tail()
        encoded, is_staff, is_active, email = row
        assert check_password(password, encoded)
        assert (is_staff, is_active, email) == (True, True, "organiser@example.org")
    finally:
        _stop(proc)
    assert proc.returncode is not None
