"""Live updates: render once after commit, send the HTML to the screens that show it.

Every screen in an arena (phones, laptops, projector) listens on the Channels
group of its audience (below). A change is broadcast only after its
transaction commits, so no screen ever shows something that was rolled
back; the payload is a ready HTML fragment (htmx out-of-band swap), never
model instances.
"""

import asyncio
import logging
import weakref

from asgiref.sync import async_to_sync
from channels.consumer import get_handler_name
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)


# --- Audiences ----------------------------------------------------------------
# A screen listens to one audience of its arena: the Channels group
# ``arena.<pk>.<audience>``, named by its page in the socket's URL
# (``/ws/a/<pk>/<audience>/``, ``ArenaConsumer``). A broadcast goes only to the
# audiences whose page renders its elements, so no screen receives an
# out-of-band fragment it has no target for.

#: Participants' phones: the programme (list items, my groups), the input
#: wall (inputs, comments, the vote banner) and the dot vote (the vote banner).
PHONES, PHONE_INPUTS, PHONE_VOTE = "phones", "phone-inputs", "phone-vote"
#: Staff (FACILITATE): the facilitator wall (grid cells, the queue signal,
#: the projector switch) and the projector views, each with its own signal.
STAFF, PROJECTOR = "staff", "projector"
PROJECTOR_JOIN, PROJECTOR_PERSPECTIVES = "projector-join", "projector-perspectives"
PROJECTOR_INPUTS, PROJECTOR_VOTE = "projector-inputs", "projector-vote"

#: A participant's "My topics" (``proposals.mine``: a signal for that person only).
PHONE_TOPICS = "phone-topics"
PHONE_AUDIENCES = frozenset({PHONES, PHONE_INPUTS, PHONE_VOTE, PHONE_TOPICS})
STAFF_AUDIENCES = frozenset(
    {STAFF, PROJECTOR, PROJECTOR_JOIN, PROJECTOR_PERSPECTIVES, PROJECTOR_INPUTS, PROJECTOR_VOTE}
)
AUDIENCES = PHONE_AUDIENCES | STAFF_AUDIENCES
#: Pages that show the facilitators' announcement (``#announcement``).
ANNOUNCED = (
    PHONES, STAFF, PROJECTOR, PROJECTOR_JOIN, PROJECTOR_PERSPECTIVES, PROJECTOR_INPUTS,
    PROJECTOR_VOTE,
)  # fmt: skip
#: Pages that show a group's inputs and their comments.
INPUT_WALLS = (PHONE_INPUTS, PROJECTOR_INPUTS)


def audience_group(arena_pk: int, audience: str) -> str:
    return f"arena.{arena_pk}.{audience}"


def group_name(arena_pk: int) -> str:
    """The phones' programme (``PHONES``)."""
    return audience_group(arena_pk, PHONES)


def staff_group_name(arena_pk: int) -> str:
    """The facilitator wall (``STAFF``: grid cells, the queue signal)."""
    return audience_group(arena_pk, STAFF)


def send_to(arena_pk: int, audiences, html, *, loop=None) -> None:
    """``html`` to each of these audiences of the arena (now). ``html`` may
    also be a whole Channels message (a dict with its ``type``, e.g.
    ``arena.mine`` or ``arena.close``: ``ArenaConsumer`` says who acts on it)."""
    for audience in audiences:
        group = audience_group(arena_pk, audience)
        if isinstance(html, dict):
            _group_send(group, dict(html), loop)
        else:
            send_html_now(group, html, loop=loop)


def send_html_now(group: str, html: str, *, loop=None) -> None:
    """``loop``: the server's running event loop, for a thread of our own
    (``arena.coalesce``): the message is sent there, so the in-memory layer is
    only touched from its own loop. Without it, ``async_to_sync`` finds the
    request's loop (or makes one for the call)."""
    _group_send(group, {"type": "arena.html", "html": html}, loop)


def _group_send(group: str, message: dict, loop=None) -> None:
    layer = get_channel_layer()
    if loop is not None and loop.is_running():
        asyncio.run_coroutine_threadsafe(layer.group_send(group, message), loop).result(30)
    else:
        async_to_sync(layer.group_send)(group, message)


