"""The pieces the recommendations extractor builds while reading: items, blocks, and the page
layout the rules consult (which lines are one paragraph, which stand at a page's edge).

An item is one recommendation being gathered line by line; a block is an open list of them under
one heading (or one recommending sentence, motion, or inspectorate's list).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property

from core.listing import Unit
from core.text import collapse

_EDGE_LINES = 2  # lines at the top and at the foot of a page where headers and footers stand
_FURNITURE_PAGES = 3  # a line recurring at the edge of this many pages is furniture


_DIGITS = re.compile(r"\d+")


def _furniture_key(line: str) -> str:
    return _DIGITS.sub("#", " ".join(line.split()).lower())


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

    @cached_property
    def furniture(self) -> frozenset[str]:
        """Running headers and footers: the text (figures aside) of a page's first or last lines
        when it recurs on several pages ("Corporate Parenting Panel - 10 December 2024", "Page 3")."""
        seen: dict[str, int] = {}
        bounds = [0, *self.page_starts, len(self.text)]
        for a, b in zip(bounds, bounds[1:], strict=False):
            page = [ln for ln in self.text[a:b].splitlines() if ln.strip()]
            for line in {*page[:_EDGE_LINES], *page[-_EDGE_LINES:]}:
                key = _furniture_key(line)
                seen[key] = seen.get(key, 0) + 1
        return frozenset(k for k, n in seen.items() if n >= _FURNITURE_PAGES and k)

    def is_furniture(self, start: int, end: int) -> bool:
        """Is the line ``text[start:end]`` a running header or footer at a page's edge? (The edge
        is asked first: most lines are not at one, and then the headers and footers of the whole
        document need not be gathered.)"""
        return (
            len(self.page_starts) + 1 >= _FURNITURE_PAGES
            and self.near_page_edge(start, end)
            and _furniture_key(self.text[start:end]) in self.furniture
        )

    def near_page_edge(self, start: int, end: int) -> bool:
        """Within a few lines of a page break."""
        i = bisect.bisect_right(self.page_starts, end)
        after = (
            i < len(self.page_starts) and self.text.count("\n", end, self.page_starts[i]) <= 2 * _EDGE_LINES
        )
        before = i > 0 and self.text.count("\n", self.page_starts[i - 1], start) <= 2 * _EDGE_LINES
        return after or before

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
