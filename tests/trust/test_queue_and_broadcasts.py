"""No one floods the room: the facilitator's queue and the broadcasts (issue 9, item 4).

Measured before: every queued topic added ~42 KB to the facilitator's wall
(each row repeated the free-cell and merge-target lists), so 719 topics made
a 30 MB wall that took 15 s; every posted topic made every facilitator's
screen refetch the queue; one phone toggling "I'm going" 200 times in 8 s
pushed 3.2 MB to every phone. Broadcasts are read from the channel layer
itself (a channel joined to the arena's groups), never from a patched sender.
"""

import asyncio
import re
import time

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from arena import coalesce, ratelimit
from arena.live import group_name, staff_group_name
from arena.models import Participant
from proposals import services
from proposals.models import Attendance, Group, Topic, TopicStatus
from sessions.models import Space
from tests.personas import client_for

HTMX = {"HTTP_HX_REQUEST": "true"}


def _queue(arena, n: int, participant=None) -> list[Topic]:
    Topic.objects.bulk_create(
        Topic(arena=arena, convener=participant, title=f"Flood {i:04d}", description="x" * 200)
        for i in range(n)
    )
    return list(Topic.objects.filter(arena=arena).order_by("created_at", "pk"))


def _wall_url(arena, **query) -> str:
    url = reverse("proposals:wall", args=[arena.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _queue_url(arena, page=None) -> str:
    url = reverse("proposals:queue", args=[arena.pk])
    return f"{url}?page={page}" if page else url


def _typed(body: str, input_id: str) -> str | None:
    """The value of the input with this id (what the facilitator sees typed)."""
    match = re.search(rf'<input [^>]*id="{input_id}"[^>]*>', body)
    value = match and re.search(r'value="([^"]*)"', match[0])
    return value[1] if value else None


# --- the queue under a flood ----------------------------------------------------


def test_wall_with_720_queued_topics_is_small_and_fast(arena, participant, organiser):
    for number in range(4, 26):  # 25 spaces × 2 sessions: 50 free cells
        Space.objects.create(arena=arena, number=number)
    _queue(arena, 720, participant)
    staff = client_for(organiser, language="en")
    staff.get(_wall_url(arena))  # warm the template cache

    started = time.perf_counter()
    wall = staff.get(_wall_url(arena))
    wall_seconds = time.perf_counter() - started
    started = time.perf_counter()
    queue = staff.get(_queue_url(arena), **HTMX)
    queue_seconds = time.perf_counter() - started

    assert wall.status_code == queue.status_code == 200
    assert len(wall.content) < 100_000, f"wall is {len(wall.content)} bytes"
    assert len(queue.content) < 80_000, f"queue is {len(queue.content)} bytes"
    assert wall_seconds < 1.0 and queue_seconds < 0.5, (wall_seconds, queue_seconds)
    body = queue.content.decode()
    assert body.count('class="queue-item') == 20
    assert "720 waiting" in body


def test_queue_rows_carry_no_option_lists(arena, participant, organiser, sessions, spaces):
    queued = _queue(arena, 30, participant)
    services.place_topic(queued[0], sessions[0], spaces[0], organiser)
    body = client_for(organiser).get(_queue_url(arena), **HTMX).content.decode()
    assert "<select" not in body
    free_cells = len(sessions) * len(spaces) - 1
    # One list of free cells and one of merge targets for the whole page.
    assert body.count("<datalist") == 2
    assert body.count("<option") <= free_cells + 1 + 20


def test_queue_pages_oldest_first_with_a_total(arena, participant, organiser):
    queued = _queue(arena, 43, participant)
    staff = client_for(organiser, language="en")
    first = staff.get(_queue_url(arena), **HTMX).content.decode()
    second = staff.get(_queue_url(arena, 2), **HTMX).content.decode()
    third = staff.get(_queue_url(arena, 3), **HTMX).content.decode()
    ids = [[int(pk) for pk in re.findall(r'id="topic-(\d+)"', page)] for page in (first, second)]
    assert ids == [[t.pk for t in queued[:20]], [t.pk for t in queued[20:40]]]
    assert third.count('class="queue-item') == 3
    assert "43 waiting" in first and "21–40" in second
    assert f"{_queue_url(arena)}?page=2" in first and f"{_queue_url(arena)}?page=1" in second
    # Garbage page numbers give a page, not an error; the whole wall pages too.
    assert staff.get(_queue_url(arena, "x"), **HTMX).status_code == 200
    assert staff.get(_queue_url(arena, 10**30), **HTMX).status_code == 200
    assert f'id="topic-{queued[40].pk}"' in staff.get(_wall_url(arena, page=3)).content.decode()


def test_queue_costs_the_same_queries_for_one_and_three_topics(
    arena, participant, organiser, sessions, spaces
):
    staff = client_for(organiser)
    counts = []
    for n in (1, 3):
        Topic.objects.filter(arena=arena).delete()
        queued = _queue(arena, n, participant)
        queued[0].builds_on = Topic.objects.create(arena=arena, title="Earlier")
        queued[0].save()
        staff.get(_queue_url(arena), **HTMX)
        with CaptureQueriesContext(connection) as queries:
            assert staff.get(_queue_url(arena), **HTMX).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- placing and merging by a typed code -----------------------------------------


def _place(client, arena, topic, code, **extra):
    return client.post(
        reverse("proposals:topic_place", args=[arena.pk, topic.pk]), {"code": code}, **extra
    )


def test_place_by_typed_code(arena, topics, sessions, spaces, organiser):
    staff = client_for(organiser, language="en")
    response = _place(staff, arena, topics[0], "2.3", **HTMX)
    assert "is on the wall at 2.3" in response.content.decode()
    group = Group.objects.get(topic=topics[0])
    assert (group.session, group.space) == (sessions[1], spaces[2])
    _place(staff, arena, topics[1], " 1,2 ", **HTMX)  # a decimal comma, spaces around
    assert Group.objects.get(topic=topics[1]).space == spaces[1]


@pytest.mark.parametrize(
    "typed, message",
    [
        ("2.25", "There is no space 25"),
        ("9.1", "There is no session 9"),
        ("abc", "is not a cell"),
        ("", "Type a cell"),
        ("1.1", "Cell 1.1 is taken by “Topic 2”"),
        ("99999999999999999999.1", "is not a cell"),
    ],
)
def test_place_by_code_explains_errors_and_keeps_what_was_typed(
    arena, topics, sessions, spaces, organiser, typed, message
):
    services.place_topic(topics[1], sessions[0], spaces[0], organiser)
    staff = client_for(organiser, language="en")
    response = _place(staff, arena, topics[0], typed, **HTMX)
    body = response.content.decode()
    assert response.status_code == 200 and message in body and "feedback--error" in body
    # The row's form comes back out of band with the typed text and the error.
    form = body[body.index(f'id="place-form-{topics[0].pk}"') :]
    assert 'hx-swap-oob="true"' in form.split(">", 1)[0]
    assert _typed(form, f"place-{topics[0].pk}") == typed and 'aria-invalid="true"' in form
    assert Group.objects.filter(topic=topics[0]).count() == 0
    # Without JavaScript: back to the wall, with the message and the typed text.
    plain = _place(staff, arena, topics[0], typed, follow=True).content.decode()
    assert message in plain and _typed(plain, f"place-{topics[0].pk}") == typed
    # Shown once, not on every later visit.
    later = staff.get(_wall_url(arena)).content.decode()
    assert _typed(later, f"place-{topics[0].pk}") == "" and message not in later


def test_merge_by_group_code_or_topic_number(arena, topics, sessions, spaces, organiser):
    services.place_topic(topics[0], sessions[0], spaces[1], organiser)  # 1.2
    staff = client_for(organiser, language="en")
    url = reverse("proposals:topic_merge", args=[arena.pk, topics[1].pk])
    assert "merged into" in staff.post(url, {"into": "1.2"}, **HTMX).content.decode()
    url = reverse("proposals:topic_merge", args=[arena.pk, topics[2].pk])
    staff.post(url, {"into": f"#{topics[3].pk}"}, **HTMX)
    merged = {t.pk: t.merged_into_id for t in Topic.objects.filter(status=TopicStatus.MERGED)}
    assert merged == {topics[1].pk: topics[0].pk, topics[2].pk: topics[3].pk}
    url = reverse("proposals:topic_merge", args=[arena.pk, topics[3].pk])
    for typed, message in [("2.2", "There is no group at 2.2"), ("#999999", "no topic #999999")]:
        body = staff.post(url, {"into": typed}, **HTMX).content.decode()
        assert message in body and _typed(body, f"merge-{topics[3].pk}") == typed


# --- broadcasts are coalesced ------------------------------------------------------


def _listen(*groups) -> list[str]:
    layer = get_channel_layer()

    async def join():
        names = []
        for group in groups:
            name = await layer.new_channel()
            await layer.group_add(group, name)
            names.append(name)
        return names

    return async_to_sync(join)()


def _drain(channel: str, settle: float = 0.3) -> list[str]:
    """Every message the channel has received (after the scheduled sends are done)."""
    coalesce.wait()
    layer = get_channel_layer()

    async def receive_all():
        received = []
        while True:
            try:
                message = await asyncio.wait_for(layer.receive(channel), settle)
            except TimeoutError:
                return received
            received.append(message["html"])

    return async_to_sync(receive_all)()


def _counts(html: str) -> dict[str, int]:
    """Head-count per cell in a phones' row fragment."""
    return {
        dom: int(n)
        for dom, n in re.findall(r'id="m-(\d+-\d+)".*?class="group-count">\s*(\d+)', html, re.S)
    }


@pytest.mark.django_db(transaction=True)
def test_two_hundred_attend_toggles_make_a_few_broadcasts_and_the_last_state_arrives(
    arena, topics, sessions, spaces, organiser
):
    a = services.place_topic(topics[0], sessions[0], spaces[0], organiser)
    b = services.place_topic(topics[1], sessions[0], spaces[1], organiser)
    coalesce.wait()
    phones, staff = _listen(group_name(arena.pk), staff_group_name(arena.pk))
    people = [Participant.objects.create(arena=arena, display_name=f"P{n}") for n in range(20)]

    started = time.monotonic()
    for n in range(200):  # 20 people, 10 changes each (the limit): 200 toggles
        services.attend(people[n % 20], a if (n // 20) % 2 == 0 else b)
    seconds = time.monotonic() - started
    to_phones, to_staff = _drain(phones), _drain(staff)

    bound = seconds / coalesce.WINDOW + 2
    assert 1 <= len(to_phones) <= bound and 1 <= len(to_staff) <= bound, (len(to_phones), seconds)
    final = {f"{g.session_id}-{g.space_id}": g.attendances.count() for g in (a, b)}
    assert final == {f"{a.session_id}-{a.space_id}": 0, f"{b.session_id}-{b.space_id}": 20}
    last = _counts(to_phones[-1])
    assert {cell: last[cell] for cell in final} == final


@pytest.fixture
def one_window(monkeypatch):
    """The rate limiter's clock stands still in the middle of one window: 200
    posts can take longer than the rest of a minute on a loaded machine, and a
    fixed window that turns over meanwhile would let ten more through."""
    window = services.ATTEND_WINDOW
    middle = (time.time() // window) * window + window / 2
    monkeypatch.setattr(
        ratelimit, "time", type("Clock", (), {"time": staticmethod(lambda: middle)})
    )


@pytest.mark.django_db(transaction=True)
def test_one_phone_toggling_200_times_is_limited_and_its_last_change_arrives(
    arena, participant, topics, sessions, spaces, organiser, one_window
):
    a = services.place_topic(topics[0], sessions[0], spaces[0], organiser)
    b = services.place_topic(topics[1], sessions[0], spaces[1], organiser)
    coalesce.wait()
    (phones,) = _listen(group_name(arena.pk))
    phone = client_for(participant=participant, language="en")

    statuses = []
    for n in range(200):
        group = a if n % 2 == 0 else b
        url = reverse("phone:attend", args=[arena.join_code, group.pk])
        statuses.append(phone.post(url, **HTMX).status_code)
    received = _drain(phones)

    # Ten changes go through; past them every change is refused (saying
    # "I'm going" to the group one is already in changes nothing and is free).
    assert statuses[: services.ATTEND_LIMIT] == [200] * services.ATTEND_LIMIT
    assert statuses.count(429) == (200 - services.ATTEND_LIMIT) // 2
    assert len(received) <= 6, len(received)
    chosen = Attendance.objects.get(participant=participant).group
    assert chosen == (a if services.ATTEND_LIMIT % 2 else b)
    last = _counts(received[-1])
    assert last[f"{chosen.session_id}-{chosen.space_id}"] == 1
    assert sum(last.values()) == 1


def test_attend_past_the_limit_is_429_with_a_message_and_the_phone_keeps_its_state(
    arena, participant, topics, sessions, spaces, organiser, one_window
):
    a = services.place_topic(topics[0], sessions[0], spaces[0], organiser)
    b = services.place_topic(topics[1], sessions[0], spaces[1], organiser)
    phone = client_for(participant=participant, language="en")
    for n in range(services.ATTEND_LIMIT):
        group = a if n % 2 == 0 else b
        phone.post(reverse("phone:attend", args=[arena.join_code, group.pk]), **HTMX)
    kept = Attendance.objects.get(participant=participant).group

    other = a if kept == b else b
    url = reverse("phone:attend", args=[arena.join_code, other.pk])
    response = phone.post(url, **HTMX)
    body = response.content.decode()
    assert response.status_code == 429 and int(response["Retry-After"]) >= 1
    assert body.lstrip().startswith('<section id="my-groups"')
    assert "Wait a minute" in body and kept.code in body and kept.topic.title in body
    assert Attendance.objects.get(participant=participant).group == kept
    # Without JavaScript: the programme page, with the message.
    plain = phone.post(url)
    assert plain.status_code == 429 and "Wait a minute" in plain.content.decode()
    assert 'id="phone-list"' in plain.content.decode()
    # Saying "I'm going" again to the group one is in changes nothing: not limited.
    again = reverse("phone:attend", args=[arena.join_code, kept.pk])
    assert phone.post(again, **HTMX).status_code == 200


def test_attend_limit_is_counted_in_the_shared_cache(arena, participant, topics, sessions, spaces):
    """Counts live in the cache (Redis in the production profile), not in the
    process: another worker sees the same count."""
    from arena import ratelimit

    a = services.place_topic(topics[0], sessions[0], spaces[0], None)
    services.attend(participant, a)
    assert ratelimit.peek("attend", participant.pk, window=services.ATTEND_WINDOW) == 1


@pytest.mark.django_db(transaction=True)
def test_a_burst_of_fifty_topics_sends_a_few_queue_signals(arena, settings):
    settings.ARENA_NEWCOMER_SECONDS = 0  # people who made their persona at the welcome
    coalesce.wait()
    (staff,) = _listen(staff_group_name(arena.pk))
    people = [Participant.objects.create(arena=arena, display_name=f"P{n}") for n in range(10)]

    started = time.monotonic()
    for n in range(50):
        services.post_topic(people[n % 10], title=f"Burst {n}")
    seconds = time.monotonic() - started
    signals = _drain(staff)

    assert 1 <= len(signals) <= seconds / coalesce.WINDOW + 2, (len(signals), seconds)
    assert all('id="queue-signal"' in html for html in signals)


@pytest.mark.django_db(transaction=True)
def test_the_last_change_always_gets_its_signal(arena, participant):
    coalesce.wait()
    (staff,) = _listen(staff_group_name(arena.pk))
    services.post_topic(participant, title="First")
    coalesce.wait()
    time.sleep(coalesce.WINDOW)  # the next window
    services.post_topic(participant, title="Second")
    assert len(_drain(staff)) == 2
