import datetime

import pytest
from django.core import signing
from django.urls import reverse

from arena import participants, services
from arena.models import (
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    ROLE_CAPABILITIES,
    Arena,
    Capability,
    Membership,
    Participant,
    Role,
    new_join_code,
    normalise_join_code,
)
from tests.personas import client_for


def test_join_codes_are_long_unambiguous_and_distinct():
    codes = {new_join_code() for _ in range(2000)}
    assert len(codes) == 2000
    for code in codes:
        assert len(code) == JOIN_CODE_LENGTH
        assert set(code) <= set(JOIN_CODE_ALPHABET)
        assert not set(code) & set("01IOL")


def test_join_code_normalises_what_people_type():
    assert normalise_join_code(" k7qm-3fxr ") == "K7QM3FXR"
    assert normalise_join_code("") == ""
    assert normalise_join_code(None) == ""


def test_arena_shows_join_code_in_two_groups(arena):
    shown = arena.display_join_code
    assert shown.replace("-", "") == arena.join_code and shown[4] == "-"


def test_new_arena_has_days_perspectives_and_its_creator_as_organiser(organiser):
    arena = services.create_arena(
        organiser, start_date=datetime.date(2026, 1, 5), number_of_days=3, title="A"
    )
    assert [d.date.day for d in arena.days.all()] == [5, 6, 7]
    assert arena.perspectives.count() == 8
    assert Membership.objects.get(arena=arena).role == Role.ORGANISER


def test_roles_capabilities_match_what_each_role_should_see():
    assert ROLE_CAPABILITIES[Role.ORGANISER] == set(Capability.values)
    assert Capability.MANAGE not in ROLE_CAPABILITIES[Role.FACILITATOR]
    assert Capability.FACILITATE in ROLE_CAPABILITIES[Role.FACILITATOR]
    assert ROLE_CAPABILITIES[Role.SUPPORT] == {Capability.VIEW, Capability.DOCUMENT}
    assert ROLE_CAPABILITIES[Role.READER] == {Capability.VIEW, Capability.READ_REPORT}


def test_arenas_for_user_only_lists_own(arena, stranger, reader):
    assert list(Arena.objects.for_user(reader)) == [arena]
    assert list(Arena.objects.for_user(stranger)) == []


def test_invitation_accepted_gives_role_and_closes(arena, organiser, stranger):
    invitation = services.invite(arena, organiser, role=Role.FACILITATOR, email="f@example.org")
    membership = services.accept_invitation(invitation, stranger)
    assert membership.role == Role.FACILITATOR
    invitation.refresh_from_db()
    assert invitation.accepted_by == stranger and not invitation.is_open


def test_invitation_never_demotes(arena, organiser):
    invitation = services.invite(arena, organiser, role=Role.READER)
    membership = services.accept_invitation(invitation, organiser)
    assert membership.role == Role.ORGANISER


def test_invitation_expires(arena, organiser, settings):
    invitation = services.invite(arena, organiser, role=Role.READER)
    assert invitation.is_open
    settings.INVITATION_MAX_AGE = -1
    assert not invitation.is_open


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


# --- participants' tokens -------------------------------------------------


def test_participant_token_round_trips(participant, arena):
    token = participants.make_token(participant)
    assert participants.read_token(token, arena) == participant


def test_forged_token_is_refused(participant, arena):
    token = participants.make_token(participant)
    assert participants.read_token(token[:-2] + "xx", arena) is None
    forged = signing.dumps(
        {"a": arena.pk, "p": participant.pk, "k": "guess"}, salt=participants.SALT
    )
    assert participants.read_token(forged, arena) is None
    assert participants.read_token("", arena) is None
    assert participants.read_token("garbage", arena) is None


def test_token_for_another_arena_is_refused(participant, other_organiser):
    other = Arena.objects.for_user(other_organiser).get()
    assert participants.read_token(participants.make_token(participant), other) is None


def test_expired_token_is_refused(participant, arena, settings):
    token = participants.make_token(participant)
    settings.PARTICIPANT_TOKEN_MAX_AGE = -1
    assert participants.read_token(token, arena) is None


def test_withdrawn_participant_token_stops_working(participant, arena):
    token = participants.make_token(participant)
    participant.key = "new-key"
    participant.save()
    assert participants.read_token(token, arena) is None


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


def test_participant_page_without_token_sends_back_to_join(arena):
    response = client_for().get(reverse("participant_home", args=[arena.join_code]))
    assert response["Location"].startswith(f"{reverse('join')}?code={arena.join_code}")


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


def test_participant_sees_arena_language_until_choosing(arena, participant):
    arena.language = "en"
    arena.save()
    phone = client_for(participant=participant)
    response = phone.get(reverse("participant_home", args=[arena.join_code]))
    assert '<html lang="en"' in response.content.decode()
    phone.post(reverse("set_language"), {"language": "nn"})
    response = phone.get(reverse("participant_home", args=[arena.join_code]))
    assert '<html lang="nn"' in response.content.decode()


def test_ui_is_bokmal_by_default_whatever_the_browser_says(db):
    response = client_for().get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="nb"' in response.content.decode()
    response = client_for(language="en").get(reverse("home"))
    assert '<html lang="en"' in response.content.decode()
