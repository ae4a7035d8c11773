"""The phone's programme at real scale: the 2020 demo wall (4 sessions × 19
rooms, 49 groups) on a 390×844 and a 360×640 phone, in Norwegian and English.

- "Now & next" is the default view and at most about three screens tall;
- nothing is wider than the screen, also at 320 px (WCAG 2.2 reflow);
- every visible control is hit where a finger lands (``elementFromPoint`` at
  its centre is the control or inside it);
- "I'm going" marks the card "You're going ✓" and offers "Cancel", which
  works; a search finds a topic by a word; the room's name is beside the code;
- a choice made offline is kept and sent when the phone is back online.

Screenshots: test-artifacts/screens/phone-<w>x<h>-<lang>[-<state>].png
"""

import re

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from arena.models import Participant
from proposals.models import Attendance, Group
from reports.demo import load_demo
from sessions.models import Space
from tests.servers import ARTIFACTS

from .layout import LIVE, now_and_next

pytestmark = pytest.mark.browser

SCREENS = ARTIFACTS / "screens"
VIEWPORTS = [(390, 844), (360, 640)]
LANGUAGES = ["nb", "en"]
# "About three screens": now & next on the 2020 demo (the 19 groups of the
# morning session, the next one folded) measure ≈ 2,560 px at 390 px wide
# (3.0 screens of 844) and ≈ 2,830 px at 360 (4.4 screens of 640), with dense
# cards whose text flows around "I'm going"; they were 2,934 and 3,092 px,
# and the whole wall 12,976 px.
MAX_HEIGHT = 2_950

HIT_TEST = r"""
() => {
  const bad = [];
  const controls = document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary');
  for (const el of controls) {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height) continue;  // not rendered
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden') continue;
    if (el.closest('.ds-skip-link, .visually-hidden')) continue;  // shown on focus only
    const fold = el.closest('details:not([open])');
    if (fold && !el.closest('summary')) continue;  // folded away
    // parked off-screen
    if (r.right < 0 || r.bottom + scrollY < 0 || r.width < 2 || r.height < 2) continue;
    // Only what is on the screen now: scroll it there first.
    el.scrollIntoView({block: 'center', inline: 'center'});
    const s = el.getBoundingClientRect();
    const x = s.left + s.width / 2, y = s.top + s.height / 2;
    const hit = document.elementFromPoint(x, y);
    if (!hit || !(hit === el || el.contains(hit))) {
      const name = el.textContent || el.getAttribute('aria-label') || el.id || el.tagName;
      const got = hit ? hit.tagName + '.' + hit.className : 'nothing';
      bad.push(name.trim().slice(0, 60) + ' → ' + got);
    }
    if (s.width < 24 || s.height < 24) {
      const inline = el.tagName === 'A' && getComputedStyle(el).display === 'inline';
      if (!inline) bad.push('too small: ' + (el.textContent || el.tagName).trim().slice(0, 40));
    }
  }
  window.scrollTo(0, 0);
  return bad;
}
"""


@pytest.fixture
def demo(live_server_url):
    arena = load_demo(participants=150, today=timezone.localdate())
    now_and_next(arena)
    Space.objects.filter(arena=arena, number=4).update(capacity=2)  # "Full"
    return arena


def _phone(new_page, live_server_url, arena, size, language):
    width, height = size
    page = new_page(viewport={"width": width, "height": height})
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server_url}]
    )
    page.goto(f"/j/{arena.join_code}/")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/p/{arena.join_code}/$"))
    page.goto(f"/p/{arena.join_code}/wall/")
    expect(page.locator("#connection-status")).to_have_attribute("data-state", "online")
    return page


def _shot(page, size, language, state=""):
    SCREENS.mkdir(parents=True, exist_ok=True)
    name = f"phone-{size[0]}x{size[1]}-{language}" + (f"-{state}" if state else "")
    page.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True)


