"""What the layout tests at real scale share (issue #11: a test module
imports from here, never from another test module).

- the facilitator's wall on a 1366×768 laptop (test_wall_layout.py, and
  test_wall_themes.py with main areas): the 30-room wall, logging in to it,
  the hit test of every control, the layout checks (sticky headers, density)
  and their screenshots, test-artifacts/screens/<prefix>-<w>x<h>-<lang>-<rooms>[-<state>].png;
- the projector's measurements (test_projector_layout.py);
- "now & next": session 1 going on, session 2 next (the phone, the projector).
"""

import datetime

from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from reports.demo import DEMO_PASSWORD
from sessions.models import AgendaItem
from tests.servers import ARTIFACTS

from . import walls

SCREENS = ARTIFACTS / "screens"
LAPTOP = (1366, 768)
LIVE = 5_000  # ms: a live update (WebSocket broadcast) reaches the page
MIN_TITLE_PX = 18  # at both sizes: 720p pages more instead of going smaller


# --- data ----------------------------------------------------------------------
def wall_30(organiser):
    """Four sessions × 30 rooms, most cells taken; 8 free, 6 topics waiting.
    The last room of the last session stays free: the drag test's far target."""
    return walls.wall_30(organiser, free_last=True, waiting=6)


def now_and_next(arena) -> None:
    """Session 1 is going on now, session 2 comes next."""
    sessions = list(
        AgendaItem.objects.for_arena(arena)
        .sessions()
        .select_related("day")
        .order_by("session_number")
    )
    now = timezone.localtime().replace(second=0, microsecond=0)
    first, second = sessions[0], sessions[1]
    start = max(now.replace(hour=0, minute=0), now - datetime.timedelta(minutes=30))
    end = min(now.replace(hour=23, minute=59), now + datetime.timedelta(minutes=60))
    if end <= now:
        end = now.replace(hour=23, minute=59, second=59)
    today = first.day.arena.days.get(date=now.date())
    AgendaItem.objects.filter(pk=first.pk).update(day=today, start=start.time(), end=end.time())
    later = end + datetime.timedelta(minutes=15)
    if later.date() == now.date() and later.time() < datetime.time(23, 0):
        day = today
        times = (
            later.time(),
            # compared as datetimes: 22:55 + 75 min is past midnight, not 00:10 today
            min(later + datetime.timedelta(minutes=75), now.replace(hour=23, minute=59)).time(),
        )
    else:
        times = (datetime.time(8, 0), datetime.time(9, 30))
        day = first.day.arena.days.get(date=now.date() + datetime.timedelta(days=1))
    AgendaItem.objects.filter(pk=second.pk).update(day=day, start=times[0], end=times[1])


# --- the facilitator's wall on a laptop ----------------------------------------
def open_wall(new_page, live_server_url, arena, language, size=LAPTOP):
    width, height = size
    page = new_page(viewport={"width": width, "height": height})
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server_url}]
    )
    page.goto("/accounts/login/")
    page.fill("#id_username", "arrangor")
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto(f"/a/{arena.pk}/wall/")
    expect(page.locator("#connection-status")).to_have_attribute("data-state", "online")
    return page


def screen(page, language, rooms, suffix="", prefix="wall"):
    SCREENS.mkdir(parents=True, exist_ok=True)
    w, h = LAPTOP
    name = f"{prefix}-{w}x{h}-{language}-{rooms}{'-' + suffix if suffix else ''}.png"
    page.screenshot(path=str(SCREENS / name))


# What a person could click: every control whose centre is on the screen and
# not clipped away by a scrolling box (nor under the grid's sticky headers,
# which scroll over the cells by design).
WALL_HIT_TEST = r"""
() => {
  const CONTROLS = 'a[href], button, input:not([type=hidden]), select, textarea, summary,'
    + ' [tabindex="0"]';
  const grid = document.querySelector('#grid .grid-wall');
  const bodyArea = () => {
    const r = grid.getBoundingClientRect();
    const corner = grid.querySelector('thead th').getBoundingClientRect();
    return {left: corner.right, top: corner.bottom, right: r.right, bottom: r.bottom};
  };
  const clipped = (el, x, y) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const cs = getComputedStyle(p);
      if (/(auto|scroll|hidden|clip)/.test(cs.overflowX + cs.overflowY)) {
        const r = p.getBoundingClientRect();
        if (x < r.left || x > r.right || y < r.top || y > r.bottom) return true;
      }
    }
    if (grid && grid.contains(el) && !el.closest('th')) {
      const a = bodyArea();
      if (x < a.left || x > a.right || y < a.top || y > a.bottom) return true;
    }
    return false;
  };
  const problems = [];
  let checked = 0;
  for (const el of document.querySelectorAll(CONTROLS)) {
    if (el.closest('.visually-hidden, [hidden]')) continue;
    if (el.matches('.ds-skip-link, .skip-link')) continue;
    const cs = getComputedStyle(el);
    if (cs.visibility === 'hidden' || cs.display === 'none') continue;
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) continue;
    const x = r.left + r.width / 2, y = r.top + r.height / 2;
    if (x < 0 || y < 0 || x > innerWidth - 1 || y > innerHeight - 1 || clipped(el, x, y)) continue;
    checked++;
    const hit = document.elementFromPoint(x, y);
    const label = hit && el.tagName === 'INPUT' && hit.closest('label');
    if (!hit || !(hit === el || el.contains(hit) || (label && label.contains(el)))) {
      const text = (el.textContent || el.value || el.name || '').trim().replace(/\s+/g, ' ');
      const name = (el.id ? '#' + el.id + ' ' : '') + text.slice(0, 40);
      const over = hit
        ? hit.tagName.toLowerCase() + (hit.id ? '#' + hit.id : '') + '.' + hit.className
        : 'nothing';
      const at = Math.round(x) + ',' + Math.round(y);
      problems.push(`<${el.tagName.toLowerCase()}> ${name} at ${at} is under ${over}`);
    }
  }
  return {checked, problems};
}
"""

