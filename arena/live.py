"""Live updates: render once after commit, send the HTML to the arena's group.

Every screen in an arena (phones, laptops, projector) listens on one Channels
group. A change is broadcast only after its transaction commits, so no screen
ever shows something that was rolled back; the payload is a ready HTML
fragment (htmx out-of-band swap), never model instances.
"""

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction


def group_name(arena_pk: int) -> str:
    return f"arena.{arena_pk}"


def send_html_now(arena_pk: int, html: str) -> None:
    layer = get_channel_layer()
    async_to_sync(layer.group_send)(group_name(arena_pk), {"type": "arena.html", "html": html})


def notify_arena(arena_pk: int, render) -> None:
    """After the current transaction commits, call ``render()`` once and
    broadcast its HTML to every screen of the arena."""
    transaction.on_commit(lambda: send_html_now(arena_pk, render()))
