"""Fixtures shared by every test package (a pytest plugin: tests/conftest.py
lists it in ``pytest_plugins``). Plain helpers (no fixtures) are in
tests/helpers.py; the personas (who is who in an arena) in tests/personas.py.

- ``sessions``, ``spaces``, ``topics``: the ``arena`` persona's programme.
- ``media_root``: a temporary MEDIA_ROOT (a package's conftest makes it autouse).
- ``broadcasts``: what the arena's screens receive, read from the channel layer.
"""

import asyncio
import contextlib
import uuid

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from arena.live import AUDIENCES, audience_group
from proposals.models import Topic
from sessions.models import AgendaItem


@pytest.fixture
def sessions(arena):
    """The arena's open-space sessions, by number (two on day 1)."""
    return list(AgendaItem.objects.for_arena(arena).sessions().order_by("session_number"))


@pytest.fixture
def spaces(arena):
    """The arena's spaces, by number (three)."""
    return list(arena.spaces.order_by("number"))


@pytest.fixture
def topics(arena, participant):
    """Four queued topics convened by ``participant``."""
    return [
        Topic.objects.create(arena=arena, convener=participant, title=f"Topic {n}")
        for n in range(1, 5)
    ]


@pytest.fixture
def media_root(settings, tmp_path):
    """Stored files go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


# --- broadcasts ------------------------------------------------------------------------

#: How long to wait for the end marker of a channel (a lost message fails the test).
RECEIVE_TIMEOUT = 10
_END = "test.broadcasts.end"


class Broadcasts(dict):
    """What each audience of the arena received: ``{audience: [html, ...]}``
    in the order sent; an audience that received nothing is not a key (and
    reads as ``[]``), so ``sent == {}`` means nothing was broadcast. Other
    messages (``arena.close``) are in ``other`` as ``(audience, message)``."""

    def __init__(self, listener):
        super().__init__()
        self.other: list[tuple[str, dict]] = []
        self._listener = listener

    def __missing__(self, audience):
        return []

    def received(self) -> "Broadcasts":
        """Read what has arrived so far (inside the ``with``: before commit)."""
        for audience, messages in self._listener.drain().items():
            for message in messages:
                if "html" in message:
                    self.setdefault(audience, []).append(message["html"])
                else:
                    self.other.append((audience, message))
        return self

    @property
    def html(self) -> str:
        """Everything received, joined (for "is this name anywhere?")."""
        return "".join(html for htmls in self.values() for html in htmls)


class _Listener:
    """One channel per audience, joined to that audience's group of the arena
    on the configured layer (in-memory on the embedded profile, Redis on the
    production profile), as a screen's socket is."""

    def __init__(self, arena_pk: int, audiences):
        self.layer = get_channel_layer()
        self.groups = {audience: audience_group(arena_pk, audience) for audience in audiences}
        self.channels: dict[str, str] = {}

    def join(self) -> None:
        async def join():
            for audience, group in self.groups.items():
                self.channels[audience] = await self.layer.new_channel()
                await self.layer.group_add(group, self.channels[audience])

        async_to_sync(join)()

    def leave(self) -> None:
        async def leave():
            for audience, channel in self.channels.items():
                await self.layer.group_discard(self.groups[audience], channel)

        async_to_sync(leave)()

    def drain(self) -> dict[str, list[dict]]:
        """Every message each channel holds: an end marker is sent to each
        channel after what was broadcast, and read up to (no waiting on timeouts)."""

        async def until_end(channel):
            token = uuid.uuid4().hex
            await self.layer.send(channel, {"type": _END, "token": token})
            messages = []
            while True:
                message = await asyncio.wait_for(self.layer.receive(channel), RECEIVE_TIMEOUT)
                if message.get("type") == _END and message.get("token") == token:
                    return messages
                messages.append(message)

        async def drain_all():
            audiences = list(self.channels)
            results = await asyncio.gather(*(until_end(self.channels[a]) for a in audiences))
            return dict(zip(audiences, results, strict=True))

        return async_to_sync(drain_all)()


@pytest.fixture
def broadcasts(django_capture_on_commit_callbacks):
    """``with broadcasts(arena) as sent: <a change>``, then ``sent[PHONES]``
    is the HTML the phones received, after the change's transaction committed.

    On entry a channel joins each audience group of the arena (``audiences``:
    all of ``arena.live.AUDIENCES`` unless given); the block runs inside
    ``django_capture_on_commit_callbacks(execute=True)``, so what a service
    sends on commit is sent when the block ends (a rolled-back atomic block
    inside it sends nothing); then each channel is read. ``sent.received()``
    inside the block reads what arrived so far (nothing, before commit).
    Works the same in ``transactional_db`` tests, where commits are real.
    """

    @contextlib.contextmanager
    def listen(arena, audiences=AUDIENCES):
        listener = _Listener(getattr(arena, "pk", arena), sorted(audiences))
        listener.join()
        sent = Broadcasts(listener)
        try:
            with django_capture_on_commit_callbacks(execute=True):
                yield sent
            sent.received()
        finally:
            listener.leave()

    return listen
