"""Ofsted inspection judgements the text states for a named council.

Two readers share one vocabulary (:mod:`extractors.ofsted_vocabulary`):

- tables (:mod:`extractors.ofsted_tables`): "Area - Grade", "Area | Grade", "Area<tab>Grade"
  rows, and cells one per line (an area line then its grade line, or a column of areas then a
  column of grades);
- prose (:mod:`extractors.ofsted_prose`): a grade framed as a judgement ("judged to be
  inadequate", "rated 'requires improvement to be good'", "the overall Ofsted judgement was
  ...", "'good' across all areas"), including one clause grading several areas ("adequate in X
  and Y and inadequate in Z").

A grade counts only near an Ofsted/inspection cue, and not when it is praise ("good practice"),
an aim ("to be judged good"), a national or unnamed-authority figure ("52% of LAs", "another
council rated outstanding"), a school's or children's home's grade, or another inspectorate's.
The subject is the document's council (manifest metadata, else the council the text names most)
unless the clause names another one. Each (subject, area, judgement, year) is reported once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import ClassVar

from core.councils import Council, find_council
from core.reading import Reading
from extractors import ofsted_vocabulary as V
from extractors.base import Record, collapse, provenance
from extractors.ofsted_prose import from_prose
from extractors.ofsted_tables import Found, from_tables

NAME = "ofsted_ratings"
VERSION = "0.2"
TABLE = "ofsted_ratings"

OVERALL = V.OVERALL_NAME
_PREFILTER = ("ofsted", "inspect", "judg", "rated", "grade")


@dataclass(kw_only=True)
class OfstedRating(Record):
    """One judgement: ``subject`` is the council's canonical name (``council_id`` its row in
    ``councils``, None when not on the list), ``area`` "Overall effectiveness" or the area as
    printed, ``judgement`` one of Outstanding, Good, Requires improvement, Adequate, Inadequate."""

    KEY: ClassVar[tuple[str, ...]] = ("subject", "council_id", "area", "judgement", "inspection_year")

    subject: str | None
    council_id: str | None
    area: str
    judgement: str
    judgement_as_printed: str
    inspection_year: int | None


RECORD = OfstedRating


def extract(reading: Reading) -> Iterator[OfstedRating]:
    """The Ofsted ratings the document states, in text order, each (subject, area, grade, year) once.

    A cheap keyword test comes first: most committee papers never grade an inspection.
    """
    doc = reading.document
    text = doc.text
    low = reading.folded or text.lower()
    if not any(k in low for k in _PREFILTER) or next(V.grade_words(text), None) is None:
        return
    ctx = _Context(reading)
    found, rows = from_tables(text, ctx.as_of)
    claimed = sorted({*rows, *((f.start, f.end) for f in found)})
    found += from_prose(ctx, claimed)
    seen = set()
    for f in sorted(found, key=lambda f: (f.start, f.grade_at)):
        rating = _record(ctx, f)
        key = (rating.subject, collapse(rating.area).lower(), rating.judgement, rating.inspection_year)
        if key not in seen:
            seen.add(key)
            yield rating


class _Context:
    """What every rating in one document shares; the costly parts are worked out on first use."""

    def __init__(self, reading: Reading) -> None:
        doc = reading.document
        self.reading = reading
        self.doc = doc
        self.text = doc.text
        date = str(doc.meta.get("date") or "")
        year = int(date[:4]) if re.match(r"\d{4}", date) else None
        if year is None:
            m = V.DOC_DATE.search(self.text, 0, 3000)
            year = int(m.group(1) or m.group(2)) if m else None
        self.doc_year = year
        self.as_of = date[:10] if year and date else (str(year) if year else None)
        self.named = doc.meta.get("council") or None

    @cached_property
    def own(self) -> Council | None:
        """The document's own council: from the manifest, else the one the text names most."""
        named = self.reading.council
        if named is None:
            return None
        return find_council(named.name, self.as_of) or named.council

    @cached_property
    def inspection_dates(self) -> list[tuple[int, int]]:
        """(offset, year) of every dated inspection the text mentions ("inspection in May 2016")."""
        found: dict[int, int] = {}
        for cue in V.DATE_CUE.finditer(self.text):
            start, end = max(0, cue.start() - 60), min(len(self.text), cue.end() + 150)
            if not V.YEAR.search(self.text, start, end):
                continue
            for m in V.INSPECTION_DATE.finditer(self.text, start, end):
                if not V.NOT_THE_INSPECTION.search(m.group(0)):
                    found.setdefault(m.start(), int(next(g for g in m.groups() if g)))
        return sorted(found.items())


def _year(ctx: _Context, f: Found) -> int | None:
    """The inspection year for a grade: a year in its clause or sentence, else the nearest
    inspection date stated before it (after it, failing that), else the document's year."""
    if f.year:
        return f.year
    clause = f.clause or (f.start, f.end)
    for s, e in (clause, (f.start, f.end)):
        years = [(abs(m.start() - f.grade_at), int(m.group(1))) for m in V.YEAR.finditer(ctx.text, s, e)]
        if years:
            return min(years)[1]
    dates = ctx.inspection_dates
    before = [y for pos, y in dates if pos < f.grade_at]
    if before:
        return before[-1]
    after = [y for pos, y in dates if pos >= f.grade_at]
    return after[0] if after else ctx.doc_year


def _record(ctx: _Context, f: Found) -> OfstedRating:
    year = _year(ctx, f)
    subject = f.subject or ctx.own
    if f.subject and year and not f.subject.active_on(str(year)):
        subject = find_council(f.subject.area, str(year)) or f.subject
    return OfstedRating(
        subject=subject.name if subject else ctx.named,
        council_id=subject.id if subject else None,
        area=f.area,
        judgement=V.normalise_grade(f.printed),
        judgement_as_printed=collapse(f.printed),
        inspection_year=year,
        **provenance(ctx.doc, f.start, f.end),
    )
