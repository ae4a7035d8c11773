"""What people see: from a facilitator's click to the change painted on every screen.

    .venv/bin/python -m bench.browser_latency [--placements 20] [--phones 5]
        [--profile embedded|production]

Sets up a throwaway database with the 2020 demo wall (4 sessions × 19 rooms,
49 topics) plus one waiting topic per free cell, posted by participants
(``bench._common.Setup``), starts the server as the other benches do
(collected static files, DEBUG off; production: PostgreSQL, Redis,
``uvicorn --workers 2``) and drives Debian's Chromium through Playwright:

* one facilitator page (``/a/<pk>/wall/``, logged in, 1366×768),
* ``--phones`` phone pages (``/p/<code>/wall/``, 390×844), each joined as a
  new person would: the join page (GET), its button (POST), a persona,
* the projector (``/a/<pk>/projector/wall/?mode=market``, 1920×1080, logged
  in): pinned to the whole wall, as in the morning circle, so that every
  placement is shown there whatever the clock says (by the clock, "now &
  next" would hide the placements in other sessions).

Then it places ``--placements`` topics from the queue, one after the other,
as a facilitator does: types the cell's code ("2.3") in the queue card's
"Place in" field and clicks its button. Every page carries an init script
that wraps ``WebSocket`` (the arrival of the message that names the topic),
listens to ``htmx:wsAfterMessage`` and runs a MutationObserver: when the
topic's title appears in the page (its cell, projector cell or phone item,
or any node added), it records ``performance.now()`` of the first
``requestAnimationFrame`` after that, i.e. the frame that paints it. All
times are ``performance.timeOrigin + performance.now()``, one timeline for
all pages. The facilitator's click is taken by a capture-phase listener,
its POST's timing from the Resource Timing entry.

Latency of a placement = click → painted on the LAST of the screens. Split
for that last screen:

* client: click → the POST leaves the facilitator's browser,
* server: POST sent → first byte of its response, or → the WebSocket
  message's arrival if that came first (the broadcast is rendered and sent
  inside the request, on commit),
* transport: from there → the message arrives on that screen (channel layer,
  fan-out, socket, loopback),
* browser: message arrival → swapped into the DOM → painted frame.

The run bounds itself: no new placement after ``--budget`` − 12 s (default
110 s, counted from the start, set-up included), a hard stop at +10 s; the
placements measured by then are reported. The
last line: ``browser_latency screens=N p50_ms=… p95_ms=…``.
"""

import argparse
import contextlib
import os
import re
import shlex
import signal
import subprocess
import sys
import tempfile
import time

from . import _common as c
from .fanout import DEFAULT_FLAGS

CHROMIUM = os.environ.get("ARENA_CHROMIUM", "/usr/bin/chromium")
# As tests/browser/conftest.py, plus: no throttling of pages that are not in
# front (seven pages share one headless browser; each must paint at once).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--disable-renderer-backgrounding",
    "--disable-background-timer-throttling",
    "--disable-backgrounding-occluded-windows",
]
LAPTOP = {"width": 1366, "height": 768}
PROJECTOR = {"width": 1920, "height": 1080}
PHONE = {"width": 390, "height": 844}
LOST_AFTER_MS = 5_000

