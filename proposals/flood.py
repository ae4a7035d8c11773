"""What a flood clean-up (``arena.flood``) must know of topics: a participant
with a topic beyond the queue (on the wall, merged, read out, rejected) or one
that others build on stays; the waiting topics of those who go, go with them,
and the facilitators' queues refetch. Registered in ``ProposalsConfig.ready``."""

from django.db.models import Q
from django.utils.translation import ngettext

from arena import flood

from . import live
from .models import Topic, TopicStatus


def _kept(people):
    return (
        Topic.objects.filter(convener__in=people)
        .filter(
            ~Q(status=TopicStatus.WAITING)
            | Q(merged_topics__isnull=False)
            | Q(followups__isnull=False)
        )
        .values("convener")
    )


def _waiting(people):
    return Topic.objects.filter(convener__in=people, status=TopicStatus.WAITING)


def _describe(n: int) -> str:
    return ngettext("%(n)d waiting topic", "%(n)d waiting topics", n) % {"n": n}


def register() -> None:
    flood.register_keeper(_kept)
    flood.register_dependent(
        "topics",
        rows=_waiting,
        describe=_describe,
        removed=lambda arena: live.queue_changed(arena.pk),
    )
