"""Councils: the English authorities with children's services duties, shipped as data.

``pipeline/data/councils.csv`` holds one row per authority (historical ones kept): a slug
``id``, the canonical ``name`` ("Devon County Council"), the ONS/GSS code, the DfE LA number,
the bare area name and usual short forms. Documents and ratings link to it by ``council_id``;
a council not on the list is kept by name with a null id, never dropped.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Council:
    id: str
    name: str
    gss_code: str | None
    dfe_code: str | None
    area: str
    short_forms: tuple[str, ...]
    region: str | None
    active_to: str | None


@lru_cache(maxsize=1)
def councils() -> tuple[Council, ...]:
    """Every council in the shipped list (read once per process)."""
    with resources.files("pipeline").joinpath("data/councils.csv").open(encoding="utf-8") as f:
        return tuple(
            Council(
                id=r["id"],
                name=r["name"],
                gss_code=r["gss_code"] or None,
                dfe_code=r["dfe_code"] or None,
                area=r["area"],
                short_forms=tuple(s for s in r["short_forms"].split(";") if s),
                region=r.get("region") or None,
                active_to=r.get("active_to") or None,
            )
            for r in csv.DictReader(f)
        )


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.lower().replace("&", "and")).strip()


@lru_cache(maxsize=1)
def _index() -> dict[str, Council]:
    index: dict[str, Council] = {}
    for c in councils():
        for form in (c.name, c.area, *c.short_forms):
            index.setdefault(_key(form), c)
    return index


def find_council(name: str | None) -> Council | None:
    """The council a printed name refers to ("Devon County Council", "Devon"), or None."""
    if not name:
        return None
    key = _key(name)
    index = _index()
    if key in index:
        return index[key]
    stripped = re.sub(
        r"\b(the|council|county|city|borough|metropolitan|district|of|london|royal)\b", " ", key
    )
    stripped = re.sub(r"\s+", " ", stripped).strip()
    return index.get(stripped)


def load_councils_table(db) -> None:
    """Create and fill the ``councils`` table (sqlite-utils Database)."""
    rows = [
        {
            "id": c.id,
            "name": c.name,
            "gss_code": c.gss_code,
            "dfe_code": c.dfe_code,
            "area": c.area,
            "short_forms": "; ".join(c.short_forms),
            "region": c.region,
            "active_to": c.active_to,
        }
        for c in councils()
    ]
    db["councils"].insert_all(rows, pk="id", replace=True)
