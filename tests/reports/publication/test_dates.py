"""Dates follow the language: named formats (``arena/formats``), not literal
patterns. Norwegian «23. november 2026», English «23 November 2026»."""

import datetime
from types import SimpleNamespace

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import formats, translation

from reports.publication.assembly import _date_text, assemble
from tests.personas import client_for

D = datetime.date


def _days(*dates):
    return [SimpleNamespace(date=d) for d in dates]


@pytest.mark.parametrize(
    ("language", "dates", "expected"),
    [
        ("nb", [], ""),
        ("nb", [D(2026, 11, 23)], "23. november 2026"),
        ("nb", [D(2026, 11, 23), D(2026, 11, 24)], "23.–24. november 2026"),
        ("nb", [D(2026, 11, 30), D(2026, 12, 1)], "30. november – 1. desember 2026"),
        ("nb", [D(2026, 12, 31), D(2027, 1, 1)], "31. desember 2026 – 1. januar 2027"),
        ("nn", [D(2026, 11, 23), D(2026, 11, 24)], "23.–24. november 2026"),
        ("en", [D(2026, 11, 23)], "23 November 2026"),
        ("en", [D(2026, 11, 23), D(2026, 11, 24)], "23–24 November 2026"),
        ("en", [D(2026, 11, 30), D(2026, 12, 1)], "30 November – 1 December 2026"),
        ("en", [D(2026, 12, 31), D(2027, 1, 1)], "31 December 2026 – 1 January 2027"),
    ],
)
def test_date_range_follows_the_language(language, dates, expected):
    with translation.override(language):
        assert _date_text(_days(*dates)) == expected


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_norwegian_is_the_same_without_arena_formats(language):
    """Django's own nb/nn formats give the same, so nothing changes for
    Norwegian whether settings.FORMAT_MODULE_PATH is set or not."""
    formats.reset_format_cache()
    with override_settings(FORMAT_MODULE_PATH=None), translation.override(language):
        assert _date_text(_days(D(2026, 11, 23))) == "23. november 2026"
        assert _date_text(_days(D(2026, 11, 23), D(2026, 11, 24))) == "23.–24. november 2026"
        assert (
            _date_text(_days(D(2026, 11, 30), D(2026, 12, 1))) == "30. november – 1. desember 2026"
        )
    formats.reset_format_cache()


def test_named_formats_per_language():
    moment = datetime.datetime(2026, 11, 3, 14, 5)
    expected = {
        "nb": ("3. november 2026", "3. november", "03.11.2026", "03.11.2026 14:05"),
        "nn": ("3. november 2026", "3. november", "03.11.2026", "03.11.2026 14:05"),
        "en": ("3 November 2026", "3 November", "03/11/2026", "03/11/2026 14:05"),
    }
    names = ("DATE_FORMAT", "MONTH_DAY_FORMAT", "SHORT_DATE_FORMAT", "SHORT_DATETIME_FORMAT")
    for language, want in expected.items():
        with translation.override(language):
            assert tuple(formats.date_format(moment, name) for name in names) == want


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"), [("nb", "10.–11. mars 2026"), ("en", "10–11 March 2026")]
)
def test_report_date(arena, language, expected):
    with translation.override(language):
        assert assemble(arena).date_text == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [("nb", "Dag 1 – tirsdag 10. mars 2026"), ("en", "Day 1 – Tuesday 10 March 2026")],
)
def test_agenda_day_heading(arena, organiser, language, expected):
    response = client_for(organiser, language=language).get(
        reverse("arena:detail", args=[arena.pk])
    )
    assert expected in response.content.decode()
