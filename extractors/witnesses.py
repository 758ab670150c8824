"""Witnesses: people (or groups) who gave evidence to the body.

A careful reader takes witnesses from three places, in order of trust: a witness table
(Witness | Position | Organisation, in any rendering), a list introduced as witnesses or evidence
("assisted by the following witnesses:"), and minutes prose naming officers who presented,
attended or answered ("The Head of Planning, Jane Doe, added that"). Members of the body, report
authors, contact officers and people merely mentioned are not witnesses. One person found in
several places is kept once, from the most trusted place, since a table carries position and
organisation as printed. See ``witness_tables``, ``witness_lists`` and ``witness_prose`` for the readers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from core.reading import Reading
from extractors.base import Record, provenance
from extractors.witness_attendance import Attendance, attendance, canonical_name, fullest_post
from extractors.witness_lists import list_witnesses
from extractors.witness_minutes import minutes_witnesses
from extractors.witness_parts import Found, is_group, person_key, similar
from extractors.witness_prose import prose_witnesses
from extractors.witness_tables import table_witnesses

NAME = "witnesses"
VERSION = "0.7"
TABLE = "witnesses"


@dataclass(kw_only=True)
class Witness(Record):
    KEY: ClassVar[tuple[str, ...]] = ("name", "position", "organisation")

    name: str
    position: str | None
    organisation: str | None


RECORD = Witness


def extract(reading: Reading) -> Iterator[Witness]:
    doc = reading.document
    text = doc.text
    council = reading.council.name if reading.council else None
    tables = list(table_witnesses(text))
    claimed = [(f.start, f.end) for f in tables]
    listed = [f for f in list_witnesses(text) if not _inside(f, claimed)]
    claimed += [(f.start, f.end) for f in listed]
    prose = [f for f in prose_witnesses(text, council, reading) if not _inside(f, claimed)]
    present: list[Found] = []
    att = attendance(text)
    if att is not None:  # minutes: the attendance lists say who is a member and name people fully
        minutes = list(minutes_witnesses(reading, att, council))
        prose = [r for r in (_resolve(f, att) for f in prose) if r is not None]
        prose = [f for f in prose if f.rank != 3 or att.by_post(f.position or "")]
        prose = minutes + prose
        present = [Found(p.name, p.position, p.organisation, 0, 0, rank=5) for p in att.attendees]
    for found in _dedupe(tables + listed + prose, present):
        yield Witness(
            name=found.name,
            position=found.position,
            organisation=found.organisation,
            **provenance(doc, found.start, found.end),
        )


def _resolve(found: Found, att: Attendance) -> Found | None:
    """A prose witness as the attendance lists name them; None for a member of the body."""
    if found.rank not in (2, 4):
        return found
    person = att.find(found.name, found.position)
    if person is None:
        return found
    if person.member:
        return None
    found.name = canonical_name(person, found.name)
    found.position = fullest_post(person, found.position)
    return found


def _inside(found: Found, spans: list[tuple[int, int]]) -> bool:
    return any(s <= found.start < e for s, e in spans)


def _dedupe(candidates: list[Found], present: list[Found]) -> list[Found]:
    """One record per person (per group and place), from the most trusted source, in text order.

    Later sources only fill a position or organisation the kept record lacks. A witness known only
    by role is dropped when a named witness holds that role, and takes the name of the one officer
    listed as present in that role, if there is exactly one.
    """
    kept: list[Found] = []
    by_person: dict[tuple[str, str], Found] = {}
    seen_groups: set[tuple[str, str]] = set()
    for found in sorted(candidates, key=lambda f: (f.rank, f.start)):
        if found.rank == 4:
            first = by_person.get(person_key(found.name) or ("", ""))
            if first is not None and first.rank == 2 and (first.organisation is None or first.assumed_org):
                first.organisation, first.assumed_org = found.organisation, False
            continue
        if found.rank == 3:
            if any(_same_role(found.position, k.position) or _same_role(found.name, k.name) for k in kept):
                continue
            named = [p for p in present if _same_role(found.position, p.position)]
            if len(named) == 1 and person_key(named[0].name):
                officer = named[0]
                if person_key(officer.name) in by_person:
                    continue
                officer.organisation = officer.organisation or found.organisation
                by_person[person_key(officer.name)] = officer
                found = officer
            kept.append(found)
            continue
        key = person_key(found.name)
        if key is None:
            group_key = (_words(found.name), _words(found.position or ""))
            if is_group(found.name) and group_key in seen_groups:
                continue
            seen_groups.add(group_key)
            kept.append(found)
            continue
        if key in by_person:
            first = by_person[key]
            first.position = first.position or found.position
            first.organisation = first.organisation or found.organisation
            continue
        by_person[key] = found
        kept.append(found)
    return sorted(kept, key=lambda f: f.start)


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def _same_role(a: str | None, b: str | None) -> bool:
    a, b = _words(a or ""), _words(b or "")
    if not a or not b:
        return False
    return a in b or b in a or similar(a, b, 0.8)
