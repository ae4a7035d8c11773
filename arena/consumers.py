"""The arena's WebSocket: forwards broadcast HTML to every screen.

The consumer authorises once (a member of the arena, or a participant with a
valid token for it) and then only forwards; it does no database work per
message. Anything a client sends is ignored except a JSON ping.
"""

import json

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.layers import get_channel_layer

from . import participants
from .live import group_name, local_fanout, staff_group_name
from .models import Arena, Capability, Membership


@database_sync_to_async
def _audience(scope, arena_pk: int) -> str | None:
    """'staff' for facilitators and organisers, 'member' for other roles and
    participants with a valid token, None for everyone else."""
    user = scope.get("user")
    if user is not None and user.is_authenticated:
        membership = Membership.objects.filter(user=user, arena_id=arena_pk).first()
        if membership is not None:
            return "staff" if membership.can(Capability.FACILITATE) else "member"
    arena = Arena.objects.filter(pk=arena_pk).first()
    if arena is None:
        return None
    token = scope.get("cookies", {}).get(participants.cookie_name(arena))
    return "member" if participants.read_token(token, arena) is not None else None


class ArenaConsumer(AsyncWebsocketConsumer):
    """Screens join their groups through ``live.local_fanout``: one channel
    layer subscription per group and process, which then calls
    ``arena_html`` on every local screen (see ``LocalFanout``).

    A screen has no channel of its own (``channel_layer_alias = None``: Channels
    then opens no per-screen receive on the layer; with Redis, 1,000 of them
    timed out and dropped screens). Everything reaches it through the relay.
    """

    channel_layer_alias = None
    accepted = False

    async def connect(self):
        self.arena_pk = int(self.scope["url_route"]["kwargs"]["arena_pk"])
        audience = await _audience(self.scope, self.arena_pk)
        if audience is None:
            await self.close(code=4403)
            return
        self.groups_joined = [group_name(self.arena_pk)]
        if audience == "staff":
            self.groups_joined.append(staff_group_name(self.arena_pk))
        for group in self.groups_joined:
            await local_fanout.join(group, self, get_channel_layer())
        await self.accept()
        self.accepted = True

    async def disconnect(self, code):
        self.accepted = False
        for group in getattr(self, "groups_joined", []):
            await local_fanout.leave(group, self)

    async def receive(self, text_data=None, bytes_data=None):
        if not text_data or len(text_data) > 4096:
            return
        try:
            message = json.loads(text_data)
        except ValueError:
            return
        if isinstance(message, dict) and message.get("type") == "ping":
            await self.send(text_data=json.dumps({"type": "pong"}))

    async def arena_html(self, event):
        await self.send(text_data=event["html"])
