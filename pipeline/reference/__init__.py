"""Official reference data: DfE workforce indicators, Ofsted ILACS judgements and an ONS lookup.

Why: a journalist's first question about a caseload a council reported, or a judgement it
quoted, is "is that what the official statistics say?". The official files ship with the
package (``pipeline/data/reference/``, Open Government Licence v3.0), every build loads them
into tables of their own, and the views in :mod:`pipeline.reference.views` put each extracted
figure beside the official one for the same council and year.

Rows are linked to the ``councils`` hub by GSS code first; a council whose GSS code changed
(Barnsley E08000016 -> E08000038) is found through its DfE LA number, and a name is the last
resort. Suppressed values (``x``, ``z``, ``c``, ``u``, ``low``, ``.``, empty) become NULL. A
row the DfE publishes jointly for two authorities ("Kingston upon Thames / Richmond upon
Thames") is stored once per authority with ``reported_jointly_as`` set, so it is never taken
for a figure of one council alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.reference.files import (
    ATTRIBUTION,
    ILACS_AREAS,
    LICENCE,
    OVERALL,
    REFERENCE_DIR,
    SHAPES,
    WORKFORCE_VALUES,
    ReferenceDataError,
    iso_date,
    read_table,
    refresh,
    sha256_of,
    sources_of,
)
from pipeline.reference.views import AREA_SYNONYMS, VIEWS

__all__ = [
    "ATTRIBUTION",
    "REFERENCE_DIR",
    "SHAPES",
    "ReferenceDataError",
    "ensure_reference",
    "load_reference",
    "read_table",
    "refresh",
]

#: Ofsted grades on the project's scale ("Requires improvement to be good" is ILACS wording).
GRADES = {
    "outstanding": "Outstanding",
    "good": "Good",
    "requires improvement to be good": "Requires improvement",
    "requires improvement": "Requires improvement",
    "adequate": "Adequate",
    "inadequate": "Inadequate",
}

TABLES = ("official_workforce", "official_inspections", "ons_authorities", "official_area_synonyms")
SCHEMA = """
create table official_workforce (
    id text primary key, council_id text references councils(id), gss_code text, dfe_code text,
    la_name text, year integer, caseload_fte real, agency_rate_fte real, vacancy_rate_fte real,
    turnover_rate_fte real, cases integer, case_holders_fte real, reported_jointly_as text);
create index official_workforce_council_year on official_workforce(council_id, year);
create table official_inspections (
    id integer primary key, council_id text references councils(id), gss_code text, la_name text,
    inspection_date text, publication_date text, inspection_type text, year integer, area text,
    judgement text, judgement_as_printed text);
create index official_inspections_council_year on official_inspections(council_id, year, area);
create index official_inspections_council_area_date on official_inspections(
    council_id, area, inspection_date, year, publication_date);
create index official_inspections_council_area_year on official_inspections(
    council_id, area, year, inspection_date);
create table ons_authorities (
    ltla_code text primary key, ltla_name text, utla_code text, utla_name text,
    council_id text references councils(id));
create table official_area_synonyms (pattern text primary key, ilacs_area text, priority integer);
create index official_area_synonyms_order on official_area_synonyms(priority, ilacs_area);
create table reference_sources (
    kind text primary key, title text, publisher text, file text, original_file text,
    sha256 text, rows integer, licence text, attribution text);
"""
ALL_TABLES = (*TABLES, "reference_sources")


def _number(value: str) -> float | None:
    """A published number, or None for the DfE's suppression and missing-value codes."""
    try:
        return float(value.replace(",", ""))
    except ValueError:
        return None


def _split(value: str) -> list[str]:
    """The parts of a joint row's field ("940 / 941"), or the single value."""
    return [part.strip() for part in value.split("/")] if value else [""]


def _name_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.lower().replace("&", "and")).strip()


