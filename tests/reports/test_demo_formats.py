"""The demo's four arenas (reports.demo_formats): a newcomer who runs
``manage.py load_demo`` finds an arena of each format, documented, with
reports that read like that format's, and the 2020 strategy."""

import re

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.utils import translation

from arena import phases
from arena.models import Arena, Format
from reports.demo import load_demo
from reports.demo_formats import AREAS_TITLE, CAFE_TITLE, CHALLENGES_TITLE, STRATEGY_TITLE
from reports.models import FollowUpStatus, GroupReport, InputStatusChange, ReportStatus, Strategy
from reports.publication.generation import html_for
from tests.personas import client_for

TITLES = {
    Format.OPEN_SPACE: "Åpen arena 2020",
    Format.CAFE: CAFE_TITLE,
    Format.MAIN_AREAS: AREAS_TITLE,
    Format.CHALLENGE_GROUPS: CHALLENGES_TITLE,
}


@pytest.fixture
def demo(db):
    load_demo(participants=10)
    return {a.format: a for a in Arena.objects.filter(title__in=TITLES.values())}


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_demo_has_an_arena_of_each_format(demo):
    assert {fmt: arena.title for fmt, arena in demo.items()} == TITLES


def test_every_demo_user_sees_all_four_arenas_on_the_home_page(demo):
    for username in ("arrangor", "fasilitator", "stotte", "leser"):
        user = get_user_model().objects.get(username=username)
        page = client_for(user, language="nb").get("/").content.decode()
        for title in TITLES.values():
            assert title in page, (username, title)


def test_the_older_arenas_are_in_their_report_phase_with_submitted_reports(demo):
    for fmt in (Format.CAFE, Format.MAIN_AREAS, Format.CHALLENGE_GROUPS):
        arena = demo[fmt]
        assert max(d.date for d in arena.days.all()).year < 2020
        assert phases.current_phase(arena) == phases.REPORT
        reports = GroupReport.objects.filter(group__arena=arena)
        assert reports.exists()
        assert set(reports.values_list("status", flat=True)) == {ReportStatus.SUBMITTED}


def test_the_cafe_report_prints_each_challenge_with_its_numbered_keys(demo):
    arena = demo[Format.CAFE]
    rounds = [s.title for s in arena.days.get().items.filter(kind="open_space").order_by("start")]
    assert rounds == ["Runde 1", "Runde 2"]
    assert arena.spaces.count() == 4
    text = text_of(html_for(arena, "nb"))
    assert "Nøkler og utfordringer" in text
    # Each round-2 group is a challenge from a round-1 table, its keys under it.
    assert "Nøkkel 1 Ledere lærer å ta den første samtalen" in text
    assert "Nøkkel 4 Arbeidsgiveren inviteres inn tidlig" in text
    assert "Runde 1" in text and "Vindusbordet" in text
    keys = GroupReport.objects.filter(group__arena=arena, group__session__session_number=2)
    assert sorted(r.inputs.count() for r in keys) == [2, 3, 3, 4]


def test_the_2013_report_groups_by_main_area_and_prints_the_theme_wall(demo):
    arena = demo[Format.MAIN_AREAS]
    html = html_for(arena, "nb")
    text = text_of(html)
    appendix_2 = text_of(html[html.index('id="appendix-2"') :])
    areas = ["Om arbeidsdeltakelse", "Om helsetjenestene", "Om samhandling"]
    positions = [appendix_2.index(title) for title in areas]
    assert positions == sorted(positions)
    # The groups of the first area come before the second area's heading.
    assert appendix_2.index("Arbeid som mål fra første samtale") < positions[1]
    assert appendix_2.index("Fastlegen som los") < positions[2]
    # The sheet's parts, on the "Toppen av fjellet" template.
    assert "Toppen av fjellet" in text and "Sola: visjonen" in text and "Toppen: målet" in text
    # The cross-cutting wall, with inputs of several groups, before appendix 1.
    wall = html.index("Hvordan får vi brukernes stemme med i alt vi gjør?")
    wall_text = text_of(html[wall : html.index('id="appendix-1"')])
    assert "Spør om arbeid i første samtale" in wall_text
    assert "Faste møter mellom tjenestene i kommunen" in wall_text


def test_the_2016_report_prints_owners_facilitators_and_next_steps(demo):
    arena = demo[Format.CHALLENGE_GROUPS]
    text = text_of(html_for(arena, "nb"))
    for owner in ("Turid Bakken", "Henrik Sandvik", "Nora Lunde"):
        assert owner in text
    assert "Frida Fasilitator" in text and "Sindre Støtte" in text
    assert "Eksempelby kommune" in text and "Hans Ulvik" in text
    assert "Resultat fra gruppens arbeid" in text
    assert "Prøve samtaleguiden i tre virksomheter" in text
    assert "Skrive samtaleguiden ferdig" in text  # the action sheet
    registrations = arena.challenge_registrations.all()
    assert [r.sessions.count() for r in registrations] == [3, 3, 3]
    assert all(r.status == "approved" and r.space_id for r in registrations)


def test_the_strategy_has_five_pillars_with_tagged_inputs_and_follow_up(demo):
    strategy = Strategy.objects.get(title=STRATEGY_TITLE)
    # The 2020 arena and the council meeting that reviewed its inputs.
    assert set(strategy.arenas.values_list("format", flat=True)) == {
        Format.OPEN_SPACE,
        Format.COUNCIL,
    }
    assert demo[Format.OPEN_SPACE] in strategy.arenas.all()
    pillars = list(strategy.pillars.order_by("position"))
    assert len(pillars) == 5
    assert all(p.tags.exists() for p in pillars)
    assert sum(p.tags.count() for p in pillars) == 10
    assert all(t.rationale for p in pillars for t in p.tags.all())
    statuses = set(InputStatusChange.objects.values_list("status", flat=True))
    assert {FollowUpStatus.TAKEN, FollowUpStatus.UNDER_REVIEW, FollowUpStatus.NOT_TAKEN} <= statuses


def test_the_reader_opens_the_strategy_and_sees_its_pillars(demo):
    strategy = Strategy.objects.get(title=STRATEGY_TITLE)
    reader = get_user_model().objects.get(username="leser")
    page = client_for(reader, language="nb").get(f"/strategies/{strategy.pk}/")
    assert page.status_code == 200
    assert "Brukeren i førersetet" in page.content.decode()


def _counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if not model._meta.proxy and model._meta.db_table in connection.introspection.table_names()
    }


def test_a_second_load_demo_changes_nothing(demo, capsys):
    before = _counts()
    reports = list(GroupReport.objects.order_by("pk").values("pk", "revision", "status"))
    call_command("load_demo")
    assert _counts() == before
    assert list(GroupReport.objects.order_by("pk").values("pk", "revision", "status")) == reports
    out = capsys.readouterr().out
    assert "already there" in out and CAFE_TITLE in out


def test_the_reports_render_in_nynorsk_and_english_too(demo):
    for arena in demo.values():
        for language in ("nn", "en"):
            with translation.override(language):
                assert arena.title in html_for(arena, language)
