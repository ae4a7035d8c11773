"""Dot-voting: opening (prefilled dots), limits and cap, blind until closed,
closing reveals, results for the report, live results, double taps."""

import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation

from arena.live import PHONE_INPUTS, PHONE_VOTE, PROJECTOR_VOTE
from arena.models import Participant
from reports.inputwall import selectors as wall_selectors
from reports.inputwall import services as voting
from reports.models import Dot, ReportStatus, Vote
from tests.helpers import make_group, make_report
from tests.personas import *  # noqa: F403
from tests.personas import client_for


@pytest.fixture
def inputs(arena, sessions, spaces):  # noqa: F811
    """Seven inputs on the wall (1.1 – 1…3, 1.2 – 1…2, 2.1 – 1…2) and one draft."""
    r11 = make_report(
        make_group(arena, sessions[0], spaces[0], "A"), ["Idea a1", "Idea a2", "Idea a3"]
    )
    r12 = make_report(
        make_group(arena, sessions[0], spaces[1], "B"), ["Idea b1", "Idea b2"], "approved"
    )
    r21 = make_report(make_group(arena, sessions[1], spaces[0], "C"), ["Idea c1", "Idea c2"])
    make_report(make_group(arena, sessions[1], spaces[1], "D"), ["Draft idea"], ReportStatus.DRAFT)
    return [*r11.inputs.all(), *r12.inputs.all(), *r21.inputs.all()]


@pytest.fixture
def vote(arena, inputs):
    return voting.open_vote(arena, title="Prioriter", dots_per_participant=3, cap_per_input=2)


def test_dots_are_prefilled_one_per_three_inputs(arena, facilitator, inputs):
    assert voting.default_dots(arena) == 3  # ceil(7 / 3)
    staff = client_for(facilitator, language="en")
    body = staff.get(reverse("reports:votes", args=[arena.pk])).content.decode()
    assert 'name="dots_per_participant" value="3"' in body
    assert "7 inputs are on the wall" in body


def test_facilitator_opens_and_closes_a_vote(arena, facilitator, inputs):
    staff = client_for(facilitator, language="en")
    url = reverse("reports:votes", args=[arena.pk])
    data = {"title": "Hva er viktigst?", "dots_per_participant": 3, "cap_per_input": 2}
    assert staff.post(url, {**data, "blind": "on"}).status_code == 302
    vote = Vote.objects.get()
    assert vote.is_open and vote.blind and vote.dots_per_participant == 3
    body = staff.post(url, data).content.decode()  # one open vote at a time
    assert "already open" in body and Vote.objects.count() == 1
    close = reverse("reports:vote_close", args=[arena.pk, vote.pk])
    assert staff.post(close).status_code == 302
    vote.refresh_from_db()
    assert not vote.is_open and vote.results_visible
    body = staff.post(url, {**data, "dots_per_participant": 0}).content.decode()
    assert Vote.objects.count() == 1 and "dots_per_participant" in body


def test_dot_limit_and_cap_per_input_with_clear_messages(arena, participant, inputs, vote):
    voting.place_dot(vote, participant, inputs[0])
    voting.place_dot(vote, participant, inputs[0])
    with pytest.raises(voting.VoteError, match="At most 2 dots on one input"):
        voting.place_dot(vote, participant, inputs[0])
    voting.place_dot(vote, participant, inputs[1])
    with pytest.raises(voting.VoteError, match="used all your 3 dots"):
        voting.place_dot(vote, participant, inputs[2])
    assert voting.remove_dot(vote, participant, inputs[0])
    voting.place_dot(vote, participant, inputs[2])  # the dot moved
    assert wall_selectors.my_dots(vote, participant) == {
        inputs[0].pk: 1,
        inputs[1].pk: 1,
        inputs[2].pk: 1,
    }
    assert not voting.remove_dot(vote, participant, inputs[5])
    other = Participant.objects.create(arena=arena, display_name="Ola")
    voting.place_dot(vote, other, inputs[0])  # limits are per participant
    assert Dot.objects.count() == 4


