from django.urls import reverse

from arena.models import Participant
from proposals import services
from proposals.models import Topic
from proposals.wall import build_wall
from tests.personas import client_for


def test_wall_warns_when_convener_is_twice_in_a_session(arena, sessions, spaces, organiser):
    # Named on the wall only with consent (tests/trust/test_consent.py)
    pia = Participant.objects.create(arena=arena, display_name="Pia", consent_named=True)
    for n, space in enumerate(spaces[:2]):
        topic = Topic.objects.create(arena=arena, convener=pia, title=f"T{n}")
        services.place_topic(topic, sessions[0], space, organiser)
    wall = build_wall(arena)
    flagged = [cell for cell in wall.groups if cell.double_booked]
    assert len(flagged) == 2 and flagged[0].double_booked == ["Pia"]


def test_wall_warns_over_capacity(arena, topics, sessions, spaces, organiser):
    spaces[0].capacity = 1
    spaces[0].save()
    group = services.place_topic(topics[0], sessions[0], spaces[0], organiser)
    for n in range(2):  # head-counts count people with a persona (tests/trust/test_flood.py)
        services.attend(Participant.objects.create(arena=arena, display_name=f"P{n}"), group)
    cell = build_wall(arena).cell(sessions[0].pk, spaces[0].pk)
    assert cell.headcount == 2 and cell.over_capacity


def _fill(arena, sessions, spaces, organiser, n):
    for i in range(n):
        topic = Topic.objects.create(arena=arena, title=f"T{i}", convener_name=f"C{i}")
        services.place_topic(topic, sessions[i % 2], spaces[i // 2], organiser)


def test_wall_costs_constant_queries(
    arena, sessions, spaces, organiser, django_assert_max_num_queries
):
    _fill(arena, sessions, spaces, organiser, 1)
    with django_assert_max_num_queries(6):
        build_wall(arena)
    _fill_more = Topic.objects.create(arena=arena, title="x", convener_name="y")
    services.place_topic(_fill_more, sessions[1], spaces[2], organiser)
    for i in range(2):
        services.place_topic(
            Topic.objects.create(arena=arena, title=f"m{i}"), sessions[i], spaces[1], organiser
        )
    with django_assert_max_num_queries(6):
        build_wall(arena)


def test_facilitator_wall_page_queries_do_not_grow(
    arena, sessions, spaces, organiser, django_assert_max_num_queries
):
    client = client_for(organiser)
    _fill(arena, sessions, spaces, organiser, 1)
    with django_assert_max_num_queries(20) as one:
        client.get(reverse("proposals:wall", args=[arena.pk]))
    for i in range(2):
        services.place_topic(
            Topic.objects.create(arena=arena, title=f"m{i}"), sessions[i], spaces[1], organiser
        )
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(reverse("proposals:wall", args=[arena.pk]))


def test_phone_wall_queries_do_not_grow(
    arena, sessions, spaces, organiser, participant, django_assert_max_num_queries
):
    client = client_for(participant=participant)
    _fill(arena, sessions, spaces, organiser, 1)
    with django_assert_max_num_queries(20) as one:
        client.get(reverse("phone:wall", args=[arena.join_code]))
    for i in range(2):
        services.place_topic(
            Topic.objects.create(arena=arena, title=f"m{i}"), sessions[i], spaces[1], organiser
        )
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(reverse("phone:wall", args=[arena.join_code]))
