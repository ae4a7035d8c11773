"""Slow work never holds a lock; invitations are single-use; login is
throttled; removed people lose their sockets (issue 9, items 5 and 7).

Each test fails on the code before issue 9:
- pictures were processed by Pillow inside ``save_persona``'s transaction
  (on SQLite: the one write lock, held for the resize);
- a 1 × 50,000,000 px PNG passed the pixel-count check and took ~1 GB;
- persona saves were unlimited and each one broadcast;
- the report worker left versions "queued"/"running" for good on a database
  error, and nothing showed it;
- six simultaneous acceptances of one invitation made six organisers;
- password guessing was not throttled;
- a removed member's open socket kept receiving staff broadcasts.
"""

import io
import json
import os
import signal
import struct
import subprocess
import sys
import threading
import time
import zlib
from pathlib import Path

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, OperationalError, connection, transaction
from django.db.models.query import QuerySet
from django.tasks import task
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from arena import images, services
from arena.forms import PersonaForm
from arena.models import Membership, Participant, Role
from proposals.models import Group, Topic
from reports.models import ReportVersion, VersionStatus
from reports.publication import generation
from reports.publication import services as publication
from sessions.models import AgendaItem
from tests.personas import HOST, PASSWORD, client_for, make_user

ROOT = Path(__file__).resolve().parents[2]
ORIGIN = (b"origin", b"http://127.0.0.1")
DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


# --- fixtures and helpers (small copies, not imports of other test modules) -------------


@pytest.fixture
def group(arena, participant):
    session = AgendaItem.objects.for_arena(arena).sessions().order_by("session_number").first()
    topic = Topic.objects.create(arena=arena, convener=participant, title="Arbeid og helse")
    return Group.objects.create(
        arena=arena, topic=topic, session=session, space=arena.spaces.order_by("number")[0]
    )


