"""Record tables: declared by the extractors' record dataclasses, with their document's context.

Why: adding a record type should touch its extractor module, not the store. A record
dataclass's fields and types are its table's columns, and its ``KEY`` the fields its id is made
of (:class:`extractors.base.Record`). To these every table adds its document's council, date and
year (:data:`DOCUMENT_CONTEXT`), because Datasette's table pages cannot join: copied, they let a
reader facet any record table by council and year and sort it by date. The copies are written
with each record (:func:`pipeline.store.save_document`) and kept in step by triggers on
``documents``, so nothing maintains them by hand. :mod:`pipeline.store` creates the tables.
"""

from __future__ import annotations

import dataclasses
import functools
import sqlite3
import types
import typing
from collections.abc import Iterable
from typing import TYPE_CHECKING

import extractors
from extractors.base import Record

if TYPE_CHECKING:
    import sqlite_utils

#: What every record copies from its document, so that record tables facet by council and year and
#: sort by date without a join (Datasette's table pages cannot join). Written with each record
#: (:func:`pipeline.store.save_document`) and kept in step by triggers when a document's row changes. A record
#: type with a field of the same name keeps its own: an Ofsted judgement's ``council_id`` is the
#: council judged, which a committee paper quoting another council's judgement tells apart.
DOCUMENT_CONTEXT: dict[str, type] = {"council_id": str, "date": str, "year": int}

#: Python field types and the SQLite column types that hold them.
_COLUMN_TYPES = {str: str, int: int, float: float, bool: int}


def record_columns(record_type: type[Record]) -> dict[str, type]:
    """A record table's columns besides its id, document and provenance: the record
    dataclass's own fields with their types, then the document context it does not carry.
    """
    hints = typing.get_type_hints(record_type)
    provenance = {f.name for f in dataclasses.fields(Record)}
    columns: dict[str, type] = {}
    for f in dataclasses.fields(record_type):
        if f.name in provenance:
            continue
        columns[f.name] = _column_type(record_type, f.name, hints[f.name])
    return columns | {k: v for k, v in DOCUMENT_CONTEXT.items() if k not in columns}


def _column_type(record_type: type, name: str, hint: object) -> type:
    """The column type of a field typed ``X`` or ``X | None``."""
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        kinds = [a for a in typing.get_args(hint) if a is not type(None)]
        hint = kinds[0] if len(kinds) == 1 else hint
    if hint not in _COLUMN_TYPES:
        raise TypeError(
            f"{record_type.__name__}.{name}: a field of type {hint!r} cannot be stored; "
            f"use one of {', '.join(t.__name__ for t in _COLUMN_TYPES)} (or that | None)"
        )
    return _COLUMN_TYPES[hint]


@functools.cache
def record_types() -> dict[str, type[Record]]:
    """Each record table and the dataclass whose fields are its columns, from the extractors."""
    return {e.table: e.record_type for e in extractors.RECORD_EXTRACTORS}


def record_tables() -> dict[str, dict[str, type]]:
    """Each record table's declared columns (see :func:`record_columns`)."""
    return {table: record_columns(kind) for table, kind in record_types().items()}


def record_indexes(tables: Iterable[str]) -> dict[str, str]:
    """Indexes every record table gets for its document context: a table page filtered to one
    council and year lists its rows newest first from ``_council_year`` and counts the year facet
    there; a page filtered to one year (with or without other filters) lists its rows newest first
    from ``_year_date``, reading only the rows it shows (with ``(year, council_id)`` instead,
    SQLite sorted the year's 70,000 rows of a million: ~16 ms); the council and year facets of the
    whole table, and of one year when counted live, read ``_council_year`` and ``_year_date``
    alone; sorting by date reads ``_date``.
    """
    found = {}
    for t in tables:
        found[f"{t}_council_year"] = f"{t}(council_id, year, date, id)"
        found[f"{t}_year_date"] = f"{t}(year, date, council_id)"
        found[f"{t}_date"] = f"{t}(date, id)"
    return found


def replaced_record_indexes(tables: Iterable[str]) -> list[str]:
    """Indexes an earlier version made that :func:`record_indexes` replaced: ``_year_council``
    (year, council_id) became ``_year_date``. Opening an older database drops them, so it does not
    keep a second index on the year to write at every build."""
    return [f"{t}_year_council" for t in tables]


def add_missing_columns(db: sqlite_utils.Database, table: str, columns: dict[str, type]) -> None:
    """Add the columns a table made by an older version lacks; document context is filled in
    from the documents (a record field added later stays empty until its document is rebuilt).
    """
    missing = [c for c in columns if c not in db[table].columns_dict]
    for name in missing:
        if name == "council_id":  # linked, as in a new table, so pages show the council's name
            db.execute(f"alter table [{table}] add column [council_id] text references [councils]([id])")
        else:
            db[table].add_column(name, columns[name])
    context = [c for c in missing if c in copied_context(table)]
    if context:
        of_document = "(select d.[{0}] from documents d where d.id = document_id)"
        sets = ", ".join(f"[{c}] = " + of_document.format(c) for c in context)
        with db.conn:
            db.execute(f"update [{table}] set {sets}")


def copied_context(table: str) -> list[str]:
    """The :data:`DOCUMENT_CONTEXT` columns a record table copies (those its records do not carry)."""
    own = {f.name for f in dataclasses.fields(record_types()[table])}
    return [c for c in DOCUMENT_CONTEXT if c not in own]


def ensure_context_triggers(conn: sqlite3.Connection) -> None:
    """Triggers that copy a document's changed council, date or year to its records."""
    for table in record_types():
        copied = copied_context(table)
        if not copied:
            continue
        sets = ", ".join(f"[{c}] = new.[{c}]" for c in copied)
        conn.execute(
            f"create trigger if not exists [{table}_document_context] "
            f"after update of {', '.join(copied)} on documents begin "
            f"update [{table}] set {sets} where document_id = new.id; end"
        )
