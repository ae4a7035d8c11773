"""No silent truncation in the browser: a pasted text longer than a field's
limit stays whole, the field says what is wrong, and nothing is sent."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from arena import services
from arena.models import Participant

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    "language, expected", [("nb", "Høyst 80 tegn; du skrev 108"), ("en", "At most 80")]
)
def test_a_pasted_name_over_the_limit_is_kept_and_explained(
    new_page, live_server_url, language, expected
):
    organiser = get_user_model().objects.create_user("olga", password="Organiser-pass-2026")
    arena = services.create_arena(
        organiser,
        start_date=datetime.date(2027, 3, 9),
        number_of_days=1,
        title="Lang",
        language=language,
    )
    page = new_page(viewport={"width": 390, "height": 844})
    page.goto(f"/j/{arena.join_code}/")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/p/{arena.join_code}/")
    page.goto(f"/p/{arena.join_code}/persona/")
    name = page.locator("#id_display_name")
    assert name.get_attribute("maxlength") is None  # the browser would cut a paste
    assert name.get_attribute("data-maxlength") == "80"
    typed = "Ragnhild " * 12  # 108 characters
    name.fill(typed)
    assert name.input_value() == typed  # whole, not cut at 80
    message = page.evaluate("(el) => el.validationMessage", name.element_handle())
    assert expected in message and "108" in message
    page.locator("main form button[type=submit]").first.click()
    assert not Participant.objects.filter(arena=arena).exclude(display_name="").exists()
    assert name.input_value() == typed
