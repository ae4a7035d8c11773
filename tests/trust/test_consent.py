"""Names only with consent on every screen the room can see (issue 9, item 9).

The rule (``Participant.public_name``, ``Topic.public_convener``): a
participant's name (and organisation) is shown to the room — other phones,
projectors, printed sheets, broadcasts, the report and its exports — only with
``consent_named`` and not withdrawn; otherwise "Participant (<perspectives>)",
or "A participant". A person sees their own name on their own phone; a name a
facilitator typed for someone (``Topic.convener_name``) is shown as typed;
staff-only screens (the facilitator's queue, the report editor) keep names.

For each screen: one participant who did not agree is not named there, one
who did is.
"""

import csv
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from arena.live import PHONE_INPUTS, PROJECTOR_INPUTS
from arena.models import Participant, Perspective
from proposals import services
from proposals.models import Attendance, Topic
from reports.inputwall import live as inputwall_live
from reports.inputwall import services as voting
from reports.models import InputComment, ReportParticipant, ReportStatus
from tests.helpers import make_group, make_report
from tests.personas import client_for

SHY = "Sigrid Skjult"  # did not agree to be named
SHY_ORG = "Skjultfirma AS"
NAMED = "Nora Navngitt"  # agreed
NAMED_ORG = "Navnefirma AS"
TYPED = "Ola Typet"  # typed by a facilitator posting on someone's behalf
PERSPECTIVE = "Veileder i Nav"
SHY_PUBLIC = f"Participant ({PERSPECTIVE})"


@pytest.fixture
def perspective(arena):
    return Perspective.objects.get_or_create(arena=arena, label=PERSPECTIVE)[0]


@pytest.fixture
def shy(arena, perspective):
    person = Participant.objects.create(
        arena=arena,
        display_name=SHY,
        organisation=SHY_ORG,
        email="sigrid@example.org",
        share_email=True,
    )
    person.perspectives.add(perspective)
    return person


@pytest.fixture
def named(arena, perspective):
    person = Participant.objects.create(
        arena=arena, display_name=NAMED, organisation=NAMED_ORG, consent_named=True
    )
    person.perspectives.add(perspective)
    return person


@pytest.fixture
def wall(arena, sessions, spaces, shy, named):
    """Session 1: 1.1 convened by the shy one, 1.2 by the named one, 1.3 typed."""
    return [
        make_group(arena, sessions[0], spaces[0], "Skjult emne", convener=shy),
        make_group(arena, sessions[0], spaces[1], "Navngitt emne", convener=named),
        make_group(arena, sessions[0], spaces[2], "Typet emne", convener_name=TYPED),
    ]


def assert_rule(text: str, *, organisations: bool = False) -> None:
    assert SHY not in text and "Sigrid" not in text
    assert NAMED in text
    if organisations:
        assert SHY_ORG not in text and NAMED_ORG in text


# --- the rule ------------------------------------------------------------------------


def test_public_name_is_the_name_only_with_consent(arena, shy, named, participant):
    from django.utils import translation

    with translation.override("en"):
        _check_public_names(shy, named, participant)


def _check_public_names(shy, named, participant):
    assert shy.public_name == SHY_PUBLIC and shy.public_organisation == ""
    assert named.public_name == NAMED and named.public_organisation == NAMED_ORG
    assert participant.public_name == "A participant"  # Pia: no consent, no perspectives
    assert shy.name_seen_by(shy) == SHY and shy.name_seen_by(named) == SHY_PUBLIC
    named.withdrawn_at = timezone.now()
    assert named.public_name != NAMED


def test_persona_form_says_the_consent_covers_the_screens(arena, participant):
    body = (
        client_for(participant=participant, language="en")
        .get(reverse("persona", args=[arena.join_code]))
        .content.decode()
    )
    assert "I agree to be named on the arena&#x27;s screens and in its report" in body


# --- phones ------------------------------------------------------------------------


def test_group_page(arena, wall, shy, named, participant):
    group = wall[0]  # convened by the shy one
    for person in (shy, named, participant):
        services.attend(person, group)
    body = (
        client_for(participant=participant, language="en")
        .get(reverse("phone:group", args=[arena.join_code, group.pk]))
        .content.decode()
    )
    assert_rule(body, organisations=True)
    assert SHY_PUBLIC in body
    assert "Pia" in body  # a participant sees their own name
    assert "sigrid@example.org" in body  # shared for networking, without the name
    # The shy one sees their own name and organisation on their own phone.
    own = (
        client_for(participant=shy, language="en")
        .get(reverse("phone:group", args=[arena.join_code, group.pk]))
        .content.decode()
    )
    assert SHY in own and SHY_ORG in own
    named_group = (
        client_for(participant=participant, language="en")
        .get(reverse("phone:group", args=[arena.join_code, wall[1].pk]))
        .content.decode()
    )
    assert f"Convener: {NAMED}" in named_group


def test_phone_wall(arena, wall, participant):
    body = (
        client_for(participant=participant, language="en")
        .get(reverse("phone:wall", args=[arena.join_code]))
        .content.decode()
    )
    assert_rule(body)
    assert SHY_PUBLIC in body and TYPED in body


