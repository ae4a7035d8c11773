"""Reading the "next meeting" a group typed as a date, where it can be read."""

import datetime

import pytest

from reports.followup.dates import parse_meeting_date

D = datetime.date


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2027-03-12", D(2027, 3, 12)),
        ("12.03.2027", D(2027, 3, 12)),
        ("12.3.2027", D(2027, 3, 12)),
        ("12/3/2027", D(2027, 3, 12)),
        ("12.03.27", D(2027, 3, 12)),
        ("Tirsdag 12.03.2027 kl. 10.00", D(2027, 3, 12)),
        ("12. mars 2027", D(2027, 3, 12)),  # nb and nn
        ("3. desember 2026", D(2026, 12, 3)),
        ("3. des. 2026", D(2026, 12, 3)),
        ("12. Oktober 2027", D(2027, 10, 12)),
        ("12 March 2027", D(2027, 3, 12)),
        ("March 12, 2027", D(2027, 3, 12)),
        ("1st of nothing, then 5. mai 2027 or 2027-06-01", D(2027, 5, 5)),  # the first one
    ],
)
def test_dates_that_can_be_read(typed, expected):
    assert parse_meeting_date(typed) == expected


@pytest.mark.parametrize(
    "typed",
    ["", "   ", "etter sommeren", "uke 12", "31.02.2027", "12. smarch 2027", "2027", "12.03", None],
)
def test_what_cannot_be_read_is_none(typed):
    assert parse_meeting_date(typed) is None
