"""Document metadata: council, body (committee), date and title, read from the text.

Manifest metadata, when a corpus has it, wins over what is read here; the store merges the two.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from extractors.base import Record, provenance
from extractors.text import lines
from pipeline.document import Document

NAME = "document_metadata"
VERSION = "0.1"
TABLE = "documents"


@dataclass(kw_only=True)
class DocumentMetadata(Record):
    council: str | None
    body: str | None
    date: str | None
    title: str | None


RECORD = DocumentMetadata

_COUNCIL = re.compile(r"\b([A-Z][a-z]+(?: [A-Z][a-z]+)?(?: County| City| Borough)? Council)\b")
_BOILERPLATE = {"meeting documents", "agenda item", "minutes:", "minutes"}


def extract(doc: Document) -> Iterator[DocumentMetadata]:
    text = doc.text
    council = None
    m = _COUNCIL.search(text)
    if m:
        council = m.group(1)
    title_span = None
    for start, end in lines(text):
        line = text[start:end].strip()
        if line.lower() in _BOILERPLATE or len(line) < 4:
            continue
        title_span = (start, end)
        break
    if title_span is None:
        title_span = (0, 0)
    yield DocumentMetadata(
        council=council,
        body=None,
        date=None,
        title=text[title_span[0] : title_span[1]].strip() or None,
        **provenance(doc, *title_span),
    )