# Runs in every page before its own scripts (through the DevTools protocol,
# so the CSP does not apply to it).
PROBE = r"""
(() => {
  const now = () => performance.timeOrigin + performance.now();
  const L = (window.__lat = { watch: null, armed: false, action: null, sockets: 0 });
  const Native = window.WebSocket;
  class TimedWebSocket extends Native {
    constructor(...args) {
      super(...args);
      L.sockets += 1;
      this.addEventListener("message", (event) => {
        const t = now();
        const w = L.watch;
        if (!w || w.arrival !== null || typeof event.data !== "string") return;
        if (w.first === null) { w.first = t; w.firstSize = event.data.length; }
        if (w.re.test(event.data)) { w.arrival = t; w.size = event.data.length; }
      });
    }
  }
  window.WebSocket = TimedWebSocket;
  document.addEventListener("htmx:wsAfterMessage", () => {
    const w = L.watch;
    if (w && w.arrival !== null && w.afterMessage === null) w.afterMessage = now();
  });
  const act = () => { if (L.armed) { L.armed = false; L.action = now(); } };
  document.addEventListener("click", act, true);
  document.addEventListener("submit", act, true);

  const found = (records) => {
    const w = L.watch;
    for (const id of w.ids) {
      const el = document.getElementById(id);
      if (el && w.re.test(el.textContent)) return el;
    }
    for (const r of records || []) {
      for (const node of r.addedNodes) {
        if (node.isConnected && w.re.test(node.textContent || "")) {
          return node.nodeType === 1 ? node : node.parentElement;
        }
      }
      if (r.type === "characterData" && w.re.test(r.target.data || "")) {
        return r.target.parentElement;
      }
    }
    return null;
  };
  const check = (records) => {
    const w = L.watch;
    if (!w || w.appeared !== null) return;
    const el = found(records);
    if (!el) return;
    w.appeared = now();
    w.visible = el.checkVisibility ? el.checkVisibility() : null;
    requestAnimationFrame(() => { w.painted = now(); });
  };
  new MutationObserver(check).observe(document, {
    childList: true, subtree: true, characterData: true,
  });
  window.__latWatch = (title, ids) => {
    const quoted = title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    L.watch = {
      title, ids, re: new RegExp(quoted + "(?![0-9])"),
      arrival: null, size: 0, first: null, firstSize: 0, afterMessage: null,
      appeared: null, painted: null, visible: null,
    };
    performance.clearResourceTimings();
  };
  window.__latResult = () => {
    const w = L.watch;
    const out = w ? {
      arrival: w.arrival, size: w.size, first: w.first, firstSize: w.firstSize,
      afterMessage: w.afterMessage,
      appeared: w.appeared, painted: w.painted, visible: w.visible,
    } : {};
    out.action = L.action;
    out.height = document.documentElement.scrollHeight;
    out.nodes = document.getElementsByTagName("*").length;
    out.sockets = L.sockets;
    const req = performance.getEntriesByType("resource")
      .filter((e) => /\/place\/|\/drop\//.test(e.name));
    if (req.length) {
      const e = req[req.length - 1], o = performance.timeOrigin;
      out.requestStart = o + (e.requestStart || e.fetchStart);
      out.responseStart = o + (e.responseStart || e.responseEnd);
      out.responseEnd = o + e.responseEnd;
    }
    // what the page fetched after the message (the projector fetches its board)
    const got = performance.getEntriesByType("resource")
      .filter((e) => !/\/place\/|\/drop\//.test(e.name) && e.initiatorType !== "img");
    if (got.length) {
      out.refetchStart = performance.timeOrigin + Math.min(...got.map((e) => e.startTime));
      out.refetchEnd = performance.timeOrigin + Math.max(...got.map((e) => e.responseEnd));
    }
    return out;
  };
})();
"""


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--placements", type=int, default=20)
    p.add_argument("--phones", type=int, default=5)
    p.add_argument("--profile", choices=["embedded", "production"], default="embedded")
    p.add_argument("--gap", type=float, default=0.4, help="pause between placements (s)")
    p.add_argument(
        "--budget", type=float, default=110, help="placements stop after (s); all ends by +10 s"
    )
    return p.parse_args(argv)


T_START = time.monotonic()
CONSOLE: list[str] = []  # the pages' errors, shown if the run fails


class OutOfTime(BaseException):  # not caught by the waits' `except Exception`
    pass


def _alarm(_signum, _frame):
    raise OutOfTime


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def log_in(page, base):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", c.FACILITATOR[0])
    page.fill("#id_password", c.FACILITATOR[1])
    page.locator("main button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def join(page, base, code, name):
    """As a new person: the join page, its button (a POST), a persona, the wall."""
    page.goto(f"{base}/j/{code}/")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(rf"/p/{code}/$"))
    page.goto(f"{base}/p/{code}/persona/")
    page.fill("#id_display_name", name)
    first = page.locator("#id_perspectives_0")
    if first.count():
        first.check()
    page.locator("main form.stack button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/p/{code}/$"))
    page.goto(f"{base}/p/{code}/wall/")


