import datetime

import pytest
from django.urls import reverse

from arena import services
from arena.models import (
    Arena,
    Membership,
    Participant,
    Perspective,
    Role,
)
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


def test_day_on_same_date_is_refused(arena, organiser):
    response = client_for(organiser).post(
        reverse("arena:day_add", args=[arena.pk]), {"date": arena.days.first().date.isoformat()}
    )
    assert response.context["form"].errors["date"]


def test_invitation_accepted_gives_role_and_closes(arena, organiser, stranger):
    invitation = services.invite(arena, organiser, role=Role.FACILITATOR, email="f@example.org")
    membership = services.accept_invitation(invitation, stranger)
    assert membership.role == Role.FACILITATOR
    invitation.refresh_from_db()
    assert invitation.accepted_by == stranger and not invitation.is_open


def test_revoked_invitation_link_says_it_is_closed(arena, organiser):
    invitation = services.invite(arena, organiser, role=Role.READER)
    services.revoke_invitation(invitation)
    response = client_for().get(invitation.get_absolute_url())
    assert response.status_code == 410
    assert not Membership.objects.filter(arena=arena, role=Role.READER).exists()


def test_invited_person_makes_account_and_gets_role(arena, organiser):
    invitation = services.invite(arena, organiser, role=Role.SUPPORT)
    client = client_for()
    response = client.post(
        invitation.get_absolute_url(),
        {
            "username": "nina",
            "email": "",
            "password1": "x-Very-long-9!",
            "password2": "x-Very-long-9!",
        },
    )
    assert response.status_code == 302
    assert Membership.objects.get(arena=arena, user__username="nina").role == Role.SUPPORT
    assert client.get(arena.get_absolute_url()).status_code == 200


def test_signup_with_mismatched_passwords_keeps_what_was_typed(arena, organiser):
    invitation = services.invite(arena, organiser, role=Role.SUPPORT)
    response = client_for().post(
        invitation.get_absolute_url(),
        {
            "username": "nina",
            "email": "n@example.org",
            "password1": "x-Very-long-9!",
            "password2": "no",
        },
    )
    assert response.status_code == 200
    assert 'value="nina"' in response.content.decode()
    assert response.context["form"].errors["password2"]


def test_last_organiser_cannot_be_removed(arena, organiser):
    membership = Membership.objects.get(arena=arena, user=organiser)
    with pytest.raises(services.LastOrganiserError):
        services.remove_member(membership)
    response = client_for(organiser).post(
        reverse("arena:member_remove", args=[arena.pk, membership.pk])
    )
    assert response.status_code == 302
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_scanning_the_qr_joins_once_per_phone(arena):
    client = client_for()
    assert client.get(reverse("join_code", args=[arena.join_code])).status_code == 200
    first = client.post(reverse("join_code", args=[arena.join_code]))  # the Join button
    assert first.status_code == 302
    assert first["Location"] == reverse("participant_home", args=[arena.join_code])
    assert client.get(reverse("join_code", args=[arena.join_code]))["Location"] == first["Location"]
    client.post(reverse("join_code", args=[arena.join_code]))
    assert Participant.objects.filter(arena=arena).count() == 1
    assert client.get(first["Location"]).status_code == 200


def test_scanning_a_group_sheet_before_joining_lands_on_the_group(arena, organiser):
    from proposals import services as wall
    from proposals.models import Topic
    from sessions.models import AgendaItem

    session = AgendaItem.objects.for_arena(arena).sessions().first()
    topic = Topic.objects.create(arena=arena, title="Gruppen")
    group = wall.place_topic(topic, session, arena.spaces.first(), organiser)
    phone = client_for()
    group_url = reverse("phone:group", args=[arena.join_code, group.pk])
    page = phone.get(group_url, follow=True)  # → join (code known) → the Join button
    assert page.status_code == 200 and f'value="{group_url}"' in page.content.decode()
    response = phone.post(reverse("join_code", args=[arena.join_code]), {"next": group_url})
    assert response["Location"] == group_url
    response = phone.get(group_url)
    assert response.status_code == 200 and "Gruppen" in response.content.decode()
    typed = client_for()  # typing the code keeps where the person was going
    joined = typed.post(reverse("join"), {"code": arena.join_code, "next": group_url})
    assert joined["Location"] == group_url


def test_join_never_redirects_off_the_arena(arena):
    phone = client_for()
    for target in ["https://evil.example/", "//evil.example/p/", "/a/1/", "/p/OTHERCODE/"]:
        url = reverse("join_code", args=[arena.join_code])
        assert f'value="{target}"' not in phone.get(url + f"?next={target}").content.decode()
        joined = phone.post(url + f"?next={target}", {"next": target})
        assert joined["Location"] == reverse("participant_home", args=[arena.join_code])


def test_typed_code_with_dash_and_lower_case_joins(arena):
    typed = arena.display_join_code.lower()
    response = client_for().post(reverse("join"), {"code": typed})
    assert response["Location"] == reverse("participant_home", args=[arena.join_code])
    assert Participant.objects.filter(arena=arena).count() == 1


def test_unknown_join_code_says_so_plainly_and_keeps_it(db):
    response = client_for(language="en").post(reverse("join"), {"code": "nope-1234"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "No arena has the code" in body
    assert 'value="nope-1234"' in body


def test_unknown_code_in_qr_link_is_404_with_message(db):
    response = client_for(language="en").get(reverse("join_code", args=["ZZZZZZZZ"]))
    assert response.status_code == 404
    assert "No arena has the code" in response.content.decode()


def test_qr_code_is_svg_of_the_join_link(arena, organiser):
    response = client_for(organiser).get(reverse("arena:qr", args=[arena.pk]))
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<svg")


def test_renewed_join_code_keeps_joined_phones(arena, organiser, participant):
    old = arena.join_code
    client_for(organiser).post(reverse("arena:join_code_renew", args=[arena.pk]))
    arena.refresh_from_db()
    assert arena.join_code != old
    phone = client_for(participant=participant)
    assert phone.get(reverse("participant_home", args=[arena.join_code])).status_code == 200
    assert client_for().get(reverse("join_code", args=[old])).status_code == 404


def test_ui_is_bokmal_by_default_whatever_the_browser_says(db):
    response = client_for().get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="nb"' in response.content.decode()
    response = client_for(language="en").get(reverse("home"))
    assert '<html lang="en"' in response.content.decode()


def test_the_organiser_enters_the_head_count_and_a_wrong_one_is_explained(arena, organiser):
    client = client_for(organiser, language="en")
    url = reverse("arena:edit", args=[arena.pk])
    fields = {
        "title": arena.title,
        "theme": arena.theme,
        "guiding_questions": arena.guiding_questions,
        "venue": arena.venue,
        "format": arena.format,
        "language": arena.language,
    }
    refused = client.post(url, {**fields, "registered_count": "-3", "attending_count": "abc"})
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "greater than or equal to 0" in page and "Enter a whole number" in page
    assert 'value="abc"' in page  # what was typed stays
    client.post(url, {**fields, "registered_count": "210", "attending_count": "183"})
    arena.refresh_from_db()
    assert (arena.registered_count, arena.attending_count) == (210, 183)
