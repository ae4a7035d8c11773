"""The programme wall is built live, and every screen follows without reloading.

Five browser contexts share one real server: a facilitator on a laptop, a
projector in the hall, and three phones without accounts. The phones join,
make a persona and post topics; the facilitator places them (by keyboard with
"Place in" and by drag-and-drop), merges two, moves a group to another room
and undoes once. After every change the projector and every phone show it
through the WebSocket, with no navigation. One phone loses the network, misses
a change, says so, and catches up when it is back, without duplicates.

Every kind of screen is checked with axe (WCAG 2.2 A/AA); screenshots go to
test-artifacts/screenshots/.
"""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from arena import services as arena_services
from arena.models import Membership, Role
from proposals.models import Group, Topic
from sessions.models import AgendaItem, ItemKind, Space

pytestmark = pytest.mark.browser

PASSWORD = "Live-wall-pass-2026"
LAPTOP = {"width": 1366, "height": 900}
PROJECTOR = {"width": 1920, "height": 1080}
PHONE = {"width": 390, "height": 844}
LIVE = 5_000  # ms a broadcast may take to reach a screen
MARK = "not reloaded"


def _session_times():
    """Two sessions today: one going on now and the next one, so the
    projector's now/next logic shows both rows. Late in the evening both lie
    in the past instead (then the projector shows every session)."""
    now = timezone.localtime().replace(second=0, microsecond=0)
    midnight = now.replace(hour=0, minute=0)
    if (now + datetime.timedelta(hours=3)).date() != now.date():
        return [
            (datetime.time(8, 0), datetime.time(9, 30)),
            (datetime.time(9, 45), datetime.time(11)),
        ]
    start = max(midnight, now - datetime.timedelta(minutes=30))
    end = now + datetime.timedelta(minutes=60)
    start2 = end + datetime.timedelta(minutes=15)
    end2 = start2 + datetime.timedelta(minutes=75)
    return [(start.time(), end.time()), (start2.time(), end2.time())]


@pytest.fixture
def arena_setup(live_server_url):
    User = get_user_model()
    organiser = User.objects.create_user("olga", password=PASSWORD)
    facilitator = User.objects.create_user("fia", password=PASSWORD)
    arena = arena_services.create_arena(
        organiser,
        start_date=timezone.localdate(),
        number_of_days=1,
        title="Åpen arena – live",
    )
    Membership.objects.create(arena=arena, user=facilitator, role=Role.FACILITATOR)
    day = arena.days.get()
    sessions = [
        AgendaItem.objects.create(
            day=day,
            kind=ItemKind.OPEN_SPACE,
            title=f"Gruppesesjon {number}",
            start=start,
            end=end,
            session_number=number,
        )  # fmt: skip
        for number, (start, end) in enumerate(_session_times(), start=1)
    ]
    spaces = [
        Space.objects.create(arena=arena, number=1, name="", capacity=1),  # a small table
        Space.objects.create(arena=arena, number=2, name="", capacity=30),
        Space.objects.create(arena=arena, number=3, name="Multisal 2", capacity=40),
        Space.objects.create(arena=arena, number=4, name="Peisestua", capacity=12),
    ]
    return arena, sessions, spaces


def log_in(page, username):
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def mark(page):
    """Something only this page load has: gone if the page navigates."""
    page.evaluate(f"window.__marker = {MARK!r}")


def assert_not_reloaded(page):
    assert page.evaluate("window.__marker") == MARK, f"{page.url} navigated or reloaded"


def cell_id(session, space) -> str:
    return f"{session.pk}-{space.pk}"


