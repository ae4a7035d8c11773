"""The trust suite (issue 9): fault injection against data safety and availability.

Each module here attacks one promise (nothing lost, nothing stalled, no one
flooding the room, names only with consent, hardening) and keeps its own
fixtures; the shared personas come from tests.personas, the shared fixtures
(sessions, spaces, topics, broadcasts) from tests.fixtures.
"""

import pytest

from tests.personas import *  # noqa: F403


@pytest.fixture(autouse=True)
def _media(media_root):
    """Every test here stores its files in a temporary MEDIA_ROOT."""
