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
