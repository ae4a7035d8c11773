"""The café's re-mix screen (proposals.cafe_views): the challenges the tables
wrote in round 1 become groups of round 2, one per space. The fixtures
(``cafe_arena``, ``tables``, ``challenges``): conftest.py."""

import pytest
from django.urls import reverse

from proposals import cafe
from proposals.models import Group, Topic, TopicStatus, WallAction
from sessions.models import Space
from tests.helpers import make_group
from tests.personas import client_for


def _url(arena, **query):
    url = reverse("cafe:remix", args=[arena.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _post(client, arena, sessions, take, action="confirm", order=None):
    data = {"from": sessions[0].pk, "to": sessions[1].pk, "action": action, "take": take}
    for pk, number in (order or {}).items():
        data[f"order-{pk}"] = number
    return client.post(_url(arena), data)


def test_the_facilitator_sees_the_challenges_of_round_1_and_where_they_would_go(
    facilitator, cafe_arena, challenges
):
    response = client_for(facilitator, language="en").get(_url(cafe_arena))
    page = response.content.decode()
    assert response.status_code == 200
    assert "From “Runde 1” to “Runde 2”" in page
    assert "1.1 – 1</span> Ventetid hos fastlegen" in page
    assert "1.1 – 2</span> Ingen tar ansvar" in page
    assert "1.2 – 1</span> Tause overganger" in page
    assert "3 free spaces in “Runde 2”" in page
    assert '<th scope="col">Challenge</th>' in page  # the café's word for a topic
    assert Group.objects.filter(session__title="Runde 2").count() == 0  # a GET places nothing


def test_confirming_places_each_challenge_as_a_group_of_round_2_one_per_space(
    facilitator, cafe_arena, sessions, tables, challenges
):
    client = client_for(facilitator, language="en")
    response = _post(client, cafe_arena, sessions, [c.pk for c in challenges])
    assert response.status_code == 302
    assert response["Location"] == reverse("proposals:wall", args=[cafe_arena.pk])
    round2 = Group.objects.filter(session=sessions[1]).select_related("topic", "space")
    placed = {g.space.number: g.topic.title for g in round2}
    assert placed == {
        1: "Ventetid hos fastlegen",
        2: "Ingen tar ansvar",
        3: "Tause overganger mellom Nav og helse",
    }
    # traceable: each group's topic builds on the table it came from
    origin = {g.topic.title: g.topic.builds_on.group.code for g in round2}
    assert (
        origin["Ingen tar ansvar"] == "1.1"
        and origin["Tause overganger mellom Nav og helse"] == "1.2"
    )
    # through the wall's own verb: one WallAction per placement, for undo
    assert WallAction.objects.filter(arena=cafe_arena, verb="place").count() == 3
    page = client.get(reverse("proposals:wall", args=[cafe_arena.pk])).content.decode()
    assert "3 challenges are placed in “Runde 2”." in page
    # a second look lists them as placed, not as waiting
    again = client.get(_url(cafe_arena)).content.decode()
    assert "Already on the wall" in again and "→ 2.2" in again
    assert 'name="take"' not in again


def test_the_facilitator_leaves_one_out_and_reorders_after_checking(
    facilitator, cafe_arena, sessions, challenges
):
    client = client_for(facilitator, language="en")
    first, second, third = challenges
    order = {first.pk: 2, third.pk: 1}
    review = _post(client, cafe_arena, sessions, [first.pk, third.pk], "review", order)
    page = review.content.decode()
    assert review.status_code == 200
    assert page.index("Tause overganger") < page.index("Ventetid hos fastlegen")
    assert "left out" in page  # "Ingen tar ansvar" stays on the list, unticked
    assert not Group.objects.filter(session=sessions[1]).exists()  # a review places nothing
    _post(client, cafe_arena, sessions, [first.pk, third.pk], "confirm", order)
    placed = {
        g.space.number: g.topic.title
        for g in Group.objects.filter(session=sessions[1]).select_related("topic", "space")
    }
    assert placed == {1: "Tause overganger mellom Nav og helse", 2: "Ventetid hos fastlegen"}
    second.refresh_from_db()
    assert second.status == TopicStatus.READ_OUT  # left out: still waiting in the queue


def test_more_challenges_than_spaces_is_said_and_refused_until_some_are_left_out(
    facilitator, cafe_arena, sessions, tables, challenges
):
    extra = cafe.add_challenges(tables[2], ["Arbeidsgivere mangler kunnskap"])[0]
    client = client_for(facilitator, language="en")
    page = client.get(_url(cafe_arena)).content.decode()
    assert "4 challenges and 3 free spaces in “Runde 2”: leave out 1 challenge" in page
    every = [c.pk for c in challenges] + [extra.pk]
    refused = _post(client, cafe_arena, sessions, every)
    assert refused.status_code == 400
    assert "leave out 1 challenge" in refused.content.decode()
    assert not Group.objects.filter(session=sessions[1]).exists()  # nothing placed
    assert refused.content.decode().count("checked>") == 4  # the choice is kept
    ok = _post(client, cafe_arena, sessions, every[1:])
    assert ok.status_code == 302
    assert Group.objects.filter(session=sessions[1]).count() == 3


def test_a_space_taken_in_round_2_is_skipped(facilitator, cafe_arena, sessions, spaces, challenges):
    make_group(cafe_arena, sessions[1], spaces[0], "Kaffepause-samtale")
    client = client_for(facilitator, language="en")
    response = _post(client, cafe_arena, sessions, [c.pk for c in challenges[:2]])
    assert response.status_code == 302
    spaces_used = set(
        Group.objects.filter(session=sessions[1], topic__builds_on__isnull=False).values_list(
            "space__number", flat=True
        )
    )
    assert spaces_used == {2, 3}


def test_a_challenge_placed_meanwhile_refuses_the_whole_remix(
    facilitator, cafe_arena, sessions, spaces, challenges
):
    from proposals import services

    services.place_topic(challenges[0], sessions[1], spaces[2], facilitator)  # someone was quicker
    response = _post(
        client_for(facilitator, language="en"), cafe_arena, sessions, [c.pk for c in challenges]
    )
    assert response.status_code == 409
    assert "placed, merged or rejected meanwhile" in response.content.decode()
    assert Group.objects.filter(session=sessions[1]).count() == 1  # only the quicker one


def test_an_arena_without_two_rounds_gets_a_message(facilitator, cafe_arena, sessions):
    sessions[1].delete()
    page = client_for(facilitator, language="en").get(_url(cafe_arena)).content.decode()
    assert "The re-mix needs two rounds" in page


@pytest.mark.parametrize("who, status", [("support", 403), ("reader", 403), ("stranger", 404)])
def test_only_facilitators_remix(request, cafe_arena, sessions, challenges, who, status):
    user = request.getfixturevalue(who)
    client = client_for(user)
    assert client.get(_url(cafe_arena)).status_code == status
    assert _post(client, cafe_arena, sessions, [c.pk for c in challenges]).status_code == status
    assert not Group.objects.filter(session=sessions[1]).exists()


def test_bad_parameters_are_ignored_not_a_500(facilitator, cafe_arena, challenges):
    client = client_for(facilitator, language="en")
    assert (
        client.get(_url(cafe_arena, **{"from": "x", "to": "99999999999999999999"})).status_code
        == 200
    )
    response = client.post(
        _url(cafe_arena), {"from": "1e3", "take": ["abc", "-1"], "action": "confirm"}
    )
    assert response.status_code == 400
    assert Space.objects.filter(arena=cafe_arena).count() == 3
    assert Topic.objects.filter(arena=cafe_arena, status=TopicStatus.PLACED).count() == 3  # tables


def test_the_remix_reaches_the_wall_screens_after_commit(
    facilitator, cafe_arena, sessions, challenges, broadcasts
):
    with broadcasts(cafe_arena, ["staff", "phones"]) as sent:
        _post(client_for(facilitator, language="en"), cafe_arena, sessions, [challenges[0].pk])
    assert "Ventetid hos fastlegen" in "".join(sent["staff"])
    assert "Ventetid hos fastlegen" in "".join(sent["phones"])
