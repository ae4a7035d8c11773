"""A phone says what is new on the wall in one polite sentence (issue #10,
item 7): "New on the wall: 1.19 …" once the wall has been still for a moment,
from a region that stays in place; a change to a group already on the list
(a head-count) is not news."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from proposals import services
from proposals.models import Group
from reports.demo import DEMO_PASSWORD, load_demo

pytestmark = pytest.mark.browser


def test_a_placement_is_announced_once_and_a_head_count_is_not(new_page, live_server_url):
    arena = load_demo(participants=20, today=timezone.localdate())
    organiser = get_user_model().objects.get(username="arrangor")
    group = (
        Group.objects.select_related("session", "space", "topic")
        .filter(arena=arena, session__session_number=1)
        .order_by("-space__number")
        .first()
    )
    session, space, topic, code = group.session, group.space, group.topic, group.code
    services.unplace_group(group, organiser)

    page = new_page(viewport={"width": 390, "height": 844})
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server_url}]
    )
    page.goto(f"/j/{arena.join_code}/")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/p/{arena.join_code}/$"))
    page.goto(f"/p/{arena.join_code}/wall/?session=all")
    expect(page.locator("#connection-status")).to_have_attribute("data-state", "online")
    news = page.locator("#wall-news")
    assert news.get_attribute("aria-live") == "polite" and news.inner_text() == ""
    page.evaluate(
        """() => { window.said = [];
          new MutationObserver(() => window.said.push(
            document.getElementById('wall-news').textContent))
          .observe(document.getElementById('wall-news'), {childList: true, characterData: true,
                                                          subtree: true}); }"""
    )

    # The facilitator places it (the server is another process: through its page).
    wall = new_page(viewport={"width": 1366, "height": 768})
    wall.goto("/accounts/login/")
    wall.fill("#id_username", "arrangor")
    wall.fill("#id_password", DEMO_PASSWORD)
    wall.locator("main button[type=submit]").click()
    wall.wait_for_url(lambda url: "/accounts/login/" not in url)
    wall.goto(f"/a/{arena.pk}/wall/")
    token = wall.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")
    placed = wall.request.post(
        f"{live_server_url}/a/{arena.pk}/wall/topics/{topic.pk}/place/",
        form={"code": code, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{live_server_url}/a/{arena.pk}/wall/"},
    )
    assert placed.ok, placed.status
    assert Group.objects.filter(topic=topic, session=session, space=space).exists()
    expect(news).to_have_text(re.compile(rf"^New on the wall: {re.escape(code)} "), timeout=8_000)
    assert topic.title[:20] in news.inner_text()
    # Someone else's "I'm going" changes a head-count on the list: not news.
    other = Group.objects.filter(arena=arena, session=session).exclude(topic=topic).first()
    card = page.locator(f"#m-{other.session_id}-{other.space_id} .group-count")
    before = card.inner_text()
    page.locator(f"#m-{other.session_id}-{other.space_id} .mgroup-attend").click()
    expect(card).not_to_have_text(before, timeout=8_000)
    page.wait_for_timeout(2_500)  # longer than the quiet moment before a sentence
    assert page.evaluate("window.said") == [news.inner_text()], page.evaluate("window.said")
