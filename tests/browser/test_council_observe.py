"""A council meeting's observers' page in a real browser, without an account:
readable on a 1366×768 laptop and a 360×640 phone (nothing wider than the
screen), WCAG A/AA by axe, and the strict CSP holds (htmx polls the board).

Screenshots: test-artifacts/screenshots/test_observers_page_*.png
"""

import pytest

from reports.council.demo import load_council_demo
from tests.personas import *  # noqa: F403 - the arena and organiser fixtures

pytestmark = pytest.mark.browser

OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.mark.parametrize("viewport", [(1366, 768), (360, 640)], ids=["laptop", "phone"])
def test_observers_page(arena, media_root, new_page, axe_check, shot, viewport):
    meeting = load_council_demo(arena)
    width, height = viewport
    page = new_page(viewport={"width": width, "height": height}, locale="nb")
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"/a/{meeting.pk}/observe/{meeting.join_code}/")
    assert page.locator("h1").inner_text() == meeting.title
    assert page.locator("#stream-link").get_attribute("href") == "https://example.org/stream"
    assert page.locator(".observe-item").count() == 19
    assert page.locator(".observe-links a").count() == 7
    assert page.evaluate(OVERFLOW) <= 0
    axe_check(page)
    shot(page, f"{width}x{height}")
    assert not [e for e in errors if "Content Security Policy" in e]
