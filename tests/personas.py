"""Named personas shared by the tests: who is who in an arena.

Import the fixtures into a test package's conftest with
``from tests.personas import *``.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from arena import participants, services
from arena.models import Membership, Role
from sessions.models import AgendaItem, ItemKind, Space

PASSWORD = "a-long-test-password-1"
HOST = "127.0.0.1"


def make_user(username: str, **extra):
    return get_user_model().objects.create_user(username=username, password=PASSWORD, **extra)


@pytest.fixture
def organiser(db):
    return make_user("olivia", is_staff=True)


@pytest.fixture
def arena(organiser):
    """A two-day open-space arena with two sessions on day 1 and three spaces."""
    arena = services.create_arena(
        organiser,
        start_date=datetime.date(2026, 3, 10),
        number_of_days=2,
        title="Åpen arena test",
        theme="Arbeid og helse",
        guiding_questions="Hva virker?\nFor hvem?",
        venue="Drammen",
    )
    day1 = arena.days.first()
    for title, start, end in [
        ("Gruppesesjon 1", "13:00", "14:30"),
        ("Gruppesesjon 2", "14:45", "16:15"),
    ]:
        from sessions.services import save_agenda_item

        save_agenda_item(
            AgendaItem(
                day=day1,
                kind=ItemKind.OPEN_SPACE,
                title=title,
                start=datetime.time.fromisoformat(start),
                end=datetime.time.fromisoformat(end),
            )
        )
    for number in (1, 2, 3):
        Space.objects.create(arena=arena, number=number)
    return arena


def _member(arena, username: str, role: str):
    user = make_user(username)
    Membership.objects.create(arena=arena, user=user, role=role)
    return user


@pytest.fixture
def facilitator(arena):
    return _member(arena, "frank", Role.FACILITATOR)


@pytest.fixture
def support(arena):
    return _member(arena, "siri", Role.SUPPORT)


@pytest.fixture
def reader(arena):
    return _member(arena, "rune", Role.READER)


@pytest.fixture
def stranger(db):
    """Signed in, but with no role in ``arena``."""
    return make_user("stella")


@pytest.fixture
def other_organiser(db):
    """Organiser of another arena, none in ``arena``."""
    user = make_user("otto", is_staff=True)
    services.create_arena(
        user, start_date=datetime.date(2026, 5, 1), number_of_days=1, title="Other arena"
    )
    return user


@pytest.fixture
def participant(arena):
    from arena.models import Participant

    return Participant.objects.create(arena=arena, display_name="Pia")


def client_for(user=None, participant=None, language: str | None = None) -> Client:
    client = Client(HTTP_HOST=HOST)
    if language:
        client.cookies["django_language"] = language
    if user is not None:
        client.force_login(user)
    if participant is not None:
        client.cookies[participants.cookie_name(participant.arena)] = participants.make_token(
            participant
        )
    return client


@pytest.fixture
def anon_client():
    return Client(HTTP_HOST=HOST)


@pytest.fixture(autouse=True)
def fast_password_hashing(request, settings):
    """Autouse (imported by the test packages' conftests): PBKDF2 costs 0.3 s a
    user. Not in browser tests: the live server checks passwords with the
    real hashers."""
    if request.node.get_closest_marker("browser") is None:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
