"""The café's report (reports.publication.cafe, _report_keys.html): each
challenge once, its keys under it as "Key 1 …", and where it came from."""

import re

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from arena.models import Format
from proposals import cafe
from reports.models import ReportStatus
from reports.publication import generation
from reports.publication.assembly import assemble
from reports.publication.cafe import keys_and_challenges
from tests.helpers import make_group, make_report


@pytest.fixture
def cafe_report(arena, sessions, spaces, facilitator):
    """A café: three tables in "Runde 1", three challenges re-mixed into
    "Runde 2", keys documented for two of them."""
    arena.format = Format.CAFE
    arena.save(update_fields=["format"])
    for number, session in enumerate(sessions, 1):
        session.title = f"Runde {number}"
        session.save(update_fields=["title"])
    spaces[0].name = "Vinduet"
    spaces[0].save(update_fields=["name"])
    tables = [make_group(arena, sessions[0], s, f"Bord {s.number}") for s in spaces]
    make_report(tables[0], [], status=ReportStatus.SUBMITTED)
    written = [
        *cafe.add_challenges(tables[0], ["Ventetid hos fastlegen", "Ingen tar ansvar"]),
        *cafe.add_challenges(tables[2], ["Tause overganger"]),
    ]
    groups = cafe.remix(arena, sessions[0], sessions[1], [t.pk for t in written], facilitator)
    make_report(
        groups[0], ["Fast kontaktperson", "Felles møter", {"title": "Tolk", "text": "Ved behov"}]
    )
    make_report(groups[2], ["Ett kontaktpunkt"])
    make_report(groups[1], ["Ikke levert ennå"], status=ReportStatus.DRAFT)
    return assemble(arena)


def test_each_challenge_once_with_its_keys_numbered_within_it(cafe_report):
    appendix = keys_and_challenges(cafe_report)
    assert [(c.code, c.title) for c in appendix.challenges] == [
        ("2.1", "Ventetid hos fastlegen"),
        ("2.2", "Ingen tar ansvar"),
        ("2.3", "Tause overganger"),
    ]
    first, second, third = appendix.challenges
    assert [(k.number, k.title) for k in first.keys] == [
        (1, "Fast kontaktperson"),
        (2, "Felles møter"),
        (3, "Tolk"),
    ]
    assert second.keys == []  # its report is a draft: not in the report yet
    assert [(k.number, k.title) for k in third.keys] == [(1, "Ett kontaktpunkt")]
    assert (appendix.challenge_count, appendix.key_count) == (3, 4)


def test_where_each_challenge_came_from(cafe_report):
    first, _second, third = keys_and_challenges(cafe_report).challenges
    assert (first.origin.round_title, first.origin.table, first.origin.table_name) == (
        "Runde 1",
        1,
        "Vinduet",
    )
    assert (first.origin.code, first.origin.title, first.round_title) == (
        "1.1",
        "Bord 1",
        "Runde 2",
    )
    assert first.origin.anchor  # table 1's report is in appendix 2
    assert (third.origin.code, third.origin.table, third.origin.anchor) == ("1.3", 3, "")


def test_the_appendix_reads_each_challenge_once_with_key_1_key_2_under_it(cafe_report):
    with translation.override("en"):
        html = render_to_string("reports/_report_keys.html", {"report": cafe_report})
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "Appendix 1: Keys and challenges" in text
    for title in ("Ventetid hos fastlegen", "Ingen tar ansvar", "Tause overganger"):
        assert text.count(title) == 1  # never repeated under every key
    assert "Key 1 Fast kontaktperson Key 2 Felles møter Key 3 Tolk Ved behov" in text
    assert text.index("Ventetid hos fastlegen") < text.index("Key 1 Fast kontaktperson")
    assert text.index("Key 3 Tolk") < text.index("Ingen tar ansvar")
    assert "Tause overganger" in text and "Key 1 Ett kontaktpunkt" in text
    origin = "From: Runde 1, table 1 (Vinduet), 1.1 Bord 1 · Keys written in: Runde 2, group 2.1"
    assert origin in text
    assert "No keys are documented for this challenge yet." in text  # 2.2, a draft
    assert "Bord 2" not in text  # a table without challenges placed is no challenge
    assert "Ikke levert" not in text


def test_a_challenge_placed_by_hand_with_keys_is_printed_too(arena, sessions, spaces):
    arena.format = Format.CAFE
    arena.save(update_fields=["format"])
    group = make_group(arena, sessions[1], spaces[0], "Skrevet rett på veggen")
    make_report(group, ["Nøkkel uten bord"])
    appendix = keys_and_challenges(assemble(arena))
    assert [(c.title, c.origin) for c in appendix.challenges] == [("Skrevet rett på veggen", None)]
    assert [k.title for k in appendix.challenges[0].keys] == ["Nøkkel uten bord"]


def test_the_whole_report_still_renders_for_a_cafe(cafe_report):
    html = generation.report_html(cafe_report, language="nb")
    assert "Fast kontaktperson" in html


def test_the_cafe_report_prints_keys_and_challenges_as_its_appendix_1(cafe_report):
    with translation.override("en"):
        html = generation.report_html(cafe_report, language="en")
    assert "Appendix 1: Keys and challenges" in html
    assert "Appendix 1: All inputs" not in html
    appendix = html[html.index('id="appendix-1"') : html.index('id="appendix-2"')]
    assert appendix.count("Ventetid hos fastlegen") == 1
