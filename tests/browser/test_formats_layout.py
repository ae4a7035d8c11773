"""The screens that came with the other formats, at real scale (issue #10's
"seen at real scale" for what arrived after the layout tests):

- the facilitator's wall with main areas (the 2013 demo arena, and the 2020
  wall with every group in a theme) on a 1366×768 laptop;
- the wall projector with theme labels at 1920×1080 and 1280×720, both
  modes: no scrolling, titles ≥ 18 px and never narrower than 8 "n", no word
  broken, an entry wholly on a page or not at all, every group on some page;
- the café's re-mix page (1366×768);
- the phone's sign-up page and the phone programme of a challenge-group arena
  (390×844 and 360×640), and the council meeting's observers' page (390×844):
  nothing wider than the screen, every control hit where a finger lands.

Every visible control passes a hit test (``elementFromPoint`` at its centre is
the control or inside it). One demo for the whole module, so it stays fast.

Screenshots: test-artifacts/screens/formats-<screen>-<w>x<h>-<lang>[-<state>].png
"""

import datetime
import re

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from arena import participants
from arena.models import Arena, Format, Participant
from proposals import cafe
from proposals.models import Group
from proposals.wall import build_wall
from reports.demo import DEMO_PASSWORD, load_demo
from reports.demo_formats import AREAS_TITLE, CAFE_TITLE, CHALLENGES_TITLE
from sessions import signups
from sessions.models import AgendaItem, ItemKind, Space, Theme
from tests.personas import *  # noqa: F403 - media_root
from tests.servers import ARTIFACTS

from .layout import MEASURE, MIN_TITLE_PX, WALL_HIT_TEST, now_and_next, settled

pytestmark = pytest.mark.browser

SCREENS = ARTIFACTS / "screens"
LAPTOP = (1366, 768)
PHONES = [(390, 844), (360, 640)]
PROJECTORS = [(1920, 1080), (1280, 720)]
THEMES = [
    "Om arbeidsdeltakelse for unge med psykiske helseplager",
    "Om helse",
    "Om samarbeid mellom tjenestene og arbeidsgiverne",
]
CHALLENGES = [
    "Ingen vet hvem som har ansvaret når en ansatt er delvis sykmeldt over lang tid",
    "Arbeidsgiveren får ikke vite hva den ansatte kan gjøre",
    "Tjenestene har hver sin plan for den samme personen",
    "Unge med psykiske plager faller mellom skole, Nav og helsetjenesten",
    "Oppfølgingen stopper opp i ferien",
]
# What a finger hits on a phone: every control, scrolled to the middle of the
# screen; the point is the centre of its first line box (a link that wraps has
# a bounding box whose centre may lie beside its text).
PHONE_HIT_TEST = r"""
() => {
  const bad = [];
  const controls = document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary');
  for (const el of controls) {
    const r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) continue;
    const cs = getComputedStyle(el);
    if (cs.visibility === 'hidden') continue;
    if (el.closest('.ds-skip-link, .visually-hidden, [hidden]')) continue;
    const fold = el.closest('details:not([open])');
    if (fold && !el.closest('summary')) continue;
    el.scrollIntoView({block: 'center', inline: 'center'});
    const box = el.getClientRects()[0] || el.getBoundingClientRect();
    const x = box.left + box.width / 2, y = box.top + box.height / 2;
    const hit = document.elementFromPoint(x, y);
    const label = hit && el.tagName === 'INPUT' && hit.closest('label');
    if (!hit || !(hit === el || el.contains(hit) || (label && label.contains(el)))) {
      const name = (el.textContent || el.getAttribute('aria-label') || el.id || el.tagName);
      const got = hit ? hit.tagName + '.' + hit.className : 'nothing';
      bad.push(name.trim().replace(/\s+/g, ' ').slice(0, 60) + ' → ' + got);
    }
    const s = el.getBoundingClientRect();
    const inline = el.tagName === 'A' && cs.display === 'inline';
    if ((s.width < 24 || s.height < 24) && !inline) {
      bad.push('too small: ' + (el.textContent || el.tagName).trim().slice(0, 40));
    }
  }
  window.scrollTo(0, 0);
  return bad;
}
"""
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


