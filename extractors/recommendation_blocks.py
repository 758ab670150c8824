"""The pieces the recommendations extractor builds while reading: items, blocks, and the page
layout the rules consult (which lines are one paragraph, which stand at a page's edge).

An item is one recommendation being gathered line by line; a block is an open list of them under
one heading (or one recommending sentence, motion, or inspectorate's list).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from core.listing import Unit
from core.text import collapse

_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n")
_LIST_AND = re.compile(r"[;,]\s*(?:and|or)$")  # "... be approved; and": the next item follows
_TRAILING_NOTE = re.compile(r"(?<=[.;])\s*\([^()]*\)\.?$")


@dataclass
class Item:
    """One recommendation being gathered: its label, where it stands, and the pieces of its text."""

    number: str | None
    style: str | None
    start: int
    end: int
    pieces: list[str] = field(default_factory=list)
    short_tail: bool = False  # the last piece was a short unpunctuated list entry
    sub_style: str | None = None  # numbering scheme of the sub-items joined into this item
    quoted: bool = False  # a quoted resolution, open until its closing quote

    @property
    def text(self) -> str:
        return collapse(" ".join(self.pieces))

    @property
    def complete(self) -> bool:
        if self.quoted:
            return self.text.endswith(("”", '"', "’"))
        text = _TRAILING_NOTE.sub("", self.text)  # "... neglect. (enabler 2, national framework)"
        return text.endswith((".", ";", "!", "?", "”", '"'))

    @property
    def ends_entry(self) -> bool:
        """Complete, or ending "..., and" / "...; or": the next label starts the next entry."""
        return self.complete or bool(_LIST_AND.search(self.text))

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
class Block:
    """An open recommendations/resolutions block and the items gathered in it."""

    kind: str
    number: str | None = None  # from a "Recommendation 1" heading
    single: bool = False  # holds one recommendation ("Recommendation 1", "X is recommended to")
    style: str | None = None  # numbering scheme of its items
    pending: Unit | None = None  # a label printed on a line of its own
    items: list[Item] = field(default_factory=list)
    lead: Item | None = None  # "That" / "The Committee is asked to:" before numbered items
    #: "heading", "statement" (a paragraph that recommends), "prose" (a recommending sentence inside
    #: a paragraph), "motion", "inspectorate"
    source: str = "heading"
    paragraph: str | None = None  # the number of the paragraph the heading opens ("3. RESOLVED that")

    @property
    def current(self) -> Item | None:
        return self.items[-1] if self.items else None


@dataclass
class Layout:
    """What the rules need besides the unit in hand: the text, its page starts, and whether the
    document is an inspection report."""

    text: str
    page_starts: list[int]
    inspection: bool

    def joined(self, end: int, start: int) -> bool:
        """Is ``text[start:]`` the same paragraph as the text ending at ``end``: no blank line
        between them, or only a page break (text flows across pages)?"""
        if not _PARAGRAPH_BREAK.search(self.text, end, start):
            return True
        i = bisect.bisect_right(self.page_starts, end)
        return i < len(self.page_starts) and self.page_starts[i] <= start

    def page_edge(self, start: int, end: int) -> bool:
        """Is ``text[start:end]`` the first or last line of a page (where page numbers stand)?"""
        i = bisect.bisect_right(self.page_starts, end)
        after = i < len(self.page_starts) and not self.text[end : self.page_starts[i]].strip()
        before = i > 0 and not self.text[self.page_starts[i - 1] : start].strip()
        return after or before
