"""The arena WebSocket: who may listen, what it forwards, what it ignores."""

import json

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator

from arena import participants
from arena.asgi import application
from arena.live import group_name

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]

ORIGIN = (b"origin", b"http://127.0.0.1")


def _communicator(arena_pk, *, cookie: str | None = None, origin=ORIGIN):
    headers = [(b"host", b"127.0.0.1")]
    if origin:
        headers.append(origin)
    if cookie:
        headers.append((b"cookie", cookie.encode()))
    return WebsocketCommunicator(application, f"/ws/a/{arena_pk}/", headers=headers)


async def _participant_cookie(participant) -> str:
    arena = await database_sync_to_async(lambda: participant.arena)()
    return f"{participants.cookie_name(arena)}={participants.make_token(participant)}"


async def test_participant_with_token_receives_broadcast_html(arena, participant):
    communicator = _communicator(arena.pk, cookie=await _participant_cookie(participant))
    connected, _ = await communicator.connect()
    assert connected
    await get_channel_layer().group_send(
        group_name(arena.pk), {"type": "arena.html", "html": '<div id="x">1.10</div>'}
    )
    assert await communicator.receive_from() == '<div id="x">1.10</div>'
    await communicator.disconnect()


async def test_anonymous_without_token_is_refused(arena):
    communicator = _communicator(arena.pk)
    connected, code = await communicator.connect()
    assert not connected and code == 4403


async def test_forged_token_is_refused(arena, participant):
    cookie = (await _participant_cookie(participant))[:-3] + "abc"
    connected, _ = await _communicator(arena.pk, cookie=cookie).connect()
    assert not connected


async def test_token_for_other_arena_is_refused(arena, participant, other_organiser):
    from arena.models import Arena

    other = await database_sync_to_async(lambda: Arena.objects.for_user(other_organiser).get())()
    token = participants.make_token(participant)
    connected, _ = await _communicator(
        other.pk, cookie=f"{participants.cookie_name(other)}={token}"
    ).connect()
    assert not connected


async def test_foreign_origin_is_refused(arena, participant):
    communicator = _communicator(
        arena.pk,
        cookie=await _participant_cookie(participant),
        origin=(b"origin", b"https://evil.example"),
    )
    connected, _ = await communicator.connect()
    assert not connected


async def test_garbage_is_ignored_and_connection_kept(arena, participant):
    communicator = _communicator(arena.pk, cookie=await _participant_cookie(participant))
    await communicator.connect()
    for garbage in [" ", "not json", "[1,2]", '{"type": 5}', "x" * 10000, "\x00\xff"]:
        await communicator.send_to(text_data=garbage)
    await communicator.send_to(bytes_data=b"\x00\x01")
    assert await communicator.receive_nothing(timeout=0.2)
    await communicator.send_to(text_data=json.dumps({"type": "ping"}))
    assert json.loads(await communicator.receive_from()) == {"type": "pong"}
    await communicator.disconnect()


async def test_member_session_may_listen(arena, reader, stranger):
    from django.test import Client

    def session_cookie(user):
        client = Client()
        client.force_login(user)
        return f"sessionid={client.cookies['sessionid'].value}"

    reader_cookie = await database_sync_to_async(session_cookie)(reader)
    connected, _ = await _communicator(arena.pk, cookie=reader_cookie).connect()
    assert connected
    stranger_cookie = await database_sync_to_async(session_cookie)(stranger)
    connected, _ = await _communicator(arena.pk, cookie=stranger_cookie).connect()
    assert not connected


async def test_staff_get_queue_signal_and_participants_do_not(arena, participant, facilitator):
    from django.test import Client

    from arena.live import send_html_now, staff_group_name

    def session_cookie(user):
        client = Client()
        client.force_login(user)
        return f"sessionid={client.cookies['sessionid'].value}"

    staff = _communicator(
        arena.pk, cookie=await database_sync_to_async(session_cookie)(facilitator)
    )
    phone = _communicator(arena.pk, cookie=await _participant_cookie(participant))
    assert (await staff.connect())[0] and (await phone.connect())[0]
    await database_sync_to_async(send_html_now)(staff_group_name(arena.pk), "<div>queue</div>")
    assert await staff.receive_from() == "<div>queue</div>"
    assert await phone.receive_nothing(timeout=0.2)
    await staff.disconnect()
    await phone.disconnect()


async def test_reconnecting_client_can_tell_it_is_stale_and_fetch_the_wall(
    arena, participant, organiser
):
    """A phone sees version N, drops off, misses a change, reconnects: the
    broadcast is not replayed, so it fetches the wall and gets version N+1."""
    from django.test import Client

    from proposals import services
    from proposals.models import Topic
    from sessions.models import AgendaItem

    session = await database_sync_to_async(
        lambda: AgendaItem.objects.for_arena(arena).sessions().first()
    )()
    space = await database_sync_to_async(lambda: arena.spaces.first())()
    cookie = await _participant_cookie(participant)

    first = _communicator(arena.pk, cookie=cookie)
    await first.connect()
    topic = await database_sync_to_async(Topic.objects.create)(arena=arena, title="Før")
    await database_sync_to_async(services.place_topic)(topic, session, space, organiser)
    message = await first.receive_from(timeout=2)
    assert 'data-version="1"' in message and "Før" in message
    await first.disconnect()

    missed = await database_sync_to_async(Topic.objects.create)(arena=arena, title="Mens borte")
    other_space = await database_sync_to_async(lambda: arena.spaces.last())()
    await database_sync_to_async(services.place_topic)(missed, session, other_space, organiser)

    again = _communicator(arena.pk, cookie=cookie)
    assert (await again.connect())[0]
    assert await again.receive_nothing(timeout=0.2)  # nothing is replayed

    def fetch():
        client = Client(HTTP_HOST="127.0.0.1")
        name, value = cookie.split("=", 1)
        client.cookies[name] = value
        return client.get(
            f"/p/{arena.join_code}/wall/?part=list", HTTP_HX_REQUEST="true"
        ).content.decode()

    state = await database_sync_to_async(fetch)()
    assert 'data-version="2"' in state and "Mens borte" in state and "Før" in state
    await again.disconnect()
