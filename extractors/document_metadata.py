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

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from core.council_of import PRINTED_COUNCIL as _PRINTED_COUNCIL
from core.council_of import is_council_name
from core.councils import find_council
from core.dates import DATE as _DATE
from core.dates import MONTH as _MONTH
from core.dates import parse_date
from core.reading import Reading
from core.text import lines
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

_DATE_LABEL = re.compile(
    r"^(?!date\s+of\s+(?:the\s+)?next)(?:date(?:\s+of\s+(?:the\s+)?meeting)?|meeting\s+date|date\s+of\s+decision)"
    r"\b\s*[:\-–]?",
    re.I,
)
_AFTER_DATE = re.compile(r"[\s,;.]*(?:$|at\b|\d{1,2}[.:]\d\d|[-–—(])", re.I)  # a time or venue may follow
_MEETING_LINE = re.compile(
    r"^(?:minutes\s+of\s+(?:the\s+|an?\s+)?(?:(?:extraordinary\s+|special\s+)?meeting\s+of\s+(?:the\s+)?)?"
    r"|meeting\s+of\s+(?:the\s+)?)",
    re.I,
)
_CONNECT = r"(?:and|of|for|the|on|in|&)"
_NAMEWORD = r"[A-Z][\w'’&-]*"
_BODY_END = r"(?:Sub-Committee|Committee|Panel|Commission|Board|Forum)"
_BODY_NAME = re.compile(
    rf"\b{_NAMEWORD}(?:[ \t]+(?:{_NAMEWORD}|{_CONNECT}))*?[ \t]+{_BODY_END}\b"
    r"(?:[ \t]+\((?![A-Z]+\)|Item\b)[A-Z][^()\n]{2,60}\))?"  # "Scrutiny Board (Children and Families)"
    r"|\b(?:Cabinet|Executive)\b"
)
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
    r"^(?:agenda(?:\s+item)?(?:\s+no\.?)?\s*\d*|meeting documents|minutes|public|open|exempt|official|"
    r"contents|related documents|pdf version|supporting documents|decision|not protectively marked|"
    r"part\s+[12i]+|"
    r"page\s+\d+(?:\s+of\s+\d+)?|item\s+\d+|\d+|appendix\s*\w*|annex\s*\w*|downloadable version)\W*$",
    re.I,
)
_LABELLED = re.compile(
    r"^(?:report\s+(?:of|from|by|to|author|reference)|portfolio|author|code\s+no|ref(?:erence)?\b|wards?\b|"
    r"electoral|key\s+decision|classification|status|lead\s+(?:officer|member)|contact|cabinet\s+member|"
    r"date\b|meeting\b|venue|time\b|tel\b|e-?mail|director|officer|purpose\b|summary\b|to\s*:|from\s*:|"
    r"by\s*:|presented\s+by|prepared\s+by|responsible|executive\s+summary|introduction|background|"
    r"present\b|in\s+attendance|apologies|also\s+present)",
    re.I,
)
_BODY_TAIL = re.compile(r"\s*(?:$|[(|]|(?:held|on|at|in)\b)", re.I)  # what may follow a body in a header line
_BODY_LABEL = re.compile(r"^(?:report\s+to|committee|meeting|to|decision[\s-]+maker|body)\s*:\s*", re.I)
_TITLE_LABEL = re.compile(r"^(?:report\s+)?(?:title|subject)\s*:\s*", re.I)
_REF_CODE = re.compile(r"^[A-Z]{1,6}[/-]\d{1,4}[/-]\d{1,4}$")
_SMALL = {"and", "of", "for", "the", "on", "in", "to", "a", "an", "at", "by", "with"}
_BODY_WORDS = {"Committee", "Panel", "Board", "Commission", "Forum", "Sub-Committee"}
_LONG_LINE = 200
_LABEL_REACH = 3000


