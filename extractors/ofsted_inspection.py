"""Which inspection a grade belongs to: the document's own, or an earlier one it quotes.

An Ofsted report prints its own fieldwork dates at the top ("Inspection dates: 17 March to 21
March 2025"); its judgement table and present-tense findings are that inspection's, and get its
year and start date. The same report also quotes earlier inspections ("at the last inspection in
2017, services were judged inadequate", "the previous inspection ... was in June 2012. The local
authority was judged to be inadequate."): those grades get the year the text gives them, in the
clause or just before, never the report's own year. A committee paper has no fieldwork header;
its grades take the inspection date the text states nearest before them, else the paper's year.

Years inside titles ("Education and Inspections Act 2006", "Working Together to Safeguard
Children 2018") are not dates. The vocabulary (fieldwork labels, earlier-inspection cues, title
words) lives in ``extractors/vocabulary/ofsted.yml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from core.dates import DATE, DATE_RANGE, date_range, iso_date
from extractors import ofsted_vocabulary as V

_LABEL = re.compile(
    r"^[ \t]*(?:" + V.phrases(V.terms()["fieldwork_labels"]) + r")\s*[:\-–]?[ \t]*", re.I | re.M
)
_EARLIER = re.compile(r"\b(?:" + V.phrases(V.terms()["earlier_inspection"]) + r")\b", re.I)
_PRESENT = re.compile(r"\b(?:" + V.phrases(V.terms()["present_verbs"]) + r")\b", re.I)
_PAST = re.compile(r"\b(?:" + V.phrases(V.terms()["past_verbs"]) + r")\b", re.I)
_PRESENT_GRADE = re.compile(r"requires?\b", re.I)  # "services require improvement": the grade is the verb
_TITLED_YEAR = re.compile(r"\b(?:" + V.phrases(V.terms()["titled_years"]) + r")\s*$", re.I)
_HEAD = 4000  # a report prints its fieldwork dates on its first page


@dataclass(frozen=True)
class Fieldwork:
    """The document's own inspection: first and last day of fieldwork, and where they are printed."""

    start: date
    end: date
    at: int

    @property
    def year(self) -> int:
        return self.start.year


def fieldwork(text: str, first: str | None = None, last: str | None = None) -> Fieldwork | None:
    """The report's own inspection: ``first``/``last`` day of fieldwork as the reading found them
    (ISO), placed at the inspection-dates label; without them, the dates printed under that label
    near the top of ``text`` (a text read on its own), or None."""
    labels = list(_LABEL.finditer(text, 0, _HEAD))
    if first and last:
        try:
            start, end = date.fromisoformat(first[:10]), date.fromisoformat(last[:10])
        except ValueError:
            return None
        return Fieldwork(start, end, labels[0].start() if labels else 0)
    for label in labels:  # the dates right after the label: a range, or one day
        near = (label.end(), label.end() + 120)
        r = DATE_RANGE.match(text, *near)
        span = date_range(r) if r else None
        if span:
            return Fieldwork(date.fromisoformat(span.first), date.fromisoformat(span.last), label.start())
        d = DATE.match(text, *near)
        day = iso_date(d) if d else None
        if day:
            return Fieldwork(date.fromisoformat(day), date.fromisoformat(day), label.start())
    return None


def is_date_year(text: str, at: int) -> bool:
    """False for a year printed as part of a title: "Inspections Act 2006", "Children 2018"."""
    return not _TITLED_YEAR.search(text, max(0, at - 40), at)


def years_in(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(offset, year) of every year in ``text[start:end]`` that reads as a date."""
    return [
        (m.start(), int(m.group(1)))
        for m in V.YEAR.finditer(text, start, end)
        if is_date_year(text, m.start())
    ]


def present_tense(text: str, clause_start: int, grade_at: int) -> bool:
    """True when the verb nearest before the grade (in its clause) is present tense: "services for
    children are good", "services require improvement"."""
    start = max(clause_start, grade_at - 80)
    if _PRESENT_GRADE.match(text, grade_at) and not _PAST.search(text, start, grade_at):
        return True
    verbs = [(m.start(), True) for m in _PRESENT.finditer(text, start, grade_at)]
    verbs += [(m.start(), False) for m in _PAST.finditer(text, start, grade_at)]
    return bool(verbs) and max(verbs)[1]


def earlier_cue(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` places what it says in an earlier inspection."""
    return bool(_EARLIER.search(text, start, end))


@dataclass(frozen=True)
class Placement:
    """The inspection a grade belongs to: its year, and its start date when it is the report's own."""

    year: int | None
    date: str | None


def place(
    text: str,
    own: Fieldwork | None,
    grade_at: int,
    spans: list[tuple[int, int]],
    table_year: int | None,
    dated: list[tuple[int, int]],
    doc_year: int | None,
    lookback: int = 0,
) -> Placement:
    """The inspection of the grade at ``grade_at``.

    ``spans``: the clause then the sentence (or table row) around the grade, searched in turn for
    a stated year; ``dated``: (offset, year) of every dated inspection the text mentions;
    ``lookback``: how far before the sentence an earlier-inspection cue still governs it (prose
    runs on: "The previous inspection was in June 2012. The local authority was judged to be
    inadequate."); 0 for a table row or heading. In a report's prose a present-tense grade is
    the report's own finding, whatever earlier year the sentence also names.
    """

    def placed(year: int | None) -> Placement:
        is_own = own is not None and year == own.year
        return Placement(year, own.start.isoformat() if is_own else None)

    if table_year:
        return placed(table_year)
    if own is not None and lookback and spans and present_tense(text, spans[0][0], grade_at):
        return placed(own.year)  # a report's prose in the present tense states its own finding
    for s, e in spans:
        years = [(abs(pos - grade_at), y) for pos, y in years_in(text, s, e)]
        if years:
            return placed(min(years)[1])
    sentence = spans[-1] if spans else (grade_at, grade_at)
    if own is not None:
        if not earlier_cue(text, max(0, sentence[0] - lookback), sentence[1]):
            return placed(own.year)
        stated = [y for _, y in years_in(text, max(0, sentence[0] - lookback), sentence[0]) if y < own.year]
        if stated:  # "The previous inspection was in May 2013. The authority was judged adequate."
            return placed(stated[-1])
        earlier = [(pos, y) for pos, y in dated if y < own.year]
        before = [y for pos, y in earlier if pos < grade_at]
        if before:
            return placed(before[-1])
        after = [y for pos, y in earlier if pos >= grade_at]
        return placed(after[0] if after else None)
    before = [y for pos, y in dated if pos < grade_at]
    if before:
        return placed(before[-1])
    after = [y for pos, y in dated if pos >= grade_at]
    return placed(after[0] if after else doc_year)