# --- data ----------------------------------------------------------------------
def _themed_2020(arena: Arena) -> None:
    """Every group of the 2020 wall but one in one of three themes (long titles)."""
    themes = [
        Theme.objects.create(arena=arena, title=title, position=n)
        for n, title in enumerate(THEMES, 1)
    ]
    groups = list(Group.objects.filter(arena=arena).order_by("pk"))
    for n, group in enumerate(groups[:-1]):
        Group.objects.filter(pk=group.pk).update(theme=themes[n % 3])


def _offers(arena: Arena) -> Participant:
    """Three plenary items open for sign-up (one full, one closed) and the
    phone's participant, who holds a seat in a fourth. Returns the participant."""
    items = list(
        AgendaItem.objects.for_arena(arena).exclude(kind=ItemKind.OPEN_SPACE).order_by("pk")
    )
    assert len(items) >= 4, "the 2020 demo has plenary items"
    people = list(Participant.objects.filter(arena=arena).order_by("pk")[:3])
    full = signups.save_offer(items[1], kind="knowledge_dating", capacity=1, open=True)
    signups.sign_up(people[1], full.pk)
    signups.save_offer(items[0], kind="theme_session", capacity=30, open=True)
    signups.save_offer(items[2], kind="theme_session", capacity=20, open=False)
    mine = signups.save_offer(items[3], kind="theme_session", capacity=12, open=True)
    signups.sign_up(people[0], mine.pk)
    return people[0]


def _challenges_waiting(cafe_arena: Arena) -> None:
    """Five more challenges from the tables of round 1, and four more rooms:
    the re-mix has four to place and one with no free room."""
    tables = list(
        Group.objects.filter(arena=cafe_arena, session__session_number=1).order_by("space__number")
    )
    top = Space.objects.filter(arena=cafe_arena).order_by("-number").first().number
    for n in range(1, 5):
        Space.objects.create(arena=cafe_arena, number=top + n, name=f"Bord {top + n}")
    for n, title in enumerate(CHALLENGES):
        cafe.add_challenges(tables[n % len(tables)], [title])


def _to_today(arena: Arena) -> None:
    """The challenge-group arena's days moved to today and tomorrow, its first
    session going on now and the second next (as in the room)."""
    days = list(arena.days.order_by("date"))
    today = timezone.localdate()
    for offset, day in enumerate(days):  # later dates first: dates are unique per arena
        day.date = today + datetime.timedelta(days=400 + offset)
        day.save(update_fields=["date"])
    for offset, day in enumerate(days):
        day.date = today + datetime.timedelta(days=offset)
        day.save(update_fields=["date"])
    now_and_next(arena)


# --- browser -------------------------------------------------------------------
def _page(new_page, live_server_url, size, language):
    page = new_page(viewport={"width": size[0], "height": size[1]})
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server_url}]
    )
    return page


def _login(page):
    page.goto("/accounts/login/")
    page.fill("#id_username", "arrangor")
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def _as_participant(page, url, participant: Participant):
    """The phone as ``participant``: the cookie its join would have set."""
    name = participants.cookie_name(participant.arena)
    token = participants.make_token(participant)
    page.context.add_cookies([{"name": name, "value": token, "url": url}])


def _shot(page, name, *, full=True):
    SCREENS.mkdir(parents=True, exist_ok=True)
    path = SCREENS / f"formats-{name}.png"
    page.screenshot(path=str(path), full_page=full)
    return path


def _laptop_hits(page, where) -> list[str]:
    result = page.evaluate(WALL_HIT_TEST)
    if result["checked"] < 3:
        return [f"{where}: only {result['checked']} controls on screen"]
    return [f"{where}: {p}" for p in result["problems"]]


