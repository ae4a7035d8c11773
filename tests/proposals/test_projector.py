"""The wall projector's two modes, the facilitator's switch, and what the room
never sees (layouts at real scale: tests/browser/test_projector_layout.py)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from arena.live import PROJECTOR, STAFF
from proposals.models import Group, Topic, TopicStatus
from sessions.models import AgendaItem
from tests.personas import client_for


@pytest.fixture
def placed(arena, participant):
    """Two topics by one convener in session 1 (the staff wall warns), one in session 2."""
    sessions = list(AgendaItem.objects.for_arena(arena).sessions().order_by("session_number"))
    spaces = list(arena.spaces.all())
    participant.display_name = "Pia Hemmelig"
    participant.save()
    groups = []
    for session, space, title in [
        (sessions[0], spaces[0], "Arbeid for alle"),
        (sessions[0], spaces[1], "Unge utenfor"),
        (sessions[1], spaces[2], "Psykisk helse på jobb"),
    ]:
        topic = Topic.objects.create(
            arena=arena, title=title, convener=participant, status=TopicStatus.PLACED
        )
        groups.append(Group.objects.create(arena=arena, topic=topic, session=session, space=space))
    return groups


def _board(client, arena, query=""):
    url = reverse("proposals:projector_wall", args=[arena.pk]) + f"?part=board{query}"
    return client.get(url, HTTP_HX_REQUEST="true").content.decode()


def test_whole_wall_shows_every_placed_group_and_nothing_of_the_facilitators(
    arena, facilitator, placed
):
    staff = client_for(facilitator, language="en")
    body = _board(staff, arena, "&mode=market")
    for group in placed:
        assert f'data-code="{group.code}"' in body
        assert group.topic.title in body
    assert "Pia Hemmelig" not in body  # no conveners' names, consent or not
    assert "twice" not in body and "⚠" not in body
    assert "queue" not in body.lower()
    assert "1 room free" in body and "2 rooms free" in body
    assert 'class="cell' not in body  # no empty cells as boxes


@pytest.fixture
def noon(monkeypatch):
    """The clock at noon today, whenever the suite runs (at 23:00 no two
    sessions fit in the rest of the day)."""
    real = timezone.now()
    local = timezone.localtime(real).replace(hour=12, minute=0, second=0, microsecond=0)
    monkeypatch.setattr(timezone, "now", lambda: local)
    return local


def test_now_and_next_shows_the_session_going_on_and_the_next(arena, facilitator, placed, noon):
    now = timezone.localtime()  # noon today (the fixture): two sessions fit in the day
    first, second = AgendaItem.objects.for_arena(arena).sessions().order_by("session_number")
    day = arena.days.first()
    day.date = now.date()
    day.save()
    AgendaItem.objects.filter(pk=first.pk).update(
        start=(now - datetime.timedelta(minutes=30)).time(),
        end=(now + datetime.timedelta(minutes=30)).time(),
    )
    AgendaItem.objects.filter(pk=second.pk).update(
        start=(now + datetime.timedelta(minutes=45)).time(),
        end=(now + datetime.timedelta(minutes=120)).time(),
    )
    staff = client_for(facilitator, language="en")
    body = _board(staff, arena)  # by the clock: a session is on
    assert 'data-mode="now"' in body
    assert "Session 1 is on until" in body and "Next: session 2" in body
    assert "0 going" in body


def test_the_switch_keeps_the_choice_and_tells_every_staff_screen(
    arena, facilitator, placed, broadcasts
):
    staff = client_for(facilitator, language="en")
    url = reverse("proposals:projector_mode", args=[arena.pk])
    assert 'data-mode="market"' in _board(staff, arena)  # no session on: the whole wall
    with broadcasts(arena) as sent:
        response = staff.post(url, {"mode": "now"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="projector-mode-switch"' in html
    assert 'value="now" data-size="sm" data-variant="primary" aria-pressed="true"' in html
    assert 'data-mode="now"' in _board(staff, arena)
    [message], [signal] = sent[STAFF], sent[PROJECTOR]
    assert set(sent) == {STAFF, PROJECTOR}  # the facilitator walls; phones never get it
    assert 'id="projector-mode-switch"' in message and 'hx-swap-oob="true"' in message
    # Wall projectors: a hidden placeholder of the same id, their signal to refetch.
    assert signal == '<div id="projector-mode-switch" hidden hx-swap-oob="true"></div>'
    assert "csrfmiddlewaretoken" not in message
    # Without JS: back to the wall. A pinned projector ignores the choice.
    response = staff.post(url, {"mode": "market"})
    assert response.status_code == 302 and response["Location"] == reverse(
        "proposals:wall", args=[arena.pk]
    )
    assert 'data-mode="now"' in _board(staff, arena, "&mode=now")
    assert staff.post(url, {"mode": "wild"}, HTTP_HX_REQUEST="true").status_code == 400


def test_the_switch_is_on_the_facilitators_wall(arena, facilitator):
    body = (
        client_for(facilitator, language="en")
        .get(reverse("proposals:wall", args=[arena.pk]))
        .content.decode()
    )
    assert 'id="projector-mode-switch"' in body and "(by the clock)" in body


def _section(html, session):
    """The HTML of one session's section (without the out-of-band marker)."""
    match = re.search(
        rf'<section class="[^"]*" id="pj-session-{session.pk}".*?</section>', html, re.S
    )
    assert match, f"no section for session {session.pk}"
    return match[0].replace(' hx-swap-oob="true"', "")


