"""The projector as the back of the room sees it, at real scale.

The 2020 demo wall (4 sessions × 19 rooms, 49 topics) and a 30-room wall
(4 × 30, 112 topics), at 1920×1080 and 1280×720, in Norwegian and English,
in both modes of the wall projector ("market": the whole wall; "now": the
session going on and the next). On every page of every combination:

- the page does not scroll, either way;
- every topic title is at least 18 px, at least 8 "n"s wide, does not
  overflow its box, and no line of it starts inside a word;
- a body text (room, head-count) is never larger than its title;
- an entry is either wholly on the page or not on it at all, and across the
  pages ("n / m") every placed topic is shown;
- nothing of the facilitators': no warnings, no queue, no person's name.

Plus the join-code and the perspective-wall projectors (200 personas, names
only with consent), and the facilitator's mode switch reaching the projector
live. Screenshots: test-artifacts/screens/projector-<mode>-<w>x<h>-<lang>-<rooms>.png
(later pages get "-p2", "-p3"…).
"""

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from arena.models import Participant
from proposals.models import Group, Topic
from proposals.wall import build_wall
from reports.demo import DEMO_PASSWORD, load_demo
from sessions.models import Space
from tests.servers import ARTIFACTS

from . import walls
from .layout import HELPERS, LIVE, MEASURE, MIN_TITLE_PX, now_and_next, settled

pytestmark = pytest.mark.browser

SCREENS = ARTIFACTS / "screens"
VIEWPORTS = [(1920, 1080), (1280, 720)]
LANGUAGES = ["nb", "en"]
MODES = ["market", "now"]
# One evaluation per page of the perspective wall.
MEASURE_NAMES = (
    "(minText) => {"
    + HELPERS
    + r"""
  const problems = [];
  const shown = [];
  for (const el of flow.querySelectorAll('h2, li')) {
    const place = where(el);
    const text = el.textContent.trim();
    if (place === 'cut') problems.push(`${text}: cut off by the page edge`);
    if (place !== 'in') continue;
    if (el.tagName === 'LI') shown.push(text);
    if (parseFloat(getComputedStyle(el).fontSize) < minText) problems.push(`${text}: too small`);
    if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).textOverflow !== 'ellipsis') {
      problems.push(`${text}: overflows`);
    }
    const broken = brokenWord(el);
    if (broken) problems.push(`${text}: a word broken at "${broken}"`);
  }
  const carried = continuedProblem();
  if (carried) problems.push(carried);
  return {
    scroll: [se.scrollWidth, se.scrollHeight, innerWidth, innerHeight],
    pages: Number(flow.dataset.pages),
    pager: pagerText(),
    shown,
    problems,
  };
}
"""
)


# --- data ----------------------------------------------------------------------
def _double_book(arena) -> str:
    """A convener twice in session 1: the facilitators' wall warns, the room must not see it."""
    one, two = (
        Group.objects.get(arena=arena, session__session_number=1, space__number=n) for n in (1, 2)
    )
    Topic.objects.filter(pk=two.topic_id).update(convener=one.topic.convener)
    wall = build_wall(arena)
    assert wall.cell(one.session_id, one.space_id).double_booked, "the staff wall should warn"
    return one.topic.convener.display_name


def demo_wall():
    arena = load_demo(participants=150, today=timezone.localdate())
    now_and_next(arena)
    # A small room: more going than seats ("Full" on the projector, a warning for staff).
    Space.objects.filter(arena=arena, number=4).update(capacity=2)
    return arena


def wall_30(organiser):
    """Four sessions × 30 rooms, 112 of the 120 cells taken (titles of 2020, over again)."""
    arena = walls.wall_30(organiser)
    now_and_next(arena)
    return arena


# --- browser -------------------------------------------------------------------
def _projector(new_page, live_server_url, size, language):
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
    return page