@dataclass
class CouncilIndex:
    """The ``councils`` hub as read from the database, indexed for linking official rows."""

    by_gss: dict[str, list[dict]] = field(default_factory=dict)
    by_dfe: dict[str, list[dict]] = field(default_factory=dict)
    by_name: dict[str, list[dict]] = field(default_factory=dict)
    gss_to_dfe: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_db(cls, db) -> CouncilIndex:
        index = cls()
        if "councils" not in db.table_names():
            return index
        cursor = db.execute("select * from councils")
        names = [d[0] for d in cursor.description]
        for values in cursor.fetchall():
            c = dict(zip(names, values, strict=True))
            if c.get("gss_code"):
                index.by_gss.setdefault(str(c["gss_code"]).strip(), []).append(c)
            if c.get("dfe_code"):
                index.by_dfe.setdefault(str(c["dfe_code"]).strip(), []).append(c)
            forms = [c.get("name"), c.get("area"), *str(c.get("short_forms") or "").split(";")]
            for form in forms:
                if form and form.strip():
                    index.by_name.setdefault(_name_key(form), []).append(c)
        return index

    def match(self, gss: str | None, dfe: str | None, name: str | None, year: int | None) -> str | None:
        """The id of the council an official row describes: GSS code, then DfE number, then name."""
        dfe = dfe or (self.gss_to_dfe.get(gss) if gss else None)
        for found in (
            self.by_gss.get(gss or ""),
            self.by_dfe.get(dfe or ""),
            self.by_name.get(_name_key(name or "")),
        ):
            picked = _pick(found or [], year)
            if picked:
                return picked
        return None


def _pick(candidates: list[dict], year: int | None) -> str | None:
    """One council id from candidates: the only one, or the only one still active in ``year``."""
    ids = {c["id"] for c in candidates}
    if len(ids) == 1:
        return ids.pop()
    active = {c["id"] for c in candidates if year is None or _active_in(c, year)}
    return active.pop() if len(active) == 1 else None


def _active_in(council: dict, year: int) -> bool:
    ended = re.match(r"\d{4}", str(council.get("active_to") or ""))
    return ended is None or int(ended.group()) >= year


def workforce_rows(rows: list[dict[str, str]], index: CouncilIndex) -> list[dict]:
    """One row per authority and census year; a joint row becomes one row per authority."""
    out: list[dict] = []
    for r in rows:
        if r["geographic_level"] != "Local authority":
            continue
        year = int(r["time_period"])
        gss_codes, dfe_codes, names = _split(r["new_la_code"]), _split(r["old_la_code"]), _split(r["la_name"])
        joint = r["la_name"] if len(gss_codes) > 1 else None
        values = {c: _number(r[c]) for c in WORKFORCE_VALUES}
        if values["cases"] is not None:
            values["cases"] = int(values["cases"])
        for i, gss in enumerate(gss_codes):
            dfe = dfe_codes[i] if len(dfe_codes) == len(gss_codes) else None
            name = names[i] if len(names) == len(gss_codes) else r["la_name"]
            out.append(
                {
                    "id": f"{year}-{gss or dfe or _name_key(name)}",
                    "council_id": index.match(gss, dfe, name, year),
                    "gss_code": gss or None,
                    "dfe_code": dfe or None,
                    "la_name": name,
                    "year": year,
                    **values,
                    "reported_jointly_as": joint,
                }
            )
    return _one_per_council_year(out, index)


def _one_per_council_year(rows: list[dict], index: CouncilIndex) -> list[dict]:
    """Where two rows of a year link to one council, keep the link on the row with its GSS code."""
    seen: dict[tuple, dict] = {}
    for row in rows:
        key = (row["council_id"], row["year"])
        if row["council_id"] is None:
            continue
        if key in seen:
            own = {c["id"] for c in index.by_gss.get(row["gss_code"] or "", [])}
            loser = seen[key] if row["council_id"] in own else row
            if loser is seen[key]:
                seen[key] = row
            loser["council_id"] = None
        else:
            seen[key] = row
    return rows


def inspection_rows(rows: list[dict[str, str]], index: CouncilIndex) -> list[dict]:
    """One row per inspection and judgement area that was judged (empty cells are skipped)."""
    out = []
    for r in rows:
        gss, name = r["Local authority area code"], r["Local authority name"]
        date = iso_date(r["Inspection date"])
        year = int(date[:4])
        council_id = index.match(gss, None, name, year)
        for area in (OVERALL, *ILACS_AREAS):
            printed = r[area]
            if not printed:
                continue
            out.append(
                {
                    "id": len(out) + 1,
                    "council_id": council_id,
                    "gss_code": gss or None,
                    "la_name": name,
                    "inspection_date": date,
                    "publication_date": iso_date(r["Publication date"]),
                    "inspection_type": r["Inspection type"] or None,
                    "year": year,
                    "area": area,
                    "judgement": GRADES.get(printed.lower()),
                    "judgement_as_printed": printed,
                }
            )
    return out


