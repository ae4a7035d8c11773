"""Reading a date out of what someone typed as "next meeting".

The action sheet's ``next_meeting`` is free text. What can be read as a date
is, for sorting and for "due soon" / "past"; the text itself is never
changed. Read (the first date found in the text):

- ISO: ``2027-03-12``;
- day first with dots, slashes or dashes: ``12.03.2027``, ``12/3/2027``,
  ``12.3.27`` (a two-digit year is 20xx);
- day, month name, year in bokmål, nynorsk or English: ``12. mars 2027``,
  ``12 March 2027``, ``12. okt. 2027``; and ``March 12, 2027``.

Anything else (``"after the summer"``, ``31.02.2027``) is None.
"""

import datetime
import re

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("januar", "january", "jan"),
            ("februar", "february", "feb"),
            ("mars", "march", "mar"),
            ("april", "apr"),
            ("mai", "may"),
            ("juni", "june", "jun"),
            ("juli", "july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "october", "okt", "oct"),
            ("november", "nov"),
            ("desember", "december", "des", "dec"),
        ],
        start=1,
    )
    for name in names
}

_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_NUMERIC = re.compile(r"(?<!\d)(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})(?!\d)")
_DAY_MONTH = re.compile(r"(?<!\d)(\d{1,2})\.?\s+([^\W\d_]+)\.?,?\s+(\d{4})(?!\d)")
_MONTH_DAY = re.compile(
    r"(?<![^\W\d_])([^\W\d_]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?!\d)"
)


def _date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def parse_meeting_date(text: str) -> datetime.date | None:
    """The first date in ``text`` as a ``date``, or None."""
    if not isinstance(text, str) or not text.strip():
        return None
    text = text.strip()[:200]
    found = []  # (where in the text, date): the earliest match wins
    for match in _ISO.finditer(text):
        year, month, day = (int(g) for g in match.groups())
        found.append((match.start(), _date(year, month, day)))
    for match in _NUMERIC.finditer(text):
        day, month, year = (int(g) for g in match.groups())
        if len(match.group(3)) == 2:
            year += 2000
        found.append((match.start(), _date(year, month, day)))
    for match in _DAY_MONTH.finditer(text):
        month = MONTHS.get(match.group(2).lower())
        if month:
            found.append((match.start(), _date(int(match.group(3)), month, int(match.group(1)))))
    for match in _MONTH_DAY.finditer(text):
        month = MONTHS.get(match.group(1).lower())
        if month:
            found.append((match.start(), _date(int(match.group(3)), month, int(match.group(2)))))
    found = [(where, date) for where, date in found if date is not None]
    return min(found, key=lambda pair: pair[0])[1] if found else None
