"""Fixtures of the proposals tests. The café's (``cafe_arena``, ``tables``,
``challenges``) serve tests/proposals/test_cafe.py and test_cafe_views.py;
the challenge groups' (``challenge_arena``, ``visitor``, and the plain
helpers ``register``, ``approve``, ...) serve test_challenges.py and
test_challenge_views.py."""

import datetime

import pytest
from django.urls import reverse

from arena.models import Format
from proposals import cafe
from sessions.models import AgendaItem, ItemKind
from sessions.services import save_agenda_item
from tests.helpers import make_group
from tests.personas import *  # noqa: F403
from tests.personas import client_for

# --- the café ------------------------------------------------------------------------


@pytest.fixture
def cafe_arena(arena, sessions):
    arena.format = Format.CAFE
    arena.save(update_fields=["format"])
    for number, session in enumerate(sessions, 1):
        session.title = f"Runde {number}"
        session.save(update_fields=["title"])
    return arena


@pytest.fixture
def tables(cafe_arena, sessions, spaces):
    """Round 1: three café tables, one per space."""
    return [make_group(cafe_arena, sessions[0], space, f"Bord {space.number}") for space in spaces]


@pytest.fixture
def challenges(tables):
    """Three challenges: two from table 1, one from table 2."""
    return [
        *cafe.add_challenges(tables[0], ["Ventetid hos fastlegen", "", "Ingen tar ansvar"]),
        *cafe.add_challenges(tables[1], ["Tause overganger mellom Nav og helse"]),
    ]


# --- challenge groups ------------------------------------------------------------------

REGISTRATION = {
    "title": "Effektiv tidlig oppfølging",
    "problem": "Sykmeldte venter for lenge på hjelp.",
    "desired_result": "En plan for tidlig oppfølging.",
    "owner": "Eva Eier",
    "organisation": "Nav Testby",
    "email": "eva@example.org",
}


@pytest.fixture
def _clear_rate_limits():
    """The challenge modules use it on every test (``pytestmark``)."""
    from django.core.cache import caches

    caches["default"].clear()


@pytest.fixture
def challenge_arena(arena):
    arena.format = Format.CHALLENGE_GROUPS
    arena.save(update_fields=["format"])
    day2 = arena.days.order_by("date")[1]
    save_agenda_item(
        AgendaItem(
            day=day2,
            kind=ItemKind.OPEN_SPACE,
            title="Gruppesesjon 3",
            start=datetime.time(9, 0),
            end=datetime.time(10, 30),
        )
    )
    return arena


@pytest.fixture
def visitor(db):
    """Someone without an account, reading English."""
    return client_for(language="en")


def register_url(arena):
    return reverse("challenge_public:register", args=[arena.join_code])


def register(client, arena, **changes):
    return client.post(register_url(arena), {**REGISTRATION, **changes})


def three_sessions(arena):
    return list(AgendaItem.objects.for_arena(arena).sessions().order_by("session_number"))


def approve(client, arena, registration, facilitator, space, sessions):
    return client.post(
        reverse("challenges:approve", args=[arena.pk, registration.pk]),
        {
            "facilitator": facilitator.pk,
            "space": space.pk,
            "sessions": [s.pk for s in sessions],
        },
    )
