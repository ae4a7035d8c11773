"""The facilitator's wall on a 1366×768 laptop, at real scale.

The 2020 demo wall (4 sessions × 19 rooms, 49 topics, some still in the
queue) and a 30-room wall, in Norwegian and English:

- every visible control passes a hit test (``elementFromPoint`` at its centre
  is the control or inside it): nothing is covered or clipped;
- the session (row) and room (column) headers stay in view after the grid is
  scrolled right and down;
- the density control ("fit all rooms / comfortable / large") changes how many
  rooms are visible, and is remembered;
- a mouse drag from the queue to a cell outside the visible part of the grid
  scrolls the grid at its edge and places the topic.

Screenshots: test-artifacts/screens/wall-<w>x<h>-<lang>-<rooms>[-<zoom>].png.
The wall's helpers are in layout.py (test_wall_themes.py uses them too).
"""

import json

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from arena.models import Participant
from proposals.models import Group, Topic, TopicStatus
from reports.demo import DATA_FILE, DEMO_PASSWORD, load_demo
from sessions.models import AgendaItem, Space

from .layout import LAPTOP, LIVE, check_layout, hit_test, open_wall, screen, wall_30

pytestmark = pytest.mark.browser

LANGUAGES = ["nb", "en"]


# --- data (the approach of test_projector_layout.py) ----------------------------
def demo_wall():
    """The 2020 wall, with the last room of the last session freed and five
    topics back in the morning queue (the demo has every topic placed)."""
    arena = load_demo(participants=150, today=timezone.localdate())
    last = Space.objects.filter(arena=arena).order_by("-number").first()
    Group.objects.filter(arena=arena, session__session_number=4, space=last).delete()
    for topic in Topic.objects.filter(arena=arena, group__isnull=True).order_by("pk")[:5]:
        topic.status = TopicStatus.WAITING
        topic.save(update_fields=["status"])
    waiting = Topic.objects.filter(arena=arena, status=TopicStatus.WAITING).count()
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    people = list(Participant.objects.filter(arena=arena)[:5])
    for i in range(max(0, 5 - waiting)):
        Topic.objects.create(
            arena=arena, title=data["topics"][i]["title"], description="Kort om emnet.",
            status=TopicStatus.WAITING, convener=people[i],
        )  # fmt: skip
    return arena


FOCUSED_IS_VISIBLE = r"""
() => {
  const el = document.activeElement;
  const r = el.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return {inGrid: !!el.closest('#grid tbody'), seen: !!hit && (hit === el || el.contains(hit)),
          name: (el.textContent || el.value || '').trim().replace(/\s+/g, ' ').slice(0, 40)};
}
"""


def _tab_through_the_grid(page):
    """Tab from the first cell's control to the last: each control, when it
    has focus, is on top at its centre: never under the sticky room row or
    session column (WCAG 2.2, 2.4.11 focus not obscured). Returns problems."""
    page.evaluate("window.scrollTo(0, 0)")
    page.locator("#grid tbody .wall-control").first.focus()
    problems, seen = [], 0
    for _ in range(400):
        state = page.evaluate(FOCUSED_IS_VISIBLE)
        if not state["inGrid"]:
            break
        seen += 1
        if not state["seen"]:
            problems.append(f"focus hidden: {state['name']}")
        page.keyboard.press("Tab")
    assert seen >= 40, f"only {seen} controls reached by Tab in the grid"
    return problems


