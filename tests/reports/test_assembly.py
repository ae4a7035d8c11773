"""reports.assembly: the arena's report as data, in constant queries, and the
organiser's Markdown sanitised.

``build_report_data`` makes a small but complete arena (also used by
test_report_pdf and test_report_views)."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from arena.models import Participant
from proposals.models import Group, Topic, TopicKind
from reports import document, services
from reports.assembly import assemble, markdown_html
from reports.models import (
    Dot,
    GroupReport,
    Input,
    InputComment,
    ReportParticipant,
    ReportStatus,
    Vote,
)
from sessions.models import AgendaItem, ItemKind
from sessions.services import save_agenda_item

from .conftest import jpeg_with_gps

NAMED = ["Ada Named", "Cyril Named"]
SECRET = ["Bo Secret", "Dina Secret"]


def _session_day2(arena):
    day2 = arena.days.order_by("date")[1]
    return save_agenda_item(
        AgendaItem(
            day=day2,
            kind=ItemKind.OPEN_SPACE,
            title="Gruppesesjon 3",
            start=datetime.time(9, 0),
            end=datetime.time(10, 30),
        )
    )


def build_report_data(arena, organiser, *, groups=3, photos=True):
    """An arena with ``groups`` submitted group reports (plus one draft that
    must not appear), inputs, comments, dots, photos, named and unnamed
    participants, a day-2 topic building on a day-1 topic, and the
    organiser's text."""
    perspectives = list(arena.perspectives.all())
    people = []
    for i, name in enumerate(NAMED + SECRET):
        p = Participant.objects.create(arena=arena, display_name=name, consent_named=name in NAMED)
        p.perspectives.add(perspectives[i % len(perspectives)])
        people.append(p)
    sessions = list(AgendaItem.objects.for_arena(arena).sessions().order_by("session_number"))
    spaces = list(arena.spaces.order_by("number"))
    cells = [(s, sp) for s in sessions for sp in spaces]
    made = []
    for n in range(groups + 1):
        session, space = cells[n]
        topic = Topic.objects.create(
            arena=arena, title=f"Gruppetema {n + 1}", convener=people[n % len(people)]
        )
        group = Group.objects.create(arena=arena, topic=topic, session=session, space=space)
        report = services.report_for(group)
        first = report.template.sections.first()
        report.content = {str(first.pk): f"Drøfting i gruppe {n + 1}."}
        report.status = ReportStatus.SUBMITTED if n < groups else ReportStatus.DRAFT
        report.save()
        for person in people:
            ReportParticipant.objects.get_or_create(report=report, participant=person)
        for k in range(2):
            Input.objects.create(
                report=report,
                title=f"Innspill {n + 1}.{k + 1}" if n < groups else f"Utkast {k}",
                text="Tekst om innspillet.",
                addressee="national",
                position=k,
            )
        if photos and n < groups:
            services.add_photo(
                report,
                SimpleUploadedFile("p.jpg", jpeg_with_gps((800, 600)), "image/jpeg"),
                organiser,
                caption=f"Arket fra gruppe {n + 1}",
                credit="Fotograf Foto",
            )
        made.append(group)
    first_input = Input.objects.filter(report__group=made[0]).order_by("position").first()
    InputComment.objects.create(input=first_input, participant=people[0], text="En kommentar")
    vote = Vote.objects.create(arena=arena, title="Prioritering")
    Dot.objects.create(vote=vote, input=first_input, participant=people[0])
    Dot.objects.create(vote=vote, input=first_input, participant=people[1])
    # day 2: a topic building on a day-1 topic
    s3 = _session_day2(arena)
    followup = Topic.objects.create(
        arena=arena, title="Videre arbeid", kind=TopicKind.DEEPENING, builds_on=made[0].topic
    )
    Group.objects.create(arena=arena, topic=followup, session=s3, space=spaces[0])
    document.save_text(
        arena,
        organiser,
        title="Rapport fra Åpen arena",
        subtitle="Innspill til en strategi",
        organisers="Kompetansetjenesten og direktoratene",
        introduction="## Bakgrunn\n\nArenaen samlet *mange* perspektiver.\n\n- én\n- to",
        closing="Takk for nå.",
        day_summaries={str(arena.days.order_by("date")[0].pk): "Første dag var **travel**."},
    )
    document.add_quote(arena, quote="Det var lærerikt.", name="Ada Named", role="Veileder")
    document.add_quote(arena, quote="Anonymt sitat.", anonymous=True, role="Pårørende")
    return SimpleNamespace(groups=made, people=people, vote=vote, followup=followup)


