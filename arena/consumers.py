"""The arena's WebSocket: forwards broadcast HTML to the screens of one audience.

The consumer authorises once (a member of the arena, or a participant with a
valid token for it) and then only forwards; it does no database work per
message. Anything a client sends is ignored except a JSON ping.
"""

import json

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.layers import get_channel_layer

from . import participants
from .live import (
    AUDIENCES,
    CLOSE_REVOKED,
    PHONES,
    STAFF,
    STAFF_AUDIENCES,
    audience_group,
    local_fanout,
)
from .models import Arena, Capability, Membership


@database_sync_to_async
def _audience(scope, arena_pk: int) -> tuple[str | None, dict]:
    """('staff', who) for facilitators and organisers, ('member', who) for
    other roles and participants with a valid token, (None, {}) for everyone
    else. ``who`` names the user or participant (``live.close_sockets``)."""
    user = scope.get("user")
    if user is not None and user.is_authenticated:
        membership = Membership.objects.filter(user=user, arena_id=arena_pk).first()
        if membership is not None:
            audience = "staff" if membership.can(Capability.FACILITATE) else "member"
            return audience, {"user": user.pk}
    arena = Arena.objects.filter(pk=arena_pk).first()
    if arena is None:
        return None, {}
    token = scope.get("cookies", {}).get(participants.cookie_name(arena))
    participant = participants.read_token(token, arena)
    if participant is None:
        return None, {}
    return "member", {"participant": participant.pk}


#: The longest frame a client may send (a ping is a dozen characters).
MAX_FRAME = 4096
#: Close code for a WebSocket path that matches no route.
CLOSE_NO_ROUTE = 4404


class NoRouteConsumer(AsyncWebsocketConsumer):
    """The catch-all route (``routing``): refuses the socket with
    ``CLOSE_NO_ROUTE``. Without it Channels' URLRouter raised ValueError
    ("No route found"): a traceback and an error for every stray path."""

    channel_layer_alias = None

    async def connect(self):
        await self.close(code=CLOSE_NO_ROUTE)


class ArenaConsumer(AsyncWebsocketConsumer):
    """A screen joins the group of one audience (``live.AUDIENCES``: phones
    may only join phone audiences, staff audiences need FACILITATE; checked
    once, at connect) through ``live.local_fanout``: one channel
    layer subscription per group and process, which then calls
    ``arena_html`` on every local screen (see ``LocalFanout``).

    A screen has no channel of its own (``channel_layer_alias = None``: Channels
    then opens no per-screen receive on the layer; with Redis, 1,000 of them
    timed out and dropped screens). Everything reaches it through the relay.
    """

    channel_layer_alias = None
    accepted = False
    who: dict = {}  # {"user": pk} or {"participant": pk}

    async def connect(self):
        kwargs = self.scope["url_route"]["kwargs"]
        self.arena_pk = int(kwargs["arena_pk"])
        # The page names its audience (``live.AUDIENCES``) in the URL; the
        # bare /ws/a/<pk>/ (a page from before audiences) gets the phones'
        # programme, or the facilitator wall for staff.
        wanted = kwargs.get("audience")
        if wanted is not None and wanted not in AUDIENCES:
            await self.close(code=CLOSE_NO_ROUTE)
            return
        role, self.who = await _audience(self.scope, self.arena_pk)
        if role is None:
            await self.close(code=CLOSE_REVOKED)
            return
        if wanted is None:
            wanted = STAFF if role == "staff" else PHONES
        if wanted in STAFF_AUDIENCES and role != "staff":
            await self.close(code=CLOSE_REVOKED)  # a phone asking for the facilitators' screen
            return
        self.audience = wanted
        self.groups_joined = [audience_group(self.arena_pk, wanted)]
        for group in self.groups_joined:
            await local_fanout.join(group, self, get_channel_layer())
        await self.accept()
        self.accepted = True

    async def disconnect(self, code):
        self.accepted = False
        for group in getattr(self, "groups_joined", []):
            await local_fanout.leave(group, self)

    async def receive(self, text_data=None, bytes_data=None):
        # Capped before parsing; a frame nested too deep for the parser
        # (RecursionError) is ignored like any other garbage, without a log line.
        if not text_data or len(text_data) > MAX_FRAME:
            return
        try:
            message = json.loads(text_data)
        except (ValueError, RecursionError):
            return
        if isinstance(message, dict) and message.get("type") == "ping":
            await self.send(text_data=json.dumps({"type": "pong"}))

    async def arena_html(self, event):
        await self.send(text_data=event["html"])

    async def arena_mine(self, event):
        """``proposals.mine``: for the participants named only (their own
        topics changed); every other screen of the audience ignores it."""
        if self.who.get("participant") in event.get("participants", ()):
            await self.send(text_data=event["html"])

    async def arena_close(self, event):
        """``live.close_sockets``: this screen's user or participant lost the
        right to listen. Stop forwarding at once, then close."""
        user, participant = self.who.get("user"), self.who.get("participant")
        if user in event.get("users", ()) or participant in event.get("participants", ()):
            self.accepted = False
            await self.close(code=CLOSE_REVOKED)
