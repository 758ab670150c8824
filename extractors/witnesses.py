"""Witnesses: people (or groups) who gave evidence to the committee.

First version: "Witness / Position / Organisation" tables flattened one cell per line.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from extractors.base import Record, provenance
from extractors.text import paragraphs
from pipeline.document import Document

NAME = "witnesses"
VERSION = "0.1"
TABLE = "witnesses"


@dataclass(kw_only=True)
class Witness(Record):
    name: str
    position: str | None
    organisation: str | None


RECORD = Witness

_HEADER = ("witness", "position", "organisation")


def extract(doc: Document) -> Iterator[Witness]:
    text = doc.text
    paras = list(paragraphs(text))
    words = [text[s:e].strip().lower() for s, e in paras]
    for i in range(len(paras) - 2):
        if tuple(words[i : i + 3]) == _HEADER:
            j = i + 3
            while j + 2 < len(paras) and len(text[paras[j][0] : paras[j][1]]) < 120:
                cells = [text[s:e].strip() for s, e in paras[j : j + 3]]
                if cells[0].lower().startswith("appendix"):
                    break
                yield Witness(
                    name=cells[0],
                    position=cells[1],
                    organisation=cells[2],
                    **provenance(doc, paras[j][0], paras[j + 2][1]),
                )
                j += 3
