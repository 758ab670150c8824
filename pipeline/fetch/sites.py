"""Council websites as data: which platform each council publishes on, and where.

``pipeline/data/council_sites.csv`` has one row per council: ``council`` (its name),
``base_url`` and ``platform``. ``scrutiny fetch moderngov --council NAME`` looks the name up
here; a different file can be given with ``--sites``. Names match loosely: "Devon", "devon
county council" and "Devon County Council" are one council.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from core.councils import find_council

FIELDS = ("council", "base_url", "platform")


class UnknownCouncil(LookupError):
    """No row in the councils file matches a --council name."""


@dataclass(frozen=True)
class CouncilSite:
    council: str
    base_url: str
    platform: str


def load(path: str | Path | None = None) -> list[CouncilSite]:
    """Every row of the councils file (the shipped one unless ``path`` is given)."""
    if path is None:
        text = resources.files("pipeline").joinpath("data/council_sites.csv").read_text(encoding="utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    reader = csv.DictReader(line for line in text.splitlines() if line.strip() and not line.startswith("#"))
    missing = [f for f in FIELDS if f not in (reader.fieldnames or [])]
    if missing:
        raise UnknownCouncil(
            f"{path or 'council_sites.csv'}: needs the columns {', '.join(FIELDS)} "
            f"(missing {', '.join(missing)})"
        )
    return [
        CouncilSite(r["council"].strip(), r["base_url"].strip(), r["platform"].strip().lower())
        for r in reader
        if r.get("council") and r.get("base_url")
    ]


def _key(name: str) -> str:
    return " ".join(name.casefold().split())


def find(name: str, path: str | Path | None = None) -> CouncilSite:
    """The row for council ``name``; :class:`UnknownCouncil` lists the known names if none matches."""
    rows = load(path)
    for row in rows:
        if _key(row.council) == _key(name):
            return row
    wanted = find_council(name)
    for row in rows:
        found = find_council(row.council)
        if wanted and found and found.id == wanted.id:
            return row
    raise UnknownCouncil(
        f"{name!r} is not in the councils file; known: {', '.join(r.council for r in rows)}. "
        f"Give the site's base URL instead, or add a row to the file"
    )
