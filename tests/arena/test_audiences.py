"""Each screen subscribes to its own audience and receives only what it renders.

For every audience (``arena.live.AUDIENCES``) a socket listens while the
actions of a day run (post a topic, place, move, attend, comment, open a
vote, a dot, close it, switch the projector, an announcement); every
out-of-band element of every message it receives must have its target on
that audience's page (an id the page renders, before or after the actions):
a fragment without a target is an ``htmx:oobErrorNoTarget`` in the browser.
"""

import re
from html.parser import HTMLParser

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client
from django.urls import reverse

from arena import participants
from arena.asgi import application
from arena.live import AUDIENCES, PHONE_AUDIENCES

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]

ORIGIN = (b"origin", b"http://127.0.0.1")


def _socket(arena_pk, audience, cookie):
    headers = [(b"host", b"127.0.0.1"), ORIGIN, (b"cookie", cookie.encode())]
    return WebsocketCommunicator(application, f"/ws/a/{arena_pk}/{audience}/", headers=headers)


class _OobTargets(HTMLParser):
    """The ids an htmx out-of-band swap of this HTML looks for."""

    def __init__(self):
        super().__init__()
        self.targets = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "hx-swap-oob" not in attrs:
            return
        how = attrs["hx-swap-oob"] or "true"
        if ":" in how:  # "afterbegin:#input-sections"
            selector = how.split(":", 1)[1]
            assert selector.startswith("#"), selector
            self.targets.append(selector[1:])
        else:
            self.targets.append(attrs.get("id"))


def oob_targets(html: str) -> list[str]:
    parser = _OobTargets()
    parser.feed(html)
    return parser.targets


