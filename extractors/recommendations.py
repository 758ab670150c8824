"""Recommendations and resolutions put to, or made by, the committee.

The document is read as a sequence of line units (:mod:`core.listing`). A heading
("Recommendations", "Recommendation 1", "10. Recommendation", "Resolved:", "RESOLVED that",
"Agreed -", "Decision") opens a block; the block collects its items (numbered, lettered or
bulleted, or bare "That ..." paragraphs) and ends at the next heading, a section heading, a
change of numbering scheme, or prose that is not a recommendation. Hard-wrapped lines and list
items that complete an unfinished sentence are joined to it. Outside blocks, only sentences that
say so ("X is recommended to", "It is recommended that") and numbered "That ..." clauses count,
so numbered report paragraphs, terms of reference, aims and contents pages are left alone.
A recommendation printed twice (cover report and annex) is kept once, at its first place.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import ClassVar

from rapidfuzz import fuzz

from core.document import Document
from core.listing import Unit, label_number, label_style, labelled, line_units, split_inline
from core.reading import Reading
from core.sentences import split
from core.text import folded, lines
from extractors.base import Record, collapse, provenance

NAME = "recommendations"
VERSION = "0.2"
TABLE = "recommendations"


@dataclass(kw_only=True)
class Recommendation(Record):
    KEY: ClassVar[tuple[str, ...]] = ("number", "kind", "text")

    number: str | None
    kind: str  # "recommendation" | "resolution"
    text: str
    procedural: bool = False


RECORD = Recommendation

_HEAD = re.compile(
    r"""^(?P<word>(?:proposed\s+|draft\s+|(?:summary|schedule|list)\s+of\s+(?:the\s+)?)?recommendations?(?:\(s\))?
        |recommended\s+decisions?
        |resolved|recommended|resolutions?|agreed|decisions?(?:\s+required)?)(?!\w)(?P<rest>.*)$""",
    re.I | re.X | re.S,
)
_RESOLUTION_WORDS = ("resolved", "resolution", "agreed", "decision")
_HEAD_NUMBER = re.compile(
    r"^\s*(?:no\.?\s*)?(?P<num>R?\d{1,2}(?:\.\d{1,2})?|[A-Z]|[ivx]{1,5})\b\s*[:.\-–—)]?\s*"
)
_CONTENTS = re.compile(r"^[\s.…·_]*\d{1,3}$")
_VOTE_NOTE = re.compile(r"^\s*\((?:unanimously|[^)]{0,60}\bvot[^)]*)\)\s*", re.I)
_THAT = re.compile(
    r"^that\b(?!\s+(?:said|is|was|being|would|could|will|may|might|has|had|this|these|it)\b)", re.I
)
_RECOMMENDING = re.compile(
    r"\b(?:is|are)\s+(?:therefore\s+)?(?:recommended|asked|invited|requested)\s+to\b"
    r"|\bit\s+is\s+recommended\s+that\b",
    re.I,
)
_RECOMMENDED_TO = re.compile(
    r"\b(?:is|are)\s+(?:therefore\s+)?recommended\s+to\b|\bit\s+is\s+recommended\s+that\b", re.I
)
_IMPERATIVE = re.compile(
    r"^(?:note|notes|approve|approves|agree|agrees|endorse|endorses|consider|considers|comment|support|"
    r"supports|delegate|delegates|receive|receives|request|requests|identify|authorise|authorize|confirm|"
    r"confirms|adopt|adopts|accept|accepts|instruct|welcome|welcomes|recommend|recommends)\b\s+[a-z(]"
)
_SUBJUNCTIVE = re.compile(
    r"\bbe\s+\w+ed\b|\b(?:notes?|approves?|agrees?|endorses?|receives?|requests?)\b", re.I
)
# Report section headings that end a block: words that are a heading only on their own, and
# phrases that start one. "Corporate parenting training for members" stays an item.
_SECTION_ALONE = re.compile(
    r"""(?:executive\s+)?summary|background|introduction|purpose(?:\s+of\s+(?:the\s+)?report)?|context|
        conclusions?|options|risks?|consultation|author|contact|signed|minutes|present|membership|methodology|
        glossary|contents|preface|apologies(?:\s+for\s+absence)?|declarations?\s+of\s+interests?|progress|
        proposals?|discussion|issues|(?:report\s+)?details|implications""",
    re.I | re.X,
)
_SECTION_START = re.compile(
    r"""(?:suggested\s+)?reasons?\s+for|[\w\s,]{0,40}\bimplications\b|risk\s+management|background\s+papers|
        (?:background|supporting)\s+documents|equalit|appendi|annex|date\s+of\s+(?:the\s+)?next|lead\s+officer|
        contact\s+(?:officer|details|for)|report\s+author|electoral\s+divisions?|wards?\s+affected|any\s+other|
        exclusion\s+of|terms\s+of\s+reference|next\s+steps|key\s+findings|alternative\s+options|
        (?:budget\s+and\s+)?policy\s+framework|in\s+attendance|list\s+of\s+background|urgent\s+items?""",
    re.I | re.X,
)
_PROCEDURAL = re.compile(
    r"\bminutes\b[^.;]{0,200}\b(?:approved|confirmed|signed|agreed|accepted|correct)"
    r"|\b(?:approve|confirm|sign|agree)\w*\s+the\s+minutes\b"
    r"|\b(?:elect|appoint)\w*\b[^.;]{0,80}\b(?:vice[- ]?)?chair"
    r"|\b(?:vice[- ]?)?chair(?:man|person|woman)?\b[^.;]{0,80}\b(?:elected|appointed)\b"
    r"|\bapologies\b|\bdeclarations?\s+of\s+(?:\w+\s+)?interests?\b|\bdeclared?\s+(?:an?\s+)?\w*\s*interests?\b"
    r"|\bdate\s+(?:and\s+time\s+)?of\s+(?:the\s+)?next\s+meeting\b"
    r"|\bnext\s+meeting\s+(?:will\s+|to\s+|shall\s+)?be\s+held\b"
    r"|\bexclusion\s+of\s+the\s+(?:press|public)\b|\bpress\s+and\s+public\s+be\s+excluded\b",
    re.I,
)
_NOT_A_HEADING = re.compile(r"\b(?:were|was|are|is|have|has|had|made|include|from)\b", re.I)
_LEAD_END = re.compile(r"(?:^that|\bto|\bthat|\bshould|\bwill|\bcommittee|\bcabinet|\bcouncil)\W*$", re.I)
_PAGE_LINE = re.compile(r"^(?:page\s+\d+(?:\s+of\s+\d+)?|\d+\s+of\s+\d+|-\s*\d+\s*-)$", re.I)
_CONNECTORS = set(
    "and or to of the a an with for that include including in on by as from be is are its their this these "
    "at into within between".split()
)
_VERBISH = re.compile(r"\b(?:is|are|be|been|should|will|shall|must|to)\b", re.I)
_PAST = re.compile(r"\b[a-z]{3,}ed\b")
_MAX_ITEM = 2500


@dataclass
class _Item:
    number: str | None
    style: str | None
    start: int
    end: int
    pieces: list[str] = field(default_factory=list)
    short_tail: bool = False  # the last piece was a short unpunctuated list entry
    sub_style: str | None = None  # numbering scheme of the sub-items joined into this item

    @property
    def text(self) -> str:
        return collapse(" ".join(self.pieces))

    @property
    def complete(self) -> bool:
        return self.text.endswith((".", ";", "!", "?"))

    def add(self, unit: Unit, nested: bool = False) -> None:
        piece = f"{unit.label} {unit.text}" if nested and unit.label else unit.text
        short = bool(self.pieces) and unit.label is None and len(piece.split()) <= 6
        short = short and not piece.endswith((".", ";", ":", ","))
        if self.short_tail and short:
            self.pieces[-1] += ";"
        self.pieces.append(piece)
        self.short_tail = short
        self.end = unit.end


@dataclass
class _Block:
    """An open recommendations/resolutions block and the items gathered in it."""

    kind: str
    number: str | None = None  # from a "Recommendation 1" heading
    single: bool = False  # holds one recommendation ("Recommendation 1", "X is recommended to")
    style: str | None = None  # numbering scheme of its items
    pending: Unit | None = None  # a label printed on a line of its own
    items: list[_Item] = field(default_factory=list)
    lead: _Item | None = None  # "That" / "The Committee is asked to:" before numbered items

    @property
    def current(self) -> _Item | None:
        return self.items[-1] if self.items else None


def extract(reading: Reading) -> Iterator[Recommendation]:
    doc = reading.document
    text = doc.text
    found: list[tuple[_Item, _Block]] = []
    block: _Block | None = None
    spans = list(lines(text))
    openers = _openers(text, spans)
    i = 0
    while i < len(spans):
        if block is None:  # only a line that could open a block matters now
            k = bisect.bisect_left(openers, i)
            if k == len(openers):
                break
            i = openers[k]
        for unit in line_units(text, *spans[i]):
            head = _heading(unit, text)
            if head is not None:
                found.extend(_close(block))
                block, inline = head
                if inline is not None:
                    for part in split_inline(inline, text):
                        block = _feed(block, part, text, found)
                continue
            if block is not None:
                block = _feed(block, unit, text, found)
                if block is not None:
                    continue
            block = _outside(unit, text)
        i += 1
    found.extend(_close(block))
    yield from _unique(doc, found)


#: A line opens a block only with a heading word (_HEAD), "recommended to" (_RECOMMENDED_TO), an
#: "R1" label or a "That" clause (_THAT): it holds one of these, lower-cased.
_OPENER = re.compile(r"recommend|resol|agreed|decision|that|r\d")


def _openers(text: str, spans: list[tuple[int, int]]) -> list[int]:
    """The lines that could open a block (every line when the text cannot be searched lower-cased)."""
    low = folded(text)
    if low is None:
        return list(range(len(spans)))
    starts = [s for s, _ in spans]
    return sorted({bisect.bisect_right(starts, m.start()) - 1 for m in _OPENER.finditer(low)})


def _heading(unit: Unit, text: str) -> tuple[_Block, Unit | None] | None:
    """A block-opening heading: the new block and the unit for any text after the heading word."""
    raw = text[unit.body_start : unit.end]
    m = _HEAD.match(raw)
    if not m or not raw[:1].isupper():
        return None
    word = collapse(m.group("word")).lower()
    rest, at = m.group("rest"), unit.body_start + m.start("rest")
    kind = "resolution" if word.startswith(_RESOLUTION_WORDS) and "required" not in word else "recommendation"
    block = _Block(kind=kind)
    if not rest.strip(" \t:.-–—"):
        return (block, None) if unit.cell == 0 else None  # a column title is not a heading
    if _CONTENTS.match(rest) and (word.endswith(("s", "(s)")) or "\t" in raw or ".." in raw):
        return None  # a contents-page entry: "Recommendations ...... 15"
    num = _HEAD_NUMBER.match(rest)
    if num and word.startswith("recommendation") and not word.endswith(("s", "(s)")):
        block.number, block.single = num.group("num"), True
        return block, _rest_unit(text, at + num.end(), unit.end)
    vote = _VOTE_NOTE.match(rest)
    if vote:
        rest, at = rest[vote.end() :], at + vote.end()
    sep = re.match(r"\s*[:\-–—]\s*", rest)
    if sep or re.match(r"\s*(?:that|to)\b|\s*\(", rest, re.I):
        return block, _rest_unit(text, at + (sep.end() if sep else 0), unit.end)
    short = len(rest.split()) <= 8 and not rest.rstrip().endswith((".", ";", ","))
    if (
        word.startswith(
            ("recommendation", "recommended decision", "draft", "proposed", "summary", "schedule", "list")
        )
        and short
        and not _NOT_A_HEADING.search(rest)
    ):
        return block, None
    return None


def _rest_unit(text: str, start: int, end: int) -> Unit | None:
    """The unit for the text printed after a heading word on the same line, if any."""
    while start < end and text[start].isspace():
        start += 1
    return labelled(text, start, end) if start < end else None


def _feed(block: _Block, unit: Unit, text: str, found: list) -> _Block | None:
    """Give one unit to the open block; None when the unit ends the block (it is then re-read)."""
    cur = block.current
    if unit.label and not unit.text:  # a label on a line of its own: "(a)" then the text
        if cur is not None and not cur.complete:
            return block  # a page number inside a wrapped item
        if block.pending is not None:
            found.extend(_close(block))
            return None
        block.pending = unit
        return block
    if block.pending is not None:
        if unit.label is None:
            pending = block.pending
            unit = dataclasses.replace(unit, start=pending.start, label=pending.label, style=pending.style)
        block.pending = None
    if _PAGE_LINE.match(unit.text):
        return block  # a running page header or footer inside the block
    if _is_section(unit.text):
        found.extend(_close(block))
        return None
    if unit.style is None and cur is not None and unit.text[:1].islower() and not block.single:
        after_lead = cur.number is None and cur.text.endswith(":") and _introduces_list(cur.text, unit.text)
        if after_lead or (block.style == "bullet" and cur.complete):
            unit.style = "bullet"  # a list item whose bullet was lost in the text rendering
    if unit.style:
        return _feed_labelled(block, unit, found)
    if cur is not None and not cur.complete and len(cur.text) < _MAX_ITEM and _continues(cur.text, unit.text):
        cur.add(unit)
        return block
    first = not block.items and block.lead is None
    if (_THAT.match(unit.text) and not (block.single and block.items)) or (
        first and _acceptable_first(unit, block.kind)
    ):
        return _start(block, unit, block.number if first else None, None)
    found.extend(_close(block))
    return None


def _feed_labelled(block: _Block, unit: Unit, found: list) -> _Block | None:
    """A numbered, lettered or bulleted unit: a new item, a sub-item, or the end of the block."""
    cur = block.current
    bullet = unit.style == "bullet"
    style = "bullet" if bullet else label_style(unit.label, block.style)
    if cur is not None and (cur.number is not None or block.single or cur.sub_style):
        nested = style == cur.sub_style or (not cur.complete and (style != cur.style or bullet))
        if nested:  # "1. That the Committee:" then "(a) ...", "(b) ..."
            cur.add(unit, nested=True)
            cur.sub_style = style
            return block
    if cur is not None and not cur.complete and block.lead is None and cur.number is None:
        if bullet and not _introduces_list(cur.text, unit.text):  # "... staff with:" then "• a desk"
            cur.add(unit, nested=True)
            cur.sub_style = style
            return block
        block.lead = block.items.pop()  # "That" / "... is asked to:" introducing the list
    elif block.single and cur is not None:
        found.extend(_close(block))
        return None
    elif block.style and style != block.style and not bullet:
        found.extend(_close(block))
        return None
    elif cur is not None and cur.number is None and cur.complete and not block.style:
        if not (_THAT.match(unit.text) or _RECOMMENDING.search(unit.text)):
            found.extend(_close(block))
            return None
    block.style = style
    number = None if bullet else label_number(unit.label)
    return _start(block, unit, number if number or block.items else block.number, style)


def _continues(item: str, line: str) -> bool:
    """Does ``line`` carry on the unfinished ``item`` (a hard wrap, a lost list item, the verb
    after "That the Committee"), rather than start new prose after a recommendation printed
    without a full stop?"""
    if not line[:1].isupper() or item.endswith((",", ":", "(", "-", "–")):
        return True
    last = item.split()[-1].lower()
    subject_only = len(item.split()) <= 8 and not (_SUBJUNCTIVE.search(item) or _VERBISH.search(item))
    return last in _CONNECTORS or subject_only or bool(_IMPERATIVE.match(line.lower()))


def _introduces_list(lead: str, item: str) -> bool:
    """Does ``lead`` introduce a list of recommendations (not a list inside one recommendation)?"""
    if _LEAD_END.search(lead) or _RECOMMENDING.search(lead):
        return True
    return bool(_THAT.match(item) or _IMPERATIVE.match(item.lower()))


def _is_section(t: str) -> bool:
    """A report section heading ("Background", "11. Suggested reasons for decision"): ends a block."""
    if not t[:1].isupper() or len(t.split()) > 10 or t.endswith((".", ";")):
        return False
    return bool(_SECTION_ALONE.fullmatch(t.rstrip(" :")) or _SECTION_START.match(t))


def _start(block: _Block, unit: Unit, number: str | None, style: str | None) -> _Block:
    item = _Item(number=number, style=style, start=unit.start, end=unit.end)
    item.add(unit)
    block.items.append(item)
    return block


def _acceptable_first(unit: Unit, kind: str) -> bool:
    """Is this unlabelled line, first under a heading, a recommendation (or its lead-in)?"""
    t = unit.text
    if _RECOMMENDING.search(t) or _IMPERATIVE.match(t.lower()):
        return True
    if t.endswith(":") and len(t.split()) <= 25:
        return True
    if kind == "resolution":  # "Members noted the report", not "Non-key decision affecting all wards"
        return len(t.split()) >= 3 and bool(_SUBJUNCTIVE.search(t) or _VERBISH.search(t) or _PAST.search(t))
    return len(t.split()) >= 5 and t.endswith((".", ";")) and bool(_SUBJUNCTIVE.search(t) or " should " in t)


def _outside(unit: Unit, text: str) -> _Block | None:
    """Outside any block: "X is recommended to ..." sentences and numbered "That ..." clauses."""
    m = _RECOMMENDED_TO.search(text, unit.body_start, unit.end)
    if m:
        block = _Block(kind="recommendation", single=not unit.text.endswith(":"))
        start = _sentence_start(text, unit.body_start, m.start())
        part = dataclasses.replace(
            unit,
            start=unit.start if start == unit.body_start else start,
            text=collapse(text[start : unit.end]),
        )
        return _start(block, part, label_number(unit.label) if unit.style != "bullet" else None, unit.style)
    if unit.style == "R" and len(unit.text.split()) >= 3:  # "R1 ..." labels only recommendations
        return _start(_Block(kind="recommendation", style="R"), unit, label_number(unit.label), "R")
    if _THAT.match(unit.text) and len(unit.text.split()) >= 4 and _SUBJUNCTIVE.search(unit.text):
        if unit.label or unit.text.endswith((".", ";")):
            block = _Block(kind="recommendation", single=True)
            number = label_number(unit.label) if unit.style != "bullet" else None
            return _start(block, unit, number, unit.style)
    return None


def _sentence_start(text: str, start: int, at: int) -> int:
    """Where the sentence holding position ``at`` begins, no earlier than ``start``."""
    return max((s for s, _ in split(text, start, at)), default=start)


def _close(block: _Block | None) -> list[tuple[_Item, _Block]]:
    if block is None:
        return []
    return [(item, block) for item in block.items if len(item.text.split()) >= 2]


def _key(text: str) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())
    if words and words[0] == "that":
        words = words[1:]
    return " ".join(words)


def _unique(doc: Document, found: list[tuple[_Item, _Block]]) -> Iterator[Recommendation]:
    """Each recommendation once: a repeat in another block (summary and annex) is dropped.

    A repeat has the same words (punctuation aside), or the same label and nearly the same
    words. Short ones ("That the report be noted.") are kept every time: in minutes they are
    separate decisions on separate items. Items of one list are never repeats of each other.
    """
    kept: list[tuple[str, str | None, _Block]] = []
    for item, block in sorted(found, key=lambda f: f[0].start):
        key = _key(item.text)
        if len(key.split()) >= 8 and any(
            b is not block and (key == k or (n == item.number and fuzz.ratio(key, k) >= 97))
            for k, n, b in kept
        ):
            continue
        kept.append((key, item.number, block))
        yield Recommendation(
            number=item.number,
            kind=block.kind,
            text=item.text,
            procedural=bool(_PROCEDURAL.search(item.text)),
            **provenance(doc, item.start, item.end),
        )