def extract(reading: Reading) -> Iterator[DocumentMetadata]:
    doc = reading.document
    text = doc.text
    header = list(reading.header)
    council = reading.council.name if reading.council else None
    body, date = _body_and_date(text, header)
    title_span = _title(text, header)
    title = collapse(" ".join(text[s:e] for s, e in title_span)) if title_span else None
    if title:
        title = _TITLE_LABEL.sub(
            "", re.sub(r"^(?:agenda\s+)?item\s+\d+[a-z]?\s*[:.\-–—]\s*", "", title, flags=re.I)
        )
    span = (title_span[0][0], title_span[-1][1]) if title_span else (0, 0)
    yield DocumentMetadata(
        council=council, body=body, date=date, title=title or None, **provenance(doc, *span)
    )


# --- date ---------------------------------------------------------------------------------------


def _date_line(line: str) -> bool:
    """A line that opens with a date: "26 June 2014", "Thursday 26 June 2014 at 10.00 am, County Hall"."""
    line = line.strip()
    m = _DATE.match(line)
    return bool(m and _AFTER_DATE.match(line, m.end()))


# --- body ---------------------------------------------------------------------------------------


def _body_and_date(text: str, header: list[tuple[int, int]]) -> tuple[str | None, str | None]:
    """The meeting's body and date: header lines first, then labelled lines, then the text."""
    body = date = None
    alone = None  # a date printed on a line of its own in the header
    for start, end in header:
        line = collapse(text[start:end])
        found = _header_body(line)
        if found:
            body = body or found
            date = date or parse_date(line)
        elif _DATE_LABEL.match(line) or _MEETING_LINE.match(line):
            date = date or parse_date(line)
        elif alone is None and _date_line(line) and not _REF_CODE.match(line):
            alone = parse_date(line)
    if date is None:
        date = _labelled_date(text) or alone
    return body or _most_named_body(text), date


def _labelled_date(text: str) -> str | None:
    """A date on a short labelled line near the top: "Date of meeting: ...", "Minutes of ... held on"."""
    for start, end in lines(text, 0, min(len(text), _LABEL_REACH)):
        line = collapse(text[start:end])
        if end - start <= _LONG_LINE and (_DATE_LABEL.match(line) or _MEETING_LINE.match(line)):
            found = parse_date(line)
            if found:
                return found
    return None


def _header_body(line: str) -> str | None:
    """The body a header line names: "CABINET", "Cabinet – 16 March 2011", "X Council - Cabinet"."""
    line = _BODY_LABEL.sub("", _MEETING_LINE.sub("", line))
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


def _most_named_body(text: str) -> str | None:
    """The committee the text names most; scrutiny committees first, then committees, panels, cabinet."""
    counts: Counter[str] = Counter()
    for m in _BODY_NAME.finditer(text):
        name = _tidy_body(m.group(0))
        if name and not _PARTNERSHIP.search(name):
            counts[name] += 1
    if not counts:
        return None

    def rank(name: str) -> tuple[int, int]:
        kind = 3 if "Scrutiny" in name else 2 if "Committee" in name else 0 if "Board" in name else 1
        return kind, counts[name]

    return max(counts, key=rank)


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
    return is_council_name(s)


# --- title --------------------------------------------------------------------------------------


def _title(text: str, header: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans of the title lines: the first header line that is not boilerplate, and the
    short lines that continue it (a title broken over lines: "Safeguarding Children / Task Group")."""
    spans: list[tuple[int, int]] = []
    for start, end in header:
        line = collapse(text[start:end])
        if _TITLE_LABEL.match(line) and not spans:
            return [(start, end)]
        skip = _title_skip(line)
        if not spans:
            if not skip:
                spans.append((start, end))
            continue
        words = sum(len(collapse(text[s:e]).split()) for s, e in spans)
        previous = collapse(text[spans[-1][0] : spans[-1][1]])
        if skip or len(spans) >= 4 or words + len(line.split()) > 25 or len(line.split()) > 8:
            break
        if previous.endswith((".", ":", ";", "?", "!")) or _month_year(line):
            break
        spans.append((start, end))
    return spans


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
    return bool(re.fullmatch(rf"{_MONTH}\.?,?\s+(?:19|20)\d\d", line.strip(), re.I)) or _date_line(line)
