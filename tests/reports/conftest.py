import io

import pytest
from PIL import Image

from proposals.models import Group, Topic
from sessions.models import AgendaItem
from tests.personas import *  # noqa: F403


@pytest.fixture
def sessions(arena):
    return list(AgendaItem.objects.for_arena(arena).sessions().order_by("session_number"))


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
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def jpeg_with_gps(size=(640, 480), colour=(200, 60, 40)) -> bytes:
    """A phone-like JPEG: EXIF with maker, model and a GPS position."""
    img = Image.new("RGB", size, colour)
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x0110] = "Phone 12 Pro"
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (59.0, 54.0, 30.0), 3: "E", 4: (10.0, 45.0, 0.0)})
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif.tobytes())
    return buf.getvalue()