def wait_online(name, page, timeout_ms=10_000):
    try:
        page.wait_for_function("() => window.__lat && window.__lat.sockets > 0", timeout=timeout_ms)
    except Exception as error:
        raise RuntimeError(
            f"{name} ({page.url}) opened no WebSocket; console: {CONSOLE[-10:]}"
        ) from error
    with contextlib.suppress(Exception):  # the status element may change shape
        page.wait_for_selector('#connection-status[data-state="online"]', timeout=timeout_ms)


def place_one(wall, pages, topic_pk, title, cell, code, timeout_ms):
    ids = [f"c-{cell}", f"pj-{cell}", f"m-{cell}"]
    for _name, page in pages:
        page.evaluate("([t, ids]) => window.__latWatch(t, ids)", [title, ids])
    field = wall.locator(f"#place-{topic_pk}")
    field.fill(code)
    button = wall.locator(f"#place-form-{topic_pk} button[type=submit]").first
    wall.evaluate("() => { window.__lat.armed = true; window.__lat.action = null; }")
    try:
        button.click(timeout=3_000)
    except Exception:  # noqa: BLE001 - hidden or covered: the keyboard way
        wall.evaluate("() => { window.__lat.armed = true; }")
        field.press("Enter")
    deadline = time.monotonic() + timeout_ms / 1000
    for _name, page in pages:
        left = max(50, int((deadline - time.monotonic()) * 1000))
        with contextlib.suppress(Exception):
            page.wait_for_function(
                "() => window.__lat.watch && window.__lat.watch.painted !== null",
                polling=25,
                timeout=left,
            )
    # The POST's Resource Timing entry is made when its response has ended,
    # which may be after the broadcast painted the change on every screen.
    with contextlib.suppress(Exception):
        wall.wait_for_function(
            "() => performance.getEntriesByType('resource')"
            ".some((e) => /\\/place\\/|\\/drop\\//.test(e.name))",
            polling=25,
            timeout=2_000,
        )
    return {name: page.evaluate("() => window.__latResult()") for name, page in pages}


def split(res):
    """(total, client, server, transport, browser, swap, frame, last, size) or None."""
    fac = res["facilitator"]
    action = fac.get("action")
    painted = {n: r["painted"] for n, r in res.items() if r.get("painted") is not None}
    if action is None or len(painted) < len(res):
        return None
    last = max(painted, key=painted.get)
    r = res[last]
    # the message that names the topic; else the first one after the click
    # (a page signalled to fetch, as the projector was before it got its
    # sessions in the broadcast)
    arrival = r.get("arrival") or r.get("first") or r["appeared"]
    req = fac.get("requestStart", action)
    resp = fac.get("responseStart", req)
    cut = min(resp, arrival)
    # a page that fetches after the message (the projector, its board): the
    # wait before the fetch is its own timer, the fetch is server work again
    start, end = r.get("refetchStart"), r.get("refetchEnd")
    if start is not None and arrival <= start and end <= r["appeared"]:
        wait, refetch, swapped_from = start - arrival, end - start, end
    else:
        wait, refetch, swapped_from = 0.0, 0.0, arrival
    return {
        "total": r["painted"] - action,
        "client": req - action,
        "server": cut - req,
        "transport": arrival - cut,
        # the projector's board fetched after its message: server work again
        "refetch": refetch,
        "wait": wait,
        "browser": r["painted"] - arrival - refetch,
        "swap": r["appeared"] - swapped_from,
        "timed": "requestStart" in fac,
        "frame": r["painted"] - r["appeared"],
        "last": last,
        "size": r.get("size") or r.get("firstSize") or 0,
        "post": fac.get("responseEnd", req) - req,
        "per_page": {n: painted[n] - action for n in painted},
        "ws": {
            n: (x.get("arrival") or x["first"]) - fac.get("responseEnd", req)
            for n, x in res.items()
            if (x.get("arrival") or x.get("first")) is not None
        },
    }


