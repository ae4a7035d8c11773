"""Issue 9, item 4: comments, dots and sign-up seats from newcomers share one
small budget per arena, as topics do (tests/trust/test_flood.py), and the
door's flood clean-up takes the comments and dots of the phones it removes.

The refusal is the topics' answer: 429, Retry-After, a message in the phone's
language that says when to try again (and, without a persona, that a persona
is not held up). People with a persona who joined during the welcome never
spend from these budgets.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from arena import flood
from arena.live import PHONE_INPUTS
from arena.models import Participant
from reports.inputwall import services as voting
from reports.models import Dot, InputComment, ReportParticipant
from sessions.models import AgendaItem, ItemKind
from sessions.signups import save_offer
from tests.helpers import make_group, make_report
from tests.personas import client_for

pytestmark = pytest.mark.django_db


def earlier(participant, minutes=20):
    """As if the participant joined ``minutes`` ago (during the welcome)."""
    then = timezone.now() - datetime.timedelta(minutes=minutes)
    Participant.objects.filter(pk=participant.pk).update(created_at=then)
    participant.refresh_from_db()
    return participant


@pytest.fixture
def item(arena, sessions, spaces):
    """An input on the input wall (a submitted report's)."""
    group = make_group(arena, sessions[0], spaces[0], "Tidlig innsats")
    return make_report(group, inputs=["Felles møteplass"]).inputs.get()


@pytest.fixture
def vote(arena, item):
    return voting.open_vote(arena, title="Prioriter", dots_per_participant=3, cap_per_input=1)


@pytest.fixture
def offer(arena, organiser):
    day = arena.days.order_by("date").first()
    agenda_item = AgendaItem.objects.create(
        day=day,
        kind=ItemKind.PLENARY,
        title="Tema: IPS i praksis",
        start=datetime.time(10),
        end=datetime.time(11),
    )
    return save_offer(agenda_item, kind="theme_session", capacity=30, open=True, actor=organiser)


def _assert_refused(response, words):
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    body = response.content.decode()
    assert words in body, body
    return body


# --- comments -------------------------------------------------------------------------


def test_newcomers_comments_share_one_budget_and_hear_when_to_try_again(arena, item, settings):
    settings.ARENA_NEWCOMER_COMMENT_LIMIT = 2
    url = reverse("phone_reports:comment", args=[arena.join_code, item.pk])
    fresh = [Participant.objects.create(arena=arena) for _ in range(4)]
    for person in fresh[:2]:
        assert client_for(participant=person).post(url, {"text": "Ja"}).status_code == 302
    # htmx: the form again, with the message and what was typed
    phone = client_for(participant=fresh[2], language="en")
    response = phone.post(url, {"text": "Flom"}, HTTP_HX_REQUEST="true")
    body = _assert_refused(response, "Many new phones are commenting right now")
    assert "Phones with a persona are not held up like this." in body and "Flom" in body
    # a page, in the phone's language
    response = client_for(participant=fresh[3], language="nb").post(url, {"text": "Flom"})
    _assert_refused(response, "Telefoner med persona blir ikke holdt igjen")
    # a persona made during the welcome comments straight away
    welcome = earlier(Participant.objects.create(arena=arena, display_name="Vera"))
    assert client_for(participant=welcome).post(url, {"text": "Godt"}).status_code == 302
    # a persona made seconds ago is still a newcomer, and is not told to make one
    quick = Participant.objects.create(arena=arena, display_name="Rask")
    response = client_for(participant=quick, language="en").post(url, {"text": "Raskt"})
    body = _assert_refused(response, "Many new phones are commenting right now")
    assert "Phones with a persona" not in body
    assert InputComment.objects.filter(input=item).count() == 3


def test_a_slow_comment_flood_is_held_by_the_longer_window(arena, item, settings, monkeypatch):
    settings.ARENA_NEWCOMER_COMMENT_LIMIT = 2
    settings.ARENA_NEWCOMER_COMMENT_LIMIT_LONG = 3
    start = timezone.now().timestamp() // 600 * 600 + 1
    clock = {"t": start}
    monkeypatch.setattr("arena.ratelimit.time", type("Clock", (), {"time": lambda: clock["t"]}))
    taken = 0
    for _minute in range(5):
        for _ in range(2):
            try:
                voting.post_comment(Participant.objects.create(arena=arena), item, "Sakte")
                taken += 1
            except voting.NewcomersBusy:
                pass
        clock["t"] += 61
    assert taken == 3


# --- dots -------------------------------------------------------------------------------


def test_newcomers_dots_share_one_budget_and_hear_when_to_try_again(arena, item, vote, settings):
    settings.ARENA_NEWCOMER_DOT_LIMIT = 2
    url = reverse("phone_reports:vote_dot", args=[arena.join_code, vote.pk, item.pk])
    fresh = [Participant.objects.create(arena=arena) for _ in range(4)]
    for person in fresh[:2]:
        assert client_for(participant=person).post(url, {"do": "add"}).status_code == 302
    # htmx: the row as it is, with the message
    phone = client_for(participant=fresh[2], language="en")
    response = phone.post(url, {"do": "add"}, HTTP_HX_REQUEST="true")
    body = _assert_refused(response, "Many new phones are voting right now")
    assert "Phones with a persona are not held up like this." in body
    # a page: the vote page with the message, not a redirect that loses the 429
    response = client_for(participant=fresh[3], language="nn").post(url, {"do": "add"})
    _assert_refused(response, "Telefonar med persona blir ikkje haldne att")
    welcome = earlier(Participant.objects.create(arena=arena, display_name="Vera"))
    assert client_for(participant=welcome).post(url, {"do": "add"}).status_code == 302
    assert Dot.objects.filter(vote=vote).count() == 3
    # taking a dot back costs nothing
    assert client_for(participant=fresh[0]).post(url, {"do": "remove"}).status_code == 302
    assert Dot.objects.filter(vote=vote).count() == 2


def test_a_refused_dot_spends_no_budget(arena, item, vote, settings):
    """A dot refused for the vote's own rules (a cap reached) is not counted."""
    settings.ARENA_NEWCOMER_DOT_LIMIT = 2
    person = Participant.objects.create(arena=arena)
    voting.place_dot(vote, person, item)
    for _ in range(3):
        with pytest.raises(voting.VoteError) as refused:
            voting.place_dot(vote, person, item)
        assert not isinstance(refused.value, voting.DotsBusy)  # the cap per input
    voting.place_dot(vote, Participant.objects.create(arena=arena), item)


# --- sign-up seats ------------------------------------------------------------------------


def test_newcomers_seats_share_one_budget_and_hear_when_to_try_again(arena, offer, settings):
    settings.ARENA_NEWCOMER_SIGNUP_LIMIT = 2
    url = reverse("phone_signups:join", args=[arena.join_code, offer.pk])
    fresh = [Participant.objects.create(arena=arena) for _ in range(3)]
    for person in fresh[:2]:
        assert client_for(participant=person).post(url).status_code == 302
    response = client_for(participant=fresh[2], language="en").post(url)
    body = _assert_refused(response, "Many new phones are signing up right now")
    assert "Phones with a persona are not held up like this." in body
    # signing up again keeps the seat and spends nothing
    assert client_for(participant=fresh[0]).post(url).status_code == 302
    welcome = earlier(Participant.objects.create(arena=arena, display_name="Vera"))
    assert client_for(participant=welcome).post(url).status_code == 302
    assert offer.signups.count() == 3


# --- the door ---------------------------------------------------------------------------------


def test_the_flood_clean_up_takes_the_comments_and_dots_of_the_phones_it_removes(
    arena, facilitator, item, vote, broadcasts
):
    flood_phones = [Participant.objects.create(arena=arena) for _ in range(3)]
    for person in flood_phones:
        voting.post_comment(person, item, "Flom")
        voting.place_dot(vote, person, item)
    # kept: a persona's comment and dot; a phone without a persona a group report lists
    vera = earlier(Participant.objects.create(arena=arena, display_name="Vera"))
    voting.post_comment(vera, item, "Godt")
    voting.place_dot(vote, vera, item)
    listed = Participant.objects.create(arena=arena)
    ReportParticipant.objects.create(report=item.report, participant=listed)
    voting.post_comment(listed, item, "Vi var der")

    page = client_for(facilitator, language="en").get(
        reverse("arena:flood_remove", args=[arena.pk])
    )
    body = page.content.decode()
    assert "3 participants without a persona" in body
    assert "3 comments on the input wall" in body and "3 dots in the vote" in body
    survey = flood.survey(arena)
    with broadcasts(arena, audiences=[PHONE_INPUTS]) as sent:
        removed = flood.clear(
            arena, facilitator, minutes=survey.minutes, since=survey.since, up_to=survey.up_to
        )
    assert removed.participants == 3
    assert removed.others["comments"] == 3 and removed.others["dots"] == 3
    assert set(InputComment.objects.values_list("text", flat=True)) == {"Godt", "Vi var der"}
    assert list(Dot.objects.values_list("participant", flat=True)) == [vera.pk]
    assert Participant.objects.filter(pk=listed.pk).exists()
    # the phones' input walls get the input's comments as they are now
    [update] = sent[PHONE_INPUTS]
    assert f'id="comments-{item.pk}"' in update and "Flom" not in update and "Godt" in update


def test_the_door_says_how_many_comments_and_dots_went(arena, facilitator, item, vote):
    person = Participant.objects.create(arena=arena)
    voting.post_comment(person, item, "Flom")
    voting.place_dot(vote, person, item)
    phone = client_for(facilitator, language="en")
    url = reverse("arena:flood_remove", args=[arena.pk])
    survey = flood.survey(arena)
    response = phone.post(
        url,
        {"minutes": survey.minutes, "since": survey.since.timestamp(), "up_to": survey.up_to},
        follow=True,
    )
    body = response.content.decode()
    assert "1 comment on the input wall" in body and "1 dot in the vote" in body
    assert not InputComment.objects.exists() and not Dot.objects.exists()
