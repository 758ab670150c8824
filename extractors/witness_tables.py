"""Witness tables and witness lists: the places a report names its witnesses on purpose.

Tables come in two renderings: one cell per line or paragraph (a Word table saved as text) and
one row per line with cells split by tabs, pipes or wide gaps (PDF and HTML renderings). Lists
follow an introducing line such as "assisted by the following witnesses:" or "received evidence
from:", one witness an item. Both are trusted more than prose, because a table or list is the
author saying "these people gave evidence".
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from extractors.text import lines, paragraphs
from extractors.witness_parts import (
    TITLE_WORDS,
    Found,
    is_group,
    is_person_name,
    is_table_name_cell,
    split_position_org,
    starts_with_title,
    strip_bullet,
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
_SEPARATORS = (re.compile(r"\t+"), re.compile(r"\s*\|\s*"), re.compile(r" {2,}"))
_DIVIDER = re.compile(r"^[\s|:+\-–—=]+$")
_PAGE_NO = re.compile(r"^(?:page\s+)?\d{1,3}(?:\s+of\s+\d{1,3})?$", re.IGNORECASE)
_STOP_CELL = re.compile(r"^(?:appendix|annex|annexe|schedule)\b", re.IGNORECASE)

_TRIGGER = re.compile(
    r"\bwitness(?:es)?\b|\bevidence\s+(?:was\s+|were\s+)?(?:from|given|received|heard|taken|provided)\b"
    r"|\b(?:received|heard|took|taken|gathered|given|gave|provided|considered)\s+(?:\w+\s+){0,3}evidence\b"
    r"|\bheard\s+from\b|\bspoke\s+(?:to|with)\b|\binterview(?:ed|s)?\b|\bmet\s+with\b"
    r"|\bpresentations?\s+(?:from|by|were\s+given)\b|\bcontributors?\b|\bcontributions?\s+from\b",
    re.IGNORECASE,
)
_NOT_TRIGGER = re.compile(
    r"\b(?:author|prepared\s+by|contact|membership|chaired|appointed|consists?|comprises?|circulation|"
    r"distribution|copies|background\s+papers)\b",
    re.IGNORECASE,
)


def header_category(cell: str) -> str | None:
    """The column a header cell names (name, position, organisation, other), or None."""
    key = re.sub(r"\s*/\s*", "/", re.sub(r"\s+", " ", cell.strip().strip(":*").lower()))
    key = key.replace("organisation / agency", "organisation/agency")
    for cat, phrases in _HEADER_PHRASES.items():
        if key in phrases:
            return cat
    return None


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
    """Witnesses from both table renderings, each row once."""
    spans = list(lines(text))
    i = 0
    while i < len(spans):
        found, i_next = _cell_table(text, spans, i)
        if not found:
            found, i_next = _row_table(text, spans, i)
        yield from found
        i = max(i_next, i + 1)


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
    if not _usable_header(cats):
        return [], i + 1
    after = spans[j - 1][1]
    by_paragraph = bool(re.search(r"\n[ \t]*\n", text[spans[i][1] : spans[i + 1][0]]))
    units = [
        (s, e)
        for s, e in (paragraphs(text, after) if by_paragraph else lines(text, after))
        if not _PAGE_NO.match(text[s:e].strip())
    ]
    out: list[Found] = []
    name_at = cats.index("name")
    k = 0
    while k < len(units):
        row = units[k : k + len(cats)]
        cells = [text[s:e].strip() for s, e in row]
        if not cells or not is_table_name_cell(tidy(cells[name_at])):
            break
        if any(len(c) > 200 or _is_prose(c) or _STOP_CELL.match(c) or header_category(c) for c in cells):
            break
        nxt = units[k + len(cats)] if k + len(cats) < len(units) else None
        if len(cells) > 2 and nxt and is_person_name(cells[-1]) and not is_person_name(text[nxt[0] : nxt[1]]):
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
    out: list[Found] = []
    j = i + 1
    while j < len(spans):
        s, e = spans[j]
        line = text[s:e]
        if _DIVIDER.match(line) or _PAGE_NO.match(line.strip()):
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


def parse_item(raw: str) -> tuple[str, str | None, str | None] | None:
    """One list item as (name, position, organisation), or None when it names nobody.

    Reads "Name - Position", "Name: Position", "Name (Position)", "Position - Name",
    "Name, Position, Organisation" and "Name Position" where the position opens with a title word.
    """
    s = tidy(raw)
    s = re.sub(r"^(?:and|&)\s+", "", s)
    if not s or len(s) > 250:
        return None
    parts = re.split(r"\s+[-–—]\s+|\t+|\s+\|\s+|:\s+", s, maxsplit=1)
    if len(parts) == 2:
        left, right = tidy(parts[0]), parts[1]
        if is_person_name(left) or is_group(left):
            return (left, *split_position_org(right))
        if is_person_name(tidy(right)) and starts_with_title(left):
            return (tidy(right), *split_position_org(left))
    m = re.match(r"^(.+?)\s+(?:from|of|representing|at)\s+(.+)$", s)
    if m and is_group(m.group(1)) and not is_person_name(m.group(1)):
        return m.group(1), None, re.sub(r"^the\s+", "", tidy(m.group(2)))
    m = re.match(r"^(.+?)\s*\((.+)\)$", s)
    if m and (is_person_name(m.group(1)) or is_group(m.group(1))):
        return (m.group(1).strip(), *split_position_org(m.group(2)))
    if "," in s:
        left, right = s.split(",", 1)
        if is_person_name(left) or is_group(left):
            return (left.strip(), *split_position_org(right))
    tokens = s.split()
    split_at = None
    for k in range(1, min(5, len(tokens))):
        rest = tokens[k:]
        if not is_person_name(" ".join(tokens[:k])) or not any(
            t.lower().strip(",") in TITLE_WORDS for t in rest
        ):
            continue
        if rest[0].lower().strip(",") in TITLE_WORDS or split_at is None:
            split_at = k
    if split_at is not None:
        return (" ".join(tokens[:split_at]), *split_position_org(" ".join(tokens[split_at:])))
    if is_person_name(s) or is_group(s):
        return s, None, None
    return None


def is_trigger(line: str) -> bool:
    """True for a line that introduces a list of witnesses."""
    line = re.sub(r"\s+", " ", line).strip()
    if not _TRIGGER.search(line) or _NOT_TRIGGER.search(line):
        return False
    head = line.split(":", 1)[0]
    if ":" in line and _TRIGGER.search(head):
        return True
    return (
        len(line.split()) <= 10
        and not line.endswith(".")
        and bool(re.search(r"\b(?:witness(?:es)?|contributors?)\b", line, re.IGNORECASE))
    )


def list_witnesses(text: str) -> Iterator[Found]:
    """Witnesses listed after an introducing line, one per line, paragraph or ';'."""
    spans = list(lines(text))
    i = 0
    while i < len(spans):
        s, e = spans[i]
        if not is_trigger(text[s:e]):
            i += 1
            continue
        colon = text.find(":", s, e)
        if colon != -1 and text[colon + 1 : e].strip():
            yield from _inline_items(text, colon + 1)
            i += 1
            continue
        found, i = _line_items(text, spans, i + 1)
        yield from found


def _inline_items(text: str, start: int) -> Iterator[Found]:
    """Items after the colon on the introducing line, to the end of its paragraph."""
    end = next(paragraphs(text, start), (start, start))[1]
    for s, e in split_people(text, start, end):
        item = parse_item(text[s:e])
        if item is None:
            return
        yield Found(*item, s, e, rank=1)


_PEOPLE_SEP = re.compile(
    r";\s*(?:and\s+)?|,\s+and\s+|,?\s+(?:together|along)\s+with\s+|,?\s+as\s+well\s+as\s+"
)
_AND_PERSON = re.compile(
    r"\s+and\s+(?=(?:(?:Dr|Mr|Mrs|Ms|Miss|Professor|Prof|Councillor|Cllr)\.?\s+)?"
    r"[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*){1,2}\s*[,(])"
)
_COMMA_AND = re.compile(r",\s*(?:and\s+)?|\s+and\s+")


def split_people(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the people in a run-on list: "A, Head of X; B (Director)", "A, B and C".

    Split at ';', ', and', 'together with', and 'and' before another "Name,"; a piece that is only
    names separated by commas is split at its commas too.
    """
    pieces = [
        sub
        for s, e in _spans_between(text, _PEOPLE_SEP, start, end)
        for sub in _spans_between(text, _AND_PERSON, s, e)
    ]
    out: list[tuple[int, int]] = []
    for s, e in pieces:
        parts = _spans_between(text, _COMMA_AND, s, e)
        if len(parts) > 1 and all(_names_someone(text[a:b]) for a, b in parts):
            out.extend(parts)
        else:
            out.append((s, e))
    return [t for t in (_trim(text, s, e) for s, e in out) if t[0] < t[1]]


