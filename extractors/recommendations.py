"""Recommendations and resolutions put to, or made by, a committee, and an inspectorate's.

The document is read as a sequence of line units (:mod:`core.listing`, from the reading). A heading
("Recommendations", "Recommendation 1", "Resolved:", "RESOLVED that", "Agreed -", "Decision",
and in an inspection report "What needs to improve") opens a block; the block collects its items
(numbered, lettered or bulleted, or bare "That ..." / "APPROVE ..." paragraphs) and ends at the
next heading, a section heading, a minute's heading, a change of numbering scheme, or prose that
is not a recommendation. Lines of one paragraph, and lines that run on across a page break, are
joined to the unfinished item they continue. Outside blocks, only sentences that say so ("X is
recommended to", "It is recommended that"), motions ("The committee passed a motion proposing
that:"), quoted resolutions and numbered "That ..." clauses count, so numbered report
paragraphs, terms of reference, aims and contents pages are left alone. A recommending sentence
in the body of a paper that has a recommendations section restates that section and is dropped.
A recommendation printed twice (cover report and annex) is kept once, at its first place.

The words (headings, formulas, verbs, section names, what is procedural) are data:
``extractors/vocabulary/recommendations.yml`` (see :mod:`extractors.recommendation_vocabulary`).
The grammar over them is :mod:`extractors.recommendation_rules`; the items and blocks being
gathered are :mod:`extractors.recommendation_blocks`. Minute numbers come from
:mod:`extractors.minute_items`; who made each record, and whether it is procedural, from
:mod:`extractors.recommendation_facts`.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from rapidfuzz import fuzz

from core.document import Document
from core.listing import Unit, label_number, label_style, labelled, line_units, split_inline
from core.reading import Reading
from core.sentences import split
from extractors import recommendation_rules as rules
from extractors.base import Record, collapse, provenance
from extractors.minute_items import MinuteItems
from extractors.recommendation_blocks import Block, Item, Layout
from extractors.recommendation_facts import Facts, procedural

NAME = "recommendations"
VERSION = "0.3"
TABLE = "recommendations"


@dataclass(kw_only=True)
class Recommendation(Record):
    KEY: ClassVar[tuple[str, ...]] = ("number", "kind", "text")

    number: str | None
    kind: str  # "recommendation" | "resolution"
    text: str
    procedural: bool = False
    item: str | None = None  # the minute (or agenda item) number it was made under
    made_by: str | None = None  # the body that made it, or the inspectorate ("Ofsted")


RECORD = Recommendation
_MAX_ITEM = 2500  # characters: an item longer than this has run past its end


def extract(reading: Reading) -> Iterator[Recommendation]:
    """Every recommendation and resolution of the document, in document order, each once."""
    doc = reading.document
    text = doc.text
    facts = Facts(reading)
    ctx = Layout(text, [p.start for p in doc.pages[1:]], facts.inspection_report)
    found: list[tuple[Item, Block]] = []
    block: Block | None = None
    spans = reading.lines
    minutes = MinuteItems(text, reading.paragraphs)
    openers = rules.opener_lines(reading.folded, spans)
    tabled = _table_columns(reading, found)
    i = 0
    while i < len(spans):
        if block is None:  # only a line that could open a block matters now
            k = bisect.bisect_left(openers, i)
            if k == len(openers):
                break
            i = openers[k]
        if spans[i][0] in tabled:  # a row of a recommendations table, read by column
            found.extend(_close(block))
            block = None
            i += 1
            continue
        if minutes.heading_at(spans[i][0]):
            found.extend(_close(block))
            block = None
            i += 1
            continue
        for unit in line_units(text, *spans[i]):
            head = _heading(unit, ctx)
            if head is not None:
                found.extend(_close(block))
                block, inline = head
                if inline is not None:
                    for part in split_inline(inline, text):
                        block = _feed(block, part, ctx, found)
                continue
            if block is not None:
                block = _feed(block, unit, ctx, found)
                if block is not None:
                    continue
            block = _outside(unit, ctx)
        i += 1
    found.extend(_close(block))
    yield from _unique(doc, _restatements_dropped(found), minutes, facts)


def _table_columns(reading: Reading, found: list) -> set[int]:
    """Tables with a "Recommendation(s)" column (a report's list, an action plan): each row's cell
    in it is a recommendation, numbered by the row's first cell when that is a label ("1", "R2").
    Returns the starts of the rows read, which the line-by-line reading then passes over."""
    text, rows_read = reading.text, set()
    for table in reading.tables:
        (_, header), *rows = table.rows
        column = next((c for c, (a, b) in enumerate(header) if rules.COLUMN_HEAD.fullmatch(text[a:b])), None)
        if column is None or not rows:
            continue
        block = Block(kind="recommendation", source="table")
        for (row_start, _), cells in rows:
            rows_read.add(row_start)
            if column >= len(cells) or len(text[slice(*cells[column])].split()) < 4:
                continue
            first = text[slice(*cells[0])] if column > 0 else ""
            number = first.rstrip(".") if rules.ROW_LABEL.fullmatch(first) else None
            item = Item(number=number, style=None, start=cells[column][0], end=cells[column][1])
            item.pieces.append(collapse(text[slice(*cells[column])]))
            block.items.append(item)
        found.extend(_close(block))
    return rows_read


def _heading(unit: Unit, ctx: Layout) -> tuple[Block, Unit | None] | None:
    """A block-opening heading: the new block and the unit for any text after the heading word."""
    text = ctx.text
    raw = text[unit.body_start : unit.end]
    if ctx.inspection and rules.INSPECTORATE_HEAD.fullmatch(raw.rstrip(" :")):
        return Block(kind="recommendation", source="inspectorate"), None
    at = unit.body_start
    m = rules.HEAD.match(raw)
    if not m:  # "The Committee AGREED to ...", "Therefore, it was RESOLVED that ..."
        inside = rules.FORMULA_IN_LINE.search(raw)
        if inside:
            at, raw = at + inside.start(), raw[inside.start() :]
            m = rules.HEAD.match(raw)
    elif not raw[:1].isupper() or (unit.cell == 0 and rules.mid_sentence(text, unit.start)):
        return None
    if not m:
        return None
    word = collapse(m.group("word")).lower()
    rest, at = m.group("rest"), at + m.start("rest")
    kind = "resolution" if rules.RESOLUTION_HEAD.fullmatch(word) else "recommendation"
    block = Block(kind=kind, source="inspectorate" if ctx.inspection else "heading")
    if unit.label and unit.style not in ("bullet", None):  # "3. RESOLVED that ...": the paragraph's number
        block.paragraph = label_number(unit.label)
    if not rest.strip(" \t:.-–—"):
        return (block, None) if unit.cell == 0 else None  # a column title is not a heading
    if rules.CONTENTS.match(rest) and (word.endswith(("s", "(s)")) or "\t" in raw or ".." in raw):
        return None  # a contents-page entry: "Recommendations ...... 15"
    num = rules.HEAD_NUMBER.match(rest)
    if num and word.startswith("recommendation") and not word.endswith(("s", "(s)")):
        block.number, block.single = num.group("num"), True
        return block, _rest_unit(text, at + num.end(), unit.end)
    vote = rules.VOTE_NOTE.match(rest)
    if vote:
        rest, at = rest[vote.end() :], at + vote.end()
    sep = re.match(r"\s*[:\-–—,]+\s*", rest)
    if sep or (rules.CLAUSE_HEAD.fullmatch(word) and re.match(r"\s*(?:that|to)\b|\s*\(", rest, re.I)):
        return block, _rest_unit(text, at + (sep.end() if sep else 0), unit.end)
    short = len(rest.split()) <= 8 and not rest.rstrip().endswith((".", ";", ","))
    if kind == "recommendation" and word != "recommended" and short and not rules.NOT_A_HEADING.search(rest):
        return block, None
    return None


def _rest_unit(text: str, start: int, end: int) -> Unit | None:
    """The unit for the text printed after a heading word on the same line, if any."""
    while start < end and text[start].isspace():
        start += 1
    return labelled(text, start, end) if start < end else None


def _feed(block: Block, unit: Unit, ctx: Layout, found: list) -> Block | None:
    """Give one unit to the open block; None when the unit ends the block (it is then re-read)."""
    cur = block.current
    unit = _symbol_bullet(unit, ctx.text)
    if unit.label and not unit.text:  # a label on a line of its own: "(a)" then the text
        if (cur is not None and not cur.ends_entry and not cur.text.endswith(":")) or ctx.page_edge(
            unit.start, unit.end
        ):
            return block  # a page number inside a wrapped item, or at the foot or head of a page
        if block.pending is not None:
            found.extend(_close(block))
            return None
        block.pending = unit
        return block
    if block.pending is not None:
        if unit.label is None and unit.style != "bullet":  # a bullet item is labelled by its bullet
            pending = block.pending
            unit = dataclasses.replace(unit, start=pending.start, label=pending.label, style=pending.style)
        block.pending = None
    if rules.PAGE_LINE.match(unit.text) or ctx.is_furniture(unit.start, unit.end):
        return block  # a running page header or footer inside the block
    if rules.VOTE_LINE.match(unit.text) and len(unit.text.split()) <= 8:
        return block  # the vote
    joined = cur is not None and ctx.joined(cur.end, unit.start)
    if cur is not None and cur.quoted and not cur.complete and len(cur.text) < _MAX_ITEM:
        cur.add(unit)  # a quoted resolution runs to its closing quote
        return block
    if rules.is_section(unit.text) and not (joined and not cur.complete):
        found.extend(_close(block))
        return None
    if cur is not None and block.source == "inspectorate" and rules.NOTE.match(unit.text):
        cur.add(unit)  # "(outcome 3, national framework)": a note on the item above
        return block
    if unit.style is None and cur is not None and not block.single and not joined:
        lost_bullet = unit.text[:1].islower() or rules.starts_item(unit.text)
        after_lead = (
            cur.number is None and cur.text.endswith(":") and rules.introduces_list(cur.text, unit.text)
        )
        if lost_bullet and (
            after_lead
            or (
                block.style == "bullet"
                and (cur.complete or (rules.starts_item(unit.text) and unit.text[0].isupper()))
            )
        ):
            unit.style = "bullet"  # a list item whose bullet was lost in the text rendering
    if unit.style:
        return _feed_labelled(block, unit, found)
    if cur is not None and len(cur.text) < _MAX_ITEM:
        if not cur.complete and (joined or rules.continues(cur.text, unit.text)):
            cur.add(unit)
            return block
        if (
            cur.number is None
            and cur.text.endswith(";")
            and re.match(r"(?:and,?\s+)?that\b", unit.text, re.I)
        ):
            cur.add(unit)  # the next clause of one motion: "That A; That B; And, that C."
            return block
    first = not block.items and block.lead is None
    if (rules.THAT.match(unit.text) and not (block.single and block.items)) or (
        first and rules.acceptable_first(unit.text, block.kind)
    ):
        return _start(block, unit, block.number if first else None, None)
    found.extend(_close(block))
    return None


def _symbol_bullet(unit: Unit, text: str) -> Unit:
    """The unit with a bullet glyph the layout did not know ("◼") taken off as its bullet."""
    m = rules.SYMBOL_BULLET.match(unit.text) if unit.style is None else None
    if m is None:
        return unit
    body = unit.body_start + m.end()
    return dataclasses.replace(unit, body_start=body, style="bullet", text=collapse(text[body : unit.end]))


def _feed_labelled(block: Block, unit: Unit, found: list) -> Block | None:
    """A numbered, lettered or bulleted unit: a new item, a sub-item, or the end of the block."""
    cur = block.current
    bullet = unit.style == "bullet"
    style = "bullet" if bullet else label_style(unit.label, block.style)
    if cur is not None and (cur.number is not None or block.single or cur.sub_style):
        nested = style == cur.sub_style or (not cur.ends_entry and (style != cur.style or bullet))
        if nested:  # "1. That the Committee:" then "(a) ...", "(b) ..."
            cur.add(unit, nested=True)
            cur.sub_style = style
            return block
    if (
        cur is not None
        and not cur.complete
        and block.lead is None
        and cur.number is None
        and cur.style is None
    ):
        if bullet and not rules.introduces_list(cur.text, unit.text):
            # "... staff with:" then "• a desk": the list is part of the item
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
        if not (rules.THAT.match(unit.text) or rules.RECOMMENDING.search(unit.text)):
            found.extend(_close(block))
            return None
    block.style = style
    number = None if bullet else label_number(unit.label)
    return _start(block, unit, number if number or block.items else block.number, style)


def _start(block: Block, unit: Unit, number: str | None, style: str | None) -> Block:
    item = Item(number=number, style=style, start=unit.start, end=unit.end)
    item.add(unit)
    block.items.append(item)
    return block


def _outside(unit: Unit, ctx: Layout) -> Block | None:
    """Outside any block: recommending sentences, motions, quoted and numbered "That" clauses."""
    text = ctx.text
    m = rules.RECOMMENDED_TO.search(text, unit.body_start, unit.end)
    if m is None and not rules.wrapped(text, unit.start, sentence=True):
        # a paragraph opening "Members are invited to:", "The Panel recommends that the Cabinet:"
        m = rules.ASKED_BODY.match(text, unit.body_start, unit.end) or rules.BODY_RECOMMENDS.match(
            text, unit.body_start, unit.end
        )
    if m:
        start = _sentence_start(text, unit.body_start, m.start())
        inside = start > unit.body_start or (
            unit.label is None and rules.wrapped(text, unit.start, sentence=True)
        )
        # a recommending sentence inside a paragraph of prose, or a paragraph that recommends
        source = "prose" if inside else "statement"
        block = Block(kind="recommendation", single=not unit.text.endswith(":"), source=source)
        part = dataclasses.replace(
            unit,
            start=unit.start if start == unit.body_start else start,
            text=collapse(text[start : unit.end]),
        )
        return _start(block, part, label_number(unit.label) if unit.style != "bullet" else None, unit.style)
    if rules.MOTION_LEAD.search(unit.text) and unit.text.endswith(":"):
        kind = "recommendation" if rules.RECOMMENDING_LEAD.search(unit.text) else "resolution"
        return Block(kind=kind, source="motion")
    if rules.QUOTED_THAT.match(unit.text):  # a resolution quoted in full: “That the Panel notes ...”
        block = Block(kind="resolution", single=True, source="motion")
        _start(block, unit, None, None).items[-1].quoted = True
        return block
    if unit.style == "R" and len(unit.text.split()) >= 3:  # "R1 ..." labels only recommendations
        return _start(Block(kind="recommendation", style="R"), unit, label_number(unit.label), "R")
    if rules.THAT.match(unit.text) and len(unit.text.split()) >= 4 and rules.SUBJUNCTIVE.search(unit.text):
        if unit.label or (unit.text.endswith((".", ";")) and not rules.wrapped(ctx.text, unit.start)):
            block = Block(kind="recommendation", single=True)
            number = label_number(unit.label) if unit.style != "bullet" else None
            return _start(block, unit, number, unit.style)
    return None


def _sentence_start(text: str, start: int, at: int) -> int:
    """Where the sentence holding position ``at`` begins, no earlier than ``start``."""
    return max((s for s, _ in split(text, start, at)), default=start)


def _close(block: Block | None) -> list[tuple[Item, Block]]:
    if block is None:
        return []
    if block.paragraph and len(block.items) == 1 and block.lead is None and block.items[0].number is None:
        block.items[0].number = block.paragraph  # one resolution: it takes its paragraph's number
    return [(item, block) for item in block.items if len(item.text.split()) >= 2]


def _restatements_dropped(found: list[tuple[Item, Block]]) -> list[tuple[Item, Block]]:
    """A paper with a recommendations section states its recommendations there: a recommending
    sentence inside a paragraph of its body ("... To allow this, it is recommended that ...")
    restates one. (A paragraph that is itself a recommendation, "4.2 Cabinet is recommended to
    ...", is kept.)"""
    if not any(b.source == "heading" and b.kind == "recommendation" for _, b in found):
        return found
    return [(i, b) for i, b in found if b.source != "prose"]


def _key(text: str) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())
    if words and words[0] == "that":
        words = words[1:]
    return " ".join(words)


def _unique(
    doc: Document, found: list[tuple[Item, Block]], minutes: MinuteItems, facts: Facts
) -> Iterator[Recommendation]:
    """Each recommendation once: a repeat in another block (summary and annex) is dropped.

    A repeat has the same words (punctuation aside), or the same label and nearly the same
    words. Short ones ("That the report be noted.") are kept every time: in minutes they are
    separate decisions on separate items. Items of one list are never repeats of each other.
    """
    kept: list[tuple[str, str | None, Block]] = []
    for item, block in sorted(found, key=lambda f: f[0].start):
        key = _key(item.text)
        if len(key.split()) >= 8 and any(
            b is not block and (key == k or (n == item.number and fuzz.ratio(key, k) >= 97))
            for k, n, b in kept
        ):
            continue
        kept.append((key, item.number, block))
        text = item.text.strip('“”"') if item.quoted else item.text
        yield Recommendation(
            number=item.number,
            kind=block.kind,
            text=text,
            procedural=procedural(text) and not facts.inspection_report,  # an inspectorate asks
            item=minutes.number_at(item.start),
            made_by=facts.made_by(text, block.kind, block.lead.text if block.lead else None),
            **provenance(doc, item.start, item.end),
        )
