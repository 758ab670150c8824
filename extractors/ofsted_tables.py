"""Ofsted judgements laid out as tables: the table reader of :mod:`extractors.ofsted_ratings`.

Committee papers print an inspection's grades as a table, and text extraction flattens it in
one of three ways: a row per line ("Adoption performance - Good", "Overall effectiveness |
Inadequate", "Leadership<tab>Good"), each cell on a line of its own (area line, grade line), or
a column of areas followed by a column of grades. Only lines holding a grade word are looked at
first, so a long document without tables costs next to nothing.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from core.councils import Council, find_council
from core.scan.scanners import keyed_search
from core.text import lines
from extractors import ofsted_vocabulary as V
from extractors.base import collapse


@dataclass
class Found:
    """A rating before it becomes a record: the span to quote and what was read there."""

    area: str
    printed: str
    start: int
    end: int
    grade_at: int
    subject: Council | None  # a council the text names for this rating; None = the document's own
    clause: tuple[int, int] | None = None
    year: int | None = None  # the year a table column gives the grade


_ROW = re.compile(
    r"^[\s\-–—•*·●▪|]*(?:\(?(?:\d+(?:\.\d+)*|[a-z]{1,3})[.)]\s+)?"
    r"(?P<area>[^\s|\-–—•].*?)"
    r"(?:\s*(?:[-–—:=|]+|\t)\s*|\s{2,})"
    r"["
    + V.Q_OPEN
    + r"]?(?P<grade>"
    + V.GRADES
    + r")(?![\w-])["
    + V.Q_CLOSE
    + r"]?(?:\s*(?:\(?20[0-3]\d\)?|\([^()]{0,40}\)))?\s*[.;|]?\s*$",
    re.I,
)
#: A row flattened with one space between its cells: a judgement area of the vocabulary, then a
#: grade ("1. Children who need help and protection Requires improvement").
_PLAIN_ROW = re.compile(
    r"^[\s\-–—•*·●▪|]*(?:\(?(?:\d+(?:\.\d+)*|[a-z]{1,3})[.)]?\s+)?(?P<area>"
    + V.AREA.pattern
    + r")\s+["
    + V.Q_OPEN
    + r"]?(?P<grade>"
    + V.GRADES
    + r")(?![\w-])["
    + V.Q_CLOSE
    + r"]?\s*[.;]?\s*$",
    re.I,
)
_NUMBERING = re.compile(r"^(?:\d+(?:\.\d+)*[.)]?|\(?[a-z]{1,3}[.)])\s+")
_CONTEXT = 1000  # how far back an Ofsted/inspection cue may stand before a table
_MAX_CELLS = 40  # how many area cells a column of grades may reach back over


def from_tables(text: str, as_of: str | None = None) -> tuple[list[Found], list[tuple[int, int]]]:
    """Every table rating in ``text``, and the spans of the table rows (prose must not reread them).

    Rows with an area and a grade, rows with an area and a grade per year column, and cells
    on their own lines.
    """
    spans = list(lines(text))
    starts = [s for s, _ in spans]
    candidates = sorted({bisect.bisect_right(starts, at) - 1 for at in V.grade_key_starts(text)})
    found: list[Found] = []
    claimed: list[tuple[int, int]] = []
    run: list[int] = []
    for i in candidates:
        s, e = spans[i]
        raw = text[s:e]
        if V.GRADE_ONLY.fullmatch(raw):
            if run and i != run[-1] + 1:
                found += _column(text, spans, run, as_of)
                run = []
            run.append(i)
            continue
        if len(raw) > 220:
            continue
        if _CELL_EDGE.search(raw):
            claimed.append((s, e))
        row = _ROW.match(raw) or _PLAIN_ROW.match(raw)
        if row and len(V.GRADE.findall(raw)) == 1:
            head = _wrapped_from(text, spans, i, row.group("area"))
            area = text[head : s + row.end("area")] if head is not None else row.group("area")
            cell = area_cell(text, area, s, as_of)
            if cell:
                start = s if head is None else head
                found.append(Found(cell[0], row.group("grade"), start, e, s + row.start("grade"), cell[1]))
        elif _CELL_EDGE.search(raw):
            found += _year_columns(text, spans, i, as_of)
    if run:
        found += _column(text, spans, run, as_of)
    return found, claimed


_HEADING_END = re.compile(r"[.;:!?|]\s*$")


def _wrapped_from(text: str, spans: list[tuple[int, int]], i: int, area: str) -> int | None:
    """Where a heading wrapped over two lines starts, when row ``i`` is its second line:
    "The experiences and progress of children who need help and" / "protection: good". The
    row's area opens in lower case and the line before it is words without a grade or an end."""
    if not area[:1].islower() or i == 0:
        return None
    ps, pe = spans[i - 1]
    before = text[ps:pe].strip()
    if not before or _HEADING_END.search(before) or V.GRADE_WORD.search(before) or len(before) > 150:
        return None
    return ps + (len(text[ps:pe]) - len(text[ps:pe].lstrip()))


