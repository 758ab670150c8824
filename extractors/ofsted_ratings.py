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
from core.scan.scanners import keyed_finditer, keyed_search
from extractors import ofsted_vocabulary as V
from extractors.base import Record, collapse, provenance
from extractors.ofsted_inspection import Fieldwork, Placement, fieldwork, is_date_year, place
from extractors.ofsted_prose import from_prose
from extractors.ofsted_tables import Found, from_tables

NAME = "ofsted_ratings"
VERSION = "0.3"
TABLE = "ofsted_ratings"

OVERALL = V.OVERALL_NAME
_LOOKBACK = 200  # about one sentence
_HEADLINE = 600  # the fieldwork dates, the publication date and the headline


@dataclass(kw_only=True)
class OfstedRating(Record):
    """One judgement: ``subject`` is the council's canonical name (``council_id`` its row in
    ``councils``, None when not on the list), ``area`` "Overall effectiveness" or the area as
    printed, ``judgement`` one of Outstanding, Good, Requires improvement, Adequate, Inadequate.
    ``inspection_year`` is the year of the inspection's fieldwork (the report's own, or the earlier
    inspection the text quotes); ``inspection_date`` the first day of fieldwork (ISO), where the
    document prints it: a report's own judgements carry it, quoted earlier ones do not."""

    KEY: ClassVar[tuple[str, ...]] = (
        "subject",
        "council_id",
        "area",
        "judgement",
        "inspection_year",
        "inspection_date",
    )

    subject: str | None
    council_id: str | None
    area: str
    judgement: str
    judgement_as_printed: str
    inspection_year: int | None
    inspection_date: str | None = None


RECORD = OfstedRating


def extract(reading: Reading) -> Iterator[OfstedRating]:
    """The Ofsted ratings the document states, in text order, each (subject, area, grade, year) once.

    A text without a grade word (most committee papers) is done with after one search; each
    reader then needs an inspection cue near the grade.
    """
    doc = reading.document
    text = doc.text
    if next(V.grade_words(text), None) is None:
        return
    ctx = _Context(reading)
    found, rows = from_tables(text, ctx.as_of)
    claimed = sorted({*rows, *((f.start, f.end) for f in found)})
    found += from_prose(ctx, claimed)
    kept: list[OfstedRating] = []
    for f in sorted(found, key=lambda f: (f.start, f.grade_at)):
        rating = _record(ctx, f)
        if not any(_restates(rating, k) for k in kept):
            kept.append(rating)
            yield rating


_FILLER = frozenset("the of and experiences experience progress".split())


def _area_words(area: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z]+", area.lower()) if w not in _FILLER)


def _restates(a: OfstedRating, b: OfstedRating) -> bool:
    """True when ``a`` repeats ``b``: same council, grade and inspection, and the same area, printed
    in full or short ("The experiences and progress of care leavers" / "care leavers"), as a
    report's summary repeats its judgement table."""
    if (a.subject, a.judgement, a.inspection_year) != (b.subject, b.judgement, b.inspection_year):
        return False
    wa, wb = _area_words(a.area), _area_words(b.area)
    small, large = sorted((wa, wb), key=len)
    return wa == wb or (len(small) >= 2 and small <= large)


class _Context:
    """What every rating in one document shares; the costly parts are worked out on first use."""

    def __init__(self, reading: Reading) -> None:
        doc = reading.document
        self.reading = reading
        self.doc = doc
        self.text = doc.text
        date = str(doc.meta.get("date") or reading.dates.best or "")
        year = int(date[:4]) if re.match(r"\d{4}", date) else None
        if year is None:
            m = V.DOC_DATE.search(self.text, 0, 3000)
            year = int(m.group(1) or m.group(2)) if m else None
        self.doc_year = year
        self.as_of = date[:10] if year and date else (str(year) if year else None)
        self.named = doc.meta.get("council") or None

    @cached_property
    def own(self) -> Council | None:
        """The document's own council: the manifest's, else the reading's (the one resolver
        ``documents.council`` uses too)."""
        if self.named:
            return find_council(self.named, self.as_of)
        named = self.reading.council
        if named is None:
            return None
        return find_council(named.name, self.as_of) or named.council

    @cached_property
    def own_names(self) -> re.Pattern | None:
        """The own council by any of its names ("Bury", "Bury Council", "Bury MBC")."""
        own = self.own
        if own is None:
            return None
        names = sorted({own.area, own.name, *own.short_forms} - {""}, key=len, reverse=True)
        return re.compile(r"\b(?:" + "|".join(V.phrase(n) for n in names) + r")\b")

    @cached_property
    def fieldwork(self) -> Fieldwork | None:
        """The document's own inspection, when it is an inspection report printing its fieldwork
        dates (the reading's ``dates``)."""
        dates = self.reading.dates
        return fieldwork(self.text, dates.fieldwork_start, dates.fieldwork_end)

    @cached_property
    def headline_end(self) -> int:
        """Where an inspection report's headline zone ends: its first lines after the fieldwork
        dates, where it states the overall judgement ("Children's services in X are good")."""
        return self.fieldwork.at + _HEADLINE if self.fieldwork else 0

    @cached_property
    def inspection_dates(self) -> list[tuple[int, int]]:
        """(offset, year) of every dated inspection the text mentions ("inspection in May 2016")."""
        found: dict[int, int] = {}
        text = self.text
        for cue in keyed_finditer(V.DATE_CUE, text):  # each pattern tried only where it can start
            start, end = max(0, cue.start() - 60), min(len(text), cue.end() + 150)
            if not keyed_search(V.YEAR, text, start, end):
                continue
            for m in keyed_finditer(V.INSPECTION_DATE, text, start, end):
                year_at = next(i for i in range(1, len(m.groups()) + 1) if m.group(i))
                if not V.NOT_THE_INSPECTION.search(m.group(0)) and is_date_year(self.text, m.start(year_at)):
                    found.setdefault(m.start(), int(m.group(year_at)))
        return sorted(found.items())


def _placement(ctx: _Context, f: Found) -> Placement:
    spans = [sp for sp in (f.clause, (f.start, f.end)) if sp]
    lookback = _LOOKBACK if f.clause else 0  # prose only: a table row or heading stands alone
    return place(
        ctx.text, ctx.fieldwork, f.grade_at, spans, f.year, ctx.inspection_dates, ctx.doc_year, lookback
    )


def _record(ctx: _Context, f: Found) -> OfstedRating:
    placed = _placement(ctx, f)
    year = placed.year
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
        inspection_date=placed.date,
        **provenance(ctx.doc, f.start, f.end),
    )