def broadcast_on_commit(arena_pk: int, messages) -> None:
    """The one way a service broadcasts: after the current transaction
    commits (at once outside one), send each ``(audiences, html)`` of
    ``messages`` to those audiences of the arena (``audiences``: one name or
    several; ``html`` or a whole Channels message, see ``send_to``).
    ``messages`` may be a callable returning them: it is then called after
    commit, so what it renders is what was committed. A failing send is
    logged, never the request's error (``robust``)."""

    def send():
        for audiences, html in messages() if callable(messages) else messages:
            send_to(arena_pk, (audiences,) if isinstance(audiences, str) else audiences, html)

    transaction.on_commit(send, robust=True)


#: Close code for a socket whose right to listen has gone (the same as a refusal).
CLOSE_REVOKED = 4403


def close_sockets(arena_pk: int, *, users=(), participants=()) -> None:
    """After commit, close the open sockets in ``arena_pk`` of these users
    (a membership removed) and participants (a phone removed): a socket is
    authorised once, at connect, so without this it would keep receiving
    what the arena (and, for staff, the queue signal) broadcasts. The client
    may reconnect and is then refused (``ArenaConsumer.connect``).

    One message to each audience of the arena; each screen checks whether it
    is meant (no per-person group: that would cost a layer subscription per
    screen).
    """
    users = sorted({int(pk) for pk in users if pk})
    participants = sorted({int(pk) for pk in participants if pk})
    if not users and not participants:
        return
    message = {"type": "arena.close", "users": users, "participants": participants}
    broadcast_on_commit(arena_pk, [(sorted(AUDIENCES), message)])


# --- Process-local fan-out --------------------------------------------------


class _Relay:
    """One Channels subscription for one group in one process (event loop).

    It joins the group with a channel of its own and hands every message it
    receives to the handler of each local consumer, one after the other in
    the same loop: no per-screen queue, copy, task or wake-up in the layer.
    """

    def __init__(self, group: str, layer):
        self.group, self.layer = group, layer
        self.members: dict = {}  # consumer -> None: an ordered set
        self.ready = asyncio.Event()
        self.channel = None
        self.task = None

    async def start(self):
        self.channel = await self.layer.new_channel()
        await self.layer.group_add(self.group, self.channel)
        self.task = asyncio.create_task(self._run(), name=f"relay {self.group}")
        self.ready.set()

    async def stop(self):
        if self.task is not None:
            self.task.cancel()
        if self.channel is not None:
            await self.layer.group_discard(self.group, self.channel)

    async def _run(self):
        while True:
            try:
                message = await self.layer.receive(self.channel)
            except asyncio.CancelledError:
                raise
            except Exception:  # the layer's connection, say: try again
                logger.exception("relay for %s: receive failed", self.group)
                await asyncio.sleep(1)
                continue
            name = get_handler_name(message)
            for i, consumer in enumerate(list(self.members)):
                if i and not i % 100:
                    await asyncio.sleep(0)  # let requests in between big fan-outs
                handler = getattr(consumer, name, None)
                if handler is None or not getattr(consumer, "accepted", False):
                    continue
                try:
                    await handler(message)
                except Exception:  # a socket closing: its disconnect cleans up
                    logger.debug("relay for %s: send failed", self.group, exc_info=True)


class LocalFanout:
    """Screens of a group in this process share one Channels subscription.

    A Channels group with N consumers costs N deliveries per broadcast: the
    in-memory layer puts a deep-copied message in N queues, wakes N tasks,
    and every ``receive`` sweeps all channels and group members for expired
    entries (quadratic in N); channels-redis does N sends. Here only one
    relay per group and process is a member of the group; it forwards each
    message to the local consumers itself. Broadcasts still go through the
    channel layer (``group_send`` on the group name), so with Redis a change
    made in one worker reaches the screens of every worker.

    Relays are kept per event loop (a test's loop, a worker's loop); a relay
    leaves the group when its last screen disconnects.
    """

    def __init__(self):
        self._relays: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def _for_loop(self) -> dict:
        return self._relays.setdefault(asyncio.get_running_loop(), {})

    async def join(self, group: str, consumer, layer) -> None:
        relays = self._for_loop()
        relay = relays.get(group)
        if relay is None:
            relay = relays[group] = _Relay(group, layer)
            relay.members[consumer] = None
            try:
                await relay.start()
            except BaseException:
                relays.pop(group, None)
                raise
        else:
            relay.members[consumer] = None
            await relay.ready.wait()

    async def leave(self, group: str, consumer) -> None:
        relays = self._for_loop()
        relay = relays.get(group)
        if relay is None or relay.members.pop(consumer, False) is False:
            return
        if not relay.members:
            del relays[group]
            await relay.stop()


local_fanout = LocalFanout()
