"""Inputs that used to answer 500 get a clear 4xx (issue 9, item 8).

Each test names the failure it guards against. Several were PostgreSQL-only
(NUL bytes, deadlocks); run this module on both profiles.
"""

import json
import random
import threading

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from arena.models import Arena, Format
from proposals.models import Group, Topic, TopicStatus, WallAction
from reports.models import InputComment
from tests.personas import client_for

NUL = "\x00"
NUL_MESSAGE = (
    "The address or search contains a null character, which cannot be used."
    " Check the link, or type the search again."
)
TOO_BIG = "9" * 25  # past 64 bits
ORIGIN = (b"origin", b"http://127.0.0.1")


@pytest.fixture
def groups(arena, sessions, spaces):
    """Four groups on the wall: 1.1, 1.2, 2.1, 2.2 (cells 1.3 and 2.3 free)."""
    made = []
    for n, (session, space) in enumerate(
        [(sessions[0], spaces[0]), (sessions[0], spaces[1]), (sessions[1], spaces[0]),
         (sessions[1], spaces[1])], 1
    ):  # fmt: skip
        topic = Topic.objects.create(arena=arena, title=f"Gruppe {n}", status=TopicStatus.PLACED)
        made.append(Group.objects.create(arena=arena, topic=topic, session=session, space=space))
    return made


def _submitted_input(group):
    from reports.models import GroupReport, Input, ReportStatus, ReportTemplate

    report = GroupReport.objects.create(
        group=group,
        template=ReportTemplate.objects.filter(arena=None).first(),
        status=ReportStatus.SUBMITTED,
    )
    return Input.objects.create(report=report, title="Flere lærlingplasser")


# --- NUL bytes (PostgreSQL DataError) -------------------------------------------------


def test_nul_in_a_search_answers_400_in_the_users_language(arena, groups, organiser):
    """Search and filter parameters reach the database as text: a NUL is a
    400 with a message (not treated as absent: the search would then show
    something the person did not ask for)."""
    url = reverse("reports:people_search", args=[arena.pk, groups[0].pk])
    response = client_for(organiser, language="en").get(url, {"q": f"Pia{NUL}"})
    assert response.status_code == 400
    assert "null character" in response.content.decode()
    response = client_for(organiser, language="nb").get(url, {"q": f"Pia{NUL}"})
    assert response.status_code == 400 and response["Content-Language"] == "nb"
    with translation.override("nb"):
        assert escape(_(NUL_MESSAGE)) in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/arena/arena/?q=%00",
        "/join/?code=AB%00CD",
        "/accounts/login/?next=/%00",
        "/j/AB%00CD/",
        "/invitation/abc%00def/",
        "/r/abc%00def/",
    ],
)
def test_nul_in_any_query_string_or_path_answers_400(arena, organiser, url):
    organiser.is_superuser = True
    organiser.save()
    response = client_for(organiser, language="en").get(url)
    assert response.status_code == 400


def test_nul_in_phone_paths_and_filters_answers_400(arena, participant):
    phone = client_for(participant=participant, language="en")
    url = reverse("phone_reports:input_wall", args=[arena.join_code])
    assert phone.get(url, {"addressee": NUL}).status_code == 400
    assert phone.get(url, {"session": f"1{NUL}"}).status_code == 400
    assert phone.get(f"/p/{arena.join_code}%00/wall/").status_code == 400
    assert phone.get(url, {"session": "1"}).status_code == 200


def test_a_session_cookie_with_nul_is_no_session(arena):
    """An escaped NUL in the session cookie ("\\000") reached the session
    table on every page (PostgreSQL: 500 everywhere until it expired)."""
    client = Client(HTTP_HOST="127.0.0.1", HTTP_COOKIE='sessionid="\\000abcdefghijk"')
    response = client.get("/")
    assert response.status_code == 200
    assert response.cookies["sessionid"].value == ""  # and the cookie is deleted
    assert client.get(f"/p/{arena.join_code}/wall/").status_code == 302


def test_nul_in_a_comment_is_refused_and_the_text_kept(arena, groups, participant, organiser):
    item = _submitted_input(groups[0])
    phone = client_for(participant=participant, language="en")
    url = reverse("phone_reports:comment", args=[arena.join_code, item.pk])
    # htmx swaps a 422 in (static/js/arena.js): the form with its message
    for headers, status in [({}, 400), ({"HTTP_HX_REQUEST": "true"}, 422)]:
        response = phone.post(url, {"text": f"Godt{NUL} innspill"}, **headers)
        assert response.status_code == status
        body = response.content.decode()
        assert "null character" in body
        assert "Godt" in body and "innspill" in body  # what was typed is still there
    assert not InputComment.objects.exists()
    # Form posts need no guard of their own: Django's form fields refuse NUL.
    response = phone.post(
        reverse("phone:topics", args=[arena.join_code]),
        {"title": f"Tema{NUL}", "description": "", "kind": "new"},
    )
    assert response.status_code == 200 and response.context["form"].errors["title"]
    assert not Topic.objects.filter(title__startswith="Tema").exists()


