"""Quick entry of keys (reports.documentation.keys): many per form, saved as
the group report's inputs in order and numbered, nothing typed ever lost."""

import pytest
from django.urls import reverse

from arena.models import Format
from proposals import cafe
from proposals.models import Topic, TopicStatus
from reports.models import GroupReport, Input
from tests.helpers import make_group, make_report
from tests.personas import client_for


@pytest.fixture
def cafe_arena(arena):
    arena.format = Format.CAFE
    arena.save(update_fields=["format"])
    return arena


@pytest.fixture
def table(cafe_arena, sessions, spaces):
    return make_group(cafe_arena, sessions[0], spaces[0], "Bord 1")


@pytest.fixture
def challenge_group(cafe_arena, sessions, spaces, table):
    """Round 2: a challenge of table 1.1, re-mixed into space 2."""
    (challenge,) = cafe.add_challenges(table, ["Ventetid hos fastlegen"])
    from proposals import services

    return services.place_topic(challenge, sessions[1], spaces[1], None)


def _url(group):
    return reverse("keys:form", args=[group.arena_id, group.pk])


def _fields(**typed):
    return {"rows": "8", "action": "save", **{f"item-{i}": v for i, v in typed.items()}}


def _titles(group):
    return list(Input.objects.filter(report__group=group).values_list("title", flat=True))


def test_the_form_has_eight_numbered_key_fields_and_writes_nothing(support, challenge_group):
    response = client_for(support, language="en").get(_url(challenge_group))
    page = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="ds-heading">Add keys</h1>' in page
    assert page.count('name="item-') == 8
    assert ">Key 1</label>" in page and ">Key 8</label>" in page
    assert not GroupReport.objects.filter(group=challenge_group).exists()


def test_keys_typed_many_per_form_are_saved_in_order_and_numbered(support, challenge_group):
    client = client_for(support, language="en")
    response = client.post(
        _url(challenge_group),
        _fields(**{"0": "Fast kontaktperson", "1": "  ", "3": "Felles møter", "7": "Tolk"}),
    )
    assert response.status_code == 302
    assert _titles(challenge_group) == ["Fast kontaktperson", "Felles møter", "Tolk"]
    page = client.get(_url(challenge_group)).content.decode()
    assert "3 keys are added." in page
    assert "<strong>Key 1</strong> Fast kontaktperson" in page
    assert "<strong>Key 3</strong> Tolk" in page
    assert ">Key 4</label>" in page  # the next form goes on from the last key
    client.post(_url(challenge_group), _fields(**{"0": "Digitale løsninger"}))
    assert _titles(challenge_group)[-1] == "Digitale løsninger"
    report = GroupReport.objects.get(group=challenge_group)
    assert list(report.inputs.values_list("position", flat=True)) == [0, 1, 2, 3]


def test_more_fields_rerenders_with_what_was_typed_and_saves_nothing(support, challenge_group):
    client = client_for(support, language="en")
    data = _fields(**{str(i): f"Nøkkel nummer {i + 1}" for i in range(8)})
    data["action"] = "more"
    response = client.post(_url(challenge_group), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('name="item-') == 16
    assert 'value="Nøkkel nummer 8"' in page and ">Key 16</label>" in page
    assert 'name="rows" value="16"' in page
    assert _titles(challenge_group) == []
    data = {"rows": "16", "action": "save", "item-0": "Første", "item-12": "Trettende felt"}
    assert client.post(_url(challenge_group), data).status_code == 302
    assert _titles(challenge_group) == ["Første", "Trettende felt"]


def test_a_too_long_key_is_refused_with_a_message_and_nothing_is_lost(support, challenge_group):
    long_key = "Lang nøkkel " + "x" * 200
    response = client_for(support, language="en").post(
        _url(challenge_group), _fields(**{"0": "Kort nøkkel", "1": long_key})
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "“Key 2” has 212 characters; it can have at most 200." in page
    assert 'value="Kort nøkkel"' in page and f'value="{long_key}"' in page
    assert "Nothing is saved yet" in page
    assert _titles(challenge_group) == []  # all or none
    assert not GroupReport.objects.filter(group=challenge_group).exists()


def test_an_empty_form_says_so(support, challenge_group):
    response = client_for(support, language="en").post(_url(challenge_group), _fields())
    assert response.status_code == 400
    assert "Nothing to save: every field is empty." in response.content.decode()


def test_a_nul_character_is_refused_not_a_500(support, challenge_group):
    response = client_for(support, language="en").post(
        _url(challenge_group), _fields(**{"0": "Null\x00tegn"})
    )
    assert response.status_code == 400
    assert _titles(challenge_group) == []


def test_a_table_of_round_1_writes_challenges_for_the_remix(support, table):
    client = client_for(support, language="en")
    page = client.get(_url(table)).content.decode()
    assert '<h1 class="ds-heading">Add challenges</h1>' in page
    assert ">Challenge 1</label>" in page
    response = client.post(_url(table), _fields(**{"0": "Ventetid", "2": "Ingen tar ansvar"}))
    assert response.status_code == 302
    queued = Topic.objects.filter(builds_on=table.topic).order_by("pk")
    assert [(t.title, t.status) for t in queued] == [
        ("Ventetid", TopicStatus.READ_OUT),
        ("Ingen tar ansvar", TopicStatus.READ_OUT),
    ]
    page = client.get(_url(table)).content.decode()
    assert "2 challenges are added" in page
    assert "<strong>Challenge 2</strong> Ingen tar ansvar" in page
    assert not Input.objects.filter(report__group=table).exists()


def test_outside_the_cafe_the_fields_are_inputs(support, group):
    make_report(group, ["Eksisterende innspill"])
    client = client_for(support, language="en")
    page = client.get(_url(group)).content.decode()
    assert '<h1 class="ds-heading">Add inputs</h1>' in page
    assert "<strong>Input 1</strong> Eksisterende innspill" in page
    assert ">Input 2</label>" in page
    client.post(_url(group), _fields(**{"0": "Nytt innspill"}))
    assert _titles(group) == ["Eksisterende innspill", "Nytt innspill"]


@pytest.mark.parametrize("who, status", [("reader", 403), ("stranger", 404)])
def test_only_those_who_document_enter_keys(request, challenge_group, who, status):
    client = client_for(request.getfixturevalue(who))
    assert client.get(_url(challenge_group)).status_code == status
    assert client.post(_url(challenge_group), _fields(**{"0": "Nei"})).status_code == status
    assert _titles(challenge_group) == []


def test_a_group_of_another_arena_is_not_found(support, challenge_group, other_organiser):
    from arena.models import Arena

    other = Arena.objects.get(title="Other arena")
    url = reverse("keys:form", args=[other.pk, challenge_group.pk])
    assert client_for(other_organiser).get(url).status_code == 404
    url = reverse("keys:form", args=[challenge_group.arena_id, 999999])
    assert client_for(support).get(url).status_code == 404