def _expected_codes(arena, mode) -> set[str]:
    wall = build_wall(arena)
    if mode == "market":
        return {cell.code for cell in wall.groups}
    return {cell.code for cell in wall.groups if cell.session.session_number in (1, 2)}


def _check_wall(new_page, live_server_url, arena, rooms, *, forbidden=()):
    """Every combination; returns the problems found (empty when all is well)."""
    problems = []
    SCREENS.mkdir(parents=True, exist_ok=True)
    for size in VIEWPORTS:
        for language in LANGUAGES:
            page = _projector(new_page, live_server_url, size, language)
            for mode in MODES:
                where = f"{mode} {size[0]}x{size[1]} {language} {rooms} rooms"
                expected = _expected_codes(arena, mode)
                seen: set[str] = set()
                pages = 1
                number = 1
                while number <= pages:
                    page.goto(f"/a/{arena.pk}/projector/wall/?mode={mode}&page={number}")
                    settled(page)
                    result = page.evaluate(MEASURE, MIN_TITLE_PX)
                    pages = result["pages"]
                    suffix = "" if number == 1 else f"-p{number}"
                    name = f"projector-{mode}-{size[0]}x{size[1]}-{language}-{rooms}{suffix}.png"
                    page.screenshot(path=str(SCREENS / name))
                    sw, sh, iw, ih = result["scroll"]
                    if sw > iw or sh > ih:
                        problems.append(f"{where} p{number}: scrolls ({sw}×{sh} in {iw}×{ih})")
                    if pages > 1 and result["pager"] != f"{number} / {pages}":
                        problems.append(f"{where} p{number}: pager says {result['pager']!r}")
                    if pages == 1 and result["pager"]:
                        problems.append(f"{where}: a pager on a single page")
                    problems += [f"{where} p{number}: {p}" for p in result["problems"]]
                    body = result["body"]
                    for text in ("⚠", "twice", "to ganger", "Queue", *forbidden):
                        if text in body:
                            problems.append(f"{where} p{number}: shows {text!r}")
                    if page.locator("#queue, .queue-item, .group-warning").count():
                        problems.append(f"{where} p{number}: facilitators' markup on the projector")
                    seen.update(result["shown"])
                    number += 1
                if seen != expected:
                    problems.append(
                        f"{where}: not shown on any page: {sorted(expected - seen)}; "
                        f"not expected: {sorted(seen - expected)}"
                    )
    return problems


def test_wall_projector_2020_demo_fits_and_reads(new_page, live_server_url):
    arena = demo_wall()
    named = _double_book(arena)
    names = [p.display_name for p in Participant.objects.filter(arena=arena)]
    problems = _check_wall(new_page, live_server_url, arena, 19, forbidden=[named, *names])
    assert not problems, "\n".join(problems)


def test_wall_projector_30_rooms_fits_and_reads(new_page, live_server_url):
    load_demo(participants=0)  # the demo organiser, who logs in
    from django.contrib.auth import get_user_model

    organiser = get_user_model().objects.get(username="arrangor")
    arena = wall_30(organiser)
    names = [p.display_name for p in Participant.objects.filter(arena=arena)]
    problems = _check_wall(new_page, live_server_url, arena, 30, forbidden=names)
    assert not problems, "\n".join(problems)


