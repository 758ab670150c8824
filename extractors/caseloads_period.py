"""When a caseload figure was true, read from the words around it: its period as printed.

Kept apart from :mod:`extractors.caseloads_context` (kind, role, clause) so each stays small. A
time phrase right after a figure is that figure's; any other goes to the nearest figure in its
comma-delimited part of the sentence; else the date of the section heading above.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from functools import lru_cache

from core.dates import MONTH, MONTH_NAME
from core.document import Document
from core.document_facts import heading_level
from core.text import enclosing, lines

_MONTH = MONTH_NAME
_DAY_MONTH = (
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?{_MONTH}(?:\s+\d{{4}})?"
    rf"|\b{MONTH}\.?\s+\d{{4}}"
)
_DATE = (
    rf"(?:{_DAY_MONTH})(?:\s*(?:and|to|until|-|–)\s*(?:{_DAY_MONTH}))?"
    r"|(?i:(?:early\s+|late\s+|mid[\s-])?(?:spring|summer|autumn|winter))(?:\s+(?:of\s+)?\d{4}(?:/\d{2,4})?)?"
    r"|(?<![\d£.])(?:19|20)\d{2}(?:[/-]\d{2,4})?(?!\d)|\bQ[1-4](?:\s+\d{4}(?:/\d{2,4})?)?\b"
)
_PRESENT = (
    r"now|currently|at\s+present|presently|at\s+the\s+(?:moment|present\s+time)|today|this\s+"
    r"(?:year|month|quarter)"
)
_RELATIVE = (
    rf"(?i:\b(?:{_PRESENT}|previously|recently|formerly|historically|last\s+(?:year|month|quarter|week)"
    r"|(?:a|one|two|three|six|twelve|\d+)\s+(?:years?|months?|weeks?)\s+(?:earlier|ago|before)"
    r"|(?:the\s+)?(?:previous|preceding)\s+(?:year|month|quarter)|(?:this|the\s+same)\s+time\s+last\s+year"
    r"|at\s+the\s+time\s+of\s+(?:the\s+)?(?:\w+\s+)?(?:inspection|review|visit|report|audit|writing)"
    r"|during\s+(?:a|the)\s+(?:[\w-]+\s+){0,3}period|(?:in|over)\s+(?:recent|the\s+(?:last|past))\s+"
    r"(?:\w+\s+)?(?:months?|years?|weeks?|quarters?)|at\s+(?:the\s+)?(?:start|end|beginning)\s+of\s+"
    r"(?:the\s+)?(?:(?:financial\s+)?year|month|quarter)(?:\s+(?:[1-4]|one|two|three|four)\b)?"
    r"(?:\s+(?:of\s+)?(?:19|20)\d\d(?:[/-]\d{2,4})?)?)\b)"
)
_TIME = re.compile(rf"{_DATE}|{_RELATIVE}")
_IS_PRESENT = re.compile(rf"(?i:{_PRESENT})$")
_HEADING_DATE = re.compile(
    rf"{_DAY_MONTH}|(?i:(?:spring|summer|autumn|winter))\s+\d{{4}}|(?<!\d)(?:19|20)\d{{2}}(?:[/-]\d{{2,4}})?(?!\d)"
)
_SEGMENT = re.compile(r"[,;]|:\s")
_LINE = re.compile(r"[^\n]*\S[^\n]*")
_FOLLOWS = re.compile(
    r"\s*(?:(?:cases?|children)\s+)?(?:per\s+(?:[\w-]+\s+){1,3}?)?(?:(?:in|during|at|as\s+at|as\s+of|by|for|since|on|"
    r"over)\s+)?(?:the\s+)?",
    re.I,
)


def figure_period(
    doc: Document,
    s_start: int,
    s_end: int,
    start: int,
    end: int,
    figures: list[tuple[int, int]],
    own_only: bool = False,
) -> str | None:
    """The time the figure refers to, as printed ("autumn 2013", "now", "at present").

    A time phrase right after a figure is that figure's ("from 38 in autumn 2013 to 20 now");
    any other goes to the nearest figure in its comma-delimited part of the sentence. A figure with
    none takes one from a part naming no figure, else the date of the section heading above;
    "now" under a dated heading is that date.
    """
    text = doc.text
    mine: list[tuple[int, re.Match]] = []  # (rank, time): rank 0 follows the figure, then distance
    free: list[tuple[int, re.Match]] = []
    for t, seg in _times(text, s_start, s_end):
        near = [f for f in figures if seg[0] <= f[0] < seg[1]]
        if not near:
            free.append((_gap(t, start, end), t))
            continue
        owner = next(
            (f for f in near if f[1] <= t.start() and _FOLLOWS.fullmatch(text, f[1], t.start())), None
        )
        owner = owner or min(near, key=lambda f: _gap(t, *f))
        if owner == (start, end):
            mine.append(
                (
                    0
                    if owner[1] <= t.start() and _FOLLOWS.fullmatch(text, end, t.start())
                    else 1 + _gap(t, start, end),
                    t,
                )
            )
    heading = _heading_date(doc, s_start)
    if own_only:  # only a time printed right after the figure is its own
        follows = [
            t
            for t, _ in _times(text, s_start, s_end)
            if t.start() >= end and _FOLLOWS.fullmatch(text, end, t.start())
        ]
        mine = [(0, follows[0])] if follows else []
        free = []
    chosen = min(mine or free, key=lambda c: c[0], default=None)
    if chosen is None:
        return heading
    printed = " ".join(chosen[1].group(0).split())
    return heading if heading and _IS_PRESENT.match(printed) else printed


@lru_cache(maxsize=8)
def _times(text: str, s_start: int, s_end: int) -> tuple[tuple[re.Match, tuple[int, int]], ...]:
    """The time phrases of a sentence, each with its comma-delimited part: found once for all the
    sentence's figures (the pattern is slow to scan)."""
    return tuple(
        (t, enclosing(_SEGMENT, text, s_start, s_end, t.start(), t.start()))
        for t in _TIME.finditer(text, s_start, s_end)
    )


