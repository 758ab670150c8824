"""Official reference files: their expected shape, validation, and refreshing the shipped copies.

The files (DfE workforce indicators, Ofsted ILACS history, ONS lookup) ship in
``pipeline/data/reference/`` under the Open Government Licence v3.0. Each kind has a
:class:`Shape`: the columns a file must have. Reading validates the shape and the values a load
relies on, so a newer file of another shape is refused, with the missing columns named, before
anything is replaced or loaded. :mod:`pipeline.reference` loads them into the database.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "data" / "reference"
SOURCES = "sources.json"
LICENCE = "Open Government Licence v3.0"
ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0."

OVERALL = "Overall effectiveness"
ILACS_AREAS = (
    "The impact of leaders on social work practice with children and families",
    "The experiences and progress of children who need help and protection",
    "The experiences and progress of children in care",
    "The experiences and progress of care leavers",
)
WORKFORCE_VALUES = (
    "caseload_fte",
    "agency_rate_fte",
    "vacancy_rate_fte",
    "turnover_rate_fte",
    "cases",
    "case_holders_fte",
)


class ReferenceDataError(Exception):
    """A reference file is missing, unreadable or not of the expected shape."""


@dataclass(frozen=True)
class Shape:
    """One kind of reference file: where its copy lives and which columns it must have.

    A required name containing ``yy`` matches any two digits, so next year's ONS lookup
    (``LTLA24CD``) has the same shape as this year's (``LTLA23CD``).
    """

    kind: str
    filename: str
    title: str
    publisher: str
    required: tuple[str, ...]


SHAPES = {
    "workforce": Shape(
        "workforce",
        "workforce.csv",
        "Children's social work workforce indicators (csww_indicators)",
        "Department for Education",
        ("time_period", "geographic_level", "old_la_code", "new_la_code", "la_name", *WORKFORCE_VALUES),
    ),
    "inspections": Shape(
        "inspections",
        "inspections.csv",
        "Ofsted ILACS inspection outcomes (history of judgements)",
        "Ofsted",
        (
            "Local authority area code",
            "Local authority name",
            "Inspection date",
            "Publication date",
            "Inspection type",
            OVERALL,
            *ILACS_AREAS,
        ),
    ),
    "lookup": Shape(
        "lookup",
        "lookup.csv",
        "Lower tier to upper tier local authority lookup",
        "Office for National Statistics",
        ("LTLAyyCD", "LTLAyyNM", "UTLAyyCD", "UTLAyyNM"),
    ),
}


def read_table(path: str | Path, kind: str) -> list[dict[str, str]]:
    """The rows of one reference CSV, keyed by the required column names, values stripped.

    Raises :class:`ReferenceDataError` naming the file and every missing column, so a refresh
    from a file of another shape fails before anything is replaced.
    """
    shape = SHAPES[kind]
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ReferenceDataError(f"{path}: no such file (expected the {shape.title} CSV)") from None
    except UnicodeDecodeError:
        raise ReferenceDataError(
            f"{path}: not UTF-8 text; export the {shape.title} as CSV (UTF-8) and try again"
        ) from None
    reader = csv.DictReader(io.StringIO(text))
    header = [h or "" for h in reader.fieldnames or []]
    columns, missing = {}, []
    for want in shape.required:
        pattern = re.escape(want).replace("yy", r"\d\d")
        found = next((h for h in header if re.fullmatch(pattern, h.strip())), None)
        if found is None:
            missing.append(want)
        else:
            columns[want] = found
    if missing:
        raise ReferenceDataError(
            f"{path}: not a {shape.title} file of the expected shape: missing column(s) "
            + ", ".join(repr(m) for m in missing)
            + f" (compare with the shipped {REFERENCE_DIR / shape.filename})"
        )
    rows = []
    for row in reader:
        out = {want: (row.get(col) or "").strip() for want, col in columns.items()}
        out["_line"] = str(reader.line_num)
        rows.append(out)
    _check_values(path, kind, rows)
    return rows


def _check_values(path: Path, kind: str, rows: list[dict[str, str]]) -> None:
    """Fail on values a load could not use: years that are not years, dates that are not dates."""
    if kind == "workforce":
        local = [r for r in rows if r["geographic_level"] == "Local authority"]
        if not local:
            raise ReferenceDataError(f"{path}: no rows with geographic_level 'Local authority'")
        for r in local:
            if not re.fullmatch(r"\d{4}", r["time_period"]):
                raise ReferenceDataError(
                    f"{path}, line {r['_line']}: time_period {r['time_period']!r} is not a year"
                )
    elif kind == "inspections":
        if not rows:
            raise ReferenceDataError(f"{path}: no inspections listed")
        for r in rows:
            for col in ("Inspection date", "Publication date"):
                if r[col] and iso_date(r[col]) is None:
                    raise ReferenceDataError(
                        f"{path}, line {r['_line']}: {col} {r[col]!r} is not a date "
                        "(YYYY-MM-DD or DD/MM/YYYY)"
                    )
            if iso_date(r["Inspection date"]) is None:
                raise ReferenceDataError(f"{path}, line {r['_line']}: the Inspection date is empty")


def iso_date(value: str) -> str | None:
    """``YYYY-MM-DD`` for a date as Ofsted's exports print it, or None when it is not a date."""
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S"):
        try:
            return dt.datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def sources_of(directory: Path) -> dict:
    """What ``sources.json`` records of each file in ``directory``: original name, hash, date."""
    path = directory / SOURCES
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def refresh(
    workforce: str | Path,
    inspections: str | Path,
    lookup: str | Path | None = None,
    dest: str | Path = REFERENCE_DIR,
) -> dict[str, str]:
    """Replace the shipped copies in ``dest`` with newer files of the same shape.

    Every new file is validated first; nothing is replaced unless all of them pass. Returns a
    one-line description of each file written, for the CLI to print.
    """
    dest = Path(dest)
    new = {"workforce": Path(workforce), "inspections": Path(inspections)}
    if lookup:
        new["lookup"] = Path(lookup)
    checked = {kind: read_table(path, kind) for kind, path in new.items()}
    dest.mkdir(parents=True, exist_ok=True)
    sources = sources_of(dest)
    summary = {}
    for kind, path in new.items():
        target = dest / SHAPES[kind].filename
        tmp = target.with_name(target.name + ".tmp")
        try:
            shutil.copyfile(path, tmp)
            os.replace(tmp, target)
        except OSError as exc:
            raise ReferenceDataError(
                f"{target}: cannot be written ({exc.strerror or exc}); choose a writable folder with "
                "--dest and load from it with 'scrutiny reference load --dir'"
            ) from exc
        sources[kind] = {
            "original_file": path.name,
            "sha256": sha256_of(target),
            "refreshed": dt.date.today().isoformat(),
        }
        summary[kind] = (
            f"{target}: {len(checked[kind])} rows{_coverage(kind, checked[kind])} from {path.name}"
        )
    (dest / SOURCES).write_text(json.dumps(sources, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return summary


def _coverage(kind: str, rows: list[dict[str, str]]) -> str:
    if kind == "workforce":
        years = [int(r["time_period"]) for r in rows if r["geographic_level"] == "Local authority"]
    elif kind == "inspections":
        years = [int(iso_date(r["Inspection date"])[:4]) for r in rows]
    else:
        return ""
    return f", {min(years)}-{max(years)}"
