"""Dates as printed in English council papers and Ofsted reports: the one month vocabulary.

Every extractor that needs a month, a printed date or a date range uses these patterns, so a new
way of writing a date ("Sept." or "9th of January") is added here once. The month names are data
(:data:`MONTH_NAMES`); the regular expressions are built from them.

Patterns are strings, for embedding in larger patterns, with capitalised month names: compile
with ``re.I`` where lower-case months count (a date line), without it where "may" or "march"
as words must not (running prose).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
#: Abbreviations besides the three-letter stem of each name.
_EXTRA_ABBREVIATIONS = {"September": ("Sept",)}


def _month_pattern(abbreviated: bool) -> str:
    forms: list[str] = []
    for name in MONTH_NAMES:
        forms.append(name)
        if abbreviated and len(name) > 3:
            forms.extend(_EXTRA_ABBREVIATIONS.get(name, ()))
            forms.append(name[:3])
    return "(?:" + "|".join(forms) + ")"  # longest form first: "June" before "Jun"


#: A month's full name.
MONTH_NAME = _month_pattern(abbreviated=False)
#: A month, full or abbreviated ("Sept", "Dec"); add ``\.?`` for a printed stop.
MONTH = _month_pattern(abbreviated=True)
_NUMBER = {name[:3].lower(): i for i, name in enumerate(MONTH_NAMES, start=1)}

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAY = "(?:(?:" + "|".join(WEEKDAYS) + r"),?\s+)"
_ORDINAL = r"(?:st|nd|rd|th)?"
#: One printed date: "Thursday, 9 January 2025", "9th of Jan. 2025", "January 9, 2025", "09/01/2025".
DATE = re.compile(
    rf"\b{WEEKDAY}?(?P<d>\d{{1,2}}){_ORDINAL}\s+(?:of\s+)?(?P<m>{MONTH})\.?,?\s+(?P<y>(?:19|20)\d\d)\b"
    rf"|\b{WEEKDAY}?(?P<m2>{MONTH})\.?\s+(?P<d2>\d{{1,2}}){_ORDINAL},?\s+(?P<y2>(?:19|20)\d\d)\b"
    r"|\b(?P<d3>\d{1,2})[/.](?P<m3>\d{1,2})[/.](?P<y3>(?:19|20)\d\d)\b",
    re.I,
)
#: A range of days: "17 March to 21 March 2025", "2 to 13 May 2016", "22 February and 16 March 2016",
#: "28 November - 9 December 2022", "29 September 2014 - 23 October 2014".
DATE_RANGE = re.compile(
    rf"\b(?P<d1>\d{{1,2}}){_ORDINAL}(?:\s+(?P<m1>{MONTH})\.?)?(?:,?\s+(?P<y1>(?:19|20)\d\d))?"
    rf"\s*(?:to|until|and|[-–—])\s*"
    rf"(?P<d2>\d{{1,2}}){_ORDINAL}\s+(?P<m2>{MONTH})\.?,?\s+(?P<y2>(?:19|20)\d\d)\b",
    re.I,
)


def month_number(word: str) -> int | None:
    """1 for "January", "Jan" or "jan."; None for a word that is not a month."""
    return _NUMBER.get(word.strip(" .").lower()[:3]) if re.fullmatch(MONTH, word.strip(" ."), re.I) else None


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def iso_date(m: re.Match) -> str | None:
    """The ISO date of a :data:`DATE` match (None for an impossible day such as 31 February)."""
    if m.group("d3"):
        return _iso(int(m.group("y3")), int(m.group("m3")), int(m.group("d3")))
    month = month_number(m.group("m") or m.group("m2"))
    return _iso(int(m.group("y") or m.group("y2")), month or 0, int(m.group("d") or m.group("d2")))


def parse_date(s: str) -> str | None:
    """The ISO date of the first date printed in ``s`` ("Tuesday, 5th March 2019" -> 2019-03-05)."""
    for m in DATE.finditer(s):
        found = iso_date(m)
        if found:
            return found
    return None


@dataclass(frozen=True)
class Span:
    """A dated stretch of time as printed: first and last day (ISO), and where it is in the text."""

    first: str
    last: str
    start: int
    end: int


def date_range(m: re.Match) -> Span | None:
    """The first and last day of a :data:`DATE_RANGE` match; the first day borrows the last's
    month and year when it omits them ("17 to 21 March 2025")."""
    y2, m2 = int(m.group("y2")), month_number(m.group("m2")) or 0
    m1 = month_number(m.group("m1")) if m.group("m1") else m2
    y1 = int(m.group("y1")) if m.group("y1") else (y2 - 1 if m1 > m2 else y2)
    first, last = _iso(y1, m1 or 0, int(m.group("d1"))), _iso(y2, m2, int(m.group("d2")))
    if not first or not last or first > last:
        return None
    return Span(first, last, m.start(), m.end())