def test_wall_projector_follows_the_facilitators_mode_switch(new_page, live_server_url):
    arena = demo_wall()
    projector = _projector(new_page, live_server_url, (1920, 1080), "nb")
    projector.goto(f"/a/{arena.pk}/projector/wall/")
    settled(projector)
    expect(projector.locator("#board")).to_have_attribute("data-mode", "now")  # a session is on
    expect(projector.locator("#connection-status")).to_have_attribute("data-state", "online")
    projector.evaluate("window.__marker = 'not reloaded'")

    wall = _projector(new_page, live_server_url, (1366, 768), "en")
    wall.goto(f"/a/{arena.pk}/wall/")
    switch = wall.locator("#projector-mode-switch")
    expect(switch.locator('button[value="now"]')).to_have_attribute("aria-pressed", "true")
    switch.locator('button[value="market"]').click()
    expect(projector.locator("#board")).to_have_attribute("data-mode", "market", timeout=LIVE)
    expect(projector.locator("[data-code]:visible")).to_have_count(49)
    expect(wall.locator('#projector-mode-switch button[value="market"]')).to_have_attribute(
        "aria-pressed", "true"
    )
    wall.locator('#projector-mode-switch button[value="now"]').click()
    expect(projector.locator("#board")).to_have_attribute("data-mode", "now", timeout=LIVE)
    # Every session stays in the page (a broadcast's session has its place); "now & next"
    # hides the others.
    expect(projector.locator("[data-code]:visible")).to_have_count(19 + 14)
    assert projector.evaluate("window.__marker") == "not reloaded"
    # The switch stays a facilitator's: the projector never shows it.
    expect(projector.locator("#projector-mode-switch")).to_be_hidden()


COUNT_STRAYS_AND_FETCHES = """
window.__strays = [];
window.__boardFetches = 0;
document.addEventListener("htmx:oobErrorNoTarget", function (e) {
  var content = e.detail && e.detail.content;
  window.__strays.push(content ? content.id : "?");
});
document.addEventListener("htmx:beforeRequest", function (e) {
  var path = e.detail && e.detail.pathInfo && e.detail.pathInfo.requestPath;
  if (path && path.indexOf("part=board") >= 0) window.__boardFetches += 1;
});
"""


def test_wall_projectors_take_a_placement_from_the_broadcast_in_both_modes(
    new_page, live_server_url
):
    """A placement reaches every wall projector as its session's HTML in the
    broadcast: swapped in place and re-paged, no fetch of the board, whether
    it shows the whole wall or "now & next" (which keeps the placement in a
    later session hidden); a projector in another language than the change
    fetches its board instead."""
    arena = demo_wall()
    wall_now = build_wall(arena)
    free = {
        n: next(
            c for s, cells in wall_now.rows if s.session_number == n for c in cells if not c.group
        )
        for n in (2, 3)
    }
    topics = {n: Topic.objects.create(arena=arena, title=f"Direkte fra salen {n}") for n in free}

    screens = {}
    for name, mode, language in [
        ("market", "market", "nb"),
        ("now", "now", "nb"),
        ("en", "market", "en"),
    ]:
        page = _projector(new_page, live_server_url, (1920, 1080), language)
        page.add_init_script(COUNT_STRAYS_AND_FETCHES)
        page.goto(f"/a/{arena.pk}/projector/wall/?mode={mode}")
        settled(page)
        expect(page.locator("#connection-status")).to_have_attribute("data-state", "online")
        screens[name] = page
    facilitator = _projector(new_page, live_server_url, (1366, 768), "nb")
    facilitator.goto(f"/a/{arena.pk}/wall/")
    csrf = next(c["value"] for c in facilitator.context.cookies() if c["name"] == "csrftoken")

    for n, cell in free.items():
        response = facilitator.request.post(
            f"/a/{arena.pk}/wall/topics/{topics[n].pk}/place/",
            form={"code": cell.code},
            headers={"X-CSRFToken": csrf, "HX-Request": "true", "Referer": facilitator.url},
        )
        assert response.status == 200, response.text()[:300]
        for page in screens.values():
            expect(page.locator(f"#pj-{cell.dom_id}")).to_contain_text(
                topics[n].title, timeout=LIVE
            )

    market, now, english = screens["market"], screens["now"], screens["en"]
    for cell in free.values():
        expect(market.locator(f"#pj-{cell.dom_id}")).to_be_visible()
    expect(now.locator(f"#pj-{free[2].dom_id}")).to_be_visible()  # session 2 is next
    expect(now.locator(f"#pj-{free[3].dom_id}")).to_be_hidden()  # session 3: neither now nor next
    market.wait_for_timeout(300)  # any fetch would have started by now
    for name in ("market", "now"):
        page = screens[name]
        assert page.evaluate("window.__boardFetches") == 0, name
        assert page.evaluate("window.__strays") == [], name
        # Re-paged after the swap: every entry is wholly on a page, the pager is right.
        result = page.evaluate(MEASURE, MIN_TITLE_PX)
        assert result["problems"] == [], (name, result["problems"])
        if result["pages"] > 1:
            assert result["pager"] == f"{result['page']} / {result['pages']}", name
    assert english.evaluate("window.__boardFetches") >= 1
    assert english.evaluate("window.__strays") == []
    expect(english.locator(".pj-session").first).to_have_attribute("data-lang", "en")


