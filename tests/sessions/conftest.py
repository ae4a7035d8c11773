"""Fixtures of the programme's tests. The sign-ups' (``theme``, ``dating``,
``meeting`` and the plain helpers ``add_item``, ``phone``, ``open_offer``,
``sign_up``) serve tests/sessions/test_signups.py and test_signup_views.py."""

import datetime

import pytest
from django.urls import reverse

from arena.models import Participant
from sessions.models import AgendaItem, ItemKind
from tests.personas import *  # noqa: F403
from tests.personas import client_for

# --- sign-ups ---------------------------------------------------------------------------


def add_item(arena, title, start, end, day=0, kind=ItemKind.PLENARY):
    return AgendaItem.objects.create(
        day=arena.days.order_by("date")[day],
        kind=kind,
        title=title,
        start=datetime.time.fromisoformat(start),
        end=datetime.time.fromisoformat(end),
    )


@pytest.fixture
def theme(arena):
    return add_item(arena, "Tema: IPS i praksis", "10:00", "11:00")


@pytest.fixture
def dating(arena):
    return add_item(arena, "Kunnskapsdating med forskere", "10:30", "11:30")


@pytest.fixture
def meeting(arena):
    return add_item(arena, "Fasilitatortreff", "16:30", "17:30")


def phone(arena, name):
    return client_for(participant=Participant.objects.create(arena=arena, display_name=name))


def open_offer(client, arena, item, capacity, kind="theme_session"):
    url = reverse("signups:offer", args=[arena.pk, item.pk])
    return client.post(url, {"kind": kind, "capacity": capacity, "open": "on"})


def sign_up(client, arena, item):
    url = reverse("phone_signups:join", args=[arena.join_code, item.signup_offer.pk])
    return client.post(url, follow=True)
