"""The reading of a document: its layout, sentences, council, dates and kind, made once.

Every extractor used to re-derive the same things from the text (sentences, headings, the
council), each in its own way, so they disagreed. :func:`read` makes one :class:`Reading` per
document before extraction and the build hands it to every extractor; extractors hold only
their extraction rules. Every part is computed on first use and then kept (a document whose
extractors never ask for sentences never pays spaCy), so each is computed once per document.

Spans are ``(start, end)`` offsets into ``document.text``; text flows across page boundaries
(the parsers join pages with a blank line, and a sentence broken by a page break is one
sentence here).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TypeVar

from core import document_facts
from core.document import Document, Page
from core.listing import Unit, units
from core.scan.folding import folded
from core.sentences import split
from core.text import lines, paragraphs, trimmed

Span = tuple[int, int]
T = TypeVar("T")

#: Part of every build's extractor versions: a change here re-extracts every document.
VERSION = "2"

#: Kinds of document, as :attr:`Reading.kind` names them.
KINDS = ("minutes", "report", "inspection_report", "decision_record", "agenda", "other")


@dataclass(frozen=True)
class Heading:
    """A heading line (``start``/``end``), its text, its level (1 for "3.", 2 for "3.1", ...),
    and ``governs``: the span of the text under it, up to the next heading of its level or above."""

    start: int
    end: int
    text: str
    level: int
    governs: Span


@dataclass(frozen=True)
class Table:
    """Consecutive ``cell | cell`` rows as the parsers render a table: each row's span and cells."""

    start: int
    end: int
    rows: tuple[tuple[Span, tuple[Span, ...]], ...]