def _phone_checks(page, where) -> list[str]:
    problems = [f"{where}: {p}" for p in page.evaluate(PHONE_HIT_TEST)]
    wider = page.evaluate(OVERFLOW)
    if wider > 0:
        problems.append(f"{where}: {wider} px wider than the screen")
    return problems


def _wall_checks(page, name) -> list[str]:
    """The facilitator's wall: hit test at the top, and with the grid scrolled
    to its far corner (the sticky headers stay and cover nothing clickable)."""
    expect(page.locator("#connection-status")).to_have_attribute("data-state", "online")
    problems = _laptop_hits(page, f"{name} top")
    _shot(page, f"{name}-1366x768-nb", full=False)
    page.evaluate("document.querySelector('#grid').scrollIntoView()")
    page.evaluate(
        "() => { const g = document.querySelector('#grid .grid-wall');"
        " g.scrollLeft = g.scrollWidth; g.scrollTop = g.scrollHeight; }"
    )
    page.wait_for_timeout(50)
    problems += _laptop_hits(page, f"{name} scrolled")
    _shot(page, f"{name}-1366x768-nb-scrolled", full=False)
    return problems


def _projector_checks(page, arena, name) -> list[str]:
    """Every page of both modes; the theme labels shown and read like the rest."""
    problems = []
    wall = build_wall(arena)
    themed = {cell.code for cell in wall.groups if cell.group.theme_id}
    for mode in ["market", "now"]:
        # the groups, and the challenge groups that continue in later sessions
        shown = [cell for _session, cells in wall.rows for cell in cells if cell.shown]
        expected = {cell.code for cell in shown}
        if mode == "now":
            expected = {c.code for c in shown if c.session.session_number in (1, 2)}
        seen, labels, number, pages = set(), set(), 1, 1
        size = page.viewport_size
        while number <= pages:
            where = f"{name} {mode} {size['width']}x{size['height']} p{number}"
            page.goto(f"/a/{arena.pk}/projector/wall/?mode={mode}&page={number}")
            settled(page)
            result = page.evaluate(MEASURE, MIN_TITLE_PX)
            pages = result["pages"]
            suffix = "" if number == 1 else f"-p{number}"
            _shot(page, f"{name}-{mode}-{size['width']}x{size['height']}-nb{suffix}", full=False)
            sw, sh, iw, ih = result["scroll"]
            if sw > iw or sh > ih:
                problems.append(f"{where}: scrolls ({sw}×{sh} in {iw}×{ih})")
            problems += [f"{where}: {p}" for p in result["problems"]]
            labels |= set(
                page.evaluate(
                    "() => [...document.querySelectorAll('[data-code]')]"
                    ".filter((e) => e.querySelector('.pj-theme')"
                    " && getComputedStyle(e.querySelector('.pj-theme')).display !== 'none')"
                    ".map((e) => e.dataset.code)"
                )
            )
            seen |= set(result["shown"])
            number += 1
        if seen != expected:
            problems.append(f"{name} {mode}: not on any page: {sorted(expected - seen)}")
        if not (themed & expected) <= labels:
            problems.append(
                f"{name} {mode}: no theme label on {sorted((themed & expected) - labels)}"
            )
    return problems