VISIBLE_ROOMS = r"""
() => {
  const grid = document.querySelector('#grid .grid-wall');
  const r = grid.getBoundingClientRect();
  const corner = grid.querySelector('thead th').getBoundingClientRect();
  const right = Math.min(r.right, innerWidth);
  return [...grid.querySelectorAll('thead th')].slice(1).filter((th) => {
    const b = th.getBoundingClientRect();
    return b.left >= corner.right - 1 && b.right <= right + 1;
  }).length;
}
"""


def hit_test(page, where):
    result = page.evaluate(WALL_HIT_TEST)
    assert result["checked"] >= 3, f"{where}: only {result['checked']} controls on screen"
    return [f"{where}: {p}" for p in result["problems"]]


def _density(page, name):
    page.locator(f"#wall-density input[value={name}]").check()
    page.wait_for_function("(n) => document.body.classList.contains('wall-density-' + n)", arg=name)
    page.wait_for_timeout(50)


def check_layout(page, language, rooms, prefix="wall"):
    problems = []
    expect(page.locator("#wall-density")).to_be_visible()
    problems += hit_test(page, "top of the page")
    screen(page, language, rooms, prefix=prefix)

    # The grid scrolled right and down (inside its box): the room row and the
    # session column stay in view.
    page.evaluate("document.querySelector('#grid').scrollIntoView()")
    page.evaluate(
        "() => { const g = document.querySelector('#grid .grid-wall');"
        " g.scrollLeft = g.scrollWidth; g.scrollTop = g.scrollHeight; }"
    )
    page.wait_for_timeout(50)
    sticky = page.evaluate(
        r"""() => {
          const g = document.querySelector('#grid .grid-wall');
          const box = g.getBoundingClientRect();
          const room = g.querySelectorAll('thead th')[g.querySelectorAll('thead th').length - 1];
          const session = g.querySelectorAll('tbody th')[g.querySelectorAll('tbody th').length - 1];
          const at = (el) => { const r = el.getBoundingClientRect();
            const hit = document.elementFromPoint(r.left + 8, r.top + 8);
            return {top: r.top, left: r.left, hit: !!hit && el.contains(hit)}; };
          return {box: {top: box.top, left: box.left}, scrolled: [g.scrollLeft, g.scrollTop],
                  room: at(room), session: at(session), corner: at(g.querySelector('thead th'))};
        }"""
    )
    assert sticky["scrolled"][0] > 0 and sticky["scrolled"][1] > 0, sticky
    assert abs(sticky["room"]["top"] - sticky["box"]["top"]) < 3 and sticky["room"]["hit"], sticky
    assert abs(sticky["session"]["left"] - sticky["box"]["left"]) < 3, sticky
    assert sticky["session"]["hit"] and sticky["corner"]["hit"], sticky
    problems += hit_test(page, "grid scrolled right and down")
    screen(page, language, rooms, "scrolled", prefix=prefix)
    page.evaluate(
        "() => { const g = document.querySelector('#grid .grid-wall');"
        " g.scrollLeft = 0; g.scrollTop = 0; window.scrollTo(0, 0); }"
    )

    # Zoom: "fit" shows every room, "large" fewer than "comfortable".
    seen = {}
    for name in ["comfortable", "fit", "large"]:
        _density(page, name)
        seen[name] = page.evaluate(VISIBLE_ROOMS)
        problems += hit_test(page, f"zoom {name}")
        screen(page, language, rooms, name, prefix=prefix)
    assert seen["fit"] == rooms, seen
    assert seen["large"] < seen["comfortable"] < seen["fit"], seen
    page.reload()
    expect(page.locator("#wall-density input[value=large]")).to_be_checked()
    assert page.evaluate("document.body.classList.contains('wall-density-large')")
    _density(page, "comfortable")
    return problems


