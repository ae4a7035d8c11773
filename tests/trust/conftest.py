"""The trust suite (issue 9): fault injection against data safety and availability.

Each module here attacks one promise (nothing lost, nothing stalled, no one
flooding the room, names only with consent, hardening) and keeps its own
fixtures; the shared personas come from tests.personas.
"""

import pytest  # noqa: F401

from tests.personas import *  # noqa: F403
