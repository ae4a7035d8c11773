"""An organiser sets up an arena in a real browser, by keyboard where it matters.

Every page visited is checked with axe (WCAG 2.2 A/AA); screenshots go to
test-artifacts/screenshots/.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from arena import participants, services
from arena.models import Arena, Membership, Role

pytestmark = pytest.mark.browser

PASSWORD = "Organiser-pass-2026"


@pytest.fixture
def organiser_user(live_server_url):
    return get_user_model().objects.create_user("olga", password=PASSWORD, is_staff=True)


def log_in(page, username, password):
    page.goto("/accounts/login/")
    page.locator("#id_username").focus()
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_organiser_creates_arena_with_days_sessions_spaces_and_invites(
    new_page, axe_check, shot, organiser_user
):
    page = new_page(locale="en-US")
    page.goto("/accounts/login/")
    axe_check(page)
    log_in(page, "olga", PASSWORD)
    expect(page.locator("html")).to_have_attribute("lang", "nb")  # bokmål by default
    axe_check(page)

    # Create the arena with the keyboard alone.
    page.locator('a[href="/arenas/new/"]').first.click()
    page.wait_for_url("**/arenas/new/")
    axe_check(page)
    page.locator("#id_title").focus()
    page.keyboard.type("Åpen arena 2027")
    page.keyboard.press("Tab")
    page.keyboard.type("Arbeid og helse")
    page.keyboard.press("Tab")
    page.keyboard.type("Hva virker?")
    page.keyboard.press("Enter")
    page.keyboard.type("For hvem?")
    page.keyboard.press("Tab")
    page.keyboard.type("Drammen")
    page.keyboard.press("Tab")  # format: keep Open Space
    page.keyboard.press("Tab")  # language: keep bokmål
    page.keyboard.press("Tab")  # first day (a date input in en-US order)
    page.keyboard.type("03092027")
    expect(page.locator("#id_start_date")).to_have_value("2027-03-09")
    expect(page.locator("#id_number_of_days")).to_have_value("2")  # two days by default
    page.keyboard.press("Enter")  # submits from the date field
    page.wait_for_url(re.compile(r"/a/\d+/$"))
    arena = Arena.objects.get(title="Åpen arena 2027")
    assert arena.days.count() == 2 and arena.questions == ["Hva virker?", "For hvem?"]
    expect(page.locator("h1")).to_have_text("Åpen arena 2027")
    expect(page.locator("#join-code")).to_have_text(arena.display_join_code)
    axe_check(page)

    # Two open-space sessions on day 1; an overlapping third is refused, input kept.
    day1 = arena.days.first()
    for title, start, end in [
        ("Gruppesesjon 1", "13:00", "14:30"),
        ("Gruppesesjon 2", "14:45", "16:15"),
    ]:
        page.locator(f'a[href$="/agenda/add/?day={day1.pk}"]').click()
        axe_check(page)
        page.select_option("#id_kind", "open_space")
        page.fill("#id_title", title)
        page.fill("#id_start", start)
        page.fill("#id_end", end)
        page.locator("main button[type=submit]").click()
        page.wait_for_url(re.compile(r"/a/\d+/$"))
        expect(page.locator("main")).to_contain_text(title)
    page.locator(f'a[href$="/agenda/add/?day={day1.pk}"]').click()
    page.select_option("#id_kind", "open_space")
    page.fill("#id_title", "Kolliderer")
    page.fill("#id_start", "14:00")
    page.fill("#id_end", "15:00")
    page.locator("main button[type=submit]").click()
    expect(page.locator("main [role=alert]")).to_contain_text("Gruppesesjon")
    expect(page.locator("#id_title")).to_have_value("Kolliderer")
    axe_check(page)
    shot(page, "overlap-refused")

    # Three spaces, added in place (htmx) from the spaces page.
    page.goto(f"/a/{arena.pk}/spaces/")
    axe_check(page)
    for number, name in [("1", ""), ("2", ""), ("3", "Multisal 2")]:
        expect(page.locator("#id_number")).to_have_value(number)
        page.fill("#id_name", name)
        page.locator("#space-list button[type=submit]").click()
        expect(page.locator("#space-list tbody tr")).to_have_count(int(number))
    expect(page.locator("#space-list")).to_contain_text("Multisal 2")
    assert list(arena.spaces.values_list("number", flat=True)) == [1, 2, 3]
    axe_check(page)
    shot(page, "spaces")

    # Invite a facilitator; they accept in their own browser.
    page.goto(f"/a/{arena.pk}/people/")
    axe_check(page)
    page.select_option("#id_role", "facilitator")
    page.fill("#id_name", "Fia Fasilitator")
    page.locator("main form:not([action]) button[type=submit]").click()
    link = page.locator("input.invitation-link").first.input_value()
    assert "/invitation/" in link
    axe_check(page)
    shot(page, "people")

    guest = new_page(viewport={"width": 390, "height": 844})
    guest.goto(link)
    axe_check(guest)
    guest.fill("#id_username", "fia")
    guest.fill("#id_password1", "Fia-pass-2026!")
    guest.fill("#id_password2", "Fia-pass-2026!")
    guest.locator("main button[type=submit]").click()
    guest.wait_for_url(re.compile(rf"/a/{arena.pk}/$"))
    assert Membership.objects.get(arena=arena, user__username="fia").role == Role.FACILITATOR
    axe_check(guest)
    shot(guest, "facilitator-phone")

    # Switch the UI to English and back.
    page.goto(arena.get_absolute_url())
    page.select_option("#language-select", "en")
    page.click("#language-submit")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#agenda-heading")).to_have_text("Agenda")
    expect(page.locator("main")).to_contain_text("Participants join with")
    axe_check(page)
    shot(page, "english")
    page.select_option("#language-select", "nb")
    page.click("#language-submit")
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    expect(page.locator("main")).not_to_contain_text("Participants join with")
    axe_check(page)
    shot(page, "bokmal")


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_every_page_is_accessible_in_every_language(
    new_page, axe_check, shot, organiser_user, language, live_server_url
):
    import datetime

    arena = services.create_arena(
        organiser_user, start_date=datetime.date(2027, 3, 9), number_of_days=1, title="A11y"
    )
    from sessions.models import AgendaItem, ItemKind, Space

    item = AgendaItem.objects.create(
        day=arena.days.first(), kind=ItemKind.OPEN_SPACE, title="S1",
        start=datetime.time(13), end=datetime.time(14), session_number=1,
    )  # fmt: skip
    space = Space.objects.create(arena=arena, number=1, name="Multisal 2", capacity=30)
    participant = arena.participants.create(display_name="Pia")
    services.invite(arena, organiser_user, role=Role.READER)

    anonymous = new_page(viewport={"width": 390, "height": 844})
    anonymous.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server_url}]
    )
    for path in ["/", "/join/", "/join/?code=WRONG-CODE", "/accounts/login/"]:
        anonymous.goto(path)
        expect(anonymous.locator("html")).to_have_attribute("lang", language)
        axe_check(anonymous)
    invitation = arena.invitations.get()
    anonymous.goto(invitation.get_absolute_url())
    axe_check(anonymous)
    anonymous.context.add_cookies(
        [
            {
                "name": participants.cookie_name(arena),
                "value": participants.make_token(participant),
                "url": live_server_url,
            }
        ]
    )
    anonymous.goto(f"/p/{arena.join_code}/")
    axe_check(anonymous)
    shot(anonymous, f"participant-{language}")

    page = new_page()
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server_url}]
    )
    log_in(page, "olga", PASSWORD)
    base = f"/a/{arena.pk}"
    for path in [
        "/",
        "/arenas/new/",
        f"{base}/",
        f"{base}/edit/",
        f"{base}/copy/",
        f"{base}/days/add/",
        f"{base}/days/{arena.days.first().pk}/delete/",
        f"{base}/perspectives/",
        f"{base}/perspectives/{arena.perspectives.first().pk}/edit/",
        f"{base}/people/",
        f"{base}/agenda/add/",
        f"{base}/agenda/{item.pk}/edit/",
        f"{base}/spaces/",
        f"{base}/spaces/{space.pk}/edit/",
        f"{base}/spaces/{space.pk}/delete/",
    ]:
        page.goto(path)
        expect(page.locator("html")).to_have_attribute("lang", language)
        axe_check(page)
    # A form with errors is accessible too.
    page.goto(f"{base}/agenda/add/")
    page.fill("#id_title", "")
    page.fill("#id_start", "10:00")
    page.fill("#id_end", "09:00")
    page.locator("main button[type=submit]").click()
    expect(page.locator("#id_end")).to_have_attribute("aria-invalid", "true")
    axe_check(page)
    shot(page, f"agenda-errors-{language}")
