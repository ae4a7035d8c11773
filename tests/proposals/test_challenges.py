"""Challenge groups' registrations as rows: what deleting one, or its arena,
takes along. Their screens: test_challenge_views.py; the fixtures and
helpers: conftest.py."""

import pytest

from proposals.models import ChallengeRegistration, Group
from tests.helpers import make_report
from tests.personas import client_for

from .conftest import approve, register, three_sessions

pytestmark = pytest.mark.usefixtures("_clear_rate_limits")


def test_deleting_a_registration_keeps_the_group_and_its_report(
    challenge_arena, visitor, organiser, facilitator
):
    arena = challenge_arena
    register(visitor, arena)
    registration = ChallengeRegistration.objects.get()
    approve(
        client_for(organiser),
        arena,
        registration,
        facilitator,
        arena.spaces.first(),
        three_sessions(arena),
    )
    group = Group.objects.get()
    report = make_report(group)
    registration.delete()
    assert Group.objects.filter(pk=group.pk).exists()
    report.refresh_from_db()


def test_deleting_the_arena_takes_its_registrations(challenge_arena, visitor):
    register(visitor, challenge_arena)
    challenge_arena.delete()
    assert not ChallengeRegistration.objects.exists()
