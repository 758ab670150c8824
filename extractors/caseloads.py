"""Caseload figures: numbers of cases per worker stated in the text.

First version: ranges and single figures next to "caseload(s)" or "cases".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from extractors.base import Record, provenance
from extractors.text import sentences
from pipeline.document import Document

NAME = "caseloads"
VERSION = "0.1"
TABLE = "caseloads"


@dataclass(kw_only=True)
class Caseload(Record):
    low: float
    high: float | None
    role: str
    kind: str  # reported | maximum | target | benchmark
    period: str | None


RECORD = Caseload

_NUM = r"(\d+(?:\.\d+)?)"
_RANGE = re.compile(_NUM + r"\s*(?:-|–|to)\s*" + _NUM + r"|" + _NUM)


def extract(doc: Document) -> Iterator[Caseload]:
    text = doc.text
    for start, end in sentences(text):
        sent = text[start:end].lower()
        if "caseload" not in sent and "case load" not in sent and " cases" not in sent:
            continue
        for m in _RANGE.finditer(text, start, end):
            low = float(m.group(1) or m.group(3))
            high = float(m.group(2)) if m.group(2) else low
            if not 1 <= low <= 300 or "%" in text[m.end() : m.end() + 1]:
                continue
            yield Caseload(
                low=low,
                high=high,
                role="social worker",
                kind="reported",
                period=None,
                **provenance(doc, m.start(), m.end()),
            )