def lookup_rows(rows: list[dict[str, str]], index: CouncilIndex) -> list[dict]:
    """Lower-tier to upper-tier authorities, the upper tier linked to its council."""
    out = {}
    for r in rows:
        out[r["LTLAyyCD"]] = {
            "ltla_code": r["LTLAyyCD"],
            "ltla_name": r["LTLAyyNM"],
            "utla_code": r["UTLAyyCD"],
            "utla_name": r["UTLAyyNM"],
            "council_id": index.match(r["UTLAyyCD"], None, r["UTLAyyNM"], None),
        }
    return list(out.values())


def read_all(directory: str | Path = REFERENCE_DIR) -> dict[str, list[dict[str, str]]]:
    """Every reference file in ``directory``, validated."""
    directory = Path(directory)
    return {kind: read_table(directory / shape.filename, kind) for kind, shape in SHAPES.items()}


def load_reference(db, directory: str | Path = REFERENCE_DIR) -> dict[str, int]:
    """(Re)create the reference tables and views in ``db`` in one transaction; rows per table.

    Everything is read and validated before the database is touched, and the old tables go
    only when the new ones are complete, so a failed or killed load leaves the previous state.
    """
    directory = Path(directory)
    raw = read_all(directory)
    index = CouncilIndex.from_db(db)
    index.gss_to_dfe = {
        gss: dfe
        for r in raw["workforce"]
        for gss, dfe in zip(_split(r["new_la_code"]), _split(r["old_la_code"]), strict=False)
        if gss and dfe
    }
    tables = {
        "official_workforce": workforce_rows(raw["workforce"], index),
        "official_inspections": inspection_rows(raw["inspections"], index),
        "ons_authorities": lookup_rows(raw["lookup"], index),
        "official_area_synonyms": [
            {"pattern": p, "ilacs_area": a, "priority": n} for n, (p, a) in enumerate(AREA_SYNONYMS, 1)
        ],
        "reference_sources": _source_rows(directory, raw),
    }
    conn = db.conn
    if conn.in_transaction:
        conn.commit()
    conn.execute("begin")
    try:
        for name in VIEWS:
            conn.execute(f"drop view if exists [{name}]")
        for name in ALL_TABLES:
            conn.execute(f"drop table if exists [{name}]")
        for statement in SCHEMA.split(";"):
            if statement.strip():
                conn.execute(statement)
        for name, rows in tables.items():
            _insert(conn, name, rows)
        for sql in VIEWS.values():
            conn.execute(sql)
        conn.commit()
    except BaseException:
        conn.rollback()
        raise
    return {name: len(rows) for name, rows in tables.items()}


def ensure_reference(db, directory: str | Path = REFERENCE_DIR) -> None:
    """Load the reference data unless every table and current view is already there (cheap when so).

    A view whose SQL differs from :data:`VIEWS` was made by an older version (one without a
    column the published queries select), so the data is reloaded and the views recreated.
    """
    present = set(db.table_names())
    views = {name: sql for name, sql in db.execute("select name, sql from sqlite_master where type = 'view'")}
    current = all(_view_body(views.get(name)) == _view_body(sql) for name, sql in VIEWS.items())
    if not (set(ALL_TABLES) <= present and current):
        load_reference(db, directory)


def _view_body(sql: str | None) -> str | None:
    """A view's SQL after "create view", as SQLite stores it (it rewrites the leading keywords)."""
    return sql.strip().split(None, 2)[2] if sql else None


def _insert(conn, table: str, rows: list[dict]) -> None:
    if not rows:
        return
    columns = [c for c in rows[0] if not c.startswith("_")]
    sql = "insert into [{}] ({}) values ({})".format(
        table, ", ".join(f"[{c}]" for c in columns), ", ".join("?" for _ in columns)
    )
    conn.executemany(sql, [[r.get(c) for c in columns] for r in rows])


def _source_rows(directory: Path, raw: dict[str, list]) -> list[dict]:
    known = sources_of(directory)
    return [
        {
            "kind": kind,
            "title": shape.title,
            "publisher": shape.publisher,
            "file": shape.filename,
            "original_file": known.get(kind, {}).get("original_file"),
            "sha256": sha256_of(directory / shape.filename),
            "rows": len(raw[kind]),
            "licence": LICENCE,
            "attribution": ATTRIBUTION,
        }
        for kind, shape in SHAPES.items()
    ]
