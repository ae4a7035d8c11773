import pytest  # noqa: E402

from proposals.models import Topic  # noqa: E402
from sessions.models import AgendaItem  # noqa: E402
from tests.personas import *  # noqa: F403


@pytest.fixture
def sessions(arena):
    return list(AgendaItem.objects.for_arena(arena).sessions().order_by("session_number"))


@pytest.fixture
def spaces(arena):
    return list(arena.spaces.order_by("number"))


@pytest.fixture
def topics(arena, participant):
    return [
        Topic.objects.create(arena=arena, convener=participant, title=f"Topic {n}")
        for n in range(1, 5)
    ]
