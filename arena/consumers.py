"""The arena's WebSocket: forwards broadcast HTML to every screen.

The consumer authorises once (a member of the arena, or a participant with a
valid token for it) and then only forwards; it does no database work per
message. Anything a client sends is ignored except a JSON ping.
"""

import json

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from . import participants
from .live import group_name
from .models import Arena, Membership


@database_sync_to_async
def _may_listen(scope, arena_pk: int) -> bool:
    user = scope.get("user")
    if (
        user is not None
        and user.is_authenticated
        and Membership.objects.filter(user=user, arena_id=arena_pk).exists()
    ):
        return True
    arena = Arena.objects.filter(pk=arena_pk).first()
    if arena is None:
        return False
    token = scope.get("cookies", {}).get(participants.cookie_name(arena))
    return participants.read_token(token, arena) is not None


class ArenaConsumer(AsyncWebsocketConsumer):
    async def connect(self):
        self.arena_pk = int(self.scope["url_route"]["kwargs"]["arena_pk"])
        if not await _may_listen(self.scope, self.arena_pk):
            await self.close(code=4403)
            return
        self.group = group_name(self.arena_pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

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
