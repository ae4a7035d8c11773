"""The council's inputs as the staff record them, and where they go next:
the strategy workspace lists them, traced to their discussion."""

import datetime

import pytest
from django.urls import reverse

from arena.models import Format, Membership, Role
from arena.services import create_arena
from reports.models import CouncilInput, Strategy
from sessions.models import AgendaItem, ItemKind
from tests.personas import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(organiser):
    arena = create_arena(
        organiser,
        start_date=datetime.date(2026, 12, 3),
        number_of_days=1,
        title="Nasjonalt råd",
        format=Format.COUNCIL,
    )
    day = arena.days.get()

    def add(kind, title, start, end, **fields):
        return AgendaItem.objects.create(
            day=day,
            kind=kind,
            title=title,
            start=datetime.time.fromisoformat(start),
            end=datetime.time.fromisoformat(end),
            **fields,
        )

    intro1 = add(ItemKind.INTRODUCTION, "Brukerinvolvering", "09:10", "09:15", presenters="A, B")
    first = add(ItemKind.DISCUSSION, "Diskusjon", "09:15", "09:30", follows=intro1)
    intro2 = add(
        ItemKind.INTRODUCTION, "Digitale verktøy", "09:30", "09:35", presenters="Siri Holm"
    )
    second = add(ItemKind.DISCUSSION, "Diskusjon", "09:35", "09:50", follows=intro2)
    return arena, first, second


def _url(arena, item):
    return reverse("reports:council_discussion", args=[arena.pk, item.pk])


def _numbers(item):
    return list(item.council_inputs.order_by("position").values_list("number", "title"))


def test_paste_lines_into_a_discussion_and_get_numbered_inputs(meeting, organiser):
    arena, _first, second = meeting
    client = client_for(organiser, language="en")
    index = client.get(reverse("reports:council", args=[arena.pk])).content.decode()
    assert "Discussion 2" in index and _url(arena, second) in index
    page = client.get(_url(arena, second)).content.decode()
    assert "Discussion 2: Digitale verktøy" in page
    assert "Introduced by Siri Holm" in page

    response = client.post(
        _url(arena, second),
        {"lines": "1. Felles plattform\n1.1 Juridiske avklaringer\n2. Portal over tilbud"},
    )
    assert response.status_code == 302
    assert _numbers(second) == [
        ("1", "Felles plattform"),
        ("1.1", "Juridiske avklaringer"),
        ("2", "Portal over tilbud"),
    ]
    # lines without numbers continue after the last top-level number; "2.1" stays as typed
    client.post(
        _url(arena, second), {"lines": "Kvalitetsregister\n2.1 Oppdatert\n  - Styringsdata"}
    )
    assert _numbers(second)[3:] == [
        ("3", "Kvalitetsregister"),
        ("2.1", "Oppdatert"),
        ("3.1", "Styringsdata"),
    ]


