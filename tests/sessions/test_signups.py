"""Sign-ups (sessions.signups) below the screens: two phones racing for the
last seat, a flood clean-up freeing seats, the notes of an arena for its
report. The screens: test_signup_views.py; the fixtures and helpers:
conftest.py."""

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation

from arena.models import Participant
from sessions.models import SignupOffer
from tests.personas import client_for

from .conftest import open_offer, sign_up

pytestmark = pytest.mark.django_db


@pytest.mark.django_db(transaction=True)
def test_two_phones_racing_for_the_last_seat_one_gets_it(arena, theme):
    """Run on PostgreSQL too (the production profile): the offer's row lock."""
    import threading

    from sessions import signups

    offer = SignupOffer.objects.create(item=theme, capacity=3)
    for name in ("A", "B"):
        signups.sign_up(Participant.objects.create(arena=arena, display_name=name), offer.pk)
    racers = [Participant.objects.create(arena=arena, display_name=f"R{n}") for n in range(2)]
    barrier = threading.Barrier(2)
    outcomes = []

    def race(participant):
        try:
            barrier.wait(timeout=5)
            signups.sign_up(participant, offer.pk)
            outcomes.append("seat")
        except signups.SignupRefused as refused:
            outcomes.append(refused.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=race, args=(p,)) for p in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["full", "seat"]
    assert offer.signups.count() == 3


def test_a_flood_cleanup_frees_the_seats_of_the_phones_it_removes(arena, organiser, theme):
    from arena import flood
    from sessions import signup_flood

    signup_flood.register()  # as ProgrammeConfig.ready does once wired
    open_offer(client_for(organiser), arena, theme, 2)
    fresh = Participant.objects.create(arena=arena)  # no persona: a flood's phone
    sign_up(client_for(participant=fresh), arena, theme)
    kept = Participant.objects.create(arena=arena, display_name="Kari")
    sign_up(client_for(participant=kept), arena, theme)
    with translation.override("en"):
        seen = flood.survey(arena)
        assert "1 sign-up" in flood.describe(seen)
        flood.clear(arena, organiser, minutes=seen.minutes, since=seen.since, up_to=seen.up_to)
    assert list(theme.signup_offer.signups.values_list("participant", flat=True)) == [kept.pk]


def test_the_notes_of_an_arena_for_a_report(arena, organiser, facilitator, meeting, theme):
    from sessions import signups

    for client, text in ((client_for(facilitator), "Først"), (client_for(organiser), "Så")):
        client.post(reverse("signups:notes", args=[arena.pk, meeting.pk]), {"text": text})
    [(item, notes)] = signups.arena_notes(arena)
    assert item == meeting
    assert [(n.text, n.author) for n in notes] == [("Først", facilitator), ("Så", organiser)]