def test_no_dots_on_a_closed_vote_or_on_inputs_off_the_wall(arena, participant, inputs, vote):
    from reports.models import Input

    draft = Input.objects.get(title="Draft idea")
    with pytest.raises(voting.VoteError, match="not on the input wall"):
        voting.place_dot(vote, participant, draft)
    voting.close_vote(vote)
    with pytest.raises(voting.VoteError, match="closed"):
        voting.place_dot(vote, participant, inputs[0])
    with pytest.raises(voting.VoteError, match="closed"):
        voting.remove_dot(vote, participant, inputs[0])


def test_phone_places_and_removes_dots(arena, participant, inputs, vote):
    phone = client_for(participant=participant, language="en")
    page = phone.get(reverse("phone_reports:vote", args=[arena.join_code])).content.decode()
    assert "Prioriter" in page and "3 dots left" in page and "1.1 – 3" in page
    assert "Draft idea" not in page
    url = reverse("phone_reports:vote_dot", args=[arena.join_code, vote.pk, inputs[0].pk])
    body = phone.post(url, {"do": "add"}, HTTP_HX_REQUEST="true").content.decode()
    assert f'id="vi-{inputs[0].pk}"' in body and "My dots: 1" in body
    assert 'id="dots-left" class="lead" hx-swap-oob="true"' in body and "2 dots left" in body
    phone.post(url, {"do": "add"}, HTTP_HX_REQUEST="true")
    body = phone.post(url, {"do": "add"}, HTTP_HX_REQUEST="true").content.decode()
    assert "At most 2 dots on one input." in body and 'role="alert"' in body
    body = phone.post(url, {"do": "remove"}, HTTP_HX_REQUEST="true").content.decode()
    assert "My dots: 1" in body
    response = phone.post(url, {"do": "add"})  # without JavaScript
    assert response.status_code == 302 and response["Location"].endswith(f"#vi-{inputs[0].pk}")
    assert Dot.objects.filter(participant=participant).count() == 2


def test_blind_vote_hides_counts_from_phones_and_projector_until_closed(
    arena, participant, facilitator, inputs, vote
):
    others = [Participant.objects.create(arena=arena, display_name=f"P{n}") for n in range(3)]
    for person in others:
        voting.place_dot(vote, person, inputs[4])
    voting.place_dot(vote, others[0], inputs[1])
    phone = client_for(participant=participant, language="en")
    staff = client_for(facilitator, language="en")
    phone_url = reverse("phone_reports:vote", args=[arena.join_code])
    projector_url = reverse("reports:vote_projector", args=[arena.pk, vote.pk])
    phone_page = phone.get(phone_url).content.decode()
    projector = staff.get(projector_url).content.decode()
    assert "in all" not in phone_page and "hidden until the vote is closed" in phone_page
    assert (
        "Idea b2" not in projector
        and "4 dots placed" in projector
        and "3 participants" in projector
    )
    voting.close_vote(vote)
    phone_page = phone.get(phone_url).content.decode()
    assert "3 dots in all" in phone_page and "1 dot in all" in phone_page
    projector = staff.get(projector_url + "?part=board", HTTP_HX_REQUEST="true").content.decode()
    assert projector.index("Idea b2") < projector.index("Idea a2")  # most dots first
    assert "Idea a1" not in projector  # no dots, not on the board
    assert (
        phone.post(
            reverse("phone_reports:vote_dot", args=[arena.join_code, vote.pk, inputs[0].pk]),
            {"do": "add"},
        ).status_code
        == 302
    )
    assert Dot.objects.count() == 4


