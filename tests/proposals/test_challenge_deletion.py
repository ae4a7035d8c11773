"""What deleting a session takes from an approved challenge group, named on
the confirmation (issue 9, item 1): the group works through its sessions
(``ChallengeRegistration.sessions``, a many-to-many link the collector
removes silently), so ``arena.deletion.name_lost_links`` names it."""

import pytest
from django.urls import reverse
from django.utils import translation

from arena import deletion
from arena.models import AuditEntry
from proposals import challenges
from proposals.models import ChallengeRegistration
from tests.personas import client_for

from .conftest import REGISTRATION, three_sessions

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(challenge_arena, organiser, facilitator):
    """Approved in space 1 for the three sessions: in cell 1.1, keeping 2.1 and 3.1."""
    fields = ("title", "problem", "desired_result", "owner")
    registration = challenges.register(challenge_arena, **{k: REGISTRATION[k] for k in fields})
    space = challenge_arena.spaces.order_by("number").first()
    challenges.approve(
        registration,
        organiser,
        facilitator=facilitator,
        space=space,
        sessions=three_sessions(challenge_arena),
    )
    return ChallengeRegistration.objects.get(pk=registration.pk)


def test_deleting_a_kept_session_names_the_group_on_the_page(challenge_arena, organiser, approved):
    later = three_sessions(challenge_arena)[1]
    url = reverse("programme:agenda_delete", args=[challenge_arena.pk, later.pk])
    html = client_for(organiser, language="en").get(url).content.decode()
    assert "The challenge group “Effektiv tidlig oppfølging” loses the session of cell 2.1" in html
    assert client_for(organiser).post(url).status_code == 302
    assert approved.sessions.count() == 2
    audit = AuditEntry.objects.get(arena=challenge_arena, verb="agenda_item.delete")
    assert "Effektiv tidlig oppfølging" in audit.detail  # the audit line says it too


def test_deleting_a_day_names_each_group_once_with_its_sessions(challenge_arena, approved):
    day2 = three_sessions(challenge_arena)[2].day
    with translation.override("en"):
        plan = deletion.plan_deletion(day2)
        [lost] = plan.unlinks
        assert "loses the session of cell 3.1 (the cell is no longer kept for it)" in lost.label
        assert lost in plan.removes and lost.label in plan.summary


def test_deleting_the_registration_itself_names_no_lost_link(approved):
    plan = deletion.plan_deletion(approved)
    assert plan.unlinks == []
    assert plan.removes  # the registration goes; its links with it, unnamed


def test_only_many_to_many_fields_can_be_named():
    with pytest.raises(ValueError):
        deletion.name_lost_links(ChallengeRegistration, "space", lambda row, gone: "")


def test_a_group_without_a_room_is_named_with_the_session(challenge_arena, approved):
    ChallengeRegistration.objects.filter(pk=approved.pk).update(space=None)
    later = three_sessions(challenge_arena)[1]
    with translation.override("en"):
        [lost] = deletion.plan_deletion(later).unlinks
    assert lost.label == (
        f"The challenge group “Effektiv tidlig oppfølging” loses the session “{later.title}”."
    )
