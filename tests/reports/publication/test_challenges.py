"""A challenge group's facts in the report: owner, facilitator, participants,
the problem and the desired result, as the 2016 report printed them."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from proposals import challenges
from proposals.models import ChallengeMember, ChallengeRegistration
from reports.publication.challenges import challenge_facts
from sessions.models import AgendaItem
from tests.helpers import make_group


def approved(arena, facilitator, space, title, members=()):
    registration = ChallengeRegistration.objects.create(
        arena=arena,
        title=title,
        problem=f"Problemet i {title}.",
        desired_result=f"Resultatet av {title}.",
        owner="Eva Eier",
        organisation="Nav Testby",
    )
    for name, organisation in members:
        ChallengeMember.objects.create(
            registration=registration, name=name, organisation=organisation
        )
    sessions = list(AgendaItem.objects.for_arena(arena).sessions().order_by("session_number"))
    group = challenges.approve(
        registration, None, facilitator=facilitator, space=space, sessions=sessions
    )
    return registration, group


@pytest.fixture
def named_facilitator(facilitator):
    facilitator.first_name, facilitator.last_name = "Frida", "Fasilitator"
    facilitator.save()
    return facilitator


def test_facts_of_each_group_in_two_queries(arena, named_facilitator, django_assert_num_queries):
    spaces = list(arena.spaces.order_by("number"))
    _r1, g1 = approved(
        arena,
        named_facilitator,
        spaces[0],
        "Jobbmotor",
        members=[("Mons Medlem", "Helse Vest"), ("Kari Deltaker", "")],
    )
    _r2, g2 = approved(arena, named_facilitator, spaces[1], "Brukerutvalg")
    plain = make_group(arena, arena_session(arena), spaces[2], "Et vanlig tema")

    with django_assert_num_queries(2):
        facts = challenge_facts([g1.pk, g2.pk, plain.pk])

    assert set(facts) == {g1.pk, g2.pk}  # an ordinary group has none
    first = facts[g1.pk]
    assert first.owner_display == "Eva Eier, Nav Testby"
    assert first.facilitator == "Frida Fasilitator"
    assert first.members == ["Mons Medlem, Helse Vest", "Kari Deltaker"]
    assert first.problem == "Problemet i Jobbmotor."
    assert first.desired_result == "Resultatet av Jobbmotor."
    assert facts[g2.pk].members == []


def arena_session(arena):
    return AgendaItem.objects.for_arena(arena).sessions().order_by("session_number").first()


def test_no_groups_no_queries(django_assert_num_queries, db):
    with django_assert_num_queries(0):
        assert challenge_facts([]) == {}


def test_the_partial_prints_the_facts(arena, named_facilitator):
    _registration, group = approved(
        arena,
        named_facilitator,
        arena.spaces.first(),
        "Jobbmotor",
        members=[("Mons Medlem", "Helse Vest")],
    )
    facts = challenge_facts([group.pk])[group.pk]
    with translation.override("en"):
        html = render_to_string("reports/_report_challenge.html", {"challenge": facts})
    assert '<dl class="group-facts challenge-facts">' in html
    for text in [
        "<dt>Owner</dt><dd>Eva Eier, Nav Testby</dd>",
        "<dt>Facilitator</dt><dd>Frida Fasilitator</dd>",
        "<dt>Participants</dt><dd>Mons Medlem, Helse Vest</dd>",
        "<dt>The problem</dt><dd>Problemet i Jobbmotor.</dd>",
        "<dt>Desired result</dt><dd>Resultatet av Jobbmotor.</dd>",
    ]:
        assert text in html