# --- tests ---------------------------------------------------------------------------


@pytest.fixture
def data(arena, organiser):
    return build_report_data(arena, organiser)


def test_assembles_everything(arena, data):
    report = assemble(arena)
    assert report.title == "Rapport fra Åpen arena"
    assert [i.title for i in report.inputs] == [
        f"Innspill {g}.{k}" for g in (1, 2, 3) for k in (1, 2)
    ]
    assert report.inputs[0].code == "1.1 – 1"
    assert report.inputs[0].dots == 2 and report.inputs[0].comments[0].text == "En kommentar"
    assert report.inputs[0].addressee  # the label
    assert len(report.reported_groups) == 3
    assert report.figures.groups == 5 and report.figures.reports == 3
    assert report.figures.participants == 4 and report.figures.inputs == 6
    assert sum(p.count for p in report.figures.perspectives) == 4
    first = report.reported_groups[0]
    assert first.named == sorted(NAMED) and first.unnamed_count == 2
    assert first.photos and first.photos[0].print_url.startswith("/media/reports/")
    assert first.photos[0].print_url.endswith("-print.jpg")
    assert report.participants == [(n, ["1.1", "1.2", "1.3"]) for n in sorted(NAMED)]
    assert report.links == [
        {
            "code": "3.1",
            "title": "Videre arbeid",
            "kind": "deepening",
            "kind_label": str(TopicKind.DEEPENING.label),
            "builds_on_code": "1.1",
            "builds_on_title": "Gruppetema 1",
        }
    ]
    assert [len(d.sessions) for d in report.days] == [2, 1]
    assert "<strong>travel</strong>" in report.days[0].summary
    assert report.quotes[1].anonymous and report.quotes[1].name == ""


def test_names_only_with_consent(arena, data):
    report = assemble(arena)
    everything = repr(report)
    for name in SECRET:
        assert name not in everything
    # a convener without consent is not named in the programme either
    conveners = [c for g in report.groups for c in g.conveners]
    assert set(conveners) <= set(NAMED)


def test_withdrawn_participant_is_not_named(arena, data):
    Participant.objects.filter(display_name="Ada Named").update(
        withdrawn_at=datetime.datetime(2026, 3, 11, tzinfo=datetime.UTC)
    )
    assert "Ada Named" not in repr(assemble(arena).groups)


def _queries(arena) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assemble(arena)
    return len(ctx.captured_queries)


def test_constant_queries(arena, organiser):
    build_report_data(arena, organiser, groups=1, photos=False)
    one = _queries(arena)
    GroupReport.objects.all().delete()
    Group.objects.all().delete()
    Topic.objects.all().delete()
    Participant.objects.all().delete()
    AgendaItem.objects.filter(day__date=arena.days.order_by("date")[1].date).delete()
    build_report_data(arena, organiser, groups=3, photos=False)
    three = _queries(arena)
    assert one == three, (one, three)
    assert three <= 20


@pytest.mark.parametrize(
    ("source", "absent", "present"),
    [
        ("![x](https://evil.example/x.png)", ["<img", "evil.example"], []),
        ("<script>alert(1)</script>", ["<script"], []),
        ("[a](javascript:alert(1))", ["javascript:"], []),
        ("[a](file:///etc/passwd)", ["file:"], []),
        ('<p style="background:url(https://evil.example/)">x</p>', ["url(", "style"], []),
        ("[ok](https://example.org/a)", [], ['href="https://example.org/a"', "noopener"]),
        ("[m](mailto:a@example.org)", [], ['href="mailto:a@example.org"']),
        ("# Tittel", ["<h1"], ["<h3>Tittel</h3>"]),
        ("*em* **strong**\n\n1. a\n2. b", [], ["<em>em</em>", "<strong>", "<ol>"]),
    ],
)
def test_markdown_is_sanitised(source, absent, present):
    html = str(markdown_html(source))
    for bad in absent:
        assert bad not in html, html
    for good in present:
        assert good in html, html
