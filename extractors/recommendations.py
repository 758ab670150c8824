"""Recommendations and resolutions put to, or made by, the committee.

First version: numbered items under a "Recommendation(s)" or "Resolved" heading, and
"X is recommended to ..." sentences.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from extractors.base import Record, collapse, provenance
from extractors.text import paragraphs
from pipeline.document import Document

NAME = "recommendations"
VERSION = "0.1"
TABLE = "recommendations"


@dataclass(kw_only=True)
class Recommendation(Record):
    number: str | None
    kind: str  # "recommendation" | "resolution"
    text: str
    procedural: bool = False


RECORD = Recommendation

_HEADING = re.compile(r"^(?:\d+(?:\.\d+)*\.?\s*)?(recommendations?|resolved)\b\s*:?\s*(?:that)?\s*$", re.I)
_ITEM = re.compile(r"^[-•·]?\s*(\(?[0-9ivx]+[.)]|\d+\.\d+)\s+(.+)$", re.I | re.S)
_RECOMMENDED = re.compile(r"\bis recommended to\b", re.I)


def extract(doc: Document) -> Iterator[Recommendation]:
    text = doc.text
    paras = list(paragraphs(text))
    kind = None
    seen: set[str] = set()
    for start, end in paras:
        chunk = text[start:end]
        heading = _HEADING.match(chunk)
        if heading:
            kind = "resolution" if heading.group(1).lower() == "resolved" else "recommendation"
            continue
        m = _ITEM.match(chunk)
        if kind and m:
            body = collapse(m.group(2))
            if body.lower() not in seen:
                seen.add(body.lower())
                yield Recommendation(
                    number=m.group(1).rstrip("."), kind=kind, text=body, **provenance(doc, start, end)
                )
            continue
        if _RECOMMENDED.search(chunk):
            yield Recommendation(
                number=None, kind="recommendation", text=collapse(chunk), **provenance(doc, start, end)
            )
        if len(chunk) > 300:
            kind = None
