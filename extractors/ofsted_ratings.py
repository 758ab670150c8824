"""Ofsted inspection judgements the text states for a named council.

First version: "judged/rated (to be) <grade>" sentences and "<area> - <grade>" lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from extractors.base import Record, provenance
from extractors.text import lines, sentences
from pipeline.document import Document

NAME = "ofsted_ratings"
VERSION = "0.1"
TABLE = "ofsted_ratings"

GRADES = {
    "outstanding": "Outstanding",
    "good": "Good",
    "requires improvement": "Requires improvement",
    "adequate": "Adequate",
    "inadequate": "Inadequate",
}


@dataclass(kw_only=True)
class OfstedRating(Record):
    subject: str | None
    area: str
    judgement: str
    judgement_as_printed: str
    inspection_year: int | None


RECORD = OfstedRating

_GRADE = r"(outstanding|good|requires improvement(?: to be good)?|adequate|inadequate)"
_PROSE = re.compile(r"\b(?:judged|rated|judgement was)\b[^.]{0,40}?[\"'“‘]?" + _GRADE, re.I)
_LINE = re.compile(r"^[-\s]*(?P<area>[A-Z][\w ,’']{3,80}?)\s+-\s+" + _GRADE + r"\s*$", re.I)
_YEAR = re.compile(r"\b(20[0-3]\d)\b")


def extract(doc: Document) -> Iterator[OfstedRating]:
    text = doc.text
    if "ofsted" not in text.lower():
        return
    subject = doc.meta.get("council")
    years = _YEAR.findall(text)
    year = int(years[0]) if years else None
    for start, end in sentences(text):
        m = _PROSE.search(text, start, end)
        if m and "overall" in text[start:end].lower():
            yield _rating(doc, subject, "Overall effectiveness", m.group(1), year, start, end)
    for start, end in lines(text):
        m = _LINE.match(text, start, end)
        if m:
            yield _rating(doc, subject, m.group("area").strip(" -"), m.group(2), year, start, end)


def _rating(doc, subject, area, printed, year, start, end) -> OfstedRating:
    key = printed.lower().replace(" to be good", "")
    return OfstedRating(
        subject=subject,
        area=area,
        judgement=GRADES[key],
        judgement_as_printed=printed,
        inspection_year=year,
        **provenance(doc, start, end),
    )
