"""The door (arena.door): the facilitator's page, the pause switch and the
flood clean-up's confirmation (the flood rules: tests/trust/test_flood.py)."""

from django.urls import reverse

from arena.models import AuditEntry
from tests.personas import client_for


def test_the_door_counts_personas_and_bare_phones(arena, facilitator, participant):
    response = client_for(facilitator, language="en").get(reverse("arena:door", args=[arena.pk]))
    assert response.status_code == 200
    assert response.context["personas"] + response.context["bare"] == 1


def test_pausing_goes_back_to_the_wall_it_came_from(arena, facilitator):
    staff = client_for(facilitator, language="en")
    wall = reverse("proposals:wall", args=[arena.pk])
    response = staff.post(reverse("arena:joining", args=[arena.pk]), {"paused": "1", "next": wall})
    assert response.status_code == 302 and response["Location"] == wall
    arena.refresh_from_db()
    assert arena.joining_paused
    assert AuditEntry.objects.filter(arena=arena, verb="pause_joining").exists()
    elsewhere = staff.post(
        reverse("arena:joining", args=[arena.pk]), {"paused": "0", "next": "https://x.test/"}
    )
    assert elsewhere["Location"] == reverse("arena:door", args=[arena.pk])


def test_a_garbage_count_in_the_flood_confirmation_is_refused(arena, facilitator):
    url = reverse("arena:flood_remove", args=[arena.pk])
    staff = client_for(facilitator, language="en")
    for up_to in ["", "x", "1e3", "²", "-1"]:
        response = staff.post(url, {"since": "1700000000", "up_to": up_to, "minutes": "30"})
        assert response.status_code == 400, up_to


def test_the_door_answers_only_its_methods(arena, facilitator):
    staff = client_for(facilitator, language="en")
    assert staff.post(reverse("arena:door", args=[arena.pk])).status_code == 405
    assert staff.get(reverse("arena:joining", args=[arena.pk])).status_code == 405
