"""Browser-test fixtures: a real uvicorn server, Debian's chromium, axe, screenshots.

- ``live_server_url``: base URL of a uvicorn subprocess (HTTP + WebSockets) that
  uses the SAME test database as the tests (the SQLite test file, or the
  PostgreSQL test database). It is started once per session; each test that
  uses it gets ``transactional_db``, so what a test writes is committed and the
  server sees it.
- ``browser`` (session) and ``new_page(viewport=..., locale=...)``: pages in
  fresh contexts whose base_url is the live server, so ``page.goto("/")``
  works. On failure every open page is saved as a screenshot.
- ``axe_check(page)``: runs axe-core (WCAG 2.0/2.1/2.2 A + AA) and fails the
  test listing every violation. Call it after every navigation.
- ``shot(page, name)``: full-page PNG in test-artifacts/screenshots/.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.servers import ARTIFACTS, ROOT, database_env, die_with_parent, free_port, wait_for_health

SCREENSHOTS = ARTIFACTS / "screenshots"
AXE_PATHS = [
    ROOT / "tests" / "browser" / "vendor" / "axe.min.js",
    ROOT / "node_modules" / "axe-core" / "axe.min.js",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
DEFAULT_VIEWPORT = {"width": 1280, "height": 900}
SERVER_START_TIMEOUT = 60
PAGE_TIMEOUT_MS = 10_000

_reports = pytest.StashKey[dict]()


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_")[:120]


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    item.stash.setdefault(_reports, {})[report.when] = report
    return report


def _failed(request) -> bool:
    reports = request.node.stash.get(_reports, {})
    return any(r.failed for r in reports.values())


# --- Playwright's sync API runs an event loop in the main thread ---------------
@pytest.fixture(scope="session", autouse=True)
def _allow_async_unsafe():
    """Django refuses ORM calls while an event loop runs in the thread; with
    Playwright's sync API one always does. Browser tests run last (see
    tests/conftest.py), so this does not hide anything in the other tests."""
    old = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if old is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = old


# --- the server ---------------------------------------------------------------
@pytest.fixture(scope="session")
def _arena_server(django_db_setup, django_db_blocker):
    """A uvicorn subprocess serving arena.asgi:application on the test database.

    Depends on django_db_setup, so it is stopped before the test database is
    dropped. REDIS_URL / ARENA_CHANNEL_PREFIX pass through from the environment.
    """
    from django.db import connection

    env = os.environ.copy()
    for name in ("DATABASE_URL", "ARENA_SQLITE_PATH", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    env.update(database_env(connection.settings_dict))
    env.update({"DJANGO_DEBUG": "1", "DJANGO_SETTINGS_MODULE": "arena.settings"})

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    ARTIFACTS.mkdir(exist_ok=True)
    log_path = ARTIFACTS / "live-server.log"
    cmd = [
        sys.executable, "-m", "uvicorn", "arena.asgi:application",
        "--host", "127.0.0.1", "--port", str(port),
        "--lifespan", "off", "--log-level", "warning", "--no-access-log",
    ]  # fmt: skip
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, preexec_fn=die_with_parent,
        )  # fmt: skip
    try:
        wait_for_health(url, proc, log_path, SERVER_START_TIMEOUT)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture
def live_server_url(transactional_db, _arena_server) -> str:
    """Base URL (no trailing slash) of the real ASGI server on the test database."""
    return _arena_server


# --- the browser --------------------------------------------------------------
@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    executable = os.environ.get("ARENA_CHROMIUM", "/usr/bin/chromium")
    if not os.access(executable, os.X_OK):
        message = (
            f"!!! CHROMIUM MISSING: {executable} not found, browser tests cannot run. "
            "Install it with `apt-get install -y chromium` (scripts/test.sh does)."
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        sys.stderr.write(f"\n{message}\n")
        pytest.skip(message)

    from playwright.sync_api import sync_playwright

    xdg = tmp_path_factory.mktemp("chromium-home")
    env = {
        **os.environ,
        "XDG_CONFIG_HOME": str(xdg / "config"),
        "XDG_CACHE_HOME": str(xdg / "cache"),
    }
    playwright = sync_playwright().start()
    try:
        instance = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, headless=True, env=env
        )
    except Exception:
        playwright.stop()
        raise
    yield instance
    instance.close()
    playwright.stop()


@pytest.fixture
def new_page(browser, live_server_url, request):
    """Factory: ``page = new_page(viewport={"width": 390, "height": 844}, locale="en")``.

    Each call makes a fresh browser context (own cookies/storage). Extra keyword
    arguments go to ``browser.new_context``.
    """
    contexts = []
    violations: list[str] = []  # what a page's CSP or Permissions-Policy blocked

    def make(viewport=None, locale="nb-NO", **context_options):
        context = browser.new_context(
            base_url=live_server_url,
            viewport=viewport or DEFAULT_VIEWPORT,
            locale=locale,
            **context_options,
        )
        context.set_default_timeout(PAGE_TIMEOUT_MS)
        _watch_policies(context, violations)
        contexts.append(context)
        return context.new_page()

    yield make

    if _failed(request):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        pages = [page for context in contexts for page in context.pages]
        for index, page in enumerate(pages):
            path = SCREENSHOTS / f"{_safe(request.node.name)}-FAILED-{index}.png"
            try:
                page.screenshot(path=str(path), full_page=True)
                sys.stderr.write(f"\nscreenshot of failed test: {path}\n")
            except Exception as exc:  # best effort only
                sys.stderr.write(f"\ncould not save {path}: {exc}\n")
    for context in contexts:
        context.close()
    if violations:
        report = "the page broke its own security policy (CSP / Permissions-Policy):\n"
        report += "\n".join(dict.fromkeys(violations))
        if _failed(request):  # already failing: say it, without a second error
            sys.stderr.write(f"\n{report}\n")
        else:
            pytest.fail(report, pytrace=False)


# --- security policies -----------------------------------------------------------
# Every page runs under the app's Content-Security-Policy (no 'unsafe-inline'):
# an inline script, a <style> or a style="" attribute (also one that a script
# sets with setAttribute) is blocked and reported. The init script runs before
# the page's own (through the DevTools protocol, so the CSP does not block it)
# and turns each securitypolicyviolation event into a console error; Chromium
# logs its own "Refused to …" line too. Any of them fails the test.
_POLICY_WATCH = """
document.addEventListener("securitypolicyviolation", (e) => {
  const el = e.target && e.target.nodeType === 1 ? e.target : null;
  const css = el && typeof el.className === "string" ? el.className.trim() : "";
  const on = el ? " on <" + el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (css ? "." + css.split(/\\s+/).join(".") : "") + ">" : "";
  console.error("CSP violation: " + e.violatedDirective + " blocked "
    + (e.blockedURI || "inline code") + on + " at " + (e.sourceFile || location.href)
    + ":" + e.lineNumber + " " + (e.sample || "").slice(0, 80));
}, true);
"""
_POLICY_WORDS = (
    "Content Security Policy",
    "CSP violation",
    "Permissions-Policy",
    "Permissions policy",
)


def _watch_policies(context, found: list[str]) -> None:
    context.add_init_script(_POLICY_WATCH)

    def on_console(message):
        if any(word in message.text for word in _POLICY_WORDS):
            where = message.page.url if message.page else "?"
            found.append(f"{where}: {message.text}")

    context.on("console", on_console)


# --- accessibility -------------------------------------------------------------
_AXE_RUN = """
async ([tags, disabledRules]) => {
  const rules = {};
  for (const id of disabledRules) rules[id] = { enabled: false };
  const result = await window.axe.run(document, {
    runOnly: { type: "tag", values: tags },
    resultTypes: ["violations"],
    rules,
  });
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, summary: n.failureSummary })),
  }));
}
"""


@pytest.fixture(scope="session")
def _axe_source() -> str:
    for path in AXE_PATHS:
        if path.exists():
            return path.read_text(encoding="utf-8")
    pytest.fail(
        "axe-core not found (looked for "
        + ", ".join(str(p.relative_to(ROOT)) for p in AXE_PATHS)
        + "); run `make vendor`.",
        pytrace=False,
    )


def format_violations(url: str, violations: list[dict]) -> str:
    lines = [f"axe: {len(violations)} accessibility violation(s) on {url}:"]
    for v in violations:
        lines.append(f"- [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(f"    at {target}: {node['html'][:200]}")
            if node.get("summary"):
                summary = node["summary"].replace("\n", "\n      ")
                lines.append(f"      {summary}")
    return "\n".join(lines)


@pytest.fixture
def axe_check(_axe_source):
    """``axe_check(page, disable=("rule-id",))``: fail the test on any WCAG A/AA violation."""

    def check(page, *, disable=()):
        page.wait_for_load_state("load")
        if not page.evaluate("() => typeof window.axe === 'object'"):
            # Evaluated through the DevTools protocol, so a strict CSP does not block it.
            page.evaluate(_axe_source)
        violations = page.evaluate(_AXE_RUN, [AXE_TAGS, list(disable)])
        if violations:
            pytest.fail(format_violations(page.url, violations), pytrace=False)

    return check


# --- screenshots ---------------------------------------------------------------
@pytest.fixture
def shot(request):
    """``shot(page, "after-login")`` -> test-artifacts/screenshots/<test>-after-login.png"""

    def take(page, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{_safe(request.node.name)}-{_safe(name)}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