# --- the projector -------------------------------------------------------------
# Shared by the evaluations below: the page's window, and what a person would
# notice about a piece of text in it.
HELPERS = r"""
  const se = document.scrollingElement;
  const flow = document.querySelector('[data-paged]');
  const win = flow.parentElement.getBoundingClientRect();
  // A page that starts in the middle of a session (or a perspective) names
  // it beside the pager; one that starts with a heading names nothing.
  const continuedProblem = () => {
    const starts = [...flow.querySelectorAll('h2, .pj-group, .pj-names > li')].filter((el) => {
      const r = el.getBoundingClientRect();
      return r.width && r.left >= win.left - 2 && r.left < win.left + 40;
    });
    starts.sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
    const first = starts[0];
    const note = (document.querySelector('[data-pager-continued]') || {}).textContent || '';
    if (!first) return null;
    if (first.matches('h2')) return note ? `starts with a heading but says ${note}` : null;
    const section = first.closest('.pj-session, .pj-perspective');
    const name = section.querySelector('.pj-session__name, .pj-perspective__label');
    const wanted = name ? name.textContent.trim() : '';
    if (note && note.includes(wanted)) return null;
    return `continues ${wanted} but the pager says "${note}"`;
  };
  const pagerText = () => {
    const pager = document.querySelector('[data-pager]');
    if (!pager || pager.hidden) return '';
    return pager.querySelector('[data-pager-text]').textContent.trim();
  };
  // 'in', 'out' (on another page) or 'cut' (partly on this page).
  const where = (el) => {
    const r = el.getBoundingClientRect();
    if (r.left >= win.left - 1 && r.right <= win.right + 1
        && r.top >= win.top - 1 && r.bottom <= win.bottom + 1) return 'in';
    if (r.right <= win.left + 1 || r.left >= win.right - 1
        || r.bottom <= win.top + 1 || r.top >= win.bottom - 1) return 'out';
    return 'cut';
  };
  // A line may only start at a word boundary: between two characters of one
  // word (no space between them) the line must not change, unless the first
  // is a hyphen, a dash or a slash (a break there is a boundary).
  const brokenWord = (el) => {
    const cs = getComputedStyle(el);
    const half = (parseFloat(cs.lineHeight) || parseFloat(cs.fontSize)) / 2;
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    let last = null;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const chars = node.data;
      for (let i = 0; i < chars.length; i++) {
        if (/\s/.test(chars[i])) { last = null; continue; }
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rects = range.getClientRects();
        if (!rects.length) continue;
        const top = rects[0].top;
        if (last && top - last.top > half && !/[-\/\u2010-\u2014]/.test(last.ch)) {
          return chars.slice(Math.max(0, i - 8), i + 8);
        }
        last = { top, ch: chars[i] };
      }
    }
    return null;
  };
"""

# One evaluation per page of the wall projector.
MEASURE = (
    "(minTitle) => {"
    + HELPERS
    + r"""
  const ctx = document.createElement('canvas').getContext('2d');
  const problems = [];
  const shown = [];
  for (const entry of document.querySelectorAll('[data-code]')) {
    const code = entry.dataset.code;
    const place = where(entry);
    if (place === 'cut') problems.push(`${code}: cut off by the page edge`);
    if (place !== 'in') continue;
    shown.push(code);
    for (const title of entry.querySelectorAll('.pj-title')) {
      const cs = getComputedStyle(title);
      const size = parseFloat(cs.fontSize);
      ctx.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
      const eight = 8 * ctx.measureText('n').width;
      const width = title.getBoundingClientRect().width;
      if (size < minTitle) problems.push(`${code}: title ${size}px < ${minTitle}px`);
      if (width < eight) problems.push(`${code}: title ${width}px wide < 8 n (${eight}px)`);
      if (title.scrollWidth > title.clientWidth) {
        problems.push(`${code}: title overflows (${title.scrollWidth} > ${title.clientWidth})`);
      }
      for (const meta of entry.querySelectorAll('.pj-meta')) {
        if (parseFloat(getComputedStyle(meta).fontSize) > size) {
          problems.push(`${code}: body text larger than the title`);
        }
      }
    }
    for (const text of entry.querySelectorAll('.pj-title, .pj-meta')) {
      const broken = brokenWord(text);
      if (broken) problems.push(`${code}: a word broken at "${broken}"`);
    }
  }
  for (const head of document.querySelectorAll('.pj-session__head, .pj-head')) {
    if (where(head) !== 'in') continue;
    const broken = brokenWord(head);
    if (broken) problems.push(`heading: a word broken at "${broken}"`);
  }
  const carried = continuedProblem();
  if (carried) problems.push(carried);
  return {
    scroll: [se.scrollWidth, se.scrollHeight, innerWidth, innerHeight],
    page: Number(flow.dataset.page),
    pages: Number(flow.dataset.pages),
    pager: pagerText(),
    shown,
    problems,
    body: document.body.innerText,
  };
}
"""
)


def settled(page):
    page.wait_for_function("() => document.querySelector('[data-paged][data-pages]')")
    page.wait_for_timeout(100)  # the next animation frame's layout