# --- racing wall actions (IntegrityError on SQLite, deadlock on PostgreSQL) -----------


@pytest.mark.django_db(transaction=True)
def test_thirty_racing_swaps_moves_and_undos_never_answer_500(
    arena, sessions, spaces, groups, organiser, facilitator
):
    cells = [f"{session.pk}-{space.pk}" for session in sessions for space in spaces]
    group_pks = [g.pk for g in groups]
    rng = random.Random(9)
    plans = []
    for n in range(30):
        kind = ["swap", "move", "drop", "undo"][n % 4]
        a, b = rng.sample(group_pks, 2)
        plans.append((kind, a, b, rng.choice(cells), n % 2 == 0))
    barrier = threading.Barrier(len(plans))
    outcomes, failures = [], []
    # Signed in before the race (force_login writes rows); each thread gets
    # its own client with a copy of the cookies.
    staff = {True: client_for(organiser, language="en"), False: client_for(facilitator)}
    cookies = {htmx: {k: m.value for k, m in c.cookies.items()} for htmx, c in staff.items()}

    def act(kind, a, b, cell, htmx):
        client = Client(HTTP_HOST="127.0.0.1")
        client.cookies.load(cookies[htmx])
        headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        try:
            barrier.wait(timeout=20)
            if kind == "swap":
                url, data = reverse("proposals:group_swap", args=[arena.pk, a]), {"other": b}
            elif kind == "move":
                url, data = reverse("proposals:group_move", args=[arena.pk, a]), {"cell": cell}
            elif kind == "drop":
                url, data = reverse("proposals:drop", args=[arena.pk]), {"group": a, "cell": cell}
            else:
                url, data = reverse("proposals:undo", args=[arena.pk]), {}
            outcomes.append(client.post(url, data, **headers).status_code)
        except Exception as error:  # the test client re-raises a view's exception
            failures.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=act, args=plan) for plan in plans]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    assert len(outcomes) == 30 and set(outcomes) <= {200, 302, 409}
    assert {200, 302} & set(outcomes)  # and some actions went through
    # The wall is still whole: four groups, each in its own cell of the arena.
    placed = list(Group.objects.values_list("session_id", "space_id"))
    assert len(placed) == 4 and len(set(placed)) == 4
    assert WallAction.objects.filter(arena=arena).count() <= 30


