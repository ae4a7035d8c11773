"""Printed topic sheets: one A4 page per group, what the wall says, a QR code
to the group's page; facilitators only; bad input gives 404, never 500."""

import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from arena.models import Arena, Participant
from proposals import services
from proposals.models import Topic
from proposals.sheets import qr_data_uri, sheets_html
from proposals.wall import build_wall
from sessions.models import AgendaItem
from tests.personas import HOST, client_for

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _pdf(response):
    from pypdf import PdfReader

    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('inline; filename="')
    assert response["Content-Disposition"].endswith('.pdf"')
    assert response.content.startswith(b"%PDF")
    return PdfReader(io.BytesIO(response.content))


def _texts(reader) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


def _group_url(arena, group) -> str:
    return f"http://{HOST}" + reverse("phone:group", args=[arena.join_code, group.pk])


@pytest.fixture(autouse=True)
def _pia_named(participant):
    """Pia (the conveners' fixture) agreed to be named: sheets name a
    participant only with consent (tests/trust/test_consent.py)."""
    participant.consent_named = True
    participant.save(update_fields=["consent_named"])


@pytest.fixture
def placed(arena, topics, sessions, spaces, organiser):
    """1.2 and 1.3 in session 1, 2.1 in session 2."""
    return [
        services.place_topic(topics[0], sessions[0], spaces[1], organiser),
        services.place_topic(topics[1], sessions[0], spaces[2], organiser),
        services.place_topic(topics[2], sessions[1], spaces[0], organiser),
    ]


def test_facilitator_prints_one_groups_sheet(arena, facilitator, placed):
    group = placed[0]
    response = client_for(facilitator, language="en").get(
        reverse("proposals:group_sheet", args=[arena.pk, group.pk])
    )
    reader = _pdf(response)
    assert response["Content-Disposition"].endswith('-1.2.pdf"')
    assert len(reader.pages) == 1
    [text] = _texts(reader)
    for expected in [
        "1.2",
        "Topic 1",
        "Convener: Pia",
        "Space 2",
        "Session 1",
        "13:00–14:30",
        "Day 1 – Tuesday 10 March",
        "Scan to check in",
        _group_url(arena, group),
        arena.title,
    ]:
        assert expected in text, expected
    page = reader.pages[0]
    assert round(float(page.mediabox.width)) == 595 and round(float(page.mediabox.height)) == 842
    assert reader.metadata.title == "1.2 Topic 1"
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_facilitator_prints_a_whole_session_and_the_whole_wall(
    arena, facilitator, sessions, placed
):
    client = client_for(facilitator, language="en")
    url = reverse("proposals:sheets", args=[arena.pk])

    response = client.get(url, {"session": sessions[0].pk})
    reader = _pdf(response)
    assert response["Content-Disposition"].endswith('-session-1.pdf"')
    texts = _texts(reader)
    assert len(texts) == 2  # one page per group
    assert texts[0].startswith("1.2") and "Topic 1" in texts[0]
    assert texts[1].startswith("1.3") and "Topic 2" in texts[1] and "Space 3" in texts[1]
    assert not any("2.1" in text for text in texts)

    texts = _texts(_pdf(client.get(url)))
    assert [text.split()[0] for text in texts] == ["1.2", "1.3", "2.1"]


def test_sheet_shows_merged_topics_and_a_moved_space(
    arena, organiser, facilitator, sessions, spaces, topics
):
    spaces[1].name = "Multisal 2"
    spaces[1].save()
    ola = Topic.objects.create(arena=arena, convener_name="Ola Nordmann", title="Unge i arbeid")
    group = services.place_topic(topics[0], sessions[0], spaces[0], organiser)
    services.merge_topics(topics[0], ola, organiser)
    services.move_group(group, sessions[0], spaces[1], organiser)

    response = client_for(facilitator).get(  # default language: bokmål
        reverse("proposals:group_sheet", args=[arena.pk, group.pk])
    )
    [text] = _texts(_pdf(response))
    for expected in ["1.2", "Topic 1", "+ Unge i arbeid", "Pia, Ola Nordmann", "Økt 1"]:
        assert expected in text, expected
    assert "Rom 2" in text and "Multisal 2 (tidligere 1)" in text