def page_ids(html: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', html))


@pytest.fixture
def day(arena, participant, facilitator):
    """Two placed groups, a submitted report with an input (the input wall), a vote open."""
    from proposals.models import Group, Topic, TopicStatus
    from reports.documentation.services import default_template
    from reports.inputwall.services import open_vote
    from reports.models import GroupReport, Input, ReportStatus
    from sessions.models import AgendaItem

    sessions = list(AgendaItem.objects.for_arena(arena).sessions().order_by("session_number"))
    spaces = list(arena.spaces.order_by("number"))
    groups = []
    for session, space, title in [
        (sessions[0], spaces[0], "Arbeid"),
        (sessions[1], spaces[1], "Helse"),
    ]:
        topic = Topic.objects.create(arena=arena, title=title, status=TopicStatus.PLACED)
        groups.append(Group.objects.create(arena=arena, topic=topic, session=session, space=space))
    report = GroupReport.objects.create(
        group=groups[0], template=default_template(arena), status=ReportStatus.SUBMITTED
    )
    item = Input.objects.create(report=report, position=1, title="Flere lærlingplasser")
    vote = open_vote(arena, title="Prioriter", dots_per_participant=3, cap_per_input=2, blind=False)
    participant.display_name = "Pia"
    participant.save()
    return {"sessions": sessions, "spaces": spaces, "groups": groups, "item": item, "vote": vote}


def _cookies(arena, participant, facilitator):
    staff = Client(HTTP_HOST="127.0.0.1")
    staff.force_login(facilitator)
    phone = Client(HTTP_HOST="127.0.0.1")
    phone.cookies[participants.cookie_name(arena)] = participants.make_token(participant)
    return (
        staff,
        phone,
        {
            "staff": f"sessionid={staff.cookies['sessionid'].value}",
            "phone": f"{participants.cookie_name(arena)}={participants.make_token(participant)}",
        },
    )


def _pages(arena, vote):
    code = arena.join_code
    return {
        "phones": reverse("phone:wall", args=[code]),
        "phone-inputs": reverse("phone_reports:input_wall", args=[code]),
        "phone-vote": reverse("phone_reports:vote", args=[code]),
        "phone-topics": reverse("phone:topics", args=[code]),
        "staff": reverse("proposals:wall", args=[arena.pk]),
        "projector": reverse("proposals:projector_wall", args=[arena.pk]),
        "projector-join": reverse("arena:projector_join", args=[arena.pk]),
        "projector-perspectives": reverse("arena:projector_perspectives", args=[arena.pk]),
        "projector-inputs": reverse("reports:input_wall_projector", args=[arena.pk]),
        "projector-vote": reverse("reports:vote_projector", args=[arena.pk, vote.pk]),
    }


def _actions(arena, participant, facilitator, day, staff):
    from arena import coalesce
    from proposals import services
    from reports.inputwall import services as voting

    sessions, spaces, groups = day["sessions"], day["spaces"], day["groups"]
    topic = services.post_topic(participant, title="Nytt emne fra telefonen")
    placed = services.place_topic(topic, sessions[0], spaces[2], facilitator)
    services.move_group(placed, sessions[1], spaces[2], facilitator)
    services.attend(participant, groups[0])
    voting.post_comment(participant, day["item"], "Enig!")
    voting.place_dot(day["vote"], participant, day["item"])
    voting.close_vote(day["vote"])
    hx = {"HTTP_HX_REQUEST": "true"}
    mode = staff.post(reverse("proposals:projector_mode", args=[arena.pk]), {"mode": "now"}, **hx)
    assert mode.status_code == 200
    said = staff.post(reverse("arena:announce", args=[arena.pk]), {"text": "Lunsj!", "minutes": 5})
    assert said.status_code == 200
    coalesce.wait()  # the queue signal and the head-counts


async def test_every_audience_gets_only_fragments_its_page_renders(
    arena, participant, facilitator, day
):
    staff, phone, cookies = await database_sync_to_async(_cookies)(arena, participant, facilitator)
    pages = _pages(arena, day["vote"])
    assert set(pages) == AUDIENCES

    def fetch_all():
        got = {}
        for audience, url in pages.items():
            client = phone if audience in PHONE_AUDIENCES else staff
            response = client.get(url)
            assert response.status_code == 200, (audience, response.status_code)
            got[audience] = response.content.decode()
        return got

    before = await database_sync_to_async(fetch_all)()
    sockets = {}
    for audience, html in before.items():
        # The page declares its audience on its socket.
        assert f'ws-connect="/ws/a/{arena.pk}/{audience}/"' in html, audience
        who = "phone" if audience in PHONE_AUDIENCES else "staff"
        sockets[audience] = _socket(arena.pk, audience, cookies[who])
        assert (await sockets[audience].connect())[0], audience

    await database_sync_to_async(_actions)(arena, participant, facilitator, day, staff)
    after = await database_sync_to_async(fetch_all)()

    received = {}
    for audience, socket in sockets.items():
        messages = []
        while not await socket.receive_nothing(timeout=0.3):
            messages.append(await socket.receive_from())
        await socket.disconnect()
        received[audience] = messages
        known = page_ids(before[audience]) | page_ids(after[audience])
        for message in messages:
            stray = [t for t in oob_targets(message) if t not in known]
            assert not stray, (audience, stray, message[:300])

    # Each audience got what it shows (nothing was filtered away by mistake).
    def has(audience, fragment):
        return any(fragment in m for m in received[audience])

    assert has("phones", 'id="m-') and has("phones", 'id="announcement"')
    assert has("staff", 'id="c-') and has("staff", 'id="queue-signal"')
    assert has("staff", "<form") and has("staff", 'id="projector-mode-switch"')
    assert has("projector", 'id="wall-version"') and has("projector", 'id="projector-mode-switch"')
    # The wall projector gets its sessions in the broadcast (no fetch), with their places
    # on its page in both modes (checked above: the switch made it "now & next").
    assert has("projector", 'id="pj-session-')
    for audience in ("phone-inputs", "projector-inputs"):
        assert has(audience, f'id="comments-{day["item"].pk}"')
    assert has("phone-inputs", 'id="vote-status"') and has("phone-vote", 'id="vote-status"')
    assert received["phone-topics"]  # its convener's topic was placed and moved
    assert has("projector-vote", f'id="vote-board-{day["vote"].pk}"')
    for audience in ("projector-join", "projector-perspectives", "projector-inputs"):
        assert has(audience, 'id="announcement"')
    # Nothing of the facilitators' reaches a phone.
    for audience in PHONE_AUDIENCES:
        assert not any('id="c-' in m or "queue-signal" in m for m in received[audience])


async def test_a_phone_may_not_listen_as_staff_and_unknown_audiences_have_no_route(
    arena, participant
):
    cookie = f"{participants.cookie_name(arena)}={participants.make_token(participant)}"
    for audience in sorted(AUDIENCES - PHONE_AUDIENCES):
        connected, code = await _socket(arena.pk, audience, cookie).connect()
        assert not connected and code == 4403, audience
    for audience in sorted(PHONE_AUDIENCES):
        socket = _socket(arena.pk, audience, cookie)
        assert (await socket.connect())[0], audience
        await socket.disconnect()
    connected, code = await _socket(arena.pk, "everything", cookie).connect()
    assert not connected and code == 4404


async def test_close_sockets_reaches_every_audience(arena, participant, facilitator):
    from arena.live import close_sockets

    staff, _phone, cookies = await database_sync_to_async(_cookies)(arena, participant, facilitator)
    sockets = {}
    for audience in sorted(AUDIENCES):
        who = "phone" if audience in PHONE_AUDIENCES else "staff"
        sockets[audience] = _socket(arena.pk, audience, cookies[who])
        assert (await sockets[audience].connect())[0]
    await database_sync_to_async(close_sockets)(
        arena.pk, users=[facilitator.pk], participants=[participant.pk]
    )
    for audience, socket in sockets.items():
        output = await socket.receive_output(timeout=2)
        assert output == {"type": "websocket.close", "code": 4403}, audience