def _no_overflow(page):
    widths = page.evaluate("() => [document.scrollingElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"wider than the screen: {widths}"


def _cell(arena, code):
    session, space = (int(n) for n in code.split("."))
    group = Group.objects.select_related("session", "space").get(
        arena=arena, session__session_number=session, space__number=space
    )
    return group, f"#m-{group.session_id}-{group.space_id}"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("size", VIEWPORTS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_phone_programme_fits_and_works(new_page, live_server_url, axe_check, demo, size, language):
    arena = demo
    page = _phone(new_page, live_server_url, arena, size, language)

    # --- the default view: now & next, about three screens ------------------
    expect(page.locator(".phone-tab[aria-current=page]")).to_have_count(1)
    height = page.evaluate("() => document.scrollingElement.scrollHeight")
    assert height <= MAX_HEIGHT, f"{size} {height} px is {height / size[1]:.1f} screens"
    visible = page.locator("#phone-list li.mgroup:visible")
    assert visible.count() >= 10  # session 1 at least
    _no_overflow(page)
    assert (bad := page.evaluate(HIT_TEST)) == [], bad
    axe_check(page)
    _shot(page, size, language)

    # --- the room's name beside the code -------------------------------------
    group, item = _cell(arena, "1.3")
    expect(page.locator(f"{item} .mgroup-meta")).to_contain_text("1.3 · Multisal 2")
    # A room with as many people going as seats is marked full.
    full, full_item = _cell(arena, "1.4")
    if Attendance.objects.filter(group=full).count() >= 2:
        expect(page.locator(f"{full_item} .mgroup-full")).to_be_visible()

    # --- choose a group, then cancel -----------------------------------------
    card = page.locator(item)
    card.locator(".mgroup-attend").click()
    expect(card).to_have_class(re.compile("mgroup--going"))
    expect(card.locator(".mgroup-going__text")).to_be_visible()
    expect(card.locator(".mgroup-attend")).to_be_hidden()
    expect(card.locator(".mgroup-cancel")).to_be_focused()
    expect(page.locator("#my-groups")).to_contain_text("1.3 · Multisal 2")
    assert (bad := page.evaluate(HIT_TEST)) == [], bad
    _shot(page, size, language, "going")
    # The broadcast head-count replaces the card: the mark stays.
    page.wait_for_timeout(800)
    expect(card).to_have_class(re.compile("mgroup--going"))
    card.locator(".mgroup-cancel").click()
    expect(card).not_to_have_class(re.compile("mgroup--going"))
    expect(card.locator(".mgroup-attend")).to_be_visible()
    expect(card.locator(".mgroup-attend")).to_be_focused()
    expect(page.locator("#my-groups")).not_to_contain_text("1.3")

    # --- search by a word ------------------------------------------------------
    page.locator("#phone-q").fill("psykisk")
    expect(page.locator("#phone-list")).to_have_attribute("data-q", "psykisk", timeout=LIVE)
    # A live update may land while the search swaps in: wait until it settles.
    page.wait_for_function(
        "() => [...document.querySelectorAll('#phone-list li.mgroup')]"
        ".filter((li) => li.offsetParent)"
        ".every((li) => li.innerText.toLowerCase().includes('psykisk'))",
        timeout=LIVE,
    )
    found = page.locator("#phone-list li.mgroup:visible")
    assert found.count() >= 1
    for text in found.all_inner_texts():
        assert "psykisk" in text.casefold()
    assert "q=psykisk" in page.url
    _no_overflow(page)
    assert (bad := page.evaluate(HIT_TEST)) == [], bad
    _shot(page, size, language, "search")

    # --- every session, and the session tabs as plain links --------------------
    page.locator(".phone-tab", has_text="4").first.click()
    expect(page.locator(".phone-tab[aria-current=page]")).to_contain_text("4")
    page.goto(f"/p/{arena.join_code}/wall/?session=all")
    assert page.locator("#phone-list li.mgroup:visible").count() == 49
    _no_overflow(page)

    # --- WCAG reflow at 320 px ---------------------------------------------------
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"/p/{arena.join_code}/wall/")
    _no_overflow(page)
    assert (bad := page.evaluate(HIT_TEST)) == [], bad
    _shot(page, (320, 640), language)


def test_a_choice_made_offline_is_sent_when_back(new_page, live_server_url, demo):
    arena = demo
    size = VIEWPORTS[0]
    page = _phone(new_page, live_server_url, arena, size, "en")
    group, item = _cell(arena, "1.3")
    before = Attendance.objects.filter(group=group).count()
    page.context.set_offline(True)
    expect(page.locator("#connection-status")).to_have_attribute("data-state", "offline")
    page.locator(f"{item} .mgroup-attend").click()
    note = page.locator("#offline-queue")
    expect(note).to_be_visible()
    expect(note).to_contain_text("online")
    _shot(page, size, "en", "offline-queued")
    page.wait_for_timeout(300)
    assert Attendance.objects.filter(group=group).count() == before  # not sent yet
    page.context.set_offline(False)
    expect(page.locator(item)).to_have_class(re.compile("mgroup--going"), timeout=LIVE * 2)
    expect(page.locator("#my-groups")).to_contain_text("1.3")
    expect(note).to_have_attribute("data-state", "sent")
    assert Attendance.objects.filter(group=group).count() == before + 1
    _shot(page, size, "en", "offline-sent")


def test_my_topics_follow_the_facilitator_live(new_page, live_server_url, demo):
    """A topic posted from the phone is placed on the wall: "My topics" says so, unreloaded."""
    from reports.demo import DEMO_PASSWORD

    arena = demo
    size = VIEWPORTS[1]
    phone = _phone(new_page, live_server_url, arena, size, "en")
    phone.goto(f"/p/{arena.join_code}/topics/")
    phone.fill("#id_title", "Kaffe og kontakt")
    phone.locator("main form.stack button[type=submit]").click()
    expect(phone.locator("#my-topics")).to_contain_text("Kaffe og kontakt")
    expect(phone.locator("#connection-status, #live")).not_to_have_count(0)
    phone.wait_for_function("() => window.htmx && document.querySelector('#live')")
    phone.evaluate("window.__marker = 'kept'")
    phone.wait_for_timeout(500)  # the socket opens
    from proposals.models import Topic

    topic = Topic.objects.get(arena=arena, title="Kaffe og kontakt")
    wall = new_page(viewport={"width": 1366, "height": 900})
    wall.goto("/accounts/login/")
    wall.fill("#id_username", "arrangor")
    wall.fill("#id_password", DEMO_PASSWORD)
    wall.locator("main button[type=submit]").click()
    wall.wait_for_url(lambda url: "/accounts/login/" not in url)
    wall.goto(f"/a/{arena.pk}/wall/")
    field = wall.locator(f"#place-{topic.pk}")
    field.fill("3.4")  # a free cell
    field.press("Enter")
    expect(wall.locator("#feedback")).to_contain_text("3.4")
    expect(wall.locator("#feedback.feedback--error")).to_have_count(0)
    expect(phone.locator("#my-topics")).to_contain_text("3.4", timeout=LIVE)
    assert phone.evaluate("window.__marker") == "kept", "the page reloaded"
    _shot(phone, size, "en", "my-topics-placed")


def test_pause_stops_live_updates_and_resume_fetches_them(new_page, live_server_url, demo):
    """ "Pause" (issue #10, item 7): a head-count change does not reach the
    paused phone's list, a note says it is paused; pressed again, the list is
    fetched as it is now."""
    arena = demo
    size = VIEWPORTS[0]
    reader = _phone(new_page, live_server_url, arena, size, "en")
    other = _phone(new_page, live_server_url, arena, size, "en")
    # Head-counts count people with a persona: the other phone has one.
    newest = Participant.objects.filter(arena=arena).order_by("-pk").first()
    Participant.objects.filter(pk=newest.pk).update(display_name="Olav Annen")
    _group, item = _cell(arena, "1.3")
    count = reader.locator(f"{item} .group-count")
    before = int(re.search(r"\d+", count.inner_text()).group())
    pause = reader.locator("#live-pause")
    expect(pause).to_be_visible()
    expect(pause).to_have_accessible_name("Pause live updates")
    pause.click()
    expect(pause).to_have_attribute("aria-pressed", "true")
    expect(reader.locator("#live-paused")).to_contain_text("paused")
    assert (bad := reader.evaluate(HIT_TEST)) == [], bad
    _shot(reader, size, "en", "paused")

    other.locator(f"{item} .mgroup-attend").click()
    expect(other.locator("#my-groups")).to_contain_text("1.3")
    expect(other.locator(f"{item} .group-count")).to_contain_text(str(before + 1), timeout=LIVE)
    reader.wait_for_timeout(1_000)  # the broadcast has reached the other phone: not this one
    expect(count).to_contain_text(str(before))
    expect(count).not_to_contain_text(str(before + 1))

    pause.click()
    expect(pause).to_have_attribute("aria-pressed", "false")
    expect(reader.locator("#live-paused")).to_have_text("")
    expect(count).to_contain_text(str(before + 1), timeout=LIVE)
    # Live again: the next change arrives by itself.
    other.locator(f"{item} .mgroup-cancel").click()
    expect(count).to_contain_text(str(before), timeout=LIVE)