def test_join_projector_reads_from_the_back(new_page, live_server_url):
    arena = load_demo(participants=0)
    SCREENS.mkdir(parents=True, exist_ok=True)
    for size in VIEWPORTS:
        for language in LANGUAGES:
            page = _projector(new_page, live_server_url, size, language)
            page.goto(f"/a/{arena.pk}/projector/join/")
            page.wait_for_load_state("load")
            page.screenshot(
                path=str(SCREENS / f"projector-join-{size[0]}x{size[1]}-{language}.png")
            )
            result = page.evaluate(
                """() => {
                  const se = document.scrollingElement;
                  const box = (s) => document.querySelector(s).getBoundingClientRect();
                  const qr = box('.pj-join__qr .qr');
                  const code = document.querySelector('.pj-join__code');
                  return {
                    scroll: [se.scrollWidth, se.scrollHeight, innerWidth, innerHeight],
                    qr: [qr.left, qr.top, qr.right, qr.bottom, qr.width],
                    code: parseFloat(getComputedStyle(code).fontSize),
                    codeFits: code.scrollWidth <= code.clientWidth,
                    url: parseFloat(
                      getComputedStyle(document.querySelector('.pj-join__url')).fontSize),
                  };
                }"""
            )
            sw, sh, iw, ih = result["scroll"]
            assert sw <= iw and sh <= ih, f"join {size} {language} scrolls: {result}"
            left, top, right, bottom, qr_width = result["qr"]
            assert left >= 0 and top >= 0 and right <= iw and bottom <= ih, result
            assert qr_width >= 0.5 * ih, f"QR code too small to scan from afar: {result}"
            assert result["code"] >= 0.09 * ih, f"join code too small: {result}"
            assert result["codeFits"], result
            assert result["url"] >= MIN_TITLE_PX * 1.5, result
            expect(page.locator(".pj-join__code")).to_have_text(arena.display_join_code)


def test_perspective_projector_fits_200_personas_names_with_consent(new_page, live_server_url):
    arena = load_demo(participants=200)
    people = list(Participant.objects.filter(arena=arena).prefetch_related("perspectives"))
    named = {p.display_name for p in people if p.report_name}
    unnamed = {p.display_name for p in people if not p.report_name} - named
    SCREENS.mkdir(parents=True, exist_ok=True)
    for size in VIEWPORTS:
        for language in LANGUAGES:
            page = _projector(new_page, live_server_url, size, language)
            seen: set[str] = set()
            pages = number = 1
            while number <= pages:
                page.goto(f"/a/{arena.pk}/projector/perspectives/?page={number}")
                settled(page)
                result = page.evaluate(MEASURE_NAMES, MIN_TITLE_PX)
                pages = result["pages"]
                suffix = "" if number == 1 else f"-p{number}"
                page.screenshot(
                    path=str(
                        SCREENS
                        / f"projector-perspectives-{size[0]}x{size[1]}-{language}{suffix}.png"
                    )
                )
                where = f"perspectives {size} {language} p{number}"
                sw, sh, iw, ih = result["scroll"]
                assert sw <= iw and sh <= ih, f"{where} scrolls: {result['scroll']}"
                assert not result["problems"], f"{where}: " + "\n".join(result["problems"][:10])
                if pages > 1:
                    assert result["pager"] == f"{number} / {pages}", where
                seen.update(result["shown"])
                number += 1
            assert named <= seen, f"{size} {language}: named not shown: {sorted(named - seen)[:5]}"
            assert not (unnamed & seen), f"{size} {language}: names without consent shown"