def jpeg(size=(640, 480)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (200, 60, 40)).save(buf, "JPEG")
    return buf.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def strip_png(height: int = 50_000_000) -> bytes:
    """A valid greyscale PNG of 1 × ``height`` px (97 KB for 50 million rows),
    compressed row block by row block: never the whole image in memory."""
    compressor = zlib.compressobj(9)
    block_rows = 1 << 19
    block = b"\x00\x00" * block_rows  # filter byte + one pixel, per row
    parts, left = [], height
    while left:
        rows = min(left, block_rows)
        parts.append(compressor.compress(block if rows == block_rows else b"\x00\x00" * rows))
        left -= rows
    parts.append(compressor.flush())
    ihdr = struct.pack(">IIBBBBB", 1, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", ihdr)
        + _png_chunk(b"IDAT", b"".join(parts))
        + _png_chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module")
def strip():
    return strip_png()


SIDE_MESSAGE = "The image is too long or too wide to process (max 12,000 pixels a side)."


@pytest.fixture
def processing_log(monkeypatch):
    """Records, for every photo processed, whether a transaction was open."""
    seen = []
    original = images.process_photo

    def recording(uploaded):
        seen.append(connection.in_atomic_block)
        return original(uploaded)

    monkeypatch.setattr(images, "process_photo", recording)
    return seen


def persona_url(arena):
    return reverse("persona", args=[arena.join_code])


# --- 1. images are processed outside any transaction ----------------------------------


@pytest.mark.django_db(transaction=True)
def test_persona_picture_is_processed_outside_any_transaction(arena, participant, processing_log):
    client = client_for(participant=participant)
    response = client.post(
        persona_url(arena),
        {
            "display_name": "Pia",
            "picture_upload": SimpleUploadedFile("me.jpg", jpeg(), content_type="image/jpeg"),
        },
    )
    assert response.status_code == 302
    assert processing_log == [False]
    participant.refresh_from_db()
    assert participant.picture.endswith("-thumb.jpg")


@pytest.mark.django_db(transaction=True)
def test_group_and_report_photos_are_processed_outside_any_transaction(
    arena, group, organiser, processing_log
):
    client = client_for(organiser, language="en")
    response = client.post(
        reverse("reports:photo_add", args=[arena.pk, group.pk]),
        {"photos": [SimpleUploadedFile("sheet.jpg", jpeg(), content_type="image/jpeg")]},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("reports:report_image_add", args=[arena.pk]),
        {
            "placement": "introduction",
            "photo": SimpleUploadedFile("hall.jpg", jpeg(), content_type="image/jpeg"),
        },
    )
    assert response.status_code == 302
    assert processing_log == [False, False]


@pytest.mark.django_db(transaction=True)
def test_a_picture_being_processed_does_not_hold_the_write_lock(arena, participant, monkeypatch):
    """While one phone's picture is resized, another phone's write goes through
    at once (on SQLite the old transaction held the only write lock)."""
    processing, release = threading.Event(), threading.Event()
    original = images.process_photo

    def slow(uploaded):
        processing.set()
        release.wait(10)
        return original(uploaded)

    monkeypatch.setattr(images, "process_photo", slow)
    results = {}

    def upload():
        try:
            response = client_for(participant=participant).post(
                persona_url(arena),
                {
                    "display_name": "Pia",
                    "picture_upload": SimpleUploadedFile("me.jpg", jpeg(), "image/jpeg"),
                },
            )
            results["upload"] = response.status_code
        finally:
            connection.close()

    def other_phone():
        try:
            start = time.monotonic()
            with transaction.atomic():
                Participant.objects.create(arena=arena, display_name="Ola")
            results["other_s"] = time.monotonic() - start
        finally:
            connection.close()

    uploader = threading.Thread(target=upload)
    uploader.start()
    assert processing.wait(10)
    writer = threading.Thread(target=other_phone)
    writer.start()
    writer.join(timeout=3)
    blocked = writer.is_alive()
    release.set()
    writer.join(timeout=30)
    uploader.join(timeout=30)
    assert not blocked, "a write waited for the picture's resize"
    assert results["other_s"] < 3
    assert results["upload"] == 302


def test_stored_picture_files_go_when_the_save_fails(arena, participant, monkeypatch, settings):
    def broken_save(self, *args, **kwargs):
        raise DatabaseError("disk I/O error")

    monkeypatch.setattr(Participant, "save", broken_save)
    form = PersonaForm({"display_name": "Pia"}, instance=participant, arena=arena)
    assert form.is_valid()
    with pytest.raises(DatabaseError):
        services.save_persona(form, picture=SimpleUploadedFile("me.jpg", jpeg(), "image/jpeg"))
    stored = [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]
    assert stored == []


# --- 2. each side of an image is capped --------------------------------------------------

_CHILD = r"""
import io, json, os, resource, sys
import django
django.setup()
from django.utils import translation
from arena import images
translation.activate("en")
data = open(sys.argv[1], "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    images.process_photo(io.BytesIO(data))
    code, message = None, ""
except images.PhotoError as error:
    code, message = error.code, str(error)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"code": code, "message": message, "grew_kb": after - before}))
"""


def test_a_1_by_50_million_png_is_refused_before_decoding(strip, tmp_path):
    """In a fresh process, so its peak memory is this image's alone (the
    code before took the process from ~80 MB to ~1.1 GB)."""
    assert len(strip) < 100_000
    path = tmp_path / "strip.png"
    path.write_bytes(strip)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "arena.settings",
        "PYTHONPATH": str(ROOT),
        # The production profile wants a key; the child touches no database.
        "DJANGO_SECRET_KEY": "test-child-" + "k" * 50,
    }
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert (result["code"], result["message"]) == ("side_too_long", SIDE_MESSAGE)
    assert result["grew_kb"] < 50 * 1024  # peak grew by less than 50 MB


def test_the_strip_is_refused_with_a_message_on_every_upload(
    arena, group, organiser, participant, strip
):
    phone = client_for(participant=participant, language="en")
    response = phone.post(
        persona_url(arena),
        {"display_name": "Pia", "picture_upload": SimpleUploadedFile("s.png", strip, "image/png")},
    )
    assert SIDE_MESSAGE in response.content.decode()
    participant.refresh_from_db()
    assert not participant.picture

    staff = client_for(organiser, language="en")
    response = staff.post(
        reverse("reports:photo_add", args=[arena.pk, group.pk]),
        {"photos": [SimpleUploadedFile("s.png", strip, "image/png")]},
    )
    assert response.status_code == 400
    assert f"s.png: {SIDE_MESSAGE}" in response.content.decode()
    response = staff.post(
        reverse("reports:report_image_add", args=[arena.pk]),
        {"placement": "introduction", "photo": SimpleUploadedFile("s.png", strip, "image/png")},
    )
    assert response.status_code == 400
    assert SIDE_MESSAGE in response.content.decode()


