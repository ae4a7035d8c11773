"""Fixtures and helpers of the archive's tests: ``new_arena`` and ``fill``
make arenas with indexed groups, reports and inputs; ``corpus`` is the three
arenas test_search.py and test_views.py search; ``hits`` / ``ordered_hits``
read a search page's hits; ``keys`` names a group's documents."""

import datetime
import re

import pytest
from django.utils import timezone

from arena import services as arena_services
from arena.models import Participant
from proposals.models import Group, Topic, TopicStatus
from reports.archive import receivers, services
from reports.documentation import services as documentation
from reports.models import (
    GroupReport,
    Input,
    Pillar,
    PillarTag,
    ReportParticipant,
    ReportStatus,
    Strategy,
)
from sessions.models import AgendaItem, ItemKind, Space, Theme, ThemeKind
from sessions.services import save_agenda_item
from tests.personas import client_for


@pytest.fixture(autouse=True)
def _archive_receivers():
    """The receivers reports.apps connects (idempotent)."""
    receivers.connect()


def new_arena(user, year: int, title: str):
    """An arena of ``year`` with one session and two spaces; ``user`` organises it."""
    arena = arena_services.create_arena(
        user, start_date=datetime.date(year, 3, 10), number_of_days=1, title=title
    )
    save_agenda_item(
        AgendaItem(
            day=arena.days.first(),
            kind=ItemKind.OPEN_SPACE,
            title="Gruppesesjon 1",
            start=datetime.time(9, 0),
            end=datetime.time(10, 30),
        )
    )
    for number in (1, 2):
        Space.objects.create(arena=arena, number=number)
    return arena


def fill(arena, *, groups, theme=None, perspective=None, pillar=None):
    """Groups on the wall with reports and inputs: ``groups`` is a list of
    (topic title, report text, [input (title, text)], status). The first
    group gets ``theme``, a participant of ``perspective`` and its first
    input the ``pillar``. Then the arena is indexed."""
    session = AgendaItem.objects.for_arena(arena).sessions().first()
    spaces = list(arena.spaces.order_by("number"))
    made = []
    for n, (title, text, inputs, status) in enumerate(groups):
        topic = Topic.objects.create(arena=arena, title=title, status=TopicStatus.PLACED)
        group = Group.objects.create(
            arena=arena,
            topic=topic,
            session=session,
            space=spaces[n],
            theme=theme if n == 0 else None,
        )
        report = GroupReport.objects.create(
            group=group,
            template=documentation.default_template(arena),
            status=status,
            submitted_at=timezone.now() if status != ReportStatus.DRAFT else None,
        )
        first = report.template.sections.first()
        report.content = {str(first.pk): text}
        report.save()
        for position, (input_title, input_text) in enumerate(inputs, start=1):
            item = Input.objects.create(
                report=report, title=input_title, text=input_text, position=position
            )
            if pillar is not None and n == 0 and position == 1:
                PillarTag.objects.create(pillar=pillar, input=item)
        if perspective is not None and n == 0:
            person = Participant.objects.create(arena=arena, display_name="Per")
            person.perspectives.add(perspective)
            ReportParticipant.objects.create(report=report, participant=person)
        made.append(group)
    services.reindex_arena(arena)
    return made


@pytest.fixture
def pillar(organiser, arena):
    strategy = Strategy.objects.create(title="Strategi", created_by=organiser)
    strategy.arenas.add(arena)
    return Pillar.objects.create(strategy=strategy, title="Tidlig innsats")


@pytest.fixture
def area(arena):
    return Theme.objects.create(arena=arena, kind=ThemeKind.AREA, title="Om arbeidsdeltakelse")


# --- the corpus the search tests share ----------------------------------------------

SUBMITTED, DRAFT = ReportStatus.SUBMITTED, ReportStatus.DRAFT


@pytest.fixture
def corpus(arena, organiser, other_organiser, area, pillar):
    """Two arenas of the organiser (2026 and 2020) and one of another organiser."""
    perspective = arena.perspectives.order_by("position").first()
    a = fill(
        arena,
        groups=[
            (
                "Sykefravær og arbeidsliv",
                "Vi drøftet økonomi og tillit mellom fastlege og Nav.",
                [
                    ("Tidlig dialog om sykefravær", "Arbeidsgiver og lege må snakke sammen."),
                    ("Bedre IA-avtale", "Færre på trygd <b>nå</b>."),
                ],
                SUBMITTED,
            ),
            (
                "Unge utenfor arbeid",
                "Skole og mestring.",
                [("Ungdomsgaranti", "Alle unge får en veileder.")],
                DRAFT,
            ),
        ],
        theme=area,
        perspective=perspective,
        pillar=pillar,
    )
    old = new_arena(organiser, 2020, "Åpen arena 2020")
    b = fill(
        old,
        groups=[
            (
                "Psykisk helse på arbeidsplassen",
                "Arbeidsliv og sykefravær i 2020.",
                [("Sykefraværsoppfølging", "Tett oppfølging.")],
                SUBMITTED,
            )
        ],
    )
    foreign = new_arena(other_organiser, 2026, "Otto's arena")
    fill(
        foreign,
        groups=[("Sykefravær hos Otto", "Arbeidsliv.", [("Sykefravær hemmelig", "")], SUBMITTED)],
    )
    return {
        "a": a,
        "b": b,
        "arena": arena,
        "old": old,
        "foreign": foreign,
        "perspective": perspective,
    }


def keys(group) -> dict:
    report = group.report
    first, *rest = list(report.inputs.order_by("position"))
    out = {"topic": f"topic-{group.topic_id}", "report": f"report-{report.pk}"}
    out["input"] = f"input-{first.pk}"
    for n, item in enumerate(rest, start=2):
        out[f"input{n}"] = f"input-{item.pk}"
    return out


def ordered_hits(client, **params) -> list[str]:
    response = client.get("/archive/search/", params)
    assert response.status_code == 200, response.content.decode()[:500]
    return re.findall(r'id="hit-(\w+-\d+)"', response.content.decode())


def hits(client, **params) -> set[str]:
    return set(ordered_hits(client, **params))


@pytest.fixture
def org(organiser):
    return client_for(organiser, language="en")
