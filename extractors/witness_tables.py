"""Witness tables: the place a report names its witnesses on purpose, with position and employer.

Tables come in several renderings: one cell per line or paragraph (a Word or HTML table saved as
text), and one row per line with cells split by tabs, pipes or wide gaps, or by single spaces
(PDF text). A table is trusted more than any other source, because it is the author saying
"these people gave evidence" and it prints position and organisation as the author wants them.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from core.scan.folding import folded
from core.scan.places import places
from core.scan.scanners import LineStartScanner
from core.text import lines, paragraphs
from extractors.witness_lists import NOT_TRIGGER, TRIGGER
from extractors.witness_parts import (
    GROUP_NOUNS,
    PAGE_NO,
    TITLE_WORDS,
    Found,
    is_group,
    is_person_name,
    is_prose,
    is_table_name_cell,
    split_trailing_org,
    starts_with_title,
    tidy,
)

#: Header cells of a witness table, by the column they name ("|" separates the phrases).
_HEADER_PHRASES = {
    cat: frozenset(phrases.split("|"))
    for cat, phrases in {
        "name": "witness|witnesses|name|names|witness name|name of witness|contributor|contributors|"
        "attendee|attendees|person",
        "position": "position|positions|job title|title|role|roles|designation|post|job role|position/role|"
        "role/position|job title/role|post held|position held",
        "organisation": "organisation|organisations|organization|organizations|organisation/agency|"
        "agency/organisation|agency|representing|organisation/service|service|department|employer|body|"
        "team|service area|directorate|organisation/body|organisation/team",
        "other": "date|date attended|date of session|meeting date|session|evidence|type of evidence|meeting|"
        "method|topic|subject|format|notes|comments",
    }.items()
}
_MAX_HEADER = max(len(p) for phrases in _HEADER_PHRASES.values() for p in phrases)
#: A line holding a "name" header phrase may head a table (the phrases themselves, so none is missed;
#: a phrase holding another, "witness name", is found where that one is).
_NAME_WORDS = tuple(
    p for p in _HEADER_PHRASES["name"] if not any(q != p and q in p for q in _HEADER_PHRASES["name"])
)
#: A whole line that ``header_category`` reads as a header cell: a phrase (words apart by any white
#: space but a new line, "/" with or without spaces) between any ":" and "*", in folded text.
_HEADER_LINE = re.compile(
    r"^[^\S\n]*[:*]*(?:"
    + "|".join(
        r"[^\S\n]*/[^\S\n]*".join(r"[^\S\n]+".join(map(re.escape, part.split())) for part in p.split("/"))
        for p in sorted({p for phrases in _HEADER_PHRASES.values() for p in phrases}, key=len, reverse=True)
    )
    + r")[:*]*[^\S\n]*$",
    re.MULTILINE,
)
_HEADER_LINES = LineStartScanner(_HEADER_LINE)
_SEPARATORS = (re.compile(r"\t+"), re.compile(r"\s*\|\s*"), re.compile(r" {2,}"))
_DIVIDER = re.compile(r"^[\s|:+\-–—=]+$")
_STOP_CELL = re.compile(r"^(?:appendix|annex|annexe|schedule)\b", re.IGNORECASE)


def header_category(cell: str) -> str | None:
    """The column a header cell names (name, position, organisation, other), or None."""
    cell = cell.strip().strip(":*")
    if len(cell) > _MAX_HEADER and len("".join(cell.split())) > _MAX_HEADER:
        return None  # the key below keeps every non-space character: too long for any phrase
    key = re.sub(r"\s*/\s*", "/", re.sub(r"\s+", " ", cell.lower()))
    for cat, phrases in _HEADER_PHRASES.items():
        if key in phrases:
            return cat
    return None


def _witness_context(text: str, header_start: int, header: str) -> bool:
    """True when a table is a witness table: its first column says so, or the lines before it do.

    A "Name | Role | Organisation" table is as likely to list a board's members as witnesses, so a
    generic header needs an introducing line about witnesses or evidence within the last few lines.
    """
    if re.match(r"\s*\|?\s*(?:witness|contributor)", header, re.IGNORECASE):
        return True
    before = [text[s:e] for s, e in lines(text, max(0, header_start - 800), header_start)][-6:]
    return any(TRIGGER.search(line) and not NOT_TRIGGER.search(line) for line in before)


def _usable_header(cats: list[str | None]) -> bool:
    return (
        len(cats) >= 2
        and None not in cats
        and cats.count("name") == 1
        and ("position" in cats or "organisation" in cats)
    )


def _row(cats: list[str], cells: list[str]) -> tuple[str, str | None, str | None]:
    values: dict[str, str | None] = {"name": None, "position": None, "organisation": None}
    for cat, cell in zip(cats, cells, strict=False):
        if cat in values and values[cat] is None:
            values[cat] = tidy(cell) or None
    return values["name"] or "", values["position"], values["organisation"]


def table_witnesses(text: str) -> Iterator[Found]:
    """Witnesses from every table rendering, each row once."""
    spans = list(lines(text))
    i = 0
    for k in _header_lines(text, spans):
        if k < i:
            continue  # inside the table just read
        i = k
        found, i_next = _cell_table(text, spans, i)
        if not found:
            found, i_next = _row_table(text, spans, i)
        if not found:
            found, i_next = _spaced_table(text, spans, i)
        yield from found
        i = max(i_next, i + 1)


def _header_lines(text: str, spans: list[tuple[int, int]]) -> list[int]:
    """The lines that could start a table: a header cell on its own, or a row naming a name column.

    Every other line is skipped unread, which keeps this reader cheap on long documents; both kinds
    are found by one scan of the folded text each (``_HEADER_LINE`` is ``header_category`` as a
    pattern over whole lines, built from the same phrases).
    """
    low = folded(text)
    if low is None:
        return list(range(len(spans)))
    starts = [s for s, _ in spans]
    named = {bisect.bisect_right(starts, at) - 1 for at, _ in places(low, _NAME_WORDS)}
    cells = {bisect.bisect_left(starts, m.start()) for m in _HEADER_LINES.finditer(low)}
    return sorted(named | cells)


def _cell_table(text: str, spans: list[tuple[int, int]], i: int) -> tuple[list[Found], int]:
    """A table saved one cell per line or per paragraph: a run of header cells, then cells in rows."""
    cats: list[str] = []
    j = i
    while j < len(spans) and len(cats) < 6:
        cat = header_category(text[spans[j][0] : spans[j][1]])
        if cat is None:
            break
        cats.append(cat)
        j += 1
    if not _usable_header(cats) or not _witness_context(text, spans[i][0], text[spans[i][0] : spans[i][1]]):
        return [], i + 1
    after = spans[j - 1][1]
    by_paragraph = bool(re.search(r"\n[ \t]*\n", text[spans[i][1] : spans[i + 1][0]]))
    units = [
        (s, e)
        for s, e in (paragraphs(text, after) if by_paragraph else lines(text, after))
        if not PAGE_NO.match(text[s:e].strip())
    ]
    out: list[Found] = []
    name_at = cats.index("name")
    k = 0
    while k < len(units):
        row = units[k : k + len(cats)]
        cells = [text[s:e].strip() for s, e in row]
        if not cells or not is_table_name_cell(tidy(cells[name_at])):
            break
        if any(len(c) > 200 or is_prose(c) or _STOP_CELL.match(c) or header_category(c) for c in cells):
            break
        nxt = units[k + len(cats)] if k + len(cats) < len(units) else None
        if len(cells) > 2 and nxt and is_person_name(cells[-1]) and starts_with_title(text[nxt[0] : nxt[1]]):
            row, cells = row[:-1], cells[:-1]  # the last cell was empty: the row is one short
        name, position, organisation = _row(cats, cells)
        out.append(Found(name, position, organisation, row[0][0], row[-1][1], rank=0))
        k += len(row)
    end_line = j
    if out:
        end = out[-1].end
        while end_line < len(spans) and spans[end_line][0] < end:
            end_line += 1
    return out, end_line


def _row_table(text: str, spans: list[tuple[int, int]], i: int) -> tuple[list[Found], int]:
    """A table rendered one row per line, cells split by tabs, pipes or wide gaps."""
    header = text[spans[i][0] : spans[i][1]]
    for sep in _SEPARATORS:
        cells = _split(sep, header)
        cats = [header_category(c) for c in cells]
        if _usable_header(cats):
            break
    else:
        return [], i + 1
    if not _witness_context(text, spans[i][0], header):
        return [], i + 1
    out: list[Found] = []
    j = i + 1
    while j < len(spans):
        s, e = spans[j]
        line = text[s:e]
        if _DIVIDER.match(line) or PAGE_NO.match(line.strip()):
            j += 1
            continue
        cells = _split(sep, line)
        if len(cells) < 2:
            break
        name = tidy(cells[cats.index("name")]) if cats.index("name") < len(cells) else ""
        if not is_table_name_cell(name) or any(_STOP_CELL.match(c) for c in cells):
            break
        _, position, organisation = _row(cats, cells)
        lead = len(line) - len(line.lstrip(" |\t"))
        out.append(Found(name, position, organisation, s + lead, e, rank=0))
        j += 1
    return out, j


def _split(sep: re.Pattern, line: str) -> list[str]:
    line = line.strip()
    if sep.pattern.startswith(r"\s*\|"):
        if "|" not in line:
            return [line]
        line = line.strip("|").strip()
    return [c.strip() for c in sep.split(line)]


def _spaced_header(line: str) -> list[str] | None:
    """The columns of a header whose cells are split by single spaces ("Witness Position Organisation")."""
    words = re.sub(r"\s*/\s*", "/", line.strip().lower()).split()
    cats: list[str] = []
    k = 0
    while k < len(words):
        for n in (3, 2, 1):
            cat = header_category(" ".join(words[k : k + n])) if k + n <= len(words) else None
            if cat:
                cats.append(cat)
                k += n
                break
        else:
            return None
    return cats if _usable_header(cats) and cats[0] == "name" and len(cats) <= 4 else None


def _spaced_table(text: str, spans: list[tuple[int, int]], i: int) -> tuple[list[Found], int]:
    """A table in PDF text, one row per line and cells split by single spaces.

    The name is read off the front of the row; the organisation off its end (see
    ``split_trailing_org``), so only name-first tables with at most these three columns are read.
    """
    header = text[spans[i][0] : spans[i][1]]
    cats = _spaced_header(header)
    if not cats or "other" in cats or not _witness_context(text, spans[i][0], header):
        return [], i + 1
    out: list[Found] = []
    j = i + 1
    while j < len(spans):
        s, e = spans[j]
        line = tidy(text[s:e])
        if PAGE_NO.match(line):
            j += 1
            continue
        row = None if _STOP_CELL.match(line) or is_prose(line) else _spaced_row(line, cats)
        if row is None:
            break
        out.append(Found(*row, s, e, rank=0))
        j += 1
    return out, j


def _spaced_row(line: str, cats: list[str]) -> tuple[str, str | None, str | None] | None:
    name, rest = _lead_name(line)
    if name is None:
        return None
    if not rest:
        return name, None, None
    if "position" in cats and "organisation" in cats:
        return (name, *split_trailing_org(rest))
    return (name, rest, None) if "position" in cats else (name, None, rest)


def _lead_name(line: str) -> tuple[str | None, str]:
    """The person or group a row starts with, and the rest of the row."""
    group = re.match(rf"^(.{{1,40}}?\b(?:{GROUP_NOUNS}))\b\s*(.*)$", line, re.IGNORECASE)
    if group and is_group(group.group(1)) and not is_person_name(group.group(1)):
        return group.group(1), group.group(2)
    tokens = line.split()
    valid = [k for k in range(2, min(6, len(tokens) + 1)) if is_person_name(" ".join(tokens[:k]))]
    if not valid:
        return None, ""
    titled = [k for k in valid if k < len(tokens) and tokens[k].lower().strip(",") in TITLE_WORDS]
    k = titled[0] if titled else valid[0]
    return " ".join(tokens[:k]), " ".join(tokens[k:])