def test_wall_broadcasts_phones_and_grid(
    arena, sessions, spaces, shy, named, organiser, broadcasts
):
    mine = Topic.objects.create(arena=arena, convener=shy, title="Skjult emne")
    theirs = Topic.objects.create(arena=arena, convener=named, title="Navngitt emne")
    with broadcasts(arena) as sent:
        services.place_topic(mine, sessions[0], spaces[0], organiser)
        services.place_topic(theirs, sessions[0], spaces[1], organiser)
    rows = [(a, html) for a, htmls in sent.items() for html in htmls if "Skjult emne" in html]
    assert rows  # phone items, grid cells (staff) and the projector's sessions
    assert any('id="m-' in html for _a, html in rows) and any('id="c-' in html for _a, html in rows)
    assert any('id="pj-session-' in html for _a, html in rows)
    for audience, html in rows:
        if audience == "projector":  # names no convener at all, so never the shy one
            assert SHY not in html and "Sigrid" not in html and NAMED not in html
        else:
            assert_rule(html)


def test_double_booked_warning_names_only_with_consent(arena, sessions, spaces, shy, organiser):
    for n, space in enumerate(spaces[:2]):
        topic = Topic.objects.create(arena=arena, convener=shy, title=f"T{n}")
        services.place_topic(topic, sessions[0], space, organiser)
    from proposals.wall import build_wall

    flagged = [cell for cell in build_wall(arena).groups if cell.double_booked]
    assert len(flagged) == 2 and flagged[0].double_booked == [SHY_PUBLIC]


# --- projectors --------------------------------------------------------------------


def test_perspective_projector(arena, facilitator, shy, named):
    client = client_for(facilitator, language="en")
    url = reverse("arena:projector_perspectives", args=[arena.pk])
    for body in (client.get(url), client.get(url + "?part=board", HTTP_HX_REQUEST="true")):
        text = body.content.decode()
        assert_rule(text)
        assert "+ 1 participant" in text


def test_projector_wall(arena, facilitator, wall):
    """The projector may leave conveners out altogether; it never names one
    who did not agree (the grid broadcast it also gets: above)."""
    client = client_for(facilitator, language="en")
    url = reverse("proposals:projector_wall", args=[arena.pk])
    for response in (client.get(url), client.get(url + "?part=board", HTTP_HX_REQUEST="true")):
        body = response.content.decode()
        assert response.status_code == 200 and "Skjult emne" in body
        assert SHY not in body and SHY_ORG not in body


# --- printed sheets ----------------------------------------------------------------


def test_printed_sheets(arena, facilitator, wall):
    from pypdf import PdfReader

    response = client_for(facilitator, language="en").get(
        reverse("proposals:sheets", args=[arena.pk])
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    texts = [
        " ".join((page.extract_text() or "").split())
        for page in PdfReader(io.BytesIO(response.content)).pages
    ]
    assert len(texts) == 3
    text = " ".join(texts)
    assert_rule(text)
    assert f"Convener: {SHY_PUBLIC}" in texts[0]
    assert f"Convener: {NAMED}" in texts[1]
    assert f"Convener: {TYPED}" in texts[2]


# --- the input wall ----------------------------------------------------------------


@pytest.fixture
def commented(arena, wall, shy, named):
    report = make_report(wall[1], ["Flere lærlingplasser"])
    item = report.inputs.get()
    InputComment.objects.create(input=item, participant=shy, text="Skjult kommentar")
    InputComment.objects.create(input=item, participant=named, text="Navngitt kommentar")
    return item


def test_input_wall_comments(arena, participant, facilitator, commented):
    phone = client_for(participant=participant, language="en")
    body = phone.get(reverse("phone_reports:input_wall", args=[arena.join_code])).content.decode()
    assert "Skjult kommentar" in body
    assert_rule(body)
    assert SHY_PUBLIC in body
    page = phone.get(
        reverse("phone_reports:comment", args=[arena.join_code, commented.pk])
    ).content.decode()
    assert "Skjult kommentar" in page
    assert_rule(page)
    projector = (
        client_for(facilitator, language="en")
        .get(reverse("reports:input_wall_projector", args=[arena.pk]))
        .content.decode()
    )
    assert "Skjult kommentar" in projector
    assert_rule(projector)


def test_input_wall_broadcasts(arena, wall, shy, named, commented, broadcasts):
    with broadcasts(arena) as sent:
        voting.post_comment(shy, commented, "Ny skjult kommentar")
        inputwall_live.report_submitted(commented.report)
    [comments, section] = sent[PHONE_INPUTS]
    assert sent == {PHONE_INPUTS: [comments, section], PROJECTOR_INPUTS: [comments, section]}
    assert "Ny skjult kommentar" in comments and "Skjult kommentar" in section
    for html in (comments, section):
        assert_rule(html)


# --- the report's exports ----------------------------------------------------------


def test_exports(arena, organiser, wall, shy, named, commented):
    for person in (shy, named):
        ReportParticipant.objects.create(report=commented.report, participant=person)
        Attendance.objects.create(participant=person, group=wall[1], session=wall[1].session)
    make_report(wall[0], ["Skjult input"], ReportStatus.APPROVED)
    client = client_for(organiser)
    url = lambda name: reverse("reports:report_export", args=[arena.pk, name])  # noqa: E731
    body = client.get(url("report.json")).content.decode()
    data = json.loads(body)
    assert [p["name"] for p in data["participants"]] == [NAMED]
    assert_rule(body)
    for table in ("inputs", "groups", "participants", "links"):
        text = client.get(url(f"{table}.csv")).content.decode("utf-8-sig")
        assert SHY not in text, table
    groups = client.get(url("groups.csv")).content.decode("utf-8-sig")
    conveners = {row["code"]: row["conveners"] for row in csv.DictReader(io.StringIO(groups))}
    assert conveners.get("1.1") == "" and conveners.get("1.2") == NAMED