def _gap(t: re.Match, a: int, b: int) -> int:
    return max(a - t.end(), t.start() - b, 0)


def column_date(doc: Document, s_start: int, line_start: int, start: int, end: int) -> str | None:
    """The date heading the table column of the cell at ``text[start:end]``: the header line
    above with two or more dates, the one whose centre is nearest the cell's (text laid out in
    columns keeps them aligned). Else the date of the section heading."""
    text = doc.text
    column = (start + end) / 2 - line_start
    for header_start, header_end in reversed(list(lines(text, s_start, line_start))):
        dates = list(_HEADING_DATE.finditer(text, header_start, header_end))
        if len(dates) >= 2:
            best = min(dates, key=lambda d: abs((d.start() + d.end()) / 2 - header_start - column))
            return " ".join(best.group(0).split())
    return _heading_date(doc, s_start)


class _Headings:
    """The heading lines of a text (as the reading finds them: core.document_facts.heading_level)
    with the last date each names, page furniture left out (lines repeated three times or more:
    running headers and footers). A figure needs only the few headings nearest above it, so each
    line is judged when a figure first looks past it, not every line of the text up front."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = [(m.start(), m.end(), m.group(0).strip()) for m in _LINE.finditer(text)]
        self.starts = [start for start, _, _ in self.lines]
        self.counts = Counter(line for _, _, line in self.lines)
        self.judged: dict[int, str | None | bool] = {}  # line index: its date, None, or False (no heading)

    def date_above(self, pos: int, depth: int) -> str | None:
        """The date in the nearest of the ``depth`` headings starting before ``pos`` that has one."""
        undated = 0
        for i in range(bisect.bisect_left(self.starts, pos) - 1, -1, -1):
            if i not in self.judged:
                self.judged[i] = self._judge(i)
            date = self.judged[i]
            if date is False:
                continue
            if date:
                return date
            undated += 1
            if undated == depth:
                return None
        return None

    def _judge(self, i: int) -> str | None | bool:
        start, end, line = self.lines[i]
        lead = len(self.text[start:end]) - len(self.text[start:end].lstrip())
        if self.counts[line] >= 3 or not heading_level(self.text, start + lead, start + lead + len(line)):
            return False
        dates_named = _HEADING_DATE.findall(line)
        return " ".join(dates_named[-1].split()) if dates_named else None


@lru_cache(maxsize=2)
def _headings(text: str) -> _Headings:
    return _Headings(text)


def _heading_date(doc: Document, pos: int, depth: int = 3) -> str | None:
    """The date in the nearest of the ``depth`` headings above ``pos`` that has one."""
    return _headings(doc.text).date_above(pos, depth)