def _drag_to_far_cell(page, arena):
    """A mouse drag from the first queue card to the last room of the last
    session, out of sight at first: the grid scrolls at its edge."""
    last_session = AgendaItem.objects.for_arena(arena).sessions().order_by("-session_number")[0]
    last_space = Space.objects.filter(arena=arena).order_by("-number")[0]
    card = page.locator("#queue .queue-item").first
    topic_pk = int(card.get_attribute("data-topic"))
    target = page.locator(
        f'td.cell[data-session="{last_session.pk}"][data-space="{last_space.pk}"]'
    )
    page.evaluate("document.querySelector('#grid').scrollIntoView({block: 'start'})")
    in_box = (
        "([s, p]) => {"
        " const g = document.querySelector('#grid .grid-wall').getBoundingClientRect();"
        " const c = document.querySelector(`td.cell[data-session='${s}'][data-space='${p}']`)"
        ".getBoundingClientRect();"
        " return c.left >= g.left && c.right <= g.right + 1 && c.top >= 0"
        " && c.bottom <= Math.min(g.bottom, innerHeight) + 1; }"
    )
    args = [last_session.pk, last_space.pk]
    assert not page.evaluate(in_box, args), "the target should start out of sight"
    card.scroll_into_view_if_needed()
    box = card.bounding_box()
    page.mouse.move(box["x"] + 12, box["y"] + 12)
    page.mouse.down()
    grid = page.locator("#grid .grid-wall").bounding_box()
    # Towards the bottom-right corner of the grid's visible part, and hold there.
    bottom = min(grid["y"] + grid["height"], LAPTOP[1]) - 10
    corner = (grid["x"] + grid["width"] - 10, bottom)
    page.mouse.move(*corner, steps=12)
    for _ in range(200):
        if page.evaluate(in_box, args):
            break
        page.mouse.move(corner[0] + 1, corner[1])
        page.wait_for_timeout(30)
        page.mouse.move(*corner)
        grid = page.locator("#grid .grid-wall").bounding_box()
        corner = (grid["x"] + grid["width"] - 10, min(grid["y"] + grid["height"], LAPTOP[1]) - 10)
    assert page.evaluate(in_box, args), "the grid did not scroll to the far cell"
    # wall.js scrolled it (Chromium also scrolls a box a little on its own).
    assert page.evaluate("window.arenaWallAutoscrolled || 0") > 0
    # Out of the edge zones first, so the grid stops; then onto the cell.
    cell = target.bounding_box()
    page.mouse.move(cell["x"] + cell["width"] / 2, cell["y"] + cell["height"] / 2, steps=4)
    cell = target.bounding_box()
    page.mouse.move(cell["x"] + cell["width"] / 2, cell["y"] + cell["height"] / 2)
    page.mouse.up()
    expect(target.locator(".group")).to_be_visible(timeout=LIVE)
    group = Group.objects.get(topic_id=topic_pk)
    assert (group.session_id, group.space_id) == (last_session.pk, last_space.pk)


@pytest.mark.parametrize("language", LANGUAGES)
def test_wall_2020_demo_on_a_laptop(new_page, live_server_url, language):
    arena = demo_wall()
    page = open_wall(new_page, live_server_url, arena, language)
    problems = check_layout(page, language, 19)
    problems += _tab_through_the_grid(page)
    assert not problems, "\n".join(problems)
    _drag_to_far_cell(page, arena)


@pytest.mark.parametrize("language", LANGUAGES)
def test_wall_30_rooms_on_a_laptop(new_page, live_server_url, language):
    load_demo(participants=0)  # the demo organiser, who logs in
    from django.contrib.auth import get_user_model

    organiser = get_user_model().objects.get(username="arrangor")
    arena = wall_30(organiser)
    page = open_wall(new_page, live_server_url, arena, language)
    problems = check_layout(page, language, 30)
    problems += _tab_through_the_grid(page)
    assert not problems, "\n".join(problems)
    _drag_to_far_cell(page, arena)


