import datetime

from django.core import signing

from arena import participants, services
from arena.models import (
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    ROLE_CAPABILITIES,
    Arena,
    Capability,
    Membership,
    Role,
    new_join_code,
    normalise_join_code,
)


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


def test_invitation_never_demotes(arena, organiser):
    invitation = services.invite(arena, organiser, role=Role.READER)
    membership = services.accept_invitation(invitation, organiser)
    assert membership.role == Role.ORGANISER


def test_invitation_expires(arena, organiser, settings):
    invitation = services.invite(arena, organiser, role=Role.READER)
    assert invitation.is_open
    settings.INVITATION_MAX_AGE = -1
    assert not invitation.is_open


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
