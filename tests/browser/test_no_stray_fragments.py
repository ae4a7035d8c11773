"""No screen receives a fragment it has no target for (issue 10, item 5).

The facilitator wall, a phone and the wall projector are open on the 2020
demo wall (4 sessions × 19 rooms, 49 topics) while the facilitator places
topics and phones say "I'm going". Each screen listens to its own audience
(``arena.live.AUDIENCES``); before, every screen got every other screen's
fragments, and the console showed hundreds of ``htmx:oobErrorNoTarget``.
A page init script counts those events (they bubble from document.body);
every page must end with none, and each must have followed the changes.
Screenshots: test-artifacts/screens/stray-<screen>.png.
"""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from arena import participants as tokens
from arena.models import Participant
from proposals.models import Group, Topic
from proposals.wall import build_wall
from reports.demo import DEMO_PASSWORD, load_demo
from tests.servers import ARTIFACTS

pytestmark = pytest.mark.browser

SCREENS = ARTIFACTS / "screens"
LIVE = 5_000

COUNT_STRAYS = """
window.__strays = [];
window.__wsMessages = 0;
document.addEventListener("htmx:oobErrorNoTarget", function (e) {
  var content = e.detail && e.detail.content;
  window.__strays.push(content ? (content.id || content.outerHTML.slice(0, 120)) : "?");
});
document.addEventListener("htmx:wsBeforeMessage", function () { window.__wsMessages += 1; });
"""


def _login(page):
    page.goto("/accounts/login/")
    page.fill("#id_username", "arrangor")
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def _post(page, url, data):
    """A form post as htmx sends it, from this page's context (its cookies)."""
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    response = page.request.post(
        url, form=data, headers={"X-CSRFToken": csrf, "HX-Request": "true", "Referer": page.url}
    )
    assert response.status in (200, 204), (url, response.status, response.text()[:300])


def test_wall_phone_and_projector_get_no_fragment_without_a_target(new_page, live_server_url):
    arena = load_demo(participants=150, today=timezone.localdate())
    wall = build_wall(arena)
    free = [cell for _session, cells in wall.rows for cell in cells if not cell.group][:4]
    waiting = [
        Topic.objects.create(arena=arena, title=f"Nytt emne {n} fra salen")
        for n in range(len(free))
    ]
    phone_people = list(Participant.objects.filter(arena=arena).order_by("pk")[:3])
    targets = list(Group.objects.filter(arena=arena).order_by("session__session_number", "pk")[:3])

    def open_page(viewport, path, *, staff):
        page = new_page(viewport=viewport)
        page.add_init_script(COUNT_STRAYS)
        page.context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "nb", "url": live_server_url}]
        )
        if staff:
            _login(page)
        page.goto(path)
        page.wait_for_selector(
            "#connection-status[data-state=online]", state="attached", timeout=LIVE
        )
        return page

    facilitator = open_page({"width": 1366, "height": 768}, f"/a/{arena.pk}/wall/", staff=True)
    projector = open_page(
        {"width": 1920, "height": 1080}, f"/a/{arena.pk}/projector/wall/?mode=market", staff=True
    )
    phones = []
    for person in phone_people:
        page = new_page(viewport={"width": 390, "height": 844})
        page.add_init_script(COUNT_STRAYS)
        page.context.add_cookies(
            [
                {"name": settings.LANGUAGE_COOKIE_NAME, "value": "nb", "url": live_server_url},
                {
                    "name": tokens.cookie_name(arena),
                    "value": tokens.make_token(person),
                    "url": live_server_url,
                },
            ]
        )
        page.goto(f"/p/{arena.join_code}/wall/")
        page.wait_for_selector(
            "#connection-status[data-state=online]", state="attached", timeout=LIVE
        )
        phones.append(page)
    screens = {"facilitator": facilitator, "projector": projector, "phone": phones[0]}
    for n, page in enumerate(phones[1:], start=2):
        screens[f"phone{n}"] = page

    # Placements by the facilitator, "I'm going" from the phones, interleaved.
    for n, (topic, cell) in enumerate(zip(waiting, free, strict=True)):
        _post(
            facilitator,
            reverse("proposals:topic_place", args=[arena.pk, topic.pk]),
            {"cell": f"{cell.session.pk}-{cell.space.pk}"},
        )
        if n < len(phones):
            _post(phones[n], reverse("phone:attend", args=[arena.join_code, targets[n].pk]), {})

    # Every screen followed: the last placed topic is on the wall, the phone and the projector.
    last_topic, last_cell = waiting[-1], free[-1]
    expect(facilitator.locator(f"#c-{last_cell.dom_id}")).to_contain_text(
        last_topic.title, timeout=LIVE
    )
    placed = Group.objects.get(topic=last_topic)
    for page in phones:
        expect(page.locator(f"#m-{last_cell.dom_id}")).to_have_attribute(
            "data-group", str(placed.pk), timeout=LIVE
        )
    expect(projector.locator("#board")).to_contain_text(last_topic.title, timeout=LIVE)
    facilitator.wait_for_timeout(1200)  # the coalesced head-counts (half a second) have landed

    SCREENS.mkdir(parents=True, exist_ok=True)
    for name, page in screens.items():
        page.screenshot(path=str(SCREENS / f"stray-{name}.png"))
        strays = page.evaluate("window.__strays")
        received = page.evaluate("window.__wsMessages")
        assert received >= len(waiting), (name, received)  # it did receive the broadcasts
        assert strays == [], (name, len(strays), strays[:10])
