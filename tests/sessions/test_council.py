"""A council meeting (seed 001) as the organiser and an observer use it:
introductions and discussions on the agenda, the presenters' PDFs, and the
public observers' page with "on now" by the clock."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from arena.models import Arena, Format
from arena.pdf import render_pdf
from sessions import council
from sessions.models import AgendaItem, ItemKind, PresenterMaterial
from tests.personas import client_for

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 12, 3)


@pytest.fixture(scope="module")
def pdf_bytes():
    return render_pdf("<!doctype html><html><body><h1>Innledning</h1></body></html>")


def _upload(name: str, content: bytes):
    handle = io.BytesIO(content)
    handle.name = name
    return handle


def _add_item(client, arena, **fields):
    data = {"day": arena.days.get().pk, "presenters": "", "stream_url": "", "description": ""}
    data.update(fields)
    return client.post(reverse("programme:agenda_add", args=[arena.pk]), data)


@pytest.fixture
def meeting(organiser):
    """The organiser makes the council meeting and its agenda through the screens."""
    client = client_for(organiser, language="en")
    response = client.post(
        reverse("arena_create"),
        {
            "title": "Nasjonalt råd",
            "theme": "Strategien",
            "guiding_questions": "",
            "venue": "Digitalt",
            "format": Format.COUNCIL,
            "language": "en",
            "start_date": DAY.isoformat(),
            "number_of_days": 1,
        },
    )
    assert response.status_code == 302
    arena = Arena.objects.get(title="Nasjonalt råd")
    assert arena.format == Format.COUNCIL
    for kind, title, start, end, presenters, stream in [
        ("plenary", "Oppkobling", "08:30", "09:00", "", "https://example.org/stream"),
        ("introduction", "Brukerinvolvering", "09:10", "09:15", "Siri Holm, Nora Lie", ""),
        ("break", "Pause", "09:50", "10:00", "", ""),
        ("introduction", "Digitale verktøy", "10:00", "10:05", "Bjørn Aas", ""),
    ]:
        response = _add_item(
            client,
            arena,
            kind=kind,
            title=title,
            start=start,
            end=end,
            presenters=presenters,
            stream_url=stream,
        )
        assert response.status_code == 302, response.content.decode()
    return arena, client


def _item(arena, title):
    return AgendaItem.objects.get(day__arena=arena, title=title)


def test_a_discussion_follows_its_introduction(meeting):
    arena, client = meeting
    intro = _item(arena, "Brukerinvolvering")
    # "Add its discussion" on the arena page opens the form filled in
    page = client.get(arena.get_absolute_url()).content.decode()
    add_url = f"{reverse('programme:agenda_add', args=[arena.pk])}?follows={intro.pk}"
    assert add_url in page
    form = client.get(add_url).content.decode()
    assert f'<option value="{intro.pk}" selected>' in form
    assert 'value="09:15"' in form  # starts when the introduction ends
    response = _add_item(
        client,
        arena,
        kind="discussion",
        title="Diskusjon",
        start="09:15",
        end="09:30",
        follows=intro.pk,
    )
    assert response.status_code == 302
    discussion = _item(arena, "Diskusjon")
    assert discussion.follows == intro and discussion.kind == ItemKind.DISCUSSION
    # introductions and discussions are not sessions of the programme wall
    assert not AgendaItem.objects.for_arena(arena).sessions().exists()
    assert discussion.session_number is None


def test_a_discussion_cannot_follow_a_break(meeting):
    arena, client = meeting
    pause = _item(arena, "Pause")
    response = _add_item(
        client,
        arena,
        kind="discussion",
        title="Diskusjon",
        start="10:05",
        end="10:20",
        follows=pause.pk,
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert 'value="Diskusjon"' in response.content.decode()  # what was typed stays


def test_upload_a_pdf_and_a_renamed_program_is_refused(
    meeting, media_root, pdf_bytes, django_capture_on_commit_callbacks
):
    arena, client = meeting
    intro = _item(arena, "Brukerinvolvering")
    url = reverse("programme:material", args=[arena.pk, intro.pk])
    fake = b"MZ\x90\x00" + b"\x00" * 200  # a Windows program, renamed
    response = client.post(url, {"title": "Lysbilder", "file": _upload("slides.pdf", fake)})
    assert response.status_code == 400
    text = response.content.decode()
    assert "“slides.pdf” is not a PDF file" in text
    assert 'value="Lysbilder"' in text  # the title stays
    assert not PresenterMaterial.objects.exists()

    response = client.post(url, {"title": "Lysbilder", "file": _upload("slides.pdf", pdf_bytes)})
    assert response.status_code == 302
    material = PresenterMaterial.objects.get()
    assert material.file.name.startswith("private/material/")
    assert (media_root / material.file.name).read_bytes() == pdf_bytes
    # members read it
    response = client.get(reverse("programme:material_file", args=[arena.pk, material.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == pdf_bytes
    # deleting the row takes the file along
    delete_url = reverse("programme:material_delete", args=[arena.pk, material.pk])
    assert "its PDF file too" in client.get(delete_url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(delete_url)
    assert response.status_code == 302
    assert not (media_root / material.file.name).exists()


def test_too_large_a_file_is_refused(meeting, media_root, monkeypatch):
    from sessions import forms

    monkeypatch.setattr(forms, "MATERIAL_MAX_BYTES", 1000)
    arena, client = meeting
    intro = _item(arena, "Brukerinvolvering")
    big = b"%PDF-1.7\n" + b"0" * 2000
    response = client.post(
        reverse("programme:material", args=[arena.pk, intro.pk]),
        {"title": "Stor", "file": _upload("stor.pdf", big)},
    )
    assert response.status_code == 400
    assert "at most 20 MB is accepted" in response.content.decode()


def _observe(arena):
    return reverse("programme:observe", args=[arena.pk, arena.join_code])


def _at(monkeypatch, hhmm: str):
    hour, minute = map(int, hhmm.split(":"))
    now = timezone.make_aware(datetime.datetime.combine(DAY, datetime.time(hour, minute)))
    monkeypatch.setattr(council, "local_now", lambda: timezone.localtime(now))


def test_an_observer_without_account_sees_the_agenda_on_now_and_the_stream(
    meeting, media_root, pdf_bytes, monkeypatch, anon_client
):
    arena, client = meeting
    intro = _item(arena, "Brukerinvolvering")
    client.post(
        reverse("programme:material", args=[arena.pk, intro.pk]),
        {"title": "Lysbilder", "file": _upload("slides.pdf", pdf_bytes)},
    )
    material = PresenterMaterial.objects.get()
    # the arena page shows the organiser the public link
    assert _observe(arena) in client.get(arena.get_absolute_url()).content.decode()

    _at(monkeypatch, "09:12")
    anon_client.cookies["django_language"] = "en"
    response = anon_client.get(_observe(arena))
    assert response.status_code == 200
    text = response.content.decode()
    assert 'hx-trigger="every 30s"' in text
    assert 'href="https://example.org/stream"' in text
    assert "By Siri Holm, Nora Lie" in text
    assert "09:10–09:15" in text
    now = text.split('id="on-now"')[1].split("</ul>")[0]
    assert "Brukerinvolvering" in now
    assert "Pause" in text.split('id="next"')[1].split("</p>")[0]
    assert f'id="item-{intro.pk}"' in text and "is-now" in text
    # the material opens without an account
    material_url = reverse(
        "programme:observe_material", args=[arena.pk, arena.join_code, material.pk]
    )
    assert material_url in text
    pdf = anon_client.get(material_url)
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content) == pdf_bytes

    # htmx polls the board alone; at 09:55 the pause is on and the next introduction follows
    _at(monkeypatch, "09:55")
    board = anon_client.get(_observe(arena), headers={"HX-Request": "true"})
    part = board.content.decode()
    assert part.lstrip().startswith('<div id="board"')
    assert "Pause" in part.split('id="on-now"')[1].split("</ul>")[0]
    assert "Digitale verktøy" in part.split('id="next"')[1]


def test_the_observers_page_is_only_for_council_meetings_and_the_right_code(
    meeting, arena, anon_client
):
    council_arena, _client = meeting
    assert anon_client.get(_observe(arena)).status_code == 404  # an open-space arena
    wrong = reverse("programme:observe", args=[council_arena.pk, "WRONGCODE"])
    assert anon_client.get(wrong).status_code == 404


def test_the_observers_page_takes_the_same_queries_for_few_and_many_items(
    meeting, media_root, pdf_bytes, anon_client, monkeypatch
):
    arena, client = meeting
    _at(monkeypatch, "09:12")
    url = _observe(arena)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert anon_client.get(url).status_code == 200
    day = arena.days.get()
    for n in range(6):
        item = AgendaItem.objects.create(
            day=day,
            kind=ItemKind.INTRODUCTION,
            title=f"Innledning {n}",
            start=datetime.time(12, n),
            end=datetime.time(12, n + 1),
            presenters="A, B",
        )
        AgendaItem.objects.create(
            day=day,
            kind=ItemKind.DISCUSSION,
            title="Diskusjon",
            follows=item,
            start=datetime.time(13, n),
            end=datetime.time(13, n + 1),
        )
        client.post(
            reverse("programme:material", args=[arena.pk, item.pk]),
            {"title": f"PDF {n}", "file": _upload("x.pdf", pdf_bytes)},
        )
    with CaptureQueriesContext(connection) as many:
        response = anon_client.get(url)
    assert response.content.decode().count("(PDF)") == 6
    assert len(many) == len(few)
