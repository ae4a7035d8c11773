"""A participant's "My topics" follows the wall without a reload.

When a facilitator reads out, places, moves, merges, rejects or edits a
topic (or undoes that), its convener's "My topics" page fetches its list
again through the normal view: the content is that person's own, so nothing
of it is broadcast. After commit, one small signal goes to the phones'
"My topics" audience naming the conveners (``ArenaConsumer.arena_mine``
forwards it only to their sockets).
"""

from django.template.loader import render_to_string

from arena.live import PHONE_TOPICS, broadcast_on_commit
from arena.models import Arena

from .models import Topic


def topics_changed(arena_pk: int, topic_pks) -> None:
    topic_pks = sorted({int(pk) for pk in topic_pks if pk})
    if topic_pks:
        broadcast_on_commit(arena_pk, lambda: _signal(arena_pk, topic_pks))


def _signal(arena_pk: int, topic_pks) -> list:
    conveners = sorted(
        set(
            Topic.objects.filter(pk__in=topic_pks, convener__isnull=False).values_list(
                "convener_id", flat=True
            )
        )
    )
    if not conveners:
        return []
    arena = Arena.objects.filter(pk=arena_pk).only("join_code").first()
    if arena is None:
        return []
    html = render_to_string("proposals/_mine_signal.html", {"arena": arena})
    return [(PHONE_TOPICS, {"type": "arena.mine", "participants": conveners, "html": html})]
