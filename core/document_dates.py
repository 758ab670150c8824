"""The dates a document prints: meeting, report, decision, inspection fieldwork, publication.

:attr:`core.reading.Reading.dates` is made here, once per document; ``documents.date`` is its
:attr:`Dates.best` unless the header names the meeting's body and date on one line. Labels
("Date of meeting:", "Inspection dates:", "Report published:") are read where papers print
them: the header and the opening lines, never a date deep in the prose (usually another event).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.dates import DATE, DATE_RANGE, date_range, iso_date, parse_date
from core.text import collapse

if TYPE_CHECKING:
    from core.reading import Reading

#: A label of the meeting's date opening a line ("Date of meeting:"), never "Date of next meeting".
DATE_LABEL = re.compile(
    r"^(?!date\s+of\s+(?:the\s+)?next)(?:date(?:\s+of\s+(?:the\s+)?meeting)?|meeting\s+date|date\s+of\s+decision)"
    r"\b\s*[:\-–]?",
    re.I,
)
#: A line that opens by naming a meeting: "Minutes of the meeting of ...", "Meeting of the ...".
MEETING_LINE = re.compile(
    r"^(?:minutes\s+of\s+(?:the\s+|an?\s+)?(?:(?:extraordinary\s+|special\s+)?meeting\s+of\s+(?:the\s+)?)?"
    r"|meeting\s+of\s+(?:the\s+)?)",
    re.I,
)
_AFTER_DATE = re.compile(r"[\s,;.]*(?:$|at\b|\d{1,2}[.:]\d\d|[-–—(])", re.I)  # a time or venue may follow
_REF_CODE = re.compile(r"^[A-Z]{1,6}[/-]\d{1,4}[/-]\d{1,4}$")
_LONG_LINE = 200
_LABEL_REACH = 3000


@dataclass(frozen=True)
class Dates:
    """The dates a document prints (ISO strings, None when absent).

    ``meeting``: the meeting it is for or records; ``report``: the first date its header prints;
    ``decision``: the day a record of decision was signed; ``fieldwork_start``/``fieldwork_end``:
    an inspection's days on site; ``published``: the publication date a report prints.
    """

    kind: str
    meeting: str | None = None
    report: str | None = None
    decision: str | None = None
    fieldwork_start: str | None = None
    fieldwork_end: str | None = None
    published: str | None = None

    @property
    def best(self) -> str | None:
        """The document's date: an inspection report's publication (else its last day on site),
        a record of decision's signing, a meeting paper's meeting (else its own date)."""
        if self.kind == "inspection_report":
            return self.published or self.fieldwork_end or self.meeting or self.report
        if self.kind == "decision_record":
            return self.decision or self.meeting or self.report
        return self.meeting or self.report or self.published or self.fieldwork_end


#: Labels of an inspection's days on site: "Inspection dates:", "Inspection date:", "Dates of inspection".
_FIELDWORK = re.compile(
    r"inspection\s+dates?\b|dates?\s+of\s+(?:the\s+)?inspection\b|inspection\s+took\s+place\b", re.I
)
#: A publication date label opening a line: "Report published: 8 August 2014", "Publication date: ...".
_PUBLISHED = re.compile(
    r"^[ \t]*(?:(?:report|this\s+report\s+was)\s+)?"
    r"(?:published|publication\s+date|date\s+of\s+publication)\b",
    re.I | re.M,
)
#: Words of a line that dates a meeting: "MINUTES of a meeting of the Cabinet held ... on ...".
_MEETING = re.compile(r"\b(?:meeting|held|minutes|date\s+of\s+decision|decision\s+date)\b", re.I)
_NEXT_MEETING = re.compile(r"\b(?:next|future|forthcoming|previous|last)\s+meetings?\b", re.I)
_SIGNED = re.compile(r"^[ \t.…]*(?:signed|date|dated|date\s+signed)\b", re.I | re.M)
_REACH = 5000
_TAIL = 2000


def dates(reading: Reading) -> Dates:
    """The dates the document prints where such dates are printed: a fieldwork range after
    "Inspection dates", a publication date after "Published", the meeting's date in the header
    paragraph that names the meeting (it may wrap over lines), a signed date at the end of a
    record of decision, and the first date of the header."""
    text = reading.text
    head = text[:_REACH]
    found: dict[str, str | None] = {}
    for m in _FIELDWORK.finditer(head):
        window = head[m.end() : m.end() + 120]
        r = DATE_RANGE.search(window)
        span = date_range(r) if r and not window[: r.start()].strip(" :\t\n").count("\n") else None
        if span:
            found.update(fieldwork_start=span.first, fieldwork_end=span.last)
            break
        single = DATE.match(window.lstrip(" :\t"))
        if single and iso_date(single):
            found.update(fieldwork_start=iso_date(single), fieldwork_end=iso_date(single))
            break
    for m in _PUBLISHED.finditer(head):
        d = DATE.search(head, m.end(), m.end() + 60)
        if d and iso_date(d):
            found["published"] = iso_date(d)
            break
    found["meeting"] = _labelled_date(reading) or _meeting_date(reading)
    found["report"] = _date_alone(reading)
    if reading.kind == "decision_record":
        found["decision"] = _signed_date(text)
    return Dates(kind=reading.kind, **found)


def _labelled_date(reading: Reading) -> str | None:
    """A date on a short labelled line near the top: "Date of meeting: ...", "Minutes of ...
    held on ...", header lines first."""
    text = reading.text
    candidates = [*reading.header, *(s for s in reading.lines if s[0] < _LABEL_REACH)]
    for start, end in candidates:
        line = collapse(text[start:end])
        if end - start <= _LONG_LINE and (DATE_LABEL.match(line) or MEETING_LINE.match(line)):
            found = parse_date(line)
            if found:
                return found
    return None


def _date_alone(reading: Reading) -> str | None:
    """The first header line that is a date (a time or venue may follow): "26 June 2014"."""
    text = reading.text
    for start, end in reading.header:
        line = collapse(text[start:end])
        if date_line(line) and not _REF_CODE.match(line):
            return parse_date(line)
    return None


def date_line(line: str) -> bool:
    """A line that opens with a date: "26 June 2014", "Thursday 26 June 2014 at 10.00 am, County Hall"."""
    line = line.strip()
    m = DATE.match(line)
    return bool(m and _AFTER_DATE.match(line, m.end()))


def _meeting_date(reading: Reading) -> str | None:
    """The date in the first opening paragraph that names a meeting ("held ... on Thursday, 9
    January 2025"), read across its line breaks."""
    text = reading.text
    header_end = reading.header[-1][1] if reading.header else 0
    for start, end in reading.paragraphs:
        if start >= header_end:
            break
        block = collapse(text[start:end])
        if len(block) <= 400 and _MEETING.search(block) and not _NEXT_MEETING.search(block):
            found = parse_date(block)
            if found:
                return found
    return None


def _signed_date(text: str) -> str | None:
    """The date written by a signature at the end of a record of decision: a date alone on a
    line within two lines of "signed" or "date"."""
    tail_start = max(0, len(text) - _TAIL)
    tail = text[tail_start:]
    lines = [ln.strip() for ln in tail.splitlines()]
    for i, line in enumerate(lines):
        m = DATE.fullmatch(line.rstrip(". ")) if line else None
        if not m or not iso_date(m):
            continue
        near = " ".join(lines[max(0, i - 3) : i + 4])
        if _SIGNED.search("\n".join(lines[max(0, i - 3) : i + 4])) or re.search(r"\bsigned\b", near, re.I):
            return iso_date(m)
    return None