def run(args, setup, base):
    from playwright.sync_api import sync_playwright

    seed = setup.seed
    pk, code = seed["arena"], seed["code"]
    xdg = tempfile.mkdtemp(prefix="arena-bench-chromium-", dir=setup.tmp)
    env = {**os.environ, "XDG_CONFIG_HOME": f"{xdg}/config", "XDG_CACHE_HOME": f"{xdg}/cache"}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True, env=env
        )
        try:

            def page_for(viewport):
                ctx = browser.new_context(viewport=viewport, locale="nb-NO")
                ctx.set_default_timeout(15_000)
                ctx.add_init_script(PROBE)
                page = ctx.new_page()
                page.on("console", lambda m: m.type == "error" and CONSOLE.append(m.text))
                page.on("pageerror", lambda e: CONSOLE.append(str(e)))
                return page

            t0 = time.monotonic()
            print(f"set up in {time.monotonic() - T_START:.1f} s")
            wall = page_for(LAPTOP)
            log_in(wall, base)
            wall.goto(f"{base}/a/{pk}/wall/")
            projector = page_for(PROJECTOR)
            log_in(projector, base)
            projector.goto(f"{base}/a/{pk}/projector/wall/?mode=market")
            pages = [("facilitator", wall), ("projector", projector)]
            for i in range(args.phones):
                phone = page_for(PHONE)
                join(phone, base, code, f"Måler {i + 1}")
                pages.append((f"phone{i + 1}", phone))
            for name, page in pages:
                wait_online(name, page)
            print(f"{len(pages)} screens open and live in {time.monotonic() - t0:.1f} s")
            time.sleep(0.5)

            titles = {pk_: f"Benchmark topic {i + 1}" for i, pk_ in enumerate(seed["topics"])}
            free = list(seed["free_cells"])
            rows = []
            for k in range(args.placements):
                if time.monotonic() > T_START + args.budget - 12:
                    print(f"out of time (--budget): stopped after {k} placements", file=sys.stderr)
                    break
                queued = wall.eval_on_selector_all(
                    "#queue .queue-item[data-topic]", "els => els.map(e => +e.dataset.topic)"
                )
                todo = [t for t in queued if t in titles]
                if not todo or not free:
                    print(f"placement {k + 1}: nothing left to place", file=sys.stderr)
                    break
                topic = todo[0]
                cell = free.pop(0)
                cell_code = wall.get_attribute(f"#c-{cell}", "data-code")
                res = place_one(
                    wall, pages, topic, titles.pop(topic), cell, cell_code, LOST_AFTER_MS
                )
                rows.append((k + 1, cell_code, split(res), res))
                if k >= 2 and all(r[2] is None for r in rows[-3:]):
                    print(
                        "three placements in a row not painted everywhere: stopping",
                        file=sys.stderr,
                    )
                    break
                time.sleep(args.gap)
            heights = {
                name: page.evaluate(
                    "() => [document.documentElement.scrollHeight,"
                    " document.getElementsByTagName('*').length]"
                )
                for name, page in pages
            }
        finally:
            browser.close()
    return rows, heights, len(pages)


