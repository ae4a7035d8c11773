"""Server processes for tests that need a real one (tests/browser's live
server, tests/test_cross_worker.py's two workers): a free port, the
environment that points a server at the test database, waiting for
/healthz/, and where their logs and screenshots go.
"""

import signal
import socket
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def die_with_parent():  # runs in the child between fork and exec
    import ctypes

    pr_set_pdeathsig = 1
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def database_env(settings_dict) -> dict[str, str]:
    """Environment that points a server process at the current (test) database."""
    engine = settings_dict["ENGINE"]
    if engine.endswith("sqlite3"):
        return {"ARENA_SQLITE_PATH": str(settings_dict["NAME"])}
    if engine.endswith(("postgresql", "postgis")):
        user = quote(settings_dict.get("USER") or "", safe="")
        password = quote(settings_dict.get("PASSWORD") or "", safe="")
        auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
        host = settings_dict.get("HOST") or "127.0.0.1"
        port = settings_dict.get("PORT") or 5432
        name = quote(settings_dict["NAME"], safe="")
        return {"DATABASE_URL": f"postgres://{auth}{host}:{port}/{name}"}
    raise RuntimeError(f"live server: unsupported database engine {engine}")


def wait_for_health(url: str, proc, log_path: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    last_error = "no answer"
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"{url}/healthz/", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
                last_error = f"HTTP {response.status}"
        except (urllib.error.URLError, OSError) as exc:
            last_error = str(exc)
        time.sleep(0.2)
    log = log_path.read_text(errors="replace")[-4000:] if log_path.exists() else ""
    pytest.fail(
        f"live server did not become healthy at {url}/healthz/ "
        f"(exit code {proc.poll()}, last error: {last_error}).\n--- {log_path} ---\n{log}",
        pytrace=False,
    )
