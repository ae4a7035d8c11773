"""Smoke test: the home page renders in a real browser against the real ASGI server."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_home_page_renders_accessibly(new_page, axe_check, shot):
    page = new_page()
    response = page.goto("/")
    assert response is not None and response.ok, f"GET / answered {response and response.status}"

    expect(page.locator("h1").first).to_be_visible()
    expect(page.locator("#language-select")).to_be_visible()
    axe_check(page)
    shot(page, "home")
