import pytest

from proposals.models import Group, Topic
from tests.personas import *  # noqa: F403


@pytest.fixture
def group(arena, sessions, participant):
    """Topic 1.1 on the wall."""
    topic = Topic.objects.create(arena=arena, convener=participant, title="Arbeid og psykisk helse")
    return Group.objects.create(
        arena=arena, topic=topic, session=sessions[0], space=arena.spaces.order_by("number")[0]
    )


@pytest.fixture
def other_group(arena, sessions):
    topic = Topic.objects.create(arena=arena, title="Unge utenfor arbeid")
    return Group.objects.create(
        arena=arena, topic=topic, session=sessions[0], space=arena.spaces.order_by("number")[1]
    )


@pytest.fixture(autouse=True)
def _media(media_root):
    """Every test here stores its files in a temporary MEDIA_ROOT."""
