import datetime

from django.urls import reverse

from arena.models import Arena, Membership, Perspective, Role
from sessions.models import AgendaItem, ItemKind
from tests.personas import client_for


def test_organiser_creates_arena_without_admin(organiser):
    response = client_for(organiser).post(
        reverse("arena_create"),
        {
            "title": "Åpen arena 2027",
            "theme": "Arbeid og helse",
            "guiding_questions": "Hva virker?\nHvem trengs?",
            "venue": "Drammen",
            "format": "challenge_groups",
            "language": "nn",
            "start_date": "2027-02-02",
            "number_of_days": "2",
        },
    )
    arena = Arena.objects.get(title="Åpen arena 2027")
    assert response["Location"] == arena.get_absolute_url()
    assert arena.format == "challenge_groups" and arena.language == "nn"
    assert arena.questions == ["Hva virker?", "Hvem trengs?"]
    assert [d.date for d in arena.days.all()] == [
        datetime.date(2027, 2, 2),
        datetime.date(2027, 2, 3),
    ]


def test_create_form_with_errors_keeps_input(organiser):
    response = client_for(organiser).post(
        reverse("arena_create"),
        {
            "title": "Mitt arena",
            "theme": "Tema",
            "start_date": "not a date",
            "number_of_days": "99",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) >= {"start_date", "number_of_days", "format", "language"}
    body = response.content.decode()
    assert 'value="Mitt arena"' in body and 'value="not a date"' in body


def test_person_without_create_right_cannot_create(stranger):
    assert client_for(stranger).get(reverse("arena_create")).status_code == 403


def test_copy_arena_carries_programme_not_people(arena, organiser, reader, participant):
    response = client_for(organiser).post(
        reverse("arena:copy", args=[arena.pk]), {"title": "Neste år", "start_date": "2027-03-09"}
    )
    copy = Arena.objects.get(title="Neste år")
    assert response["Location"] == copy.get_absolute_url()
    assert copy.copied_from == arena and copy.theme == arena.theme
    assert [d.date for d in copy.days.all()] == [
        datetime.date(2027, 3, 9),
        datetime.date(2027, 3, 10),
    ]
    assert AgendaItem.objects.filter(day__arena=copy).count() == 2
    assert copy.spaces.count() == 3
    assert copy.perspectives.count() == arena.perspectives.count()
    assert list(Membership.objects.filter(arena=copy).values_list("role", flat=True)) == [
        Role.ORGANISER
    ]
    assert copy.participants.count() == 0
    assert copy.join_code != arena.join_code


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


def test_perspective_catalogue_editable(arena, organiser):
    client = client_for(organiser)
    client.post(
        reverse("arena:perspectives", args=[arena.pk]), {"label": "Student", "colour": "#123456"}
    )
    perspective = Perspective.objects.get(arena=arena, label="Student")
    client.post(
        reverse("arena:perspective_edit", args=[arena.pk, perspective.pk]),
        {"label": "Studentperspektiv", "colour": "#654321"},
    )
    perspective.refresh_from_db()
    assert (perspective.label, perspective.colour) == ("Studentperspektiv", "#654321")
    response = client.post(
        reverse("arena:perspectives", args=[arena.pk]), {"label": "pårørende", "colour": "red"}
    )
    assert set(response.context["form"].errors) == {"label", "colour"}
    client.post(reverse("arena:perspective_delete", args=[arena.pk, perspective.pk]))
    assert not Perspective.objects.filter(pk=perspective.pk).exists()


def test_delete_asks_first(arena, organiser):
    space = arena.spaces.first()
    client = client_for(organiser)
    url = reverse("programme:space_delete", args=[arena.pk, space.pk])
    assert client.get(url).status_code == 200
    assert arena.spaces.filter(pk=space.pk).exists()
    client.post(url)
    assert not arena.spaces.filter(pk=space.pk).exists()


def test_invite_facilitator_shows_link(arena, organiser):
    client = client_for(organiser)
    response = client.post(
        reverse("arena:people", args=[arena.pk]),
        {"role": "facilitator", "name": "Fia", "email": ""},
    )
    assert response.status_code == 302
    invitation = arena.invitations.get()
    page = client.get(reverse("arena:people", args=[arena.pk])).content.decode()
    assert invitation.get_absolute_url() in page


def test_invite_with_bad_email_explains(arena, organiser):
    response = client_for(organiser).post(
        reverse("arena:people", args=[arena.pk]), {"role": "reader", "email": "not-an-email"}
    )
    assert response.context["form"].errors["email"]
    assert 'value="not-an-email"' in response.content.decode()


def test_arena_detail_shows_agenda_with_session_numbers(arena, reader):
    body = client_for(reader).get(arena.get_absolute_url()).content.decode()
    assert "Gruppesesjon 1" in body and "Gruppesesjon 2" in body
    assert arena.display_join_code in body
    assert reverse("arena:edit", args=[arena.pk]) not in body  # readers see no set-up links


def test_detail_costs_a_constant_number_of_queries(arena, organiser, django_assert_max_num_queries):
    client = client_for(organiser)
    client.get(arena.get_absolute_url())
    day = arena.days.last()
    for hour in range(8, 11):
        AgendaItem.objects.create(
            day=day,
            kind=ItemKind.PLENARY,
            title=f"P{hour}",
            start=datetime.time(hour),
            end=datetime.time(hour, 30),
        )
    with django_assert_max_num_queries(10):
        client.get(arena.get_absolute_url())


def test_not_found_page_is_friendly_and_translated(db):
    response = client_for(language="nn").get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert '<html lang="nn"' in body and 'id="language-select"' in body