def test_user_text_is_escaped_and_printed_as_text(arena, organiser, facilitator, sessions, spaces):
    pia = Participant.objects.create(arena=arena, display_name=f"Pia {XSS}", consent_named=True)
    topic = Topic.objects.create(arena=arena, convener=pia, title=f"Tittel {XSS}")
    group = services.place_topic(topic, sessions[0], spaces[0], organiser)
    client = client_for(facilitator)

    from django.test import RequestFactory

    request = RequestFactory().get("/", HTTP_HOST=HOST)
    html = sheets_html(request, arena, build_wall(arena).groups)
    assert "<script" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html

    [text] = _texts(_pdf(client.get(reverse("proposals:group_sheet", args=[arena.pk, group.pk]))))
    # Shown as the text people typed (spaces aside: the tagged PDF's text
    # comes back with a space where the long title wraps, after "</").
    assert '<script>alert("x")</script>' in text.replace(" ", "")


def test_qr_code_opens_the_groups_page(rf, arena, placed):
    request = rf.get("/", HTTP_HOST=HOST)
    wall = build_wall(arena)
    html = sheets_html(request, arena, wall.groups)
    for group in placed:
        url = _group_url(arena, group)
        assert f'src="{qr_data_uri(url)}"' in html  # the QR of exactly this URL, inline
    assert qr_data_uri("x").startswith("data:image/svg+xml")
    assert 'lang="nb"' in html and "<title>" in html
    # Nothing in the document points anywhere but at the print stylesheet and inline data.
    links = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert links[0] == "/static/css/print-sheet.css"
    assert all(link.startswith("data:image/svg+xml") for link in links[1:]) and len(links) == 4


def test_readers_support_and_strangers_cannot_print(
    arena, reader, support, other_organiser, placed
):
    urls = [
        reverse("proposals:sheets", args=[arena.pk]),
        reverse("proposals:group_sheet", args=[arena.pk, placed[0].pk]),
    ]
    for user in (reader, support):
        for url in urls:
            assert client_for(user).get(url).status_code == 403
    # Another arena's organiser cannot reach this arena's groups through their own arena.
    own = Arena.objects.for_user(other_organiser).get()
    other = client_for(other_organiser)
    assert other.get(urls[0]).status_code == 404
    assert (
        other.get(reverse("proposals:group_sheet", args=[own.pk, placed[0].pk])).status_code == 404
    )


def test_bad_session_parameters_are_404(arena, facilitator, other_organiser, placed):
    from sessions.models import ItemKind

    other_arena = Arena.objects.for_user(other_organiser).get()
    other_session = AgendaItem.objects.create(
        day=other_arena.days.first(),
        kind=ItemKind.OPEN_SPACE,
        title="Other",
        start="09:00",
        end="10:00",
    )
    plenary = AgendaItem.objects.create(
        day=arena.days.first(), kind=ItemKind.PLENARY, title="Plenum", start="09:00", end="10:00"
    )
    url = reverse("proposals:sheets", args=[arena.pk])
    client = client_for(facilitator)
    for value in [
        "abc",
        "1.5",
        "-1",
        "0",
        "99999999999999999999",
        "1e3",
        other_session.pk,  # another arena's session
        plenary.pk,  # not an open-space session
    ]:
        assert client.get(url, {"session": value}).status_code == 404, value
    # A NUL in any query parameter is a 400 (arena.middleware.BadInputMiddleware).
    assert client.get(url, {"session": "\x00"}).status_code == 400
    missing_group = reverse("proposals:group_sheet", args=[arena.pk, 999_999])
    assert client.get(missing_group).status_code == 404


def test_a_session_without_groups_goes_back_to_the_wall(arena, facilitator, sessions):
    response = client_for(facilitator).get(
        reverse("proposals:sheets", args=[arena.pk]), {"session": sessions[0].pk}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("proposals:wall", args=[arena.pk])


def test_sheets_cost_constant_queries(
    arena, facilitator, organiser, sessions, spaces, topics, monkeypatch
):
    """Queries don't grow with the number of groups (the PDF itself is not rendered here)."""
    from proposals import sheets

    monkeypatch.setattr(sheets, "render_pdf", lambda html, **kwargs: b"%PDF-stub")
    client = client_for(facilitator)
    url = reverse("proposals:sheets", args=[arena.pk])
    services.place_topic(topics[0], sessions[0], spaces[0], organiser)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for topic, session, space in zip(
        topics[1:],
        [sessions[0], sessions[1], sessions[1]],
        [spaces[1], spaces[0], spaces[2]],
        strict=True,
    ):
        services.place_topic(topic, session, space, organiser)
    with CaptureQueriesContext(connection) as four:
        assert client.get(url).status_code == 200
    assert len(four) == len(one)
