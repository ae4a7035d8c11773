from django.urls import reverse

from sessions.models import AgendaItem
from tests.personas import client_for


def test_overlapping_session_form_explains_and_keeps_input(arena, organiser):
    day = arena.days.first()
    response = client_for(organiser, language="en").post(
        reverse("programme:agenda_add", args=[arena.pk]),
        {
            "day": day.pk,
            "kind": "open_space",
            "title": "Kollisjon",
            "start": "14:00",
            "end": "15:00",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "overlaps" in body and 'value="Kollisjon"' in body
    assert not AgendaItem.objects.filter(title="Kollisjon").exists()


def test_plenary_with_presenters_and_stream(arena, organiser):
    day = arena.days.last()
    response = client_for(organiser).post(
        reverse("programme:agenda_add", args=[arena.pk]),
        {
            "day": day.pk,
            "kind": "plenary",
            "title": "Innledning",
            "start": "09:00",
            "end": "09:20",
            "presenters": "Kari Nordmann, Ola Nordmann",
            "stream_url": "https://example.org/stream",
        },
    )
    assert response.status_code == 302
    item = AgendaItem.objects.get(title="Innledning")
    assert item.presenter_list == ["Kari Nordmann", "Ola Nordmann"]


def test_day_query_parameter_garbage_is_ignored(arena, organiser):
    for value in ["abc", "99999", "-1", "1;drop"]:
        url = reverse("programme:agenda_add", args=[arena.pk]) + f"?day={value}"
        assert client_for(organiser).get(url).status_code == 200


def test_bad_times_are_explained(arena, organiser):
    response = client_for(organiser).post(
        reverse("programme:agenda_add", args=[arena.pk]),
        {
            "day": arena.days.first().pk,
            "kind": "plenary",
            "title": "T",
            "start": "25:00",
            "end": "",
        },
    )
    assert set(response.context["form"].errors) == {"start", "end"}


def test_space_number_must_be_unique_in_arena(arena, organiser):
    response = client_for(organiser).post(
        reverse("programme:spaces", args=[arena.pk]), {"number": "2", "name": "Multisal 2"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["number"]
    assert 'value="Multisal 2"' in response.content.decode()


def test_space_added_with_htmx_returns_only_the_list(arena, organiser):
    response = client_for(organiser).post(
        reverse("programme:spaces", args=[arena.pk]),
        {"number": "4", "name": "Multisal 2", "capacity": "30"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="space-list">')
    assert "Multisal 2" in body and "<html" not in body
