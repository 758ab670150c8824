"""What every extractor shares: the provenance every record carries, and the extractor shape.

An extractor is a module with ``NAME``, ``VERSION``, ``TABLE``, a record dataclass and
``extract(reading) -> Iterator[Record]``. It reads a :class:`core.reading.Reading` (the document
and its one reading: sentences, headings, council, dates; see :mod:`core.reading`) and touches
neither disk nor network, so it can run in a worker process, in a test on a hand-made string,
or on a Dask cluster alike.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from core.document import Document
from core.text import collapse  # noqa: F401  (re-exported: extractors import it from here)

if TYPE_CHECKING:  # the reading is imported with the extractors, not with the registry
    from core.reading import Reading


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


@dataclass(frozen=True)
class Extractor:
    """A registered extractor: the registry's view of an extractor module."""

    name: str
    version: str
    table: str
    record_type: type
    extract: Callable[[Reading], Iterator[Record]]
