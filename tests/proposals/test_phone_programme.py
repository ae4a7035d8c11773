"""The phone's programme: session filter and search (parameters checked),
"You're going" and "Cancel", the room's name, "My topics" signals."""

import re

from django.urls import reverse

from arena.live import PHONES
from proposals import mine, services
from proposals.models import Attendance, Topic
from tests.personas import client_for


def _place(arena, sessions, spaces, organiser, title, s=0, sp=0):
    topic = Topic.objects.create(arena=arena, title=title)
    return services.place_topic(topic, sessions[s], spaces[sp], organiser)


def test_bad_session_and_long_queries_are_ignored(arena, participant, sessions, spaces, organiser):
    _place(arena, sessions, spaces, organiser, "Kaffe og kontakt")
    phone = client_for(participant=participant, language="en")
    url = reverse("phone:wall", args=[arena.join_code])
    for value in ["abc", "99999999999999999999999", "-1", "²", "1e3", ""]:
        response = phone.get(url, {"session": value})
        assert response.status_code == 200
        assert response.context["selected"] in ("", "all")
    response = phone.get(url, {"q": "x" * 5000})
    assert response.status_code == 200 and len(response.context["q"]) <= 100


def test_search_by_word_code_and_room(arena, participant, sessions, spaces, organiser):
    spaces[1].name = "Multisal 2"
    spaces[1].save()
    one = _place(arena, sessions, spaces, organiser, "Kaffe og kontakt", 0, 0)
    two = _place(arena, sessions, spaces, organiser, "Psykisk helse", 0, 1)
    phone = client_for(participant=participant, language="en")
    url = reverse("phone:wall", args=[arena.join_code])

    def shown(**params):
        context = phone.get(url, {"session": "all", **params}).context
        return {
            cell.group.pk
            for cell in context["wall"].groups
            if cell.dom_id not in context["hide"] and cell.session.pk in context["shown"]
        }

    assert shown(q="kaffe") == {one.pk}
    assert shown(q="multisal") == {two.pk}
    assert shown(q=two.code) == {two.pk}
    assert shown() == {one.pk, two.pk}
    body = phone.get(url, {"session": "all"}).content.decode()
    assert "Multisal 2" in body and f"{two.code}</span> · <span" in body
    # htmx asks for the list only
    partial = phone.get(url, {"q": "kaffe"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="phone-list")
    assert b'id="phone-list"' in partial.content and b"<html" not in partial.content


def test_going_then_cancel(arena, participant, sessions, spaces, organiser):
    group = _place(arena, sessions, spaces, organiser, "Kaffe og kontakt")
    phone = client_for(participant=participant, language="en")
    attend = reverse("phone:attend", args=[arena.join_code, group.pk])
    leave = reverse("phone:leave", args=[arena.join_code, group.pk])
    wall = reverse("phone:wall", args=[arena.join_code])
    assert phone.post(attend).status_code == 302
    body = phone.get(wall, {"session": "all"}).content.decode()
    assert "mgroup--going" in body and f'data-going-group="{group.pk}"' in body
    response = phone.post(leave, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and b"data-going-group" not in response.content
    assert not Attendance.objects.filter(participant=participant).exists()
    assert phone.get(leave).status_code == 405


def test_a_broadcast_card_is_small_and_its_buttons_submit_the_pages_form(
    arena, participant, sessions, spaces, organiser, broadcasts
):
    """Every phone receives every card of a changed row (issue #10's fan-out):
    no form, token or hidden copy of the title per card; the buttons name the
    page's one form (#go) and their URL, and are described by the title."""
    topic = Topic.objects.create(arena=arena, title="Kaffe og kontakt")
    with broadcasts(arena, [PHONES]) as sent:
        group = services.place_topic(topic, sessions[0], spaces[0], organiser)
    html = next(h for h in sent[PHONES] if f'data-group="{group.pk}"' in h)
    pattern = rf'<li id="m-[^"]*" class="mgroup" data-group="{group.pk}".*?</li>'
    card = re.search(pattern, html, re.S).group()
    assert len(card.encode()) < 600, len(card.encode())
    for heavy in ("<form", "csrfmiddlewaretoken", "visually-hidden", "mgroup-cancel"):
        assert heavy not in card
    attend = reverse("phone:attend", args=[arena.join_code, group.pk])
    assert f'form="go" formaction="{attend}"' in card
    assert f'id="gt{group.pk}"' in card and f'aria-describedby="gt{group.pk}"' in card

    # The page: the one form with its token, and "Cancel" only on the phone's own choice.
    phone = client_for(participant=participant, language="en")
    wall = reverse("phone:wall", args=[arena.join_code])
    body = phone.get(wall, {"session": "all"}).content.decode()
    assert body.count('<form id="go" method="post"') == 1 and "csrfmiddlewaretoken" in body
    assert 'id="going-part"' in body and "mgroup-cancel" in body  # in the template only
    assert 'formaction="' + reverse("phone:leave", args=[arena.join_code, group.pk]) not in body
    services.attend(participant, group)
    body = phone.get(wall, {"session": "all"}).content.decode()
    leave = reverse("phone:leave", args=[arena.join_code, group.pk])
    assert f'formaction="{leave}" aria-describedby="gt{group.pk}"' in body


def test_cancel_is_rate_limited_like_attend(arena, participant, sessions, spaces, organiser):
    group = _place(arena, sessions, spaces, organiser, "Kaffe og kontakt")
    phone = client_for(participant=participant, language="en")
    attend = reverse("phone:attend", args=[arena.join_code, group.pk])
    leave = reverse("phone:leave", args=[arena.join_code, group.pk])
    statuses = []
    for _ in range(services.ATTEND_LIMIT):
        statuses.append(phone.post(attend, HTTP_HX_REQUEST="true").status_code)
        statuses.append(phone.post(leave, HTTP_HX_REQUEST="true").status_code)
    assert 429 in statuses
    refused = phone.post(leave, HTTP_HX_REQUEST="true")
    assert refused.status_code in (200, 429)


def test_my_topics_signal_goes_to_the_convener_after_commit(
    arena, participant, sessions, spaces, organiser, monkeypatch, django_capture_on_commit_callbacks
):
    sent = []

    class Layer:
        async def group_send(self, group, message):
            sent.append((group, message))

    monkeypatch.setattr("arena.live.get_channel_layer", lambda *a: Layer())
    topic = Topic.objects.create(arena=arena, title="Mitt", convener=participant)
    with django_capture_on_commit_callbacks(execute=True):
        services.place_topic(topic, sessions[0], spaces[0], organiser)
    mine_messages = [m for _g, m in sent if m["type"] == "arena.mine"]
    assert len(mine_messages) == 1
    assert mine_messages[0]["participants"] == [participant.pk]
    assert 'id="mine-signal"' in mine_messages[0]["html"]
    sent.clear()
    with django_capture_on_commit_callbacks(execute=True):
        mine.topics_changed(arena.pk, [])
    assert sent == []