def _names_someone(piece: str) -> bool:
    return is_person_name(tidy(piece)) or is_group(tidy(piece))


def _spans_between(text: str, pattern: re.Pattern, start: int, end: int) -> list[tuple[int, int]]:
    spans, pos = [], start
    for m in pattern.finditer(text, start, end):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, end))
    return spans


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    """Trim white space and the trailing '.', ',' or ';' a list piece carries."""
    while s < e and text[s].isspace():
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ".,;"):
        e -= 1
    return s, e


def _line_items(text: str, spans: list[tuple[int, int]], j: int) -> tuple[list[Found], int]:
    """Items on the lines after an introducing line; wrapped lines join the item they continue."""
    out: list[Found] = []
    items: list[list[int]] = []  # [start, end] of each item's text
    while j < len(spans):
        s, e = spans[j]
        line = text[s:e]
        blank_before = j > 0 and bool(re.search(r"\n[ \t]*\n", text[spans[j - 1][1] : s]))
        cut, body = strip_bullet(line)
        if (not items and line.startswith("(")) or _PAGE_NO.match(line.strip()):
            j += 1
            continue
        if items and not blank_before and not cut and _continues(text[items[-1][0] : items[-1][1]], body):
            items[-1][1] = e
            j += 1
            continue
        item = parse_item(body)
        if item is not None and item[1] is None and item[2] is None and _prose_follows(text, spans, j):
            break  # a short capitalised line before prose is the next heading, not a witness
        if item is None:
            if items and not blank_before and not cut and len(body) < 60 and not body.endswith(":"):
                joined = text[items[-1][0] : e]
                if parse_item(joined) is not None:
                    items[-1][1] = e
                    j += 1
                    continue
            break
        items.append([s + cut, e])
        j += 1
    for s, e in (_trim(text, s, e) for s, e in items):
        item = parse_item(text[s:e])
        if item is not None:
            out.append(Found(*item, s, e, rank=1))
    return out, j


def _prose_follows(text: str, spans: list[tuple[int, int]], j: int) -> bool:
    if j + 1 >= len(spans):
        return False
    return _is_prose(text[spans[j + 1][0] : spans[j + 1][1]])


def _is_prose(cell: str) -> bool:
    """A sentence or paragraph of running text, not a table cell or list item."""
    return len(cell) > 150 or (cell.rstrip().endswith(".") and len(cell.split()) >= 10)


def _continues(previous: str, line: str) -> bool:
    return bool(line) and (
        line[0].islower()
        or line[0] in "&("
        or bool(re.search(r"(?:[,&/(–-]|\b(?:and|of|for|the|in|to))$", previous.rstrip()))
    )
