"""Challenge groups' screens (proposals.challenge_views) as people use them:
an owner registers on the public page, invites a member, the organiser
approves with a facilitator, a room and three sessions, the wall keeps the
later cells, the facilitator sees the step of each session. The fixtures and
helpers: conftest.py."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from proposals import challenge_cells, challenges
from proposals.models import ChallengeRegistration, ChallengeStatus, Group, Topic, WallAction
from tests.helpers import make_group
from tests.personas import client_for

from .conftest import REGISTRATION, approve, register, register_url, three_sessions

pytestmark = pytest.mark.usefixtures("_clear_rate_limits")


# --- the owner -------------------------------------------------------------------------


def test_owner_registers_and_gets_a_private_page(challenge_arena, visitor):
    page = visitor.get(register_url(challenge_arena))
    assert page.status_code == 200
    assert "Register a challenge group" in page.content.decode()

    response = register(visitor, challenge_arena)
    registration = ChallengeRegistration.objects.get()
    assert registration.owner == "Eva Eier" and registration.status == ChallengeStatus.PENDING
    assert response.status_code == 302
    assert registration.token in response["Location"]
    assert len(registration.token) >= 40 and registration.token != registration.invite_token

    owner_page = visitor.get(response["Location"])
    html = owner_page.content.decode()
    assert owner_page.status_code == 200
    assert "Sykmeldte venter for lenge på hjelp." in html
    assert registration.invite_token in html  # the invitation link to share
    assert owner_page["Referrer-Policy"] == "same-origin"


def test_a_too_long_field_is_refused_and_what_was_typed_stays(challenge_arena, visitor):
    long_title = "T" * 201
    response = register(visitor, challenge_arena, title=long_title)
    html = response.content.decode()
    assert response.status_code == 200
    assert "at most 200 characters" in html
    assert long_title in html  # the title as typed
    assert "Sykmeldte venter for lenge på hjelp." in html  # and the other fields
    assert not ChallengeRegistration.objects.exists()


def test_the_owner_page_is_not_found_with_a_wrong_token(challenge_arena, visitor):
    register(visitor, challenge_arena)
    registration = ChallengeRegistration.objects.get()
    code = challenge_arena.join_code
    wrong = reverse("challenge_public:owner", args=[code, registration.token[:-1] + "x"])
    assert visitor.get(wrong).status_code == 404
    # the invitation token does not open the owner's page
    invite = reverse("challenge_public:owner", args=[code, registration.invite_token])
    assert visitor.get(invite).status_code == 404


def test_no_registration_page_for_an_open_space_arena(arena, visitor):
    assert visitor.get(register_url(arena)).status_code == 404
    assert visitor.post(register_url(arena), REGISTRATION).status_code == 404
    assert not ChallengeRegistration.objects.exists()


def test_registering_is_rate_limited_per_arena(challenge_arena, visitor, monkeypatch):
    monkeypatch.setattr(challenges, "REGISTER_LIMIT", 2)
    for n in range(2):
        assert register(visitor, challenge_arena, title=f"Tema {n}").status_code == 302
    response = register(visitor, challenge_arena, title="Én for mye")
    assert response.status_code == 429
    assert "Retry-After" in response
    html = response.content.decode()
    assert "Many challenges were registered in a short while" in html
    assert "Én for mye" in html  # kept
    assert ChallengeRegistration.objects.count() == 2


def test_pending_registrations_are_capped(challenge_arena, visitor, monkeypatch):
    monkeypatch.setattr(challenges, "PENDING_MAX", 1)
    register(visitor, challenge_arena)
    response = register(visitor, challenge_arena, title="Nummer to")
    assert response.status_code == 429
    assert ChallengeRegistration.objects.count() == 1


# --- members -----------------------------------------------------------------------------


def test_a_member_joins_through_the_invitation(challenge_arena, visitor):
    register(visitor, challenge_arena)
    registration = ChallengeRegistration.objects.get()
    owner_page = visitor.get(
        reverse("challenge_public:owner", args=[challenge_arena.join_code, registration.token])
    ).content.decode()
    invitation = re.search(r'value="(https?://[^"]+/invitation/[^"]+/)"', owner_page)[1]
    path = invitation.split("127.0.0.1", 1)[1] if "127.0.0.1" in invitation else invitation

    member = client_for(language="en")  # another person, another browser
    page = member.get(path)
    assert page.status_code == 200
    assert "Eva Eier, Nav Testby invites you" in page.content.decode()
    response = member.post(path, {"name": "Mons Medlem", "organisation": "Helse Vest"})
    assert response.status_code == 302 and response["Location"] == f"{path}?joined=1"
    joined = member.get(response["Location"]).content.decode()
    # Joined: the message, and the form folded away for someone else on this phone.
    assert "You are in the challenge group" in joined
    assert "<summary>Add someone else to the group</summary>" in joined
    # the same name twice is one member
    member.post(path, {"name": "mons medlem", "organisation": "Helse Vest"})
    assert [m.display for m in registration.members.all()] == ["Mons Medlem, Helse Vest"]

    owner_page = visitor.get(
        reverse("challenge_public:owner", args=[challenge_arena.join_code, registration.token])
    ).content.decode()
    assert "Mons Medlem, Helse Vest" in owner_page


def test_a_member_name_too_long_is_kept_with_a_message(challenge_arena, visitor):
    register(visitor, challenge_arena)
    registration = ChallengeRegistration.objects.get()
    path = reverse(
        "challenge_public:invitation", args=[challenge_arena.join_code, registration.invite_token]
    )
    long_name = "N" * 81
    response = visitor.post(path, {"name": long_name, "organisation": "Org"})
    assert response.status_code == 200
    assert "at most 80 characters" in response.content.decode()
    assert long_name in response.content.decode()
    assert not registration.members.exists()


def test_joins_are_capped_per_group(challenge_arena, visitor, monkeypatch):
    monkeypatch.setattr(challenges, "MEMBERS_MAX", 1)
    register(visitor, challenge_arena)
    registration = ChallengeRegistration.objects.get()
    path = reverse(
        "challenge_public:invitation", args=[challenge_arena.join_code, registration.invite_token]
    )
    visitor.post(path, {"name": "En"})
    response = visitor.post(path, {"name": "To"})
    assert response.status_code == 429
    assert registration.members.count() == 1


# --- the organiser, the wall, the facilitator ----------------------------------------------


def test_the_whole_way_onto_the_wall(challenge_arena, visitor, organiser, facilitator):
    arena = challenge_arena
    register(visitor, arena)
    registration = ChallengeRegistration.objects.get()
    staff = client_for(organiser, language="en")

    listing = staff.get(reverse("challenges:list", args=[arena.pk])).content.decode()
    assert "Effektiv tidlig oppfølging" in listing and "Eva Eier, Nav Testby" in listing
    detail = staff.get(reverse("challenges:detail", args=[arena.pk, registration.pk]))
    assert "Approve and put on the wall" in detail.content.decode()
    assert "frank" in detail.content.decode()  # the facilitator is offered

    sessions = three_sessions(arena)
    assert len(sessions) == 3
    space = arena.spaces.get(number=2)
    response = approve(staff, arena, registration, facilitator, space, sessions)
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == ChallengeStatus.APPROVED
    assert registration.facilitator == facilitator
    listing = staff.get(reverse("challenges:list", args=[arena.pk])).content.decode()
    assert "<td>1.2</td>" in listing  # its cell on the wall
    detail = staff.get(reverse("challenges:detail", args=[arena.pk, registration.pk]))
    assert "Session 3" in detail.content.decode()
    assert "Approve and put on the wall" not in detail.content.decode()

    # one group, in the first session's cell of its room, through the wall's verbs
    group = Group.objects.get()
    assert (group.session, group.space) == (sessions[0], space)
    assert group.topic == registration.topic
    assert WallAction.objects.filter(arena=arena, verb="place").count() == 1
    wall = staff.get(reverse("proposals:wall", args=[arena.pk])).content.decode()
    assert "Effektiv tidlig oppfølging" in wall

    # the later cells are kept for it
    kept = challenge_cells.reserved_cells(arena)
    assert set(kept) == {(sessions[1].pk, space.pk), (sessions[2].pk, space.pk)}

    # and the wall refuses another topic there, with a clear message
    other = Topic.objects.create(arena=arena, title="Et annet tema", status="read_out")
    refused = staff.post(
        reverse("proposals:topic_place", args=[arena.pk, other.pk]),
        {"cell": f"{sessions[1].pk}-{space.pk}"},
        HTTP_HX_REQUEST="true",
    )
    assert "2.2 is kept for the challenge group “Effektiv tidlig oppfølging”" in (
        refused.content.decode()
    )
    assert not Group.objects.filter(topic=other).exists()
    # another cell is fine
    staff.post(
        reverse("proposals:topic_place", args=[arena.pk, other.pk]),
        {"cell": f"{sessions[1].pk}-{arena.spaces.get(number=1).pk}"},
        HTTP_HX_REQUEST="true",
    )
    assert Group.objects.filter(topic=other).exists()


def test_approving_into_a_taken_cell_is_refused(challenge_arena, visitor, organiser, facilitator):
    arena = challenge_arena
    register(visitor, arena)
    registration = ChallengeRegistration.objects.get()
    sessions = three_sessions(arena)
    space = arena.spaces.get(number=1)
    make_group(arena, sessions[2], space, "Allerede her")
    response = approve(
        client_for(organiser, language="en"), arena, registration, facilitator, space, sessions
    )
    assert response.status_code == 409
    assert "Cell 3.1 is taken by “Allerede her”" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == ChallengeStatus.PENDING
    assert (
        Group.objects.count() == 1
        and not Topic.objects.filter(title=REGISTRATION["title"]).exists()
    )


def test_approve_needs_a_facilitator_of_the_arena(challenge_arena, visitor, organiser, stranger):
    arena = challenge_arena
    register(visitor, arena)
    registration = ChallengeRegistration.objects.get()
    response = approve(
        client_for(organiser, language="en"),
        arena,
        registration,
        stranger,
        arena.spaces.first(),
        three_sessions(arena),
    )
    assert response.status_code == 422
    assert "Select a valid choice" in response.content.decode()
    assert not Group.objects.exists()


def test_only_the_organiser_sees_the_list(challenge_arena, facilitator):
    url = reverse("challenges:list", args=[challenge_arena.pk])
    assert client_for(facilitator).get(url).status_code == 403


def test_decline(challenge_arena, visitor, organiser):
    register(visitor, challenge_arena)
    registration = ChallengeRegistration.objects.get()
    staff = client_for(organiser, language="en")
    staff.post(reverse("challenges:decline", args=[challenge_arena.pk, registration.pk]))
    registration.refresh_from_db()
    assert registration.status == ChallengeStatus.DECLINED
    path = reverse(
        "challenge_public:invitation",
        args=[challenge_arena.join_code, registration.invite_token],
    )
    visitor.post(path, {"name": "Sen Medlem"})
    assert not registration.members.exists()


def test_the_facilitator_sees_the_step_of_each_session(
    challenge_arena, visitor, organiser, facilitator, monkeypatch
):
    arena = challenge_arena
    register(visitor, arena)
    registration = ChallengeRegistration.objects.get()
    sessions = three_sessions(arena)
    space = arena.spaces.get(number=3)
    approve(client_for(organiser), arena, registration, facilitator, space, sessions)
    group = Group.objects.get()

    # the clock in the middle of session 2
    second = sessions[1]
    during = timezone.make_aware(datetime.datetime.combine(second.day.date, datetime.time(15, 0)))
    monkeypatch.setattr(timezone, "now", lambda: during)

    me = client_for(facilitator, language="en")
    mine = me.get(reverse("challenges:facilitating", args=[arena.pk])).content.decode()
    screen_url = reverse("challenges:facilitator", args=[arena.pk, registration.pk])
    assert screen_url in mine
    html = me.get(screen_url).content.decode()
    current = re.search(r'<li aria-current="step">(.*?)</li>', html, re.S)[1]
    assert "Session 2" in current and "step 2, Describe the problem" in current
    assert (
        "step 1, Desired result" in html
        and "step 3, From individual to collective learning" in html
    )
    assert reverse("reports:edit", args=[arena.pk, group.pk]) in html
