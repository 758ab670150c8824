"""Document metadata: council, body (committee), date and title, read from the text.

Manifest metadata, when a corpus has it, wins over what is read here; the build merges the two
and normalises the council. Why the rules look where they look:

- The *header* (the short lines before the first paragraph of prose) is where a paper names its
  meeting, date and title: "CABINET / 23 MAY 2013 / <TITLE>", "Cabinet – 16 March 2011",
  "Meeting of Cabinet, 2 May 2017". A date deep in the prose is usually some other event, so a
  date is taken only from the header or from a labelled line ("Date of meeting: ..."); otherwise
  it stays null.
- The *council* is the authority the paper belongs to, not every authority it mentions: every
  mention of a council on the shipped list (full name, area name, web or e-mail domain) scores,
  and mentions in the header and domains score more.
- The *body*, when the header does not name it, is the committee the text names most, scrutiny
  committees first (minutes often name their own committee only in a resolution).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from core.council_of import PRINTED_COUNCIL as _PRINTED_COUNCIL
from core.council_of import is_council_name
from core.councils import find_council
from core.dates import DATE as _DATE
from core.dates import MONTH as _MONTH
from core.dates import parse_date
from core.document_dates import MEETING_LINE, date_line
from core.reading import Reading
from core.vocabulary import alternation
from extractors.base import Record, collapse, provenance

NAME = "document_metadata"
VERSION = "0.3"
TABLE = "documents"


@dataclass(kw_only=True)
class DocumentMetadata(Record):
    council: str | None
    body: str | None
    date: str | None
    title: str | None


RECORD = DocumentMetadata

_CONNECT = r"(?:and|of|for|the|on|in|&)"
_NAMEWORD = r"[A-Z][\w'’&-]*"
_BODY_ENDS = ("Sub-Committee", "Committee", "Panel", "Commission", "Board", "Forum")
_WHOLE_BODIES = ("Cabinet", "Executive")
_BODY_END = "(?:" + "|".join(map(re.escape, _BODY_ENDS)) + ")"
#: A body's name, on one line: words ending in a body word, or a body named by one word.
_BODY_NAME = re.compile(
    rf"\b{_NAMEWORD}(?:[ \t]+(?:{_NAMEWORD}|{_CONNECT}))*?[ \t]+{_BODY_END}\b"
    r"(?:[ \t]+\((?![A-Z]+\)|Item\b)[A-Z][^()\n]{2,60}\))?"  # "Scrutiny Board (Children and Families)"
    r"|\b(?:" + "|".join(_WHOLE_BODIES) + r")\b"
)
#: Every body's name holds one of these words: a line without one names no body.
_BODY_WORD = re.compile("|".join(map(re.escape, _BODY_ENDS + _WHOLE_BODIES)))
_LEADING_NOISE = set(
    "that the this at to by in on for from with members member chair chairman vice-chair vice meeting "
    "minutes report reports please both each a an of and & dear following since when where our its their "
    "agenda item councillor cllr papers copies also recommendation recommendations resolved if as all new "
    "draft annual joint whilst while under after before".split()
)
_PARTNERSHIP = re.compile(
    r"\b(?:Safeguarding|Improvement|Partnership|Programme|Project|Quality|Transformation)\b"
)
_BOILERPLATE = re.compile(
    r"^(?:agenda(?:\s+item)?(?:\s+no\.?)?\s*\d*|" + alternation("header_labels", "boilerplate") + r"|"
    r"part\s+[12i]+|page\s+\d+(?:\s+of\s+\d+)?|item\s+\d+|\d+|appendix\s*\w*|annex\s*\w*)\W*$",
    re.I,
)
#: A header line that labels a field ("Report of:", "Inspection dates: ..."): never the title.
_LABELLED = re.compile(r"^" + alternation("header_labels", "label") + r"(?!\w)", re.I)
_BODY_TAIL = re.compile(r"\s*(?:$|[(|]|(?:held|on|at|in)\b)", re.I)  # what may follow a body in a header line
_BODY_LABEL = re.compile(r"^(?:report\s+to|committee|meeting|to|decision[\s-]+maker|body)\s*:\s*", re.I)
_TITLE_WORDS = (
    r"(?:(?:report|decision)\s+)?(?:title|subject)(?:\s+matter)?(?:\s+of\s+(?:the\s+)?(?:report|decision))?"
)
#: A label naming the title: "Subject:", "Report title:", "Subject Matter / Title of Decision".
_TITLE_LABEL = re.compile(rf"^{_TITLE_WORDS}(?:\s*/\s*{_TITLE_WORDS})?(?:\s*:\s*|\s*$)", re.I)
_NUMBER_LABEL = re.compile(r"^decision\s+(?:no|number)\b\.?\s*:?\s*(?P<no>\d+/\d+)?", re.I)
_TITLE_REACH = 60  # lines: a labelled title is on a paper's first page
_REF_CODE = re.compile(r"^[A-Z]{1,6}[/-]\d{1,4}[/-]\d{1,4}$")
_SMALL = {"and", "of", "for", "the", "on", "in", "to", "a", "an", "at", "by", "with"}
_BODY_WORDS = set(_BODY_ENDS)


def extract(reading: Reading) -> Iterator[DocumentMetadata]:
    yield dataclasses.replace(metadata(reading))


def metadata(reading: Reading) -> DocumentMetadata:
    """The document's metadata record, worked out once per reading: the build stores it, and the
    recommendations extractor reads its body (who made a paper's recommendations)."""
    return reading.derived(NAME, _metadata)


def _metadata(reading: Reading) -> DocumentMetadata:
    doc = reading.document
    header = list(reading.header)
    council = reading.council.name if reading.council else None
    body, date = _body_and_date(reading, header)
    body = _decision_maker(reading) or body
    if reading.kind in ("inspection_report", "decision_record"):
        date = reading.dates.best or date  # the report's own dates, not a date in its header
    title, span = _title(reading, header, body, date)
    return DocumentMetadata(
        council=council, body=body, date=date, title=title or None, **provenance(doc, *span)
    )


# --- date ---------------------------------------------------------------------------------------


# --- body ---------------------------------------------------------------------------------------


def _body_and_date(reading: Reading, header: list[tuple[int, int]]) -> tuple[str | None, str | None]:
    """The meeting's body and date: a header line naming both ("Cabinet – 16 March 2011"), else
    the reading's dates (a labelled or meeting line, a date line of its own)."""
    text = reading.text
    body = date = None
    for start, end in header:
        line = collapse(text[start:end])
        found = _header_body(line)
        if found:
            body = body or found
            date = date or parse_date(line)
    dates = reading.dates
    return body or _most_named_body(text), date or dates.meeting or dates.report


@lru_cache(maxsize=256)
def _header_body(line: str) -> str | None:
    """The body a header line names: "CABINET", "Cabinet – 16 March 2011", "X Council - Cabinet".
    (Kept for the header lines the title is then chosen among, which ask again.)"""
    line = _BODY_LABEL.sub("", MEETING_LINE.sub("", line))
    line = _DATE.sub("", line)
    parts = [p.strip(" ,:;-–—|") for p in re.split(r"\s[-–—|:]\s|,", line)]
    for part in reversed([p for p in parts if p]):
        if len(part.split()) > 20:
            continue
        part = _title_case(part) if part.isupper() else part
        if part in ("Council", "Full Council", "County Council"):  # a meeting of the whole council
            return part
        m = _BODY_NAME.match(part)
        if m and _BODY_TAIL.match(part, m.end()):
            name = _tidy_body(m.group(0))
            if name and _BODY_NAME.fullmatch(name):
                return name
    return None


_DECISION_MAKER = re.compile(r"^decision\s+(?:to\s+be\s+)?(?:taken\s+by|made\s+by|maker)\s*:?\s*", re.I)
_PERSON_FIRST = re.compile(
    r"^(?:(?:Mr|Mrs|Ms|Miss|Dr|Cllr|Councillor|Sir)\.?\s+)?(?:[A-Z][\w'’.-]*\s*){1,4}$"
)


def _decision_maker(reading: Reading) -> str | None:
    """The office that takes a decision, from "Decision to be taken by: / Mrs A Smith, Cabinet
    Member for X" or "Decision maker: Leader of the Council": the office, not the person."""
    text = reading.text
    spans = next(_labelled_values(reading, _DECISION_MAKER, blank_after_label_ends=False), None)
    if spans is None:
        return None
    value = collapse(" ".join(text[s:e] for s, e in spans))
    person, comma, office = value.partition(", ")
    if comma and _PERSON_FIRST.match(person):
        value = office
    return value.rstrip(" .;") or None


def _most_named_body(text: str) -> str | None:
    """The committee the text names most; scrutiny committees first, then committees, panels, cabinet."""
    counts: Counter[str] = Counter()
    for m in _body_names(text):
        name = _tidy_body(m.group(0))
        if name and not _PARTNERSHIP.search(name):
            counts[name] += 1
    if not counts:
        return None

    def rank(name: str) -> tuple[int, int]:
        kind = 3 if "Scrutiny" in name else 2 if "Committee" in name else 0 if "Board" in name else 1
        return kind, counts[name]

    return max(counts, key=rank)


def _body_names(text: str) -> Iterator[re.Match]:
    """``_BODY_NAME.finditer(text)``, searched only on the lines that hold a body word (a name
    never runs over a line end, and most lines name no body)."""
    line_end = -1
    for word in _BODY_WORD.finditer(text):
        if word.start() < line_end:
            continue  # this line is read
        line_start = text.rfind("\n", 0, word.start()) + 1
        line_end = text.find("\n", word.end())
        line_end = len(text) if line_end == -1 else line_end
        yield from _BODY_NAME.finditer(text, line_start, line_end)


def _tidy_body(name: str) -> str | None:
    """ "Children's Scrutiny Committee" from "That Children's Scrutiny Committee"; None if nothing is left."""
    words = name.split()
    while words and (words[0].lower() in _LEADING_NOISE or words[0].lower() in _SMALL):
        words = words[1:]
    if not words:
        return None
    name = " ".join(words)
    return None if name in _BODY_WORDS or _is_council_name(name) else name


def _title_case(s: str) -> str:
    words = s.lower().split()
    return " ".join(w if (i and w in _SMALL) else w[:1].upper() + w[1:] for i, w in enumerate(words))


# --- council ------------------------------------------------------------------------------------


def _is_council_name(s: str) -> bool:
    return is_council_name(s) or find_council(s) is not None


# --- title --------------------------------------------------------------------------------------


def _title(
    reading: Reading, header: list[tuple[int, int]], body: str | None, date: str | None
) -> tuple[str | None, tuple[int, int]]:
    """The title as a person would name the document, and where it is printed.

    A labelled title ("Subject: ...", "Title of Decision" and the lines under it) wins; minutes
    and agendas are named after their meeting ("Minutes of the Cabinet, 30 January 2025",
    "Audit Committee agenda, 22 October 2031"); otherwise the
    first header line that is not boilerplate, with the short lines that continue it (a title
    wrapped over lines), never the labelled lines after it ("Inspection dates: ...").
    """
    text = reading.text
    spans = _labelled_title(reading) or _first_title_lines(text, header)
    title = collapse(" ".join(text[s:e] for s, e in spans)) if spans else None
    if title:
        title = _TITLE_LABEL.sub(
            "", re.sub(r"^(?:agenda\s+)?item\s+\d+[a-z]?\s*[:.\-–—]\s*", "", title, flags=re.I)
        )
    span = (spans[0][0], spans[-1][1]) if spans else (header[0] if header else (0, 0))
    if reading.kind in ("minutes", "agenda") and body and date and not _labelled_title(reading):
        day = dt.date.fromisoformat(date)
        when = f"{day.day} {day:%B %Y}"
        title = f"Minutes of the {body}, {when}" if reading.kind == "minutes" else f"{body} agenda, {when}"
    elif reading.kind == "decision_record" and title:
        number = _decision_number(reading)
        title = f"Record of Decision {number} - {title}" if number else title
    return title or None, span


def _labelled_title(reading: Reading) -> list[tuple[int, int]]:
    """The lines of a labelled title: the rest of the label's line and the lines under it in the
    same paragraph ("Subject: Transfer the 18-25 section ... / ... Directorate")."""
    return next((spans for spans in _labelled_values(reading, _TITLE_LABEL) if spans), [])


def _labelled_values(
    reading: Reading, label: re.Pattern, blank_after_label_ends: bool = True
) -> Iterator[list[tuple[int, int]]]:
    """For each opening line that ``label`` matches, the spans of its value: the rest of that line
    and the lines under it, up to a blank line or the next labelled line. A label alone on its line
    may be followed by a blank line before its value unless ``blank_after_label_ends``."""
    text = reading.text
    opening = reading.lines[:_TITLE_REACH]
    for i, (start, end) in enumerate(opening):
        m = label.match(text[start:end])
        if not m:
            continue
        spans = [(start + m.end(), end)] if start + m.end() < end else []
        for s, e in opening[i + 1 :]:
            last = spans[-1][1] if spans else end if blank_after_label_ends else None
            if (last is not None and _blank_between(text, last, s)) or _LABELLED.match(text[s:e]):
                break
            spans.append((s, e))
        yield spans


def _decision_number(reading: Reading) -> str | None:
    """The number a record of decision prints after "Decision No:" (on its line or the next)."""
    text = reading.text
    lines = reading.lines[:_TITLE_REACH]
    for i, (start, end) in enumerate(lines):
        m = _NUMBER_LABEL.match(text[start:end])
        if m:
            if m.group("no"):
                return m.group("no")
            if i + 1 < len(lines):
                nxt = re.fullmatch(r"\d+/\d+", text[lines[i + 1][0] : lines[i + 1][1]])
                return nxt.group(0) if nxt else None
    return None


def _blank_between(text: str, end: int, start: int) -> bool:
    return text.count("\n", end, start) > 1


def _first_title_lines(text: str, header: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The first header line that is not boilerplate, and the short lines that continue it; a
    council's name wrapped over two lines is skipped whole."""
    spans: list[tuple[int, int]] = []
    skip_to = -1
    for i, (start, end) in enumerate(header):
        if start < skip_to:
            continue
        line = collapse(text[start:end])
        if not spans:
            paragraph = _paragraph_lines(text, header, i)
            if _title_skip(line) or line.endswith(":"):
                continue
            if len(paragraph) > 1 and _is_council_name(collapse(text[start : paragraph[-1][1]])):
                skip_to = paragraph[-1][1]
                continue
            spans.append((start, end))
            continue
        words = sum(len(collapse(text[s:e]).split()) for s, e in spans)
        previous = collapse(text[spans[-1][0] : spans[-1][1]])
        if _title_skip(line) or line.endswith(":") or len(spans) >= 4 or len(line.split()) > 8:
            break
        if words + len(line.split()) > 30 or previous.endswith((".", ":", ";", "?", "!")):
            break
        if _month_year(line):
            break
        spans.append((start, end))
    return spans


def _paragraph_lines(text: str, header: list[tuple[int, int]], i: int) -> list[tuple[int, int]]:
    """Header line ``i`` and the header lines after it with no blank line between."""
    out = [header[i]]
    for span in header[i + 1 :]:
        if _blank_between(text, out[-1][1], span[0]):
            break
        out.append(span)
    return out


def _title_skip(line: str) -> bool:
    """Header lines that are not the title: boilerplate, labels, dates, bodies, council names."""
    if _BOILERPLATE.match(line) or _LABELLED.match(line) or _REF_CODE.match(line) or _month_year(line):
        return True
    if line.endswith(".") and len(line.split()) >= 6:  # a sentence ("RESOLVED that ..."), not a title
        return True
    if _header_body(line) or _is_council_name(line) or find_council(line):
        return True
    council_prefix = _PRINTED_COUNCIL.match(line)
    return bool(council_prefix and re.match(r"\s*[-–—:|]", line[council_prefix.end() :]))


def _month_year(line: str) -> bool:
    """A line that is only a date or a month and year ("June 2014"): a date line, not a title."""
    return bool(re.fullmatch(rf"{_MONTH}\.?,?\s+(?:19|20)\d\d", line.strip(), re.I)) or date_line(line)
