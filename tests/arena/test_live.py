"""arena.live.broadcast_on_commit: the one way a service broadcasts.

Read from the channel layer itself (tests.fixtures.broadcasts: a channel in
each audience group of the arena), on the in-memory layer and on Redis alike.
"""

import logging

import pytest
from channels.layers import get_channel_layer
from django.db import transaction
from django.urls import reverse

from arena.live import PHONES, PROJECTOR, STAFF, broadcast_on_commit
from arena.models import Announcement
from tests.personas import client_for


def test_sends_to_each_audience_after_commit(arena, broadcasts):
    with broadcasts(arena) as sent:
        broadcast_on_commit(arena.pk, [(PHONES, "<p>a</p>"), ((STAFF, PROJECTOR), "<p>b</p>")])
        assert sent.received() == {}  # nothing before commit
    assert sent == {PHONES: ["<p>a</p>"], STAFF: ["<p>b</p>"], PROJECTOR: ["<p>b</p>"]}


def test_keeps_the_order_of_the_messages(arena, broadcasts):
    with broadcasts(arena, audiences=[PHONES]) as sent:
        broadcast_on_commit(arena.pk, [(PHONES, "<p>1</p>"), (PHONES, "<p>2</p>")])
        broadcast_on_commit(arena.pk, [(PHONES, "<p>3</p>")])
    assert sent == {PHONES: ["<p>1</p>", "<p>2</p>", "<p>3</p>"]}


def test_only_the_arena_itself_hears_it(arena, other_organiser, broadcasts):
    from arena.models import Arena

    other = Arena.objects.exclude(pk=arena.pk).get()
    with broadcasts(other) as elsewhere, broadcasts(arena) as here:
        broadcast_on_commit(arena.pk, [(PHONES, "<p>a</p>")])
    assert here == {PHONES: ["<p>a</p>"]} and elsewhere == {}


def test_sends_nothing_when_the_transaction_rolls_back(arena, broadcasts):
    with broadcasts(arena) as sent, pytest.raises(RuntimeError), transaction.atomic():
        broadcast_on_commit(arena.pk, [(PHONES, "<p>rolled back</p>")])
        raise RuntimeError
    assert sent == {}


def test_a_callable_is_built_after_commit(arena, broadcasts):
    """What it renders is what was committed, not the state at the call."""
    state = {"title": "before"}
    built = []

    def messages():
        built.append(state["title"])
        return [(PHONES, f"<p>{state['title']}</p>")]

    with broadcasts(arena) as sent:
        broadcast_on_commit(arena.pk, messages)
        state["title"] = "committed"
        assert built == []
    assert built == ["committed"] and sent == {PHONES: ["<p>committed</p>"]}


def test_a_failing_broadcast_is_logged_and_the_others_still_go(arena, broadcasts, caplog):
    def broken():
        raise RuntimeError("the layer is gone")

    with caplog.at_level(logging.ERROR), broadcasts(arena) as sent:
        broadcast_on_commit(arena.pk, broken)
        broadcast_on_commit(arena.pk, [(PHONES, "<p>still sent</p>")])
    assert sent == {PHONES: ["<p>still sent</p>"]}
    assert "the layer is gone" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_a_real_commit_sends_once_the_outer_transaction_ends(arena, broadcasts):
    with broadcasts(arena) as sent:
        with transaction.atomic():
            with transaction.atomic():
                broadcast_on_commit(arena.pk, [(STAFF, "<p>done</p>")])
            assert sent.received() == {}  # the inner block is not the commit
        assert sent.received() == {STAFF: ["<p>done</p>"]}
    assert sent == {STAFF: ["<p>done</p>"]}


@pytest.mark.django_db(transaction=True)
def test_a_failing_send_does_not_break_the_request(arena, facilitator, monkeypatch, caplog):
    """The layer refuses every message (Redis down, a full channel): the
    announcement is still saved and the facilitator gets the page, not a 500."""
    layer = get_channel_layer()

    async def refuse(group, message):
        raise OSError("channel layer unavailable")

    monkeypatch.setattr(layer, "group_send", refuse)
    staff = client_for(facilitator, language="en")
    with caplog.at_level(logging.ERROR):
        response = staff.post(
            reverse("arena:announce", args=[arena.pk]), {"text": "Lunsj!", "minutes": 5}
        )
    assert response.status_code == 200
    assert Announcement.objects.filter(arena=arena, text="Lunsj!").exists()
    assert "channel layer unavailable" in caplog.text