_CELL_EDGE = re.compile(r"\||\t|\S[ \t\u00a0]{3,}\S")
_CELL_SPLIT = re.compile(r"[ \t\u00a0]*(?:\||\t)[ \t\u00a0]*|[ \t\u00a0]{3,}")


def _cells(raw: str) -> list[str]:
    return [c for c in _CELL_SPLIT.split(raw.strip(" |\t")) if c.strip()]


def _year_columns(text: str, spans: list[tuple[int, int]], i: int, as_of: str | None) -> list[Found]:
    """A row grading one area in several year columns ("Overall effectiveness | Inadequate | Good"
    under "Area | 2014 | 2018"): one rating per column. Without such a header the row is ambiguous
    (previous or current?) and gives nothing."""
    s, e = spans[i]
    cells = _cells(text[s:e])
    grades = list(V.GRADE.finditer(text, s, e))
    if (
        len(cells) < 3
        or len(grades) != len(cells) - 1
        or not all(V.GRADE_ONLY.fullmatch(c) for c in cells[1:])
    ):
        return []
    for k in range(i - 1, max(-1, i - 6), -1):
        header = _cells(text[spans[k][0] : spans[k][1]])
        years = [V.YEAR.search(h) for h in header[1:]]
        if len(header) == len(cells) and all(years):
            cell = area_cell(text, cells[0], s, as_of)
            if not cell:
                return []
            return [
                Found(cell[0], g.group("grade"), s, e, g.start("grade"), cell[1], year=int(y.group(1)))
                for g, y in zip(grades, years, strict=True)
            ]
    return []


def _column(text: str, spans: list[tuple[int, int]], run: list[int], as_of: str | None) -> list[Found]:
    """Pair a run of grade-only lines with the area cells just above it (the last ones first)."""
    queue: list[int] = []
    k = run[0] - 1
    while k >= 0 and len(queue) < _MAX_CELLS:
        raw = text[spans[k][0] : spans[k][1]].strip(" |:\t")
        if V.HEADER_CELL.match(raw):
            k -= 1
            continue
        if not area_cell(text, raw, spans[k][0], as_of, need_context=False):
            break
        queue.insert(0, k)
        k -= 1
    if not queue:
        return []
    n = min(len(queue), len(run))
    pairs = list(zip(queue[-n:] if len(queue) >= len(run) else queue[:n], run[:n], strict=True))
    out = []
    for a, g in pairs:
        a_start, a_end = spans[a]
        g_start, g_end = spans[g]  # the quote runs from the area cell to its grade cell
        cell = area_cell(text, text[a_start:a_end], a_start, as_of)
        if not cell:
            continue
        grade = V.GRADE.search(text, g_start, g_end)
        out.append(Found(cell[0], grade.group("grade"), a_start, g_end, grade.start("grade"), cell[1]))
    return out


def area_cell(text: str, raw: str, at: int, as_of: str | None = None, need_context: bool = True):
    """(area, council or None) for a table cell naming a judgement area or a council, else None.

    ``need_context``: also require an Ofsted/inspection cue in the text before the cell, so a
    table of, say, staff survey results graded "good" is not read as an inspection.
    """
    area = collapse(raw.strip(" \t-–—•*|:"))
    area = _NUMBERING.sub("", area)
    if not area or len(area) > 110 or len(area.split()) > 14:
        return None
    if V.HEADER_CELL.match(area) and not (need_context and V.is_overall_cell(area)):
        return None
    if V.PROSE_VERB.search(area) or V.GRADE_WORD.search(area) or V.SETTING.search(area):
        return None
    if V.INDICATOR_CELL.search(area):
        return None
    if need_context and not keyed_search(V.INSPECTION_CUE, text, max(0, at - _CONTEXT), at + len(raw)):
        return None
    council = find_council(area, as_of) if not V.AREA_CELL_WORD.search(area) else None
    if council:
        return V.OVERALL_NAME, council
    if V.is_overall_cell(area):
        return V.OVERALL_NAME, None
    if not (V.AREA.search(area) or V.AREA_CELL_WORD.search(area)):
        return None
    if V.BOARD.search(area) and need_context and not keyed_search(V.OFSTED, text, max(0, at - _CONTEXT), at):
        return None
    return (V.OVERALL_NAME if V.OVERALL_AREA.match(area) else area), None