@dataclass(frozen=True)
class Reading:
    """Everything about a document that is not a record: see the module docstring."""

    document: Document
    _sentence_cache: dict = field(default_factory=dict, repr=False, compare=False)
    _derived: dict = field(default_factory=dict, repr=False, compare=False)

    # --- text and layout ---------------------------------------------------------------------

    @property
    def text(self) -> str:
        return self.document.text

    @property
    def pages(self) -> list[Page]:
        return self.document.pages

    @cached_property
    def folded(self) -> str | None:
        """The text lower-cased in place, for keyword prefilters (see :func:`core.scan.folding.folded`)."""
        return folded(self.text)

    @cached_property
    def lines(self) -> tuple[Span, ...]:
        """Every non-blank line, white space trimmed."""
        return tuple(lines(self.text))

    @cached_property
    def paragraphs(self) -> tuple[Span, ...]:
        """Blank-line separated paragraphs, as printed."""
        return tuple(paragraphs(self.text))

    @cached_property
    def blocks(self) -> tuple[Span, ...]:
        """Paragraphs with prose re-joined where a hard wrap or a page break cut a sentence: a
        paragraph that stops without a full stop continues in the next when that one starts in
        lower case (PDF text often has a blank line per line, and pages are joined by one)."""
        text, out = self.text, []
        for start, end in self.paragraphs:
            if out and text[out[-1][1] - 1] not in ".!?:;" and text[start].islower():
                out[-1] = (out[-1][0], end)
            else:
                out.append((start, end))
        return tuple(out)

    @cached_property
    def units(self) -> tuple[Unit, ...]:
        """Every line (each ``|`` table cell on its own) with its list label split off."""
        return tuple(units(self.text))

    @cached_property
    def list_items(self) -> tuple[Unit, ...]:
        """The units that carry a printed list label or bullet ("1.", "(ii)", "10.1", "R1", "•")."""
        return tuple(u for u in self.units if u.style)

    @cached_property
    def tables(self) -> tuple[Table, ...]:
        """Runs of consecutive lines holding ``|``: the rows and cells of each table."""
        text, found, current = self.text, [], []
        for start, end in self.lines:
            if "|" in text[start:end]:
                current.append(((start, end), _cells(text, start, end)))
                continue
            if current:
                found.append(Table(current[0][0][0], current[-1][0][1], tuple(current)))
                current = []
        if current:
            found.append(Table(current[0][0][0], current[-1][0][1], tuple(current)))
        return tuple(found)

    @cached_property
    def headings(self) -> tuple[Heading, ...]:
        """Heading lines and the span each governs (see :func:`core.document_facts.heading_level`)."""
        text = self.text
        marks = []
        for start, end in self.lines:
            level = document_facts.heading_level(text, start, end)
            if level:
                marks.append((start, end, level))
        out = []
        for i, (start, end, level) in enumerate(marks):
            stop = next((s for s, _, lv in marks[i + 1 :] if lv <= level), len(text))
            out.append(Heading(start, end, text[start:end], level, (min(end + 1, stop), stop)))
        return tuple(out)

    def heading_at(self, offset: int) -> Heading | None:
        """The innermost heading whose text holds ``offset``."""
        best = None
        for h in self.headings:
            if h.start > offset:
                break
            if h.governs[0] <= offset < h.governs[1] and (best is None or h.level >= best.level):
                best = h
        return best

    # --- sentences ---------------------------------------------------------------------------

    @property
    def sentences(self) -> tuple[Span, ...]:
        """Every sentence of the document (:func:`core.sentences.split` on each block)."""
        return tuple(self.sentences_in())

    def sentences_in(
        self, start: int = 0, end: int | None = None, *, within: re.Pattern | None = None
    ) -> Iterator[Span]:
        """The sentences of the blocks overlapping ``[start, end)``, in order.

        ``within`` is a cheap prefilter: only blocks where it matches are split. spaCy's
        tokenizer is the slowest step of a build and most blocks hold nothing an extractor
        wants. Each block is split at most once per document, whoever asks.
        """
        end = len(self.text) if end is None else end
        blocks = self.blocks
        i = max(0, bisect.bisect_right(blocks, (start, len(self.text) + 1)) - 1)
        for b_start, b_end in blocks[i:]:
            if b_start >= end:
                break
            if b_end <= start:
                continue
            if within is not None and not within.search(self.text, b_start, b_end):
                continue
            yield from self._block_sentences(b_start, b_end)

    def _block_sentences(self, start: int, end: int) -> tuple[Span, ...]:
        found = self._sentence_cache.get(start)
        if found is None:
            found = tuple(split(self.text, start, end))
            self._sentence_cache[start] = found
        return found

    # --- what the document is ----------------------------------------------------------------

    @cached_property
    def header(self) -> tuple[Span, ...]:
        """The short lines that open the document, up to its first paragraph of prose: where a
        paper prints its council, meeting, date and title."""
        return document_facts.header(self.text, self.lines)

    @cached_property
    def council(self) -> document_facts.CouncilNamed | None:
        """The council the document belongs to: the manifest's, else the one the text names
        most (header and web domains counting more). ``documents.council`` is this."""
        return document_facts.document_council(self)

    @cached_property
    def kind(self) -> str:
        """One of :data:`KINDS`, from the words of the header (see ``core/vocabulary/kinds.tsv``)."""
        return document_facts.kind(self)

    @cached_property
    def dates(self) -> document_facts.Dates:
        """The dates the document prints: meeting, report, inspection fieldwork, publication."""
        return document_facts.dates(self)

    def derived(self, key: str, make: Callable[[Reading], T]) -> T:
        """``make(self)``, made once per reading whoever asks first: what an extractor works out
        from the whole document that another extractor needs too (the document's metadata, whose
        body names who made a paper's recommendations)."""
        if key not in self._derived:
            self._derived[key] = make(self)
        return self._derived[key]


def read(document: Document) -> Reading:
    """The reading of ``document`` (its parts are computed as extractors first ask for them)."""
    return Reading(document)


def _cells(text: str, start: int, end: int) -> tuple[Span, ...]:
    edges = [start - 1, *(start + m.start() for m in re.finditer(r"\|", text[start:end])), end]
    return tuple(span for a, b in zip(edges, edges[1:], strict=False) for span in trimmed(text, a + 1, b))