def test_open_vote_shows_counts_when_not_blind(arena, participant, facilitator, inputs):
    vote = voting.open_vote(
        arena, title="Åpen", dots_per_participant=3, cap_per_input=2, blind=False
    )
    voting.place_dot(vote, participant, inputs[6])
    phone_page = (
        client_for(participant=participant, language="en")
        .get(reverse("phone_reports:vote", args=[arena.join_code]))
        .content.decode()
    )
    assert "1 dot in all" in phone_page
    projector = (
        client_for(facilitator)
        .get(reverse("reports:vote_projector", args=[arena.pk, vote.pk]))
        .content.decode()
    )
    assert "2.1 – 2" in projector and "Idea c2" in projector


def test_vote_results_for_the_report(arena, inputs, vote):
    a, b, c = (Participant.objects.create(arena=arena, display_name=n) for n in "abc")
    for person in (a, b, c):
        voting.place_dot(vote, person, inputs[5])
    voting.place_dot(vote, a, inputs[2])
    voting.place_dot(vote, b, inputs[2])
    voting.place_dot(vote, c, inputs[0])
    results = wall_selectors.vote_results(vote)
    assert [(wall_selectors.input_code(i), n) for i, n in results[:3]] == [
        ("2.1 – 1", 3),
        ("1.1 – 3", 2),
        ("1.1 – 1", 1),
    ]
    assert len(results) == 7 and {n for _i, n in results[3:]} == {0}
    assert "Draft idea" not in [i.title for i, _n in results]


def test_vote_open_and_close_reach_phones_and_projector_after_commit(arena, inputs, broadcasts):
    with broadcasts(arena) as sent:
        vote = voting.open_vote(arena, title="Live", dots_per_participant=3, cap_per_input=2)
        assert sent.received() == {}
    # The vote banner to the phones' input wall and vote page, the signal to vote projectors.
    [banner], [signal] = sent[PHONE_INPUTS], sent[PROJECTOR_VOTE]
    assert sent == {PHONE_INPUTS: [banner], PHONE_VOTE: [banner], PROJECTOR_VOTE: [signal]}
    assert 'id="vote-status" hx-swap-oob="true"' in banner and "Live" in banner
    assert f'id="vote-{vote.pk}-signal"' in signal
    with translation.override("en"), broadcasts(arena) as sent:
        voting.close_vote(vote)
    [closed] = sent[PHONE_INPUTS]
    assert "is closed" in closed and "See the results" in closed


def test_blind_dots_broadcast_nothing_open_results_go_to_the_projector(
    arena, participant, inputs, broadcasts
):
    from django.core.cache import cache

    blind = voting.open_vote(arena, title="Blind", dots_per_participant=3, cap_per_input=2)
    with broadcasts(arena) as sent:
        voting.place_dot(blind, participant, inputs[0])
    assert sent == {}
    voting.close_vote(blind)
    open_vote = voting.open_vote(
        arena, title="Open", dots_per_participant=3, cap_per_input=2, blind=False
    )
    cache.delete(f"vote-results-sent:{open_vote.pk}")
    with broadcasts(arena) as sent:
        voting.place_dot(open_vote, participant, inputs[3])
        voting.place_dot(open_vote, participant, inputs[3])  # within the second: coalesced
    [(audience, html)] = [(a, h) for a, hs in sent.items() for h in hs if "vote-board" in h]
    assert audience == PROJECTOR_VOTE
    assert f'id="vote-board-{open_vote.pk}" hx-swap-oob="true"' in html and "Idea b1" in html


@pytest.mark.django_db(transaction=True)
def test_double_taps_cannot_exceed_the_limits(arena, participant, inputs):
    vote = voting.open_vote(arena, title="Race", dots_per_participant=2, cap_per_input=2)
    barrier = threading.Barrier(6)
    outcomes = []

    def tap(item):
        try:
            barrier.wait(timeout=5)
            voting.place_dot(vote, participant, item)
            outcomes.append("placed")
        except voting.VoteError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=tap, args=(inputs[n % 2],)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["placed"] * 2 + ["refused"] * 4
    assert Dot.objects.filter(vote=vote, participant=participant).count() == 2
