"""The arena page as a facilitator and an organiser use it (issue 10, item 4).

The 2020 demo arena (its first day is today), on a 1366×768 laptop and a
390×844 phone, in Norwegian and English: the next step comes first, then the
four phases in their order, read and tabbed left to right, top to bottom;
every visible control passes a hit test (``elementFromPoint`` at its centre
is the control or inside it); nothing scrolls sideways on the phone. And a
space added with htmx is confirmed on the spaces page, not on the next page.
Screenshots: test-artifacts/screens/arena-page-<w>x<h>-<lang>.png.
"""

import pytest
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from reports.demo import DEMO_PASSWORD, load_demo
from tests.servers import ARTIFACTS

pytestmark = pytest.mark.browser

SCREENS = ARTIFACTS / "screens"
VIEWPORTS = [(1366, 768), (390, 844)]
LANGUAGES = ["nb", "en"]
PHASES = ["before", "room", "documenting", "report"]

# Every visible control, scrolled to, must be what a click at its centre hits.
HIT_TEST = r"""
() => {
  const controls = [...document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, [tabindex="0"]')];
  const missed = [];
  let checked = 0;
  for (const el of controls) {
    const r0 = el.getBoundingClientRect();
    if (!r0.width || !r0.height || getComputedStyle(el).visibility === 'hidden') continue;
    if (el.closest('.ds-skip-link, .visually-hidden')) continue;
    el.scrollIntoView({block: 'center', inline: 'center'});
    // A link wrapped over lines (a long address on a phone): its first line.
    const r = el.getClientRects()[0] || el.getBoundingClientRect();
    const x = r.left + r.width / 2, y = r.top + r.height / 2;
    const hit = document.elementFromPoint(x, y);
    checked++;
    if (!hit || !(hit === el || el.contains(hit))) {
      missed.push((el.textContent || el.id || el.tagName).trim().slice(0, 40)
        + ' -> ' + (hit ? hit.tagName + '.' + hit.className : 'nothing'));
    }
    if (r.width < 24 || r.height < 24) {
      // WCAG 2.2 target size: inline links in text are exempt, the phases' links are not.
      if (el.closest('.phases, .next-step')) missed.push('small: ' + el.textContent.trim());
    }
  }
  window.scrollTo(0, 0);
  for (const box of document.querySelectorAll('.table-wrap')) box.scrollLeft = 0;
  return {checked, missed};
}
"""

LAYOUT = r"""
() => {
  const cards = [...document.querySelectorAll('.phase')];
  const box = (el) => {
    const r = el.getBoundingClientRect();
    return {top: Math.round(r.top), left: Math.round(r.left)};
  };
  return {
    order: cards.map((c) => c.id.replace('phase-', '')),
    boxes: cards.map(box),
    next: box(document.getElementById('next-step')),
    overflow: document.scrollingElement.scrollWidth - document.documentElement.clientWidth,
  };
}
"""


def _login(new_page, live_server_url, size, language, username="arrangor"):
    width, height = size
    page = new_page(viewport={"width": width, "height": height})
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server_url}]
    )
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    return page


def _reading_order(boxes) -> list[int]:
    """Indexes of the cards as a person reads them: rows top to bottom, then left to right."""
    return sorted(range(len(boxes)), key=lambda i: (boxes[i]["top"] // 10, boxes[i]["left"]))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("size", VIEWPORTS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_arena_page_by_phases(new_page, live_server_url, axe_check, size, language):
    arena = load_demo(participants=0, today=timezone.localdate())
    page = _login(new_page, live_server_url, size, language)
    page.goto(arena.get_absolute_url())
    next_step = page.locator("#next-step")
    with translation.override(language):
        expect(next_step).to_have_text(gettext("Open the programme wall"))
    layout = page.evaluate(LAYOUT)
    assert layout["order"] == PHASES
    assert _reading_order(layout["boxes"]) == [0, 1, 2, 3]  # the DOM order is the visual order
    assert layout["next"]["top"] < layout["boxes"][0]["top"]
    assert layout["overflow"] <= 0, "the page scrolls sideways"
    assert page.locator("#phase-room[data-current=true]").count() == 1

    # Keyboard: from the next step, Tab goes through the phases' links in their order.
    next_step.focus()
    expected = page.eval_on_selector_all(".phases a", "els => els.map(e => e.dataset.link)")
    reached = []
    for _ in expected:
        page.keyboard.press("Tab")
        reached.append(page.evaluate("() => document.activeElement.dataset.link || null"))
    assert reached == expected

    result = page.evaluate(HIT_TEST)
    assert result["checked"] > 20 and result["missed"] == [], result["missed"]
    axe_check(page)
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(
        path=str(SCREENS / f"arena-page-{size[0]}x{size[1]}-{language}.png"), full_page=True
    )


def test_a_reader_sees_only_what_a_reader_can_use(new_page, live_server_url):
    arena = load_demo(participants=0, today=timezone.localdate())
    page = _login(new_page, live_server_url, (390, 844), "en", username="leser")
    page.goto(arena.get_absolute_url())
    order = page.eval_on_selector_all(".phase", "els => els.map(e => e.id)")
    assert order == ["phase-before", "phase-report"]
    links = page.eval_on_selector_all(".phases a", "els => els.map(e => e.dataset.link)")
    assert links == [
        "agenda",
        "report",
        "report_versions",
        "report_publish",
        "strategies",
        "followup",
        "followup_due",
    ]
    expect(page.locator("#next-step")).to_have_text("Read the report")


def test_a_space_added_is_confirmed_on_the_spaces_page_only(new_page, live_server_url):
    arena = load_demo(participants=0, today=timezone.localdate())
    page = _login(new_page, live_server_url, (1366, 768), "en")
    page.goto(f"/a/{arena.pk}/spaces/")
    number = page.locator("#id_number").input_value()
    page.fill("#id_name", "Peisestua")
    with page.expect_response(lambda r: r.request.method == "POST"):
        page.locator(
            "#space-form button[type=submit], form[hx-post] button[type=submit]"
        ).first.click()
    alert = page.locator("#messages .ds-alert")
    expect(alert).to_have_count(1)
    expect(alert).to_contain_text(f"Space {number}")
    expect(page.locator("#messages")).to_have_attribute("aria-live", "polite")
    page.goto(arena.get_absolute_url())
    expect(page.locator("#messages .ds-alert")).to_have_count(0)
