"""What every extractor shares: the provenance every record carries, and the extractor shape.

An extractor is a module with ``NAME``, ``VERSION``, ``TABLE``, a record dataclass and
``extract(document) -> Iterator[Record]``. It reads a :class:`pipeline.document.Document` and
touches neither disk nor network, so it can run in a worker process, in a test on a hand-made
string, or on a Dask cluster alike.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import ClassVar

from pipeline.document import Document


@dataclass(kw_only=True)
class Record:
    """Provenance: where in the document text the record was found.

    ``quote`` is exactly ``document.text[char_start:char_end]``; ``page`` is the page holding
    ``char_start``.

    A record type's fields are its table's columns (:mod:`pipeline.store` reads them, with their
    types), and ``KEY`` names the fields that, with the place in the text, tell two records
    apart: they make the record's id, so it is the same in every build. A field left out of
    ``KEY`` (a flag, a form as printed) can change without the record becoming another one.
    """

    KEY: ClassVar[tuple[str, ...]] = ()

    page: int | None
    char_start: int
    char_end: int
    quote: str

    def to_row(self) -> dict:
        return dataclasses.asdict(self)


def provenance(doc: Document, start: int, end: int) -> dict:
    """The provenance fields for ``doc.text[start:end]``, trimmed of surrounding white space.

    Pass the result as keyword arguments to a record: ``Caseload(low=..., **provenance(doc, s, e))``.
    """
    text = doc.text
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return {"page": doc.page_at(start), "char_start": start, "char_end": end, "quote": text[start:end]}


_WS = re.compile(r"\s+")


def collapse(text: str) -> str:
    """Collapse every run of white space (hard wraps, padded bullets, NBSP) to one space."""
    if "  " not in text and text.isprintable():  # no white space but single spaces: nothing to do
        return text.strip()
    return _WS.sub(" ", text).strip()


@dataclass(frozen=True)
class Extractor:
    """A registered extractor: the registry's view of an extractor module."""

    name: str
    version: str
    table: str
    record_type: type
    extract: Callable[[Document], Iterator[Record]]