def report(rows, heights, screens):
    ok = [r for r in rows if r[2] is not None]
    lost = len(rows) - len(ok)
    print(
        "\n  #  code   total  client server refetch transport browser (wait+swap+frame)"
        "  last screen   msg bytes  POST"
    )
    for k, cell_code, s, res in rows:
        if s is None:
            missing = [n for n, r in res.items() if r.get("painted") is None]
            print(f"{k:3d}  {cell_code:>5}  not painted within {LOST_AFTER_MS} ms on {missing}")
            continue
        print(
            f"{k:3d}  {cell_code:>5} {s['total']:7.1f} {s['client']:7.1f} {s['server']:6.1f} "
            f"{s['refetch']:7.1f} {s['transport']:9.1f} {s['browser']:7.1f} "
            f"({s['wait']:5.1f}+{s['swap']:5.1f}+{s['frame']:5.1f})  "
            f"{s['last']:<12} {s['size']:9d} {s['post']:6.1f}"
            + ("" if s["timed"] else "  (no timing entry for the POST)")
        )
    if not ok:
        print(f"browser_latency screens={screens} p50_ms=0 p95_ms=0")
        return
    totals = [s["total"] for _k, _c, s, _r in ok]

    def med(key):
        return c.median([s[key] for _k, _c, s, _r in ok])

    print(
        f"\nmedian split of the last screen (ms): client {med('client'):.1f}, "
        f"server {med('server'):.1f} (+ projector's board fetch {med('refetch'):.1f}), "
        f"transport {med('transport'):.1f}, "
        f"browser {med('browser'):.1f} (timer before a fetch {med('wait'):.1f} + swap "
        f"{med('swap'):.1f} + frame {med('frame'):.1f}); "
        f"facilitator's POST round trip {med('post'):.1f}"
    )
    names = list(ok[0][2]["per_page"])
    print(
        "per screen, click → painted (p50 / p95 ms), WebSocket message after the POST's response:"
    )
    for n in names:
        vals = [s["per_page"][n] for _k, _c, s, _r in ok]
        ws = [s["ws"][n] for _k, _c, s, _r in ok if n in s["ws"]]
        wstxt = f", message {c.median(ws):+.1f} ms" if ws else ", no matching message"
        h, nodes = heights.get(n, (0, 0))
        print(
            f"  {n:<12} {c.median(vals):6.1f} / {c.percentile(vals, 95):6.1f}{wstxt}; "
            f"page {h} px tall, {nodes} elements"
        )
    lasts = {}
    for _k, _c, s, _r in ok:
        lasts[s["last"]] = lasts.get(s["last"], 0) + 1
    print("last screen to paint: " + ", ".join(f"{n} ×{m}" for n, m in sorted(lasts.items())))
    longest = max(heights.items(), key=lambda kv: kv[1][0])
    print(f"longest page: {longest[0]}, {longest[1][0]} px, {longest[1][1]} elements")
    print(f"placements measured {len(ok)}, lost {lost}")
    print(f"load average at the end: {load_average()}")
    print("per placement ms: " + " ".join(f"{t:.0f}" for t in totals))
    print(
        f"browser_latency screens={screens} p50_ms={c.median(totals):.0f} "
        f"p95_ms={c.percentile(totals, 95):.0f}"
    )


def main(argv=None):
    args = parse_args(argv)
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(int(args.budget) + 10)  # a hard stop; the placements stop earlier
    print(c.machine_info())
    print(f"uptime: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")
    try:
        with c.Setup(args.profile, static=True) as setup:
            if args.placements > len(setup.seed["topics"]):
                sys.exit(f"at most {len(setup.seed['topics'])} placements (free cells)")
            workers = 2 if args.profile == "production" else 1
            _proc, port = setup.start_server(
                workers=workers, flags=shlex.split(DEFAULT_FLAGS["uvicorn"])
            )
            print(
                f"server: uvicorn {DEFAULT_FLAGS['uvicorn']} workers={workers} "
                f"profile={args.profile} phones={args.phones} placements={args.placements}"
            )
            rows, heights, screens = run(args, setup, f"http://127.0.0.1:{port}")
            signal.alarm(0)  # measured: let the clean-up finish
            log = setup.server_log(port)
            if "Traceback" in log:
                print("server log has tracebacks:\n" + log[-3000:], file=sys.stderr)
    except OutOfTime:
        sys.exit(f"browser_latency: stopped after {args.budget + 10:.0f} s (--budget)")
    finally:
        signal.alarm(0)
    report(rows, heights, screens)


if __name__ == "__main__":
    main()
