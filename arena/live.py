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
    """Every screen of the arena: phones, laptops, projector."""
    return f"arena.{arena_pk}"


def staff_group_name(arena_pk: int) -> str:
    """Facilitators' screens only (the queue of waiting topics)."""
    return f"arena.{arena_pk}.staff"


def send_html_now(group: str, html: str) -> None:
    layer = get_channel_layer()
    async_to_sync(layer.group_send)(group, {"type": "arena.html", "html": html})


def notify_arena(arena_pk: int, render) -> None:
    """After the current transaction commits, call ``render()`` once and
    broadcast its HTML to every screen of the arena."""
    transaction.on_commit(lambda: send_html_now(group_name(arena_pk), render()))


def perspectives_changed(arena_pk: int) -> None:
    """The perspective wall (a projector view) shows every persona: after a
    persona changes, tell staff screens to fetch it again."""
    from django.template.loader import render_to_string

    def send():
        html = render_to_string("arena/_perspectives_signal.html", {"arena_pk": arena_pk})
        send_html_now(staff_group_name(arena_pk), html)

    transaction.on_commit(send)