def test_a_number_used_twice_is_refused_and_the_text_stays(meeting, organiser):
    arena, first, _second = meeting
    client = client_for(organiser, language="en")
    client.post(_url(arena, first), {"lines": "1. Først"})
    response = client.post(_url(arena, first), {"lines": "1. Igjen\n2. Nytt"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "These numbers are used already in this discussion: 1." in text
    assert "1. Igjen\n2. Nytt" in text
    assert _numbers(first) == [("1", "Først")]


def test_edit_reorder_and_delete_an_input(meeting, facilitator):
    arena, first, _second = meeting
    Membership.objects.create(arena=arena, user=facilitator, role=Role.FACILITATOR)
    client = client_for(facilitator, language="en")
    client.post(_url(arena, first), {"lines": "1. En\n2. To\n3. Tre"})
    one, two, three = first.council_inputs.order_by("position")

    edit = reverse("reports:council_input_edit", args=[arena.pk, two.pk])
    response = client.post(edit, {"number": "1.2.x", "title": "To", "text": ""})
    assert response.status_code == 400
    assert "Write the number like 1, 1.2 or 1.2.3." in response.content.decode()
    response = client.post(edit, {"number": "1.1", "title": "To, bedre", "text": "Mer"})
    assert response.status_code == 302

    move = reverse("reports:council_input_move", args=[arena.pk, three.pk])
    client.post(move, {"direction": "up"})
    assert _numbers(first) == [("1", "En"), ("3", "Tre"), ("1.1", "To, bedre")]

    delete = reverse("reports:council_input_delete", args=[arena.pk, three.pk])
    confirm = client.get(delete).content.decode()
    assert "the council&#x27;s input 3 “Tre”" in confirm
    assert client.post(delete).status_code == 302
    assert _numbers(first) == [("1", "En"), ("1.1", "To, bedre")]


def test_a_discussion_with_inputs_is_not_deleted_by_accident(meeting, organiser):
    arena, first, _second = meeting
    client = client_for(organiser, language="en")
    client.post(_url(arena, first), {"lines": "1. En"})
    response = client.post(reverse("programme:agenda_delete", args=[arena.pk, first.pk]))
    assert response.status_code == 409
    assert "council input" in response.content.decode()
    assert AgendaItem.objects.filter(pk=first.pk).exists()


def test_only_in_council_meetings_and_only_for_staff(meeting, arena, organiser, support):
    council_arena, first, _second = meeting
    client = client_for(organiser, language="en")
    assert client.get(reverse("reports:council", args=[arena.pk])).status_code == 404
    Membership.objects.create(arena=council_arena, user=support, role=Role.SUPPORT)
    assert client_for(support).get(_url(council_arena, first)).status_code == 403


def test_the_strategy_lists_council_inputs_with_their_chain(meeting, organiser):
    arena, _first, second = meeting
    client = client_for(organiser, language="en")
    client.post(_url(arena, second), {"lines": "1. Felles plattform\n1.1 Juridisk\n2. Portal"})
    strategy = Strategy.objects.create(title="Strategien", created_by=organiser)
    strategy.arenas.add(arena)
    platform = CouncilInput.objects.get(number="1")

    detail = client.get(reverse("strategy:detail", args=[strategy.pk]))
    assert detail.status_code == 200
    page = client.get(reverse("strategy:input", args=[strategy.pk, f"c{platform.pk}"]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Felles plattform" in text
    assert "Discussion 2: Diskusjon, 09:35–09:50" in text
    assert "Digitale verktøy, 09:30–09:35" in text  # the introduction
    assert "Siri Holm" in text
    assert "Nasjonalt råd" in text
    # a council input is tagged with a pillar like any other (#13)
    assert 'id="tag-form"' in text
    pillar = strategy.pillars.create(title="Kvalitet")
    response = client.post(
        reverse("strategy:inputs", args=[strategy.pk]),
        {"items": [f"c{platform.pk}"], "pillar": pillar.pk, "action": "tag"},
    )
    assert response.status_code == 302
    assert pillar.tags.get().council_input == platform


def test_the_strategy_inputs_list_shows_council_inputs(meeting, organiser):
    arena, _first, second = meeting
    client = client_for(organiser, language="en")
    client.post(_url(arena, second), {"lines": "1. Felles plattform"})
    strategy = Strategy.objects.create(title="Strategien", created_by=organiser)
    strategy.arenas.add(arena)
    text = client.get(reverse("strategy:inputs", args=[strategy.pk])).content.decode()
    assert "Council meeting, discussion 2: Digitale verktøy" in text


def test_strategy_queries_stay_the_same_for_few_and_many_council_inputs(meeting, organiser):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    arena, first, second = meeting
    client = client_for(organiser, language="en")
    strategy = Strategy.objects.create(title="Strategien", created_by=organiser)
    strategy.arenas.add(arena)
    client.post(_url(arena, first), {"lines": "1. En"})
    url = reverse("strategy:detail", args=[strategy.pk])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    client.post(_url(arena, first), {"lines": "To\nTre\n  Fire"})
    client.post(_url(arena, second), {"lines": "1. A\n2. B"})
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
