"""What a document is: its header, headings, kind and council, as the reading needs them.

These are the parts of :class:`core.reading.Reading` that take rules rather than plain layout;
they live here so the reading stays a list of what a document has, and so each rule is tested
on made-up sentences (tests/test_reading.py).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from core import vocabulary
from core.council_of import CouncilNamed, council_of_text
from core.councils import find_council
from core.document_dates import Dates, dates

if TYPE_CHECKING:
    from core.reading import Reading, Span

__all__ = ["CouncilNamed", "Dates", "dates", "document_council", "header", "heading_level", "kind"]

_HEADER_LINES = 25
_LONG_LINE = 200


def header(text: str, lines: tuple[Span, ...]) -> tuple[Span, ...]:
    """The short lines that open the document, up to the first paragraph of prose."""
    out = []
    for start, end in lines:
        if end - start > _LONG_LINE or len(out) >= _HEADER_LINES:
            break
        out.append((start, end))
    return tuple(out)


_NUMBERED = re.compile(r"(?:\d{1,2}(?:\.\d{1,2}){0,2}|[A-Z]|[ivx]{1,5})[.)]?\s+(?=\S)")


def heading_level(text: str, start: int, end: int) -> int:
    """The level of the heading line ``text[start:end]`` ("3." 1, "3.1" 2, capitals 1, other 2),
    or 0 for a line that is not a heading: a heading is short, unpunctuated, capitalised, not a
    table row, and stands on its own (a blank line before it, and no lower-case continuation)."""
    line = text[start:end]
    if len(line) > 100 or "|" in line or line[-1] in ".,;" or len(line.split()) > 14:
        return 0
    if not (line[0].isupper() or line[0].isdigit()):
        return 0
    if start > 0 and not re.search(r"\n[ \t]*\n[ \t]*$", text[max(0, start - 50) : start]):
        return 0
    following = re.match(r"\s*(\S)", text[end : end + 50])
    if following and following.group(1).islower():
        return 0
    numbered = re.match(r"(\d{1,2}(?:\.\d{1,2}){0,2})\.?\s+[A-Z]", line)
    if numbered:
        return numbered.group(1).count(".") + 1
    if re.fullmatch(r"\d[\d.\s]*", line):
        return 0  # a page number or a figure
    letters = [c for c in line if c.isalpha()]
    return 1 if letters and all(c.isupper() for c in letters) else 2


def kind(reading: Reading) -> str:
    """The document's kind from the phrases of ``core/vocabulary/kinds.tsv`` its header holds (an
    Ofsted report's title, "Minutes of ...", "Record of decision", "Report to ..."), else "other".

    An inspectorate's own labels ("Lead inspector:", "Inspection dates:") make an inspection
    report; failing those, a committee paper's mark beats an inspection title, because a council's
    paper about an inspection carries the inspection's title; failing both, the first phrase decides.
    """
    pattern, _ = vocabulary.matcher("kinds")
    text = reading.text
    found = [
        vocabulary.label_of("kinds", m.group(0)) or "other"
        for start, end in reading.header
        for m in pattern.finditer(text, start, end)
    ]
    if "inspection_mark" in found:
        return "inspection_report"
    papers = [k for k in found if k != "inspection_report"]
    return (papers or found or ["other"])[0]


def document_council(reading: Reading) -> CouncilNamed | None:
    """The manifest's council when the source came with one, else the one the text names most."""
    meta = reading.document.meta.get("council")
    as_of = reading.dates.best
    if meta:
        listed = find_council(str(meta), as_of)
        return CouncilNamed(str(meta), listed)
    head_end = reading.header[-1][1] if reading.header else 0
    return council_of_text(reading.text, head_end, as_of)
