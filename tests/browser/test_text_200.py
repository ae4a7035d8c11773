"""Text at 200 % (WCAG 1.4.4): with the root font size doubled, labels and
buttons wrap instead of being cut off, and a phone's page does not scroll
sideways. The phone's programme and persona form, the facilitator's wall."""

import re

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from reports.demo import DEMO_PASSWORD, load_demo
from tests.servers import ARTIFACTS

pytestmark = pytest.mark.browser

CLIPPED = r"""
() => {
  document.documentElement.style.fontSize = '200%';
  return new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => {
    const problems = [];
    const seen = document.querySelectorAll(
      'main :is(label, button, .ds-button, legend, h1, h2, th)');
    for (const el of seen) {
      const r = el.getBoundingClientRect();
      if (!r.width || getComputedStyle(el).visibility === 'hidden') continue;
      if (el.closest('.grid-wall, .visually-hidden, [hidden]')) continue;
      const name = `${el.tagName.toLowerCase()} "${el.textContent.trim().slice(0, 40)}"`;
      if (el.scrollWidth > el.clientWidth + 2 && getComputedStyle(el).overflowX !== 'visible') {
        problems.push(`${name} cut off`);
      }
      if (r.right > innerWidth + 1) problems.push(`${name} beyond the screen`);
    }
    const se = document.scrollingElement;
    done({problems, wide: se.scrollWidth > innerWidth + 1});
  })));
}
"""


def _join(page, arena):
    page.goto(f"/j/{arena.join_code}/")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/p/{arena.join_code}/$"))


@pytest.mark.parametrize("language", ["nb", "en"])
def test_phone_pages_at_200_percent_text(new_page, live_server_url, language):
    arena = load_demo(participants=20, today=timezone.localdate())
    page = new_page(viewport={"width": 390, "height": 844})
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server_url}]
    )
    _join(page, arena)
    problems = []
    for path in ("wall/", "persona/", ""):
        page.goto(f"/p/{arena.join_code}/{path}")
        result = page.evaluate(CLIPPED)
        name = (path.strip("/") or "home").replace("/", "-")
        (ARTIFACTS / "screens").mkdir(parents=True, exist_ok=True)
        page.screenshot(
            path=str(ARTIFACTS / "screens" / f"text200-phone-{name}-{language}.png"), full_page=True
        )
        problems += [f"/{path}: {p}" for p in result["problems"]]
        if result["wide"]:
            problems.append(f"/{path}: the page scrolls sideways")
    assert not problems, "\n".join(problems)


def test_facilitator_wall_at_200_percent_text(new_page, live_server_url):
    arena = load_demo(participants=0)
    page = new_page(viewport={"width": 1366, "height": 768})
    page.goto("/accounts/login/")
    page.fill("#id_username", "arrangor")
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto(f"/a/{arena.pk}/wall/")
    result = page.evaluate(CLIPPED)
    page.screenshot(path=str(ARTIFACTS / "screens" / "text200-wall-1366x768-nb.png"))
    assert not result["problems"], "\n".join(result["problems"])