def test_a_topic_is_edited_in_its_queue_card_without_leaving_the_wall(new_page, live_server_url):
    arena = demo_wall()
    page = open_wall(new_page, live_server_url, arena, "en")
    url = page.url
    card = page.locator("#queue .queue-item").first
    pk = card.get_attribute("data-topic")
    card.locator("details summary").click()
    card.get_by_role("link", name="Edit wording").click()
    title = page.locator(f"#edit-{pk}-title")
    expect(title).to_be_focused()
    # An error comes back in the card, with what was typed.
    title.fill("   ")
    page.fill(f"#edit-{pk}-description", "Mine egne ord")
    page.evaluate(f"document.getElementById('edit-{pk}-title').removeAttribute('required')")
    card.get_by_role("button", name="Save").click()
    expect(card.locator(".ds-validation-message")).to_be_visible()
    expect(page.locator(f"#edit-{pk}-description")).to_have_value("Mine egne ord")
    problems = hit_test(page, "edit form open")
    assert not problems, "\n".join(problems)
    screen(page, "en", 19, "edit")
    # Saved: the form closes, the card shows the new wording, still on the wall.
    page.fill(f"#edit-{pk}-title", "Arbeid for alle – ny ordlyd")
    card = page.locator(f"#topic-{pk}")
    card.get_by_role("button", name="Save").click()
    expect(page.locator("#feedback")).to_contain_text("Saved.")
    expect(page.locator(f"#edit-form-{pk}")).to_have_count(0)
    expect(page.locator(f"#topic-{pk} .queue-title")).to_contain_text("ny ordlyd", timeout=LIVE)
    assert page.url == url
    assert Topic.objects.get(pk=pk).description == "Mine egne ord"


def test_touch_long_press_and_drag_places_a_topic(new_page, live_server_url):
    """A tablet: press a queue card for a moment, drag it with the finger to a
    free cell, let go (pointer events, the same drop endpoint as the mouse)."""
    arena = demo_wall()
    page = new_page(viewport={"width": 1366, "height": 768}, has_touch=True)
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server_url}]
    )
    page.goto("/accounts/login/")
    page.fill("#id_username", "arrangor")
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto(f"/a/{arena.pk}/wall/")
    expect(page.locator("#connection-status")).to_have_attribute("data-state", "online")
    page.evaluate("document.querySelector('#grid').scrollIntoView({block: 'start'})")
    page.wait_for_timeout(300)
    card = page.locator("#queue .queue-item").first
    topic_pk = int(card.get_attribute("data-topic"))
    start = card.locator(".queue-title").bounding_box()
    free = page.evaluate(
        r"""() => {
          const first = document.querySelector('#grid td.cell.empty');
          first.scrollIntoView({block: 'nearest', inline: 'nearest'});
          const g = document.querySelector('#grid .grid-wall').getBoundingClientRect();
          for (const c of document.querySelectorAll('#grid td.cell.empty')) {
            const r = c.getBoundingClientRect();
            const x = r.left + r.width / 2, y = r.top + r.height / 2;
            if (x > g.left + 200 && x < g.right - 60 && y > g.top + 60 && y < innerHeight - 60)
              return {x, y, session: c.dataset.session, space: c.dataset.space};
          }
          return null;
        }"""
    )
    assert free, "a free cell in view"
    cdp = page.context.new_cdp_session(page)

    def touch(kind, x=None, y=None):
        points = [] if kind == "touchEnd" else [{"x": x, "y": y, "id": 1}]
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    x, y = start["x"] + 40, start["y"] + start["height"] / 2
    touch("touchStart", x, y)
    page.wait_for_timeout(500)  # the long press
    expect(page.locator(".wall-ghost")).to_be_visible()
    for i in range(1, 11):
        touch("touchMove", x + (free["x"] - x) * i / 10, y + (free["y"] - y) * i / 10)
        page.wait_for_timeout(20)
    touch("touchEnd")
    expect(page.locator(".wall-ghost")).to_have_count(0)
    cell = page.locator(f'td.cell[data-session="{free["session"]}"][data-space="{free["space"]}"]')
    expect(cell.locator(".group")).to_be_visible(timeout=LIVE)
    group = Group.objects.get(topic_id=topic_pk)
    assert (str(group.session_id), str(group.space_id)) == (free["session"], free["space"])