def test_input_wall_projector_pages_and_no_body_text_outgrows_its_title(new_page, live_server_url):
    from reports.documentation.services import default_template
    from reports.models import GroupReport, Input, ReportStatus

    arena = load_demo(participants=0)
    text = (
        "Vi trenger bedre samarbeid mellom Nav, helsetjenesten og arbeidsgivere, slik at de "
        "som står i fare for å falle ut av arbeidslivet får hjelp tidlig. "
    ) * 3
    # The demo documents a few groups itself: this test writes every report of its own.
    GroupReport.objects.filter(group__arena=arena).delete()
    groups = Group.objects.filter(arena=arena).order_by("session__session_number", "space__number")
    codes = set()
    for group in groups[:12]:
        report = GroupReport.objects.create(
            group=group,
            template=default_template(arena),
            status=ReportStatus.SUBMITTED,
            submitted_at=timezone.now(),
        )
        for position in (1, 2, 3):
            Input.objects.create(
                report=report,
                position=position,
                title=f"{group.topic.title[:70]} ({position})",
                text=text,
                addressee="national",
            )
            codes.add(f"{group.code} – {position}")
    check = (
        "(minTitle) => {"
        + HELPERS
        + r"""
      const problems = [];
      const shown = [];
      for (const input of flow.querySelectorAll('.input')) {
        const place = where(input);
        const title = input.querySelector('h3');
        if (place === 'cut') problems.push(`${title.textContent.trim()}: cut off`);
        if (place !== 'in') continue;
        shown.push(input.querySelector('.input-code').textContent.trim());
        const size = parseFloat(getComputedStyle(title).fontSize);
        if (size < minTitle) problems.push(`${title.textContent}: title ${size}px`);
        for (const body of input.querySelectorAll('.input-text, .input-text p, .input-addressee')) {
          if (parseFloat(getComputedStyle(body).fontSize) > size) {
            problems.push(`${title.textContent.trim()}: body text larger than the title`);
          }
        }
        for (const el of input.querySelectorAll('h3, .input-text p')) {
          const broken = brokenWord(el);
          if (broken) problems.push(`a word broken at "${broken}"`);
        }
      }
      return {scroll: [se.scrollWidth, se.scrollHeight, innerWidth, innerHeight],
        pages: Number(flow.dataset.pages), pager: pagerText(), shown, problems};
    }
    """
    )
    for size in VIEWPORTS:
        page = _projector(new_page, live_server_url, size, "nb")
        seen: set[str] = set()
        pages = number = 1
        while number <= pages:
            page.goto(f"/a/{arena.pk}/inputs/projector/?page={number}")
            settled(page)
            result = page.evaluate(check, MIN_TITLE_PX)
            pages = result["pages"]
            suffix = "" if number == 1 else f"-p{number}"
            page.screenshot(
                path=str(SCREENS / f"projector-inputs-{size[0]}x{size[1]}-nb{suffix}.png")
            )
            where = f"input wall {size} p{number}"
            sw, sh, iw, ih = result["scroll"]
            assert sw <= iw and sh <= ih, f"{where} scrolls: {result['scroll']}"
            assert not result["problems"], f"{where}: " + "\n".join(result["problems"][:10])
            if pages > 1:
                assert result["pager"] == f"{number} / {pages}", where
            seen.update(result["shown"])
            number += 1
        assert seen == codes, f"{size}: not shown: {sorted(codes - seen)[:5]}"
