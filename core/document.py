"""The parsed document: the one shape every parser produces and every extractor reads.

A document is a single string of text plus the page boundaries inside it. Every record an
extractor finds points into that string with ``char_start``/``char_end``; the store keeps the
same string in ``documents.text``, so ``text[char_start:char_end] == quote`` can always be
checked by a reader, in SQL or by hand.
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Page:
    """One page of the source: 1-based ``number`` and its ``[start, end)`` span in the text."""

    number: int
    start: int
    end: int


@dataclass
class Document:
    """A parsed source document.

    ``meta`` carries what is known from outside the text (a corpus manifest or the fetcher):
    council, body, date, title, url. Extractors may read it but never need it.
    """

    text: str
    filename: str
    format: str
    sha256: str
    pages: list[Page] = field(default_factory=list)
    meta: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.pages:
            self.pages = [Page(1, 0, len(self.text))]
        self._page_starts = [p.start for p in self.pages]

    @property
    def page_count(self) -> int:
        return len(self.pages)

    def page_at(self, offset: int) -> int | None:
        """The page number holding character ``offset`` (None for an empty document)."""
        if not self.pages:
            return None
        i = bisect.bisect_right(self._page_starts, offset) - 1
        return self.pages[max(i, 0)].number

    @classmethod
    def from_text(cls, text: str, filename: str = "inline.txt", fmt: str = "txt", **meta) -> Document:
        """Build a one-page document from a string: for tests and ``scrutiny extract``."""
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return cls(text=text, filename=filename, format=fmt, sha256=digest, meta=dict(meta))