def test_a_placement_sends_the_projector_its_session_as_both_modes_show_it(
    arena, facilitator, organiser, placed, broadcasts
):
    from proposals import services

    session, space = placed[0].session, arena.spaces.order_by("number").last()
    topic = Topic.objects.create(arena=arena, title="Nytt emne fra salen")
    with translation.override("en"), broadcasts(arena) as sent:
        services.place_topic(topic, session, space, organiser)
    [message] = sent[PROJECTOR]
    assert message.count("<section") == 1 and "Nytt emne fra salen" in message
    assert f'id="pj-session-{session.pk}"' in message and 'hx-swap-oob="true"' in message
    assert 'id="wall-version"' in message
    assert "Pia Hemmelig" not in message and "⚠" not in message  # the room's view, as on the page
    staff = client_for(facilitator, language="en")
    market, now = _board(staff, arena, "&mode=market"), _board(staff, arena, "&mode=now")
    # One render for every wall projector: the page shows the same section in both modes.
    assert _section(message, session) == _section(market, session) == _section(now, session)


def test_now_and_next_keeps_the_other_sessions_in_the_page_hidden(arena, facilitator, placed, noon):
    now = timezone.localtime()  # noon today (the fixture): two sessions fit in the day
    first, second = AgendaItem.objects.for_arena(arena).sessions().order_by("session_number")
    day = arena.days.first()
    day.date = now.date()
    day.save()
    AgendaItem.objects.filter(pk=first.pk).update(
        start=(now - datetime.timedelta(minutes=30)).time(),
        end=(now + datetime.timedelta(minutes=30)).time(),
    )
    AgendaItem.objects.filter(pk=second.pk).update(
        start=(now + datetime.timedelta(minutes=45)).time(),
        end=(now + datetime.timedelta(minutes=90)).time(),
    )
    third = AgendaItem.objects.create(
        day=day, kind=first.kind, title="S3", session_number=3,
        start=(now + datetime.timedelta(hours=2)).time(),
        end=(now + datetime.timedelta(hours=2, minutes=30)).time(),
    )  # fmt: skip
    staff = client_for(facilitator, language="en")
    body = _board(staff, arena, "&mode=now")
    # Session 3 is neither on now nor next: hidden by the board's mode, yet in
    # the page, so that a broadcast of its row has its place.
    assert 'class="pj-board pj-board--now' in body
    assert f'class="pj-session pj-session--now" id="pj-session-{first.pk}"' in body
    assert f'class="pj-session pj-session--next" id="pj-session-{second.pk}"' in body
    assert f'class="pj-session pj-session--off" id="pj-session-{third.pk}"' in body
    assert "Next: session 2" in body
    market = _board(staff, arena, "&mode=market")
    assert 'class="pj-board pj-board--market' in market and f"pj-session-{third.pk}" in market