def test_sides_up_to_the_cap_still_pass():
    buf = io.BytesIO()
    Image.new("L", (12_000, 4)).save(buf, "PNG")
    processed = images.process_photo(io.BytesIO(buf.getvalue()))
    assert (processed.width, processed.height) == (12_000, 4)


# --- 3. persona saves are limited and their broadcast coalesced ----------------------------


def test_persona_saves_are_limited_per_participant(arena, participant):
    client = client_for(participant=participant, language="en")
    for n in range(services.PERSONA_SAVES_PER_MINUTE):
        response = client.post(persona_url(arena), {"display_name": f"Pia {n}"})
        assert response.status_code == 302, n
    response = client.post(persona_url(arena), {"display_name": "Pia the last", "email": "p@x.no"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    html = response.content.decode()
    assert "You have saved your persona many times in a short while." in html
    assert 'value="Pia the last"' in html and 'value="p@x.no"' in html  # what was typed
    participant.refresh_from_db()
    assert participant.display_name == f"Pia {services.PERSONA_SAVES_PER_MINUTE - 1}"
    # Another phone is not affected.
    other = Participant.objects.create(arena=arena)
    response = client_for(participant=other).post(persona_url(arena), {"display_name": "Ola"})
    assert response.status_code == 302


def _communicator(arena_pk, cookie: str | None = None, audience: str = ""):
    headers = [(b"host", b"127.0.0.1"), ORIGIN]
    if cookie:
        headers.append((b"cookie", cookie.encode()))
    from arena.asgi import application

    path = f"/ws/a/{arena_pk}/{audience}/" if audience else f"/ws/a/{arena_pk}/"
    return WebsocketCommunicator(application, path, headers=headers)


def _session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


def _participant_cookie(participant) -> str:
    from arena import participants as tokens

    return f"{tokens.cookie_name(participant.arena)}={tokens.make_token(participant)}"


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_persona_broadcasts_are_coalesced_and_the_last_one_arrives(
    arena, participant, facilitator
):
    from arena import coalesce

    staff = _communicator(
        arena.pk,
        await database_sync_to_async(_session_cookie)(facilitator),
        audience="projector-perspectives",  # the perspective projector's screen
    )
    assert (await staff.connect())[0]

    def save(n):
        person = Participant.objects.select_related("arena").get(pk=participant.pk)
        form = PersonaForm({"display_name": f"Pia {n}"}, instance=person, arena=person.arena)
        assert form.is_valid(), form.errors
        services.save_persona(form)
        return time.monotonic()

    saves = services.PERSONA_SAVES_PER_MINUTE
    start = time.monotonic()
    for n in range(saves):
        last_save = await database_sync_to_async(save)(n)
    received = []
    while not await staff.receive_nothing(timeout=1.5):
        message = await staff.receive_from()
        assert 'id="perspectives-signal"' in message
        received.append(time.monotonic())
    elapsed = last_save - start
    assert 1 <= len(received) < saves
    assert len(received) <= elapsed / coalesce.WINDOW + 2
    assert received[-1] > last_save  # trailing edge: sent after the last change
    await staff.disconnect()


# --- 4. the worker survives database errors; stuck versions can be tried again ------------


@pytest.fixture
def fast_retries(monkeypatch):
    monkeypatch.setattr(generation, "WRITE_BACKOFF_S", 0, raising=False)


def _queued_version(arena, organiser, settings) -> ReportVersion:
    settings.TASKS = DUMMY_TASKS
    version = publication.start_generation(arena, organiser, "en").version
    assert version.status == VersionStatus.QUEUED
    return version


def _failing_update(monkeypatch, when, times=None):
    """QuerySet.update raises "database is locked" when ``when(kwargs)``
    (``times`` times, or always)."""
    original = QuerySet.update
    calls = {"n": 0}

    def update(self, **kwargs):
        failing = times is None or calls["n"] < times
        if self.model is ReportVersion and when(kwargs) and failing:
            calls["n"] += 1
            raise OperationalError("database is locked")
        return original(self, **kwargs)

    monkeypatch.setattr(QuerySet, "update", update)
    return calls


def test_a_locked_database_at_the_start_marks_the_version_failed(
    arena, organiser, settings, monkeypatch, fast_retries
):
    from reports.publication.tasks import generate_report_pdf

    version = _queued_version(arena, organiser, settings)
    _failing_update(monkeypatch, lambda kw: kw.get("status") == VersionStatus.RUNNING)
    generate_report_pdf.call(version.pk)  # never raises into the worker
    version.refresh_from_db()
    assert version.status == VersionStatus.FAILED
    assert "database is locked" in version.error


def test_the_failed_status_is_written_even_when_the_database_is_busy(
    arena, organiser, settings, monkeypatch, fast_retries
):
    from reports.publication.tasks import generate_report_pdf

    version = _queued_version(arena, organiser, settings)

    def render(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(generation, "render_report", render)
    calls = _failing_update(
        monkeypatch, lambda kw: kw.get("status") == VersionStatus.FAILED, times=2
    )
    generate_report_pdf.call(version.pk)
    version.refresh_from_db()
    assert calls["n"] == 2
    assert version.status == VersionStatus.FAILED
    assert "database is locked" in version.error


def test_a_progress_write_that_fails_does_not_fail_the_pdf(
    arena, organiser, settings, monkeypatch, fast_retries
):
    from reports.publication.tasks import generate_report_pdf

    version = _queued_version(arena, organiser, settings)
    _failing_update(monkeypatch, lambda kw: "progress" in kw and "status" not in kw)
    generate_report_pdf.call(version.pk)
    version.refresh_from_db()
    assert version.status == VersionStatus.DONE, version.error


def test_a_stuck_version_shows_and_can_be_tried_again(arena, organiser, reader, settings):
    version = _queued_version(arena, organiser, settings)
    home = reverse("reports:report_home", args=[arena.pk])
    retry = reverse("reports:report_retry", args=[arena.pk, version.pk])
    page = client_for(organiser, language="en").get(home).content.decode()
    assert "data-stuck" not in page and retry not in page  # just queued: on its way

    ReportVersion.objects.filter(pk=version.pk).update(
        updated_at=timezone.now() - ReportVersion.STUCK_AFTER * 2
    )
    page = client_for(organiser, language="en").get(home).content.decode()
    assert "data-stuck" in page and "Stuck" in page and retry in page and "Try again" in page
    page = client_for(reader, language="en").get(home).content.decode()
    assert "data-stuck" in page and retry not in page
    assert client_for(reader).post(retry).status_code == 403
    # Generating the same content again does not hand back the stuck version.
    again = publication.start_generation(arena, organiser, "en")
    assert not again.reused and again.version.pk != version.pk

    response = client_for(organiser).post(retry)
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.status == VersionStatus.QUEUED and not version.is_stuck
    assert client_for(organiser).post(retry).status_code == 302  # on its way: refused
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    ReportVersion.objects.filter(pk=version.pk).update(
        updated_at=timezone.now() - ReportVersion.STUCK_AFTER * 2
    )
    client_for(organiser).post(retry)
    version.refresh_from_db()
    assert version.status == VersionStatus.DONE and version.file


def test_a_failed_version_shows_its_reason_and_try_again(
    arena, organiser, settings, monkeypatch, fast_retries
):
    from reports.publication.tasks import generate_report_pdf

    version = _queued_version(arena, organiser, settings)

    def render(*args, **kwargs):
        raise RuntimeError("the fonts went missing")

    monkeypatch.setattr(generation, "render_report", render)
    generate_report_pdf.call(version.pk)
    page = client_for(organiser, language="en").get(
        reverse("reports:report_version", args=[arena.pk, version.pk])
    )
    html = page.content.decode()
    assert "the fonts went missing" in html
    assert reverse("reports:report_retry", args=[arena.pk, version.pk]) in html


def test_a_run_left_behind_writes_nothing(arena, organiser, settings, monkeypatch):
    """A worker that comes back to life after "Try again" cannot overwrite the
    new run's progress or result."""
    version = _queued_version(arena, organiser, settings)
    started = []
    monkeypatch.setattr(generation, "render_report", lambda *a, **k: started.append(k) or 1 / 0)
    generation.generate(version.pk)  # attempt 1 (fails: division by zero)
    version.refresh_from_db()
    assert version.attempts == 1 and version.status == VersionStatus.FAILED
    publication.retry_generation(arena, version)  # dummy backend: queued again
    generation.update_version(version.pk, attempt=1, progress=77)
    version.refresh_from_db()
    assert version.progress == 0 and version.status == VersionStatus.QUEUED


@task
def _boom() -> None:
    raise RuntimeError("a task that fails")


@task
def _fine() -> str:
    return "fine"


@pytest.mark.django_db(transaction=True)
def test_db_worker_keeps_running_after_a_task_fails(arena, organiser, settings, monkeypatch):
    """What we rely on from django-tasks-db: a task's exception is recorded
    and the worker goes on with the next task."""
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    from reports.publication.tasks import generate_report_pdf

    settings.TASKS = DUMMY_TASKS
    version = publication.start_generation(arena, organiser, "en").version

    def render(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(generation, "render_report", render)
    monkeypatch.setattr(generation, "WRITE_BACKOFF_S", 0, raising=False)
    settings.TASKS = DB_TASKS
    first = _boom.enqueue()
    report = generate_report_pdf.enqueue(version.pk)
    last = _fine.enqueue()
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command(
            "db_worker", batch=True, startup_delay=False, interval=0, reload=False, verbosity=0
        )
    finally:
        for signum, handler in handlers.items():
            signal.signal(signum, handler)
    statuses = {str(pk): status for pk, status in DBTaskResult.objects.values_list("id", "status")}
    assert statuses[first.id] == "FAILED"
    assert statuses[report.id] == "SUCCESSFUL"  # generate recorded the failure itself
    assert statuses[last.id] == "SUCCESSFUL"
    version.refresh_from_db()
    assert version.status == VersionStatus.FAILED and "database is locked" in version.error


# --- 5. invitations are single-use under races ----------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_six_simultaneous_acceptances_make_one_organiser(arena, organiser):
    invitation = services.invite(arena, organiser, role=Role.ORGANISER, name="Ny")
    users = [make_user(f"guest{n}") for n in range(6)]
    barrier = threading.Barrier(len(users))
    outcomes = []

    def accept(user):
        try:
            barrier.wait(timeout=10)
            services.accept_invitation(invitation, user)
            outcomes.append("won")
        except services.InvitationClosed:
            outcomes.append("used")
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(u,)) for u in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["used"] * 5 + ["won"]
    assert Membership.objects.filter(user__in=users).count() == 1
    invitation.refresh_from_db()
    assert invitation.accepted_by_id in {u.pk for u in users}


def test_a_second_acceptance_gets_the_used_page(arena, organiser, monkeypatch):
    invitation = services.invite(arena, organiser, role=Role.FACILITATOR)
    url = reverse("invitation", args=[invitation.token])
    first, second = make_user("first"), make_user("second")
    assert client_for(first).post(url).status_code == 302
    response = client_for(second, language="en").post(url)
    assert response.status_code == 410
    assert "This invitation has already been used" in response.content.decode()
    assert not Membership.objects.filter(user=second).exists()


def test_losing_the_race_in_the_view_gets_the_used_page(arena, organiser, monkeypatch):
    """The page was open for both; the other acceptance commits first."""
    invitation = services.invite(arena, organiser, role=Role.FACILITATOR)
    url = reverse("invitation", args=[invitation.token])
    winner = make_user("winner")
    real = services.accept_invitation

    def racing(inv, user):
        if user != winner:
            real(inv, winner)
        return real(inv, user)

    monkeypatch.setattr(services, "accept_invitation", racing)
    response = client_for(make_user("late"), language="en").post(url)
    assert response.status_code == 410
    assert "This invitation has already been used" in response.content.decode()
    # A newcomer signing up in the same race: no account is left without its role.
    invitation = services.invite(arena, organiser, role=Role.READER)
    url = reverse("invitation", args=[invitation.token])
    response = Client(HTTP_HOST=HOST).post(
        url,
        {
            "username": "newcomer",
            "email": "n@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 410
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(username="newcomer").exists()


def test_an_accepted_invitation_cannot_be_revoked(arena, organiser):
    invitation = services.invite(arena, organiser, role=Role.READER)
    services.accept_invitation(invitation, make_user("kari"))
    response = client_for(organiser, language="en").post(
        reverse("arena:invitation_revoke", args=[arena.pk, invitation.pk]), follow=True
    )
    assert "This invitation has already been accepted." in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


# --- 6. login is throttled per account and address --------------------------------------


def _login(client, url, username, password, address="10.0.0.1"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.mark.parametrize("page", ["login", "admin:login"])
def test_login_is_locked_after_five_failures_per_account_and_address(page, organiser, settings):
    url = reverse(page)
    client = Client(HTTP_HOST=HOST)
    client.cookies["django_language"] = "en"
    for _n in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, url, organiser.username, "wrong").status_code == 200
    assert _login(client, url, organiser.username, "wrong").status_code == 429  # the 5th
    response = _login(client, url, organiser.username, PASSWORD)  # then even the right one
    assert response.status_code == 429
    assert int(response["Retry-After"]) == 15 * 60
    html = response.content.decode()
    assert "Too many attempts to log in" in html and "15 minutes" in html
    assert "_auth_user_id" not in client.session
    # The same account from another address, another account from this one: not locked.
    assert (
        _login(Client(HTTP_HOST=HOST), url, organiser.username, PASSWORD, "10.0.0.2").status_code
        == 302
    )
    make_user("kari", is_staff=True)
    assert _login(Client(HTTP_HOST=HOST), url, "kari", PASSWORD).status_code == 302


def test_a_successful_login_resets_the_count(organiser, settings):
    url = reverse("login")
    for _round in range(2):
        for _n in range(settings.AXES_FAILURE_LIMIT - 1):
            assert _login(Client(HTTP_HOST=HOST), url, organiser.username, "x").status_code == 200
        assert _login(Client(HTTP_HOST=HOST), url, organiser.username, PASSWORD).status_code == 302


# --- 7. a removed member's (or participant's) sockets are closed -----------------------------


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_removed_member_socket_is_closed_and_reconnect_refused(arena, organiser, facilitator):
    from arena.live import send_html_now, staff_group_name

    frank_cookie = await database_sync_to_async(_session_cookie)(facilitator)
    frank = _communicator(arena.pk, frank_cookie)
    olivia = _communicator(arena.pk, await database_sync_to_async(_session_cookie)(organiser))
    assert (await frank.connect())[0] and (await olivia.connect())[0]

    membership = await database_sync_to_async(Membership.objects.get)(arena=arena, user=facilitator)
    await database_sync_to_async(services.remove_member)(membership)
    assert await frank.receive_output(timeout=3) == {"type": "websocket.close", "code": 4403}
    assert await olivia.receive_nothing(timeout=0.3)

    await database_sync_to_async(send_html_now)(staff_group_name(arena.pk), "<div>queue</div>")
    assert await olivia.receive_from() == "<div>queue</div>"
    connected, code = await _communicator(arena.pk, frank_cookie).connect()
    assert not connected and code == 4403
    await olivia.disconnect()


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_removed_participant_socket_is_closed(arena, participant):
    from arena.live import close_sockets

    other = await database_sync_to_async(Participant.objects.create)(arena=arena)
    pia_cookie = await database_sync_to_async(_participant_cookie)(participant)
    pia = _communicator(arena.pk, pia_cookie)
    ola = _communicator(arena.pk, await database_sync_to_async(_participant_cookie)(other))
    assert (await pia.connect())[0] and (await ola.connect())[0]

    def remove():
        with transaction.atomic():
            close_sockets(arena.pk, participants=[participant.pk])
            Participant.objects.filter(pk=participant.pk).delete()

    await database_sync_to_async(remove)()
    assert await pia.receive_output(timeout=3) == {"type": "websocket.close", "code": 4403}
    assert await ola.receive_nothing(timeout=0.3)
    connected, _code = await _communicator(arena.pk, pia_cookie).connect()
    assert not connected
    await ola.disconnect()