def test_a_lost_race_answers_409_with_the_current_wall(arena, sessions, spaces, groups, organiser):
    """A swap with a group that has left the wall in between: a conflict."""
    client = client_for(organiser, language="en")
    gone = groups[1]
    Group.objects.filter(pk=gone.pk).delete()
    response = client.post(
        reverse("proposals:group_swap", args=[arena.pk, groups[0].pk]),
        {"other": gone.pk},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code in (200, 409)  # "pick the group" (it is not found)
    from proposals import services

    with pytest.raises(services.WallError):
        services.swap_groups(groups[0], gone, organiser)
    taken = f"{sessions[0].pk}-{spaces[0].pk}"
    response = client.post(
        reverse("proposals:group_move", args=[arena.pk, groups[3].pk]),
        {"cell": taken},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 409
    assert "is taken" in body and 'id="grid"' in body


# --- ids past 64 bits (OverflowError) -------------------------------------------------


def test_ids_past_64_bits_in_the_path_are_404(arena, groups, organiser, participant):
    staff = client_for(organiser, language="en")
    for url in [
        f"/a/{TOO_BIG}/",
        f"/a/{arena.pk}/wall/groups/{TOO_BIG}/",
        f"/a/{arena.pk}/agenda/{TOO_BIG}/edit/",
        f"/a/{arena.pk}/groups/{TOO_BIG}/report/",
        f"/a/{arena.pk}/days/{TOO_BIG}/delete/",
    ]:
        assert staff.get(url).status_code == 404, url
    phone = client_for(participant=participant, language="en")
    assert phone.get(f"/p/{arena.join_code}/groups/{TOO_BIG}/").status_code == 404
    assert phone.get(f"/p/{arena.join_code}/people/{TOO_BIG}/picture.jpg").status_code == 404
    # 18 digits still parse (and are simply not found).
    assert staff.get(f"/a/{arena.pk}/wall/groups/{'9' * 18}/").status_code == 404


def test_ids_past_64_bits_in_parameters_are_ignored_or_refused(
    arena, sessions, groups, organiser, participant
):
    staff = client_for(organiser, language="en")
    hx = {"HTTP_HX_REQUEST": "true"}
    for data in [{"group": TOO_BIG, "cell": f"{TOO_BIG}-{TOO_BIG}"}, {"topic": TOO_BIG}]:
        response = staff.post(reverse("proposals:drop", args=[arena.pk]), data, **hx)
        assert response.status_code in (200, 400)
    response = staff.post(
        reverse("proposals:group_swap", args=[arena.pk, groups[0].pk]), {"other": TOO_BIG}, **hx
    )
    assert response.status_code == 200 and "Pick the group" in response.content.decode()
    # ?day= on the agenda form: ignored (also "²", which str.isdigit() accepts).
    for day in [TOO_BIG, "²", "-1"]:
        response = staff.get(reverse("programme:agenda_add", args=[arena.pk]), {"day": day})
        assert response.status_code == 200
    response = staff.get(reverse("proposals:sheets", args=[arena.pk]), {"session": TOO_BIG})
    assert response.status_code == 404
    for name, value in [
        ("person_add", {"participant": TOO_BIG}),
        ("assign", {"user": TOO_BIG}),
        ("restore", {"number": TOO_BIG}),
    ]:
        response = staff.post(reverse(f"reports:{name}", args=[arena.pk, groups[0].pk]), value)
        assert response.status_code == 302, name
    phone = client_for(participant=participant, language="en")
    url = reverse("phone_reports:input_wall", args=[arena.join_code])
    for params in [{"page": TOO_BIG}, {"page": str(2**62)}, {"perspective": TOO_BIG}]:
        assert phone.get(url, params).status_code == 200, params


# --- dates past year 9999 (OverflowError) ---------------------------------------------


def test_a_year_9999_arena_is_refused_with_the_typed_date_kept(organiser):
    client = client_for(organiser, language="en")
    data = {
        "title": "Langt fram",
        "theme": "",
        "guiding_questions": "",
        "venue": "",
        "format": Format.values[0],
        "language": "nb",
        "start_date": "9999-12-31",
        "number_of_days": "3",
    }
    response = client.post(reverse("arena_create"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors["start_date"]
    assert "2100" in errors[0]
    assert 'value="9999-12-31"' in response.content.decode()
    assert not Arena.objects.filter(title="Langt fram").exists()


def test_copying_or_adding_a_day_in_year_9999_is_refused(arena, organiser):
    client = client_for(organiser, language="en")
    response = client.post(
        reverse("arena:copy", args=[arena.pk]), {"title": "Kopi", "start_date": "9999-12-31"}
    )
    assert response.status_code == 200 and response.context["form"].errors["start_date"]
    assert 'value="9999-12-31"' in response.content.decode()
    response = client.post(reverse("arena:day_add", args=[arena.pk]), {"date": "9999-12-31"})
    assert response.status_code == 200 and response.context["form"].errors["date"]
    assert not Arena.objects.filter(title="Kopi").exists()
    assert arena.days.count() == 2
    # The edges of the range still work.
    response = client.post(
        reverse("arena:copy", args=[arena.pk]), {"title": "Kopi", "start_date": "2100-12-30"}
    )
    assert response.status_code == 302


# --- WebSockets -------------------------------------------------------------------------


def _communicator(path, cookie=None):
    from arena.asgi import application

    headers = [(b"host", b"127.0.0.1"), ORIGIN]
    if cookie:
        headers.append((b"cookie", cookie.encode()))
    return WebsocketCommunicator(application, path, headers=headers)


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
@pytest.mark.parametrize(
    "path", ["/ws/nowhere/", "/ws/a/abc/", f"/ws/a/{TOO_BIG}/", "/ws/a/1/extra/", "/"]
)
async def test_websocket_paths_without_a_route_are_closed_politely(path, caplog):
    communicator = _communicator(path)
    connected, code = await communicator.connect()
    assert not connected and code == 4404
    assert not [r for r in caplog.records if r.levelname in ("ERROR", "CRITICAL")]


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_deeply_nested_json_frame_is_ignored_and_the_socket_lives(arena, participant, caplog):
    from arena import participants

    cookie_arena = await database_sync_to_async(lambda: participant.arena)()
    cookie = f"{participants.cookie_name(cookie_arena)}={participants.make_token(participant)}"
    communicator = _communicator(f"/ws/a/{arena.pk}/", cookie=cookie)
    connected, _ = await communicator.connect()
    assert connected
    for frame in ["[" * 2000 + "]" * 2000, '{"a":' * 800 + "1" + "}" * 800, "[" * 5000]:
        await communicator.send_to(text_data=frame)
    assert await communicator.receive_nothing(timeout=0.2)
    await communicator.send_to(text_data=json.dumps({"type": "ping"}))
    assert json.loads(await communicator.receive_from()) == {"type": "pong"}
    await communicator.disconnect()
    assert not [r for r in caplog.records if r.levelname in ("ERROR", "CRITICAL")]