def test_every_screen_follows_the_wall_live(new_page, axe_check, shot, arena_setup):
    arena, (s1, s2), (sp1, sp2, sp3, sp4) = arena_setup

    # --- the facilitator and the projector --------------------------------
    wall = new_page(viewport=LAPTOP)
    log_in(wall, "fia")
    wall.goto(f"/a/{arena.pk}/wall/")
    expect(wall.locator("#connection-status")).not_to_have_class(re.compile("offline"))
    expect(wall.locator("#queue .queue-item")).to_have_count(0)
    mark(wall)

    projector = new_page(viewport=PROJECTOR)
    log_in(projector, "olga")
    # Pinned to "now & next" (it shows head-counts); late in the evening, when
    # both sessions lie in the past, that mode shows every session.
    projector.goto(f"/a/{arena.pk}/projector/wall/?mode=now")
    expect(projector.locator(f"#pj-s-{s1.pk}")).to_be_attached()
    expect(projector.locator(f"#pj-s-{s2.pk}")).to_be_attached()
    axe_check(projector)
    mark(projector)

    # --- three phones join, make a persona and post topics -----------------
    topics = {
        0: ["Arbeid for alle", "Tidlig innsats i skolen"],
        1: ["Psykisk helse på jobb"],
        2: ["Unge utenfor arbeidslivet"],
    }
    names = ["Pia", "Per", "Pål"]
    phones = []
    for index, name in enumerate(names):
        phone = new_page(viewport=PHONE)
        phone.goto(f"/j/{arena.join_code}/")
        join = phone.locator("main form button[type=submit]")  # the GET creates no one
        if index == 0:
            axe_check(phone)
        join.focus()  # keyboard: the one button, then Enter
        phone.keyboard.press("Enter")
        expect(phone).to_have_url(re.compile(rf"/p/{arena.join_code}/$"))
        phone.locator(f'main a[href="/p/{arena.join_code}/persona/"]').click()
        expect(phone.locator("#id_display_name")).to_be_visible()
        if index == 0:
            axe_check(phone)
        phone.fill("#id_display_name", name)
        phone.locator("#id_perspectives_0" if index != 1 else "#id_perspectives_3").check()
        phone.locator("main form.stack button[type=submit]").click()
        expect(phone).to_have_url(re.compile(rf"/p/{arena.join_code}/$"))
        expect(phone.locator("main")).to_contain_text(name)
        for title in topics[index]:
            phone.goto(f"/p/{arena.join_code}/topics/")
            if index == 0 and title == topics[0][0]:
                axe_check(phone)
            phone.fill("#id_title", title)
            phone.locator("main form.stack button[type=submit]").click()
            expect(phone.locator("main .card-list")).to_contain_text(title)
        phones.append(phone)

    # The queue reaches the facilitator live, in arrival order.
    all_titles = [t for index in range(3) for t in topics[index]]
    for title in all_titles:
        expect(wall.locator("#queue")).to_contain_text(title, timeout=LIVE)
    expect(wall.locator("#queue .queue-item")).to_have_count(4)
    assert_not_reloaded(wall)
    axe_check(wall)
    shot(wall, "facilitator-queue")
    topic = {t.title: t for t in Topic.objects.filter(arena=arena)}

    for phone in phones:
        phone.goto(f"/p/{arena.join_code}/wall/")
        expect(phone.locator("#connection-status")).not_to_have_class(re.compile("offline"))
        expect(phone.locator("li.mgroup:not([hidden])")).to_have_count(0)
        mark(phone)
    # The socket is open before anything changes (status says "live").
    for page in [wall, projector, *phones]:
        expect(page.locator("#connection-status")).to_have_attribute("data-state", "online")
    axe_check(phones[0])

    def everyone_sees(session, space, text):
        """The projector and every phone show ``text`` at the cell, unreloaded."""
        expect(projector.locator(f"#pj-{cell_id(session, space)}")).to_contain_text(
            text, timeout=LIVE
        )
        for phone in phones:
            item = phone.locator(f"#m-{cell_id(session, space)}")
            expect(item).to_be_visible(timeout=LIVE)
            expect(item).to_contain_text(text)
        for page in [wall, projector, *phones]:
            assert_not_reloaded(page)

    def nobody_sees_a_group_at(session, space):
        expect(projector.locator(f"#pj-{cell_id(session, space)}")).to_have_count(0, timeout=LIVE)
        for phone in phones:
            expect(phone.locator(f"#m-{cell_id(session, space)}")).to_be_hidden(timeout=LIVE)

    # --- 1. place by keyboard: type "1.1" in "Place in" ---------------------
    first = topic["Arbeid for alle"]
    field = wall.locator(f"#place-{first.pk}")
    field.focus()
    field.press_sequentially("1.1")
    wall.keyboard.press("Tab")  # to its "Place" button
    expect(wall.locator(f"#topic-{first.pk} button[type=submit]:focus")).to_have_count(1)
    wall.keyboard.press("Enter")
    expect(wall.locator("#feedback")).to_contain_text("1.1")
    expect(wall.locator(f"#c-{cell_id(s1, sp1)}")).to_contain_text("Arbeid for alle")
    expect(wall.locator(f"#topic-{first.pk}")).to_have_count(0)  # left the queue
    # Keyboard focus stays in the queue, on the next topic's "Place in".
    expect(wall.locator("#queue .queue-item input[list]:focus")).to_have_count(1)
    everyone_sees(s1, sp1, "Arbeid for alle")
    expect(projector.locator(f"#pj-{cell_id(s1, sp1)} .pj-code")).to_have_text("1.1")

    # --- 2. drag-and-drop from the queue to 1.2 -----------------------------
    second = topic["Psykisk helse på jobb"]
    wall.locator(f'#queue [data-topic="{second.pk}"]').drag_to(
        wall.locator(f"#c-{cell_id(s1, sp2)}"),
        source_position={"x": 12, "y": 12},  # the card's title, not its form
    )
    expect(wall.locator("#feedback")).to_contain_text("1.2")
    expect(wall.locator(f"#c-{cell_id(s1, sp2)}")).to_contain_text("Psykisk helse på jobb")
    expect(wall.locator(f"#topic-{second.pk}")).to_have_count(0)
    everyone_sees(s1, sp2, "Psykisk helse på jobb")

    # --- 3. place in session 2: a mistyped space is explained, the text kept --
    third = topic["Unge utenfor arbeidslivet"]
    field = wall.locator(f"#place-{third.pk}")
    field.fill("2.9")
    field.press("Enter")
    expect(wall.locator("#feedback.feedback--error")).to_contain_text("9")
    expect(field).to_have_value("2.9")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_be_focused()
    field.fill("2.1")
    wall.locator(f"#topic-{third.pk} form.inline-form button[type=submit]").first.click()
    everyone_sees(s2, sp1, "Unge utenfor arbeidslivet")
    expect(wall.locator(f"#topic-{third.pk}")).to_have_count(0)

    # --- 4. merge "Tidlig innsats" into the group at 1.1 -------------------
    fourth = topic["Tidlig innsats i skolen"]
    wall.locator(f"#topic-{fourth.pk} summary").click()
    wall.locator(f"#merge-{fourth.pk}").fill("1.1")  # the group's code
    wall.locator(f"#merge-{fourth.pk} ~ button").click()
    expect(wall.locator("#feedback")).to_contain_text("Tidlig innsats i skolen")
    expect(wall.locator("#queue .queue-item")).to_have_count(0)
    everyone_sees(s1, sp1, "+ Tidlig innsats i skolen")
    expect(projector.locator(f"#pj-{cell_id(s1, sp1)} .pj-title--merged")).to_have_count(1)

    # --- 5. move the group at 1.2 to room 4 (actions panel) ----------------
    group = Group.objects.get(topic=second)
    wall.locator(f"#c-{cell_id(s1, sp2)} a.wall-control").click()
    move = wall.locator(f"#move-{group.pk}")
    expect(move).to_be_visible()
    move.select_option(cell_id(s1, sp4))
    wall.locator(f"#move-{group.pk} ~ button").click()
    expect(wall.locator("#feedback")).to_contain_text("1.4")
    everyone_sees(s1, sp4, "Psykisk helse på jobb")
    everyone_sees(s1, sp4, "2")  # "(formerly 2)" in any language
    expect(projector.locator(f"#pj-{cell_id(s1, sp4)} .pj-moved")).to_be_visible()
    nobody_sees_a_group_at(s1, sp2)

    # --- 6. undo once: the group is back in room 2 --------------------------
    wall.locator("#undo-form button[type=submit]").click()
    expect(wall.locator("#feedback")).to_contain_text("Psykisk helse på jobb")
    everyone_sees(s1, sp2, "Psykisk helse på jobb")
    nobody_sees_a_group_at(s1, sp4)
    expect(projector.locator(f"#pj-{cell_id(s1, sp2)} .pj-moved")).to_have_count(0)

    # --- 7. phones say "I'm going" on a group that arrived live -----------
    phones[0].locator(f"#m-{cell_id(s1, sp1)} .mgroup-attend").click()
    expect(phones[0].locator("#my-groups")).to_contain_text("1.1")
    expect(projector.locator(f"#pj-{cell_id(s1, sp1)} .pj-count")).to_contain_text(
        "1", timeout=LIVE
    )
    expect(phones[1].locator(f"#m-{cell_id(s1, sp1)} .group-count")).to_contain_text(
        "1", timeout=LIVE
    )
    # A second one: more people than the table seats, flagged on the wall
    # (a warning for facilitators) and marked "full" on the projector.
    phones[1].locator(f"#m-{cell_id(s1, sp1)} .mgroup-attend").click()
    expect(phones[1].locator("#my-groups")).to_contain_text("1.1")
    expect(wall.locator(f"#c-{cell_id(s1, sp1)} .group-count")).to_contain_text("2", timeout=LIVE)
    expect(wall.locator(f"#c-{cell_id(s1, sp1)} .group-warning")).to_be_visible()
    expect(projector.locator(f"#pj-{cell_id(s1, sp1)} .pj-count")).to_contain_text(
        "2", timeout=LIVE
    )
    expect(projector.locator(f"#pj-{cell_id(s1, sp1)} .pj-full")).to_be_visible()
    expect(projector.locator(".group-warning")).to_have_count(0)

    # --- 8. an announcement reaches every screen ---------------------------
    announce = wall.context.new_page()
    announce.goto(f"/a/{arena.pk}/announce/")
    axe_check(announce)
    announce.fill("#id_text", "Lunsj i kantina kl. 12")
    announce.fill("#id_minutes", "5")
    announce.locator("main form.stack button[type=submit]").click()
    expect(announce.locator("main .ds-card")).to_contain_text("Lunsj i kantina")
    for page in [wall, projector, *phones]:
        expect(page.locator("#announcement")).to_contain_text("Lunsj i kantina", timeout=LIVE)
        assert_not_reloaded(page)
    shot(projector, "projector-announcement")
    announce.close()

    # --- 9. a phone goes offline, misses a change, catches up --------------
    offline = phones[2]
    offline.context.set_offline(True)
    status = offline.locator("#connection-status")
    expect(status).to_have_attribute("data-state", "offline", timeout=LIVE)
    expect(status).to_have_class(re.compile("connection--offline"))
    expect(status).to_be_visible()
    expect(status).to_have_text(status.get_attribute("data-offline"))

    group3 = Group.objects.get(topic=third)
    wall.locator(f"#c-{cell_id(s2, sp1)} a.wall-control").click()
    expect(wall.locator(f"#move-{group3.pk}")).to_be_visible()
    wall.locator(f"#move-{group3.pk}").select_option(cell_id(s2, sp3))
    wall.locator(f"#move-{group3.pk} ~ button").click()
    expect(projector.locator(f"#pj-{cell_id(s2, sp3)}")).to_contain_text(
        "Unge utenfor", timeout=LIVE
    )
    for phone in phones[:2]:
        expect(phone.locator(f"#m-{cell_id(s2, sp3)}")).to_be_visible(timeout=LIVE)
    # The offline phone still shows the old wall, and says it is offline.
    expect(offline.locator(f"#m-{cell_id(s2, sp1)}")).to_be_visible()
    expect(offline.locator(f"#m-{cell_id(s2, sp3)}")).to_be_hidden()
    shot(offline, "phone-offline")

    offline.context.set_offline(False)
    expect(status).to_have_attribute("data-state", "online", timeout=LIVE * 2)
    expect(status).not_to_have_class(re.compile("connection--offline"))
    expect(offline.locator(f"#m-{cell_id(s2, sp3)}")).to_be_visible(timeout=LIVE)
    expect(offline.locator(f"#m-{cell_id(s2, sp3)}")).to_contain_text("Unge utenfor")
    expect(offline.locator(f"#m-{cell_id(s2, sp1)}")).to_be_hidden()
    placed = Group.objects.filter(arena=arena).count()
    assert placed == 3
    for phone in phones:
        expect(phone.locator("li.mgroup:not([hidden])")).to_have_count(placed)
        expect(phone.locator("#phone-list")).to_have_count(1)
        assert_not_reloaded(phone)
    assert_not_reloaded(wall)
    assert_not_reloaded(projector)

    # --- every screen, checked and photographed -----------------------------
    axe_check(wall)
    shot(wall, "facilitator-wall")
    axe_check(offline)
    shot(offline, "phone-wall")
    shot(phones[0], "phone-wall-0")
    axe_check(projector)
    shot(projector, "projector-wall")
    for path in ["join", "perspectives"]:
        projector.goto(f"/a/{arena.pk}/projector/{path}/")
        axe_check(projector)
        shot(projector, f"projector-{path}")
    phones[0].goto(f"/p/{arena.join_code}/topics/")
    # The "builds on" list is not in every form: it is fetched when first needed.
    earlier = phones[0].locator("#earlier-topics option")
    expect(earlier).to_have_count(0)
    phones[0].locator("#id_builds_on").focus()
    expect(earlier.first).to_have_attribute("value", re.compile(r"^\d+\.\d+ – \S"))
    shot(phones[0], "phone-topics")
    phones[1].goto(f"/p/{arena.join_code}/persona/")
    axe_check(phones[1])
    shot(phones[1], "phone-persona")