def test_other_formats_at_real_scale(new_page, live_server_url, media_root):
    arena_2020 = load_demo(participants=40, today=timezone.localdate())
    now_and_next(arena_2020)
    _themed_2020(arena_2020)
    areas = Arena.objects.get(title=AREAS_TITLE)
    cafe_arena = Arena.objects.get(title=CAFE_TITLE)
    challenge = Arena.objects.get(title=CHALLENGES_TITLE)
    council = Arena.objects.get(format=Format.COUNCIL)
    _to_today(challenge)
    _challenges_waiting(cafe_arena)
    me = _offers(arena_2020)
    problems = []

    # The facilitator's laptop: the walls with main areas, the café's re-mix.
    page = _page(new_page, live_server_url, LAPTOP, "nb")
    _login(page)
    walls = [
        (areas, "wall-areas-2013"),
        (arena_2020, "wall-themes-2020"),
        (challenge, "wall-challenges-2016"),
    ]
    for arena, name in walls:
        page.goto(f"/a/{arena.pk}/wall/")
        problems += _wall_checks(page, name)
    page.goto(f"/a/{cafe_arena.pk}/wall/cafe/remix/")
    expect(page.locator(".remix-table tbody tr")).to_have_count(len(CHALLENGES))
    problems += _laptop_hits(page, "café re-mix")
    _shot(page, "cafe-remix-1366x768-nb")

    # The projector with theme labels.
    for size in PROJECTORS:
        page = _page(new_page, live_server_url, size, "nb")
        _login(page)
        problems += _projector_checks(page, arena_2020, "projector-themes")
    problems += _projector_checks(page, challenge, "projector-challenges")

    # Phones: sign-ups, a challenge-group arena's programme, the observers.
    for size in PHONES:
        for language in ["nb", "en"]:
            tag = f"{size[0]}x{size[1]}-{language}"
            page = _page(new_page, live_server_url, size, language)
            _as_participant(page, live_server_url, me)
            page.goto(f"/p/{arena_2020.join_code}/signups/")
            expect(page.locator(".ds-card").first).to_be_visible()
            problems += _phone_checks(page, f"sign-ups {tag}")
            _shot(page, f"phone-signups-{tag}")

            page = _page(new_page, live_server_url, size, language)
            page.goto(f"/j/{challenge.join_code}/")
            page.locator("main form button[type=submit]").click()
            expect(page).to_have_url(re.compile(rf"/p/{challenge.join_code}/$"))
            page.goto(f"/p/{challenge.join_code}/wall/")
            expect(page.locator("#connection-status")).to_have_attribute("data-state", "online")
            problems += _phone_checks(page, f"challenge programme {tag}")
            _shot(page, f"phone-challenges-{tag}")
            if size == PHONES[0]:
                page.goto(f"/p/{challenge.join_code}/wall/?session=all")
                problems += _phone_checks(page, f"challenge programme, all, {tag}")
                _shot(page, f"phone-challenges-{tag}-all")
    page = _page(new_page, live_server_url, PHONES[0], "nb")
    page.goto(f"/a/{council.pk}/observe/{council.join_code}/")
    expect(page.locator("h1")).to_have_text(council.title)
    problems += _phone_checks(page, "observers 390x844")
    _shot(page, "observers-390x844-nb")

    assert not problems, "\n".join(problems)


def test_challenge_groups_continue_on_the_phone_and_the_projector(new_page, live_server_url):
    from reports.demo import demo_users
    from reports.demo_formats import load_challenge_groups

    challenge = load_challenge_groups(demo_users())
    _to_today(challenge)
    title = Group.objects.filter(arena=challenge).order_by("space__number")[0].topic.title
    second = AgendaItem.objects.for_arena(challenge).sessions().get(session_number=2)

    page = _page(new_page, live_server_url, PHONES[0], "en")
    page.goto(f"/j/{challenge.join_code}/")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/p/{challenge.join_code}/$"))
    page.goto(f"/p/{challenge.join_code}/wall/?session=2")
    section = page.locator(f"section[aria-labelledby='ps-{second.pk}']")
    phone = section.inner_text()

    page = _page(new_page, live_server_url, PROJECTORS[0], "en")
    _login(page)
    page.goto(f"/a/{challenge.pk}/projector/wall/?mode=market")
    settled(page)
    projector = page.locator(f"#pj-session-{second.pk}").inner_text()

    assert title in phone and "No groups" not in phone, phone
    assert title in projector and "free" not in projector, projector
