"""Witness lists: the people named after "assisted by the following witnesses:", "received evidence
from:" or a "Witnesses" heading, one a line, paragraph or ';'-separated piece.

``parse_item`` reads one item in every shape lists use ("Name - Position", "Name, Position,
Organisation;", "Name Position" where the position opens with a title word, "Position - Name"); the
prose reader uses it and ``split_people`` for run-on lists inside sentences too.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from core.scan.scanners import RunScanner
from core.text import lines, paragraphs
from extractors.witness_parts import (
    PAGE_NO,
    TITLE_WORDS,
    Found,
    is_group,
    is_person_name,
    is_prose,
    split_position_org,
    starts_with_title,
    strip_bullet,
    tidy,
)

TRIGGER = re.compile(
    r"\bwitness(?:es)?\b|\bevidence\s+(?:was\s+|were\s+)?(?:from|given|received|heard|taken|provided)\b"
    r"|\b(?:received|heard|took|taken|gathered|given|gave|provided|considered)\s+(?:\w+\s+){0,3}evidence\b"
    r"|\bheard\s+from\b|\bspoke\s+(?:to|with)\b|\binterview(?:ed|s)?\b|\bmet\s+with\b"
    r"|\bpresentations?\s+(?:from|by|were\s+given)\b|\bcontributors?\b|\bcontributions?\s+from\b"
    r"|\bsources?\s+of\s+evidence\b|\bevidence\s+(?:sessions?|gathering)\b"
    r"|\b(?:people|those|individuals|officers|partners)\s+(?:consulted|interviewed|who\s+contributed)\b",
    re.IGNORECASE,
)
_TRIGGERS = RunScanner(TRIGGER)
NOT_TRIGGER = re.compile(
    r"\b(?:author|prepared\s+by|contact|membership|chaired|appointed|consists?|comprises?|circulation|"
    r"distribution|copies|background\s+papers)\b",
    re.IGNORECASE,
)


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
        role, name = (tidy(p) for p in s.rsplit(",", 1))
        role = re.sub(r"^(?:the\s+)?(?:\w+\s+)?(?:Council|Authority)['’]s\s+|^the\s+", "", role)
        if is_person_name(name) and starts_with_title(role):  # "the Head of Fostering, Jane Doe"
            return (name, *split_position_org(role))
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
    if not TRIGGER.search(line) or NOT_TRIGGER.search(line):
        return False
    head = line.split(":", 1)[0]
    if ":" in line and TRIGGER.search(head):
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
    for k in _trigger_lines(text, spans):
        s, e = spans[k]
        if k < i or not is_trigger(text[s:e]):
            continue  # inside the list just read, or no introducing line
        colon = text.find(":", s, e)
        if colon != -1 and text[colon + 1 : e].strip():
            yield from _inline_items(text, colon + 1)
            i = k + 1
            continue
        found, i = _line_items(text, spans, k + 1)
        yield from found


def _trigger_lines(text: str, spans: list[tuple[int, int]]) -> list[int]:
    """The lines that could introduce a list of witnesses: every line a match of TRIGGER touches.

    One scan of the whole text instead of one search a line: a line where TRIGGER
    matches is touched by a match of the whole-text scan (that match or one overlapping it), and
    ``is_trigger`` then reads each line found on its own.
    """
    starts = [s for s, _ in spans]
    found: set[int] = set()
    for m in _TRIGGERS.finditer(text):
        first = max(0, bisect.bisect_right(starts, m.start()) - 1)
        found.update(range(first, bisect.bisect_left(starts, m.end())))
    return sorted(found)


def _inline_items(text: str, start: int) -> Iterator[Found]:
    """Items after the colon on the introducing line, to the end of its paragraph."""
    end = next(paragraphs(text, start), (start, start))[1]
    for s, e in split_people(text, start, end):
        item = parse_item(text[s:e])
        if item is None:
            return
        yield Found(*item, s, e, rank=1)


_PEOPLE_SEP = re.compile(
    r";\s*(?:and\s+)?|,\s+and\s+|,?\s+(?:together|along)\s+with\s+|,?\s+as\s+well\s+as\s+|(?<=\)),\s*"
)
AND_PERSON = re.compile(
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
        for sub in _spans_between(text, AND_PERSON, s, e)
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
        if (not items and line.startswith("(")) or PAGE_NO.match(line.strip()):
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
    return is_prose(text[spans[j + 1][0] : spans[j + 1][1]])


def _continues(previous: str, line: str) -> bool:
    return bool(line) and (
        line[0].islower()
        or line[0] in "&("
        or bool(re.search(r"(?:[,&/(–-]|\b(?:and|of|for|the|in|to))$", previous.rstrip()))
    )
