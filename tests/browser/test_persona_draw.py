"""A participant draws a persona picture on the phone instead of a photo."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from arena import services
from arena.models import Participant

pytestmark = pytest.mark.browser


def test_participant_draws_a_persona_picture(new_page, axe_check, shot, live_server_url):
    organiser = get_user_model().objects.create_user("olga", password="Organiser-pass-2026")
    arena = services.create_arena(
        organiser, start_date=datetime.date(2027, 3, 9), number_of_days=1, title="Tegn"
    )
    page = new_page(viewport={"width": 390, "height": 844}, has_touch=False)
    page.goto(f"/j/{arena.join_code}/")
    page.locator("main form button[type=submit]").click()  # Join (the GET creates no one)
    page.wait_for_url(f"**/p/{arena.join_code}/")
    page.goto(f"/p/{arena.join_code}/persona/")
    page.fill("#id_display_name", "Tegner Tove")
    # The inputs say what they are for, so a phone can fill them in (WCAG 1.3.5).
    for field, purpose in [
        ("display_name", "name"),
        ("organisation", "organization"),
        ("email", "email"),
    ]:
        expect(page.locator(f"#id_{field}")).to_have_attribute("autocomplete", purpose)
    page.locator("details.persona-draw summary").click()
    canvas = page.locator("#persona-canvas")
    expect(canvas).to_be_visible()
    axe_check(page)
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 20)
    page.mouse.down()
    for step in range(1, 10):
        page.mouse.move(box["x"] + 20 + step * 20, box["y"] + 20 + step * 15)
    page.mouse.up()
    shot(page, "drawing")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(f"**/p/{arena.join_code}/")
    person = Participant.objects.get(arena=arena, display_name="Tegner Tove")
    assert person.picture.endswith("-thumb.jpg")
    picture = page.locator("img.persona-picture")
    expect(picture).to_be_visible()
    assert page.evaluate("(img) => img.naturalWidth", picture.element_handle()) > 0
    shot(page, "persona-with-drawing")
