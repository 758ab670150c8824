"""Store: the SQLite database, its declared schema, and per-document writes.

Why this shape:
- Tables are declared here, not inferred from the first row (sqlite-utils habit), so an empty
  build has every column users' SQL relies on.
- Every id is derived from content and position (a hash of stable fields), never insertion
  order, so re-running a build upserts instead of duplicating.
- One document is written in one transaction: its old records go and its new ones arrive
  together. The database runs in WAL mode, so a Datasette reading while a build writes sees
  each document either wholly before or wholly after.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import extractors
from core.document import Document
from extractors.base import Record
from pipeline.record_tables import (
    add_missing_columns,
    copied_context,
    ensure_context_triggers,
    record_indexes,
    record_tables,
    replaced_record_indexes,
)

if TYPE_CHECKING:  # imported in open_db: a build with nothing to write never loads it
    import sqlite_utils

PROVENANCE = {"page": int, "char_start": int, "char_end": int, "quote": str}

DOCUMENTS = {
    "id": str,
    "filename": str,
    "path": str,
    "url": str,
    "council": str,
    "council_id": str,
    "body": str,
    "title": str,
    "date": str,
    "year": int,
    "format": str,
    "pages": int,
    "bytes": int,
    "mtime_ns": int,
    "sha256": str,
    "status": str,
    "source": str,
    "licence": str,
    "meta": str,
    "extractor_versions": str,
    "built_at": str,
    "text": str,
}

def __getattr__(name: str):
    """``RECORD_TABLES``: :func:`record_tables`, made on first use (it imports the extractors,
    which a re-run with nothing to do never needs)."""
    if name == "RECORD_TABLES":
        return record_tables()
    raise AttributeError(f"module 'pipeline.store' has no attribute {name!r}")


ERRORS = {
    "id": str,
    "filename": str,
    "path": str,
    "url": str,
    "sha256": str,
    "stage": str,
    "error_type": str,
    "message": str,
    "at": str,
}

FTS = {
    "recommendations": ["text"],
    "documents": ["title", "text"],
    "witnesses": ["name", "position", "organisation"],
}


#: Indexes for the published queries and views (datasette-metadata.yml, pipeline/reference/views.py),
#: beyond primary keys and each record table's document_id. Created "if not exists" on every open, so a
#: database built by an older version gets them too. Why each one:
INDEXES = {
    # Documents newest (or oldest) first, as council_recommendations and council_caseloads list
    # them: an ordered scan that stops at the rows Datasette shows.
    "documents_newest": "documents(year is null, year desc, date desc, id)",
    "documents_oldest": "documents(year is null, year, date, id)",
    # A council's documents newest first (latest_caseloads); a council not on the list by its name.
    "documents_council_newest": (
        "documents(coalesce(council_id, council), year is null, year desc, date desc, id)"
    ),
    # What a record's document contributes to a row (year, date, council, committee, title, link),
    # without reading the document's full text.
    "documents_facts": "documents(id, year, date, council_id, council, body, title, url)",
    # The latest build of any document (part of the fingerprint summaries are checked against).
    "documents_built_at": "documents(built_at)",
    # The recommendations table page counts recommendations by kind (its facet).
    "recommendations_kind": "recommendations(kind)",
    # A document's caseload figures of a kind and role, in order (latest_caseloads); the periods
    # figures are given for (caseload_checks reads each distinct period once).
    "caseloads_document_kind": "caseloads(document_id, kind, role, char_start)",
    "caseloads_period": "caseloads(period)",
    # Judgements by area, then council (latest_ofsted), and by council (the rating queries).
    "ofsted_ratings_area": (
        "ofsted_ratings(area, council_id, subject, inspection_year, document_id, char_start)"
    ),
    "ofsted_ratings_council": "ofsted_ratings(council_id, inspection_year, document_id)",
    # A person's appearances, by the name as frequent_witnesses groups it.
    "witnesses_person": "witnesses(lower(trim(name)), document_id, organisation, name, position)",
    # Councils in name order (queries over all councils go council by council), and by the lower-case
    # name or area the views match a judgement's subject against.
    "councils_name": "councils(name)",
    "councils_named": "councils(name is null, name)",
    "councils_lower_name": "councils(lower(name))",
    "councils_lower_area": "councils(lower(area))",
}


def all_indexes() -> dict[str, str]:
    """:data:`INDEXES` and the record tables' :func:`record_indexes`."""
    return INDEXES | record_indexes(extractors.tables())


def stable_id(*parts: object) -> str:
    """A short hash of stable fields: the same inputs give the same id in every build."""
    raw = json.dumps([str(p) for p in parts], ensure_ascii=False)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]


def open_db(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if needed) a scrutiny database with every table declared."""
    import sqlite_utils

    # No sqlite-utils plugins: a build writes plain SQL, and looking plugins up costs 30 ms.
    db = sqlite_utils.Database(path, execute_plugins=False)
    db.enable_wal()
    # Commits wait for the OS, not the disk: a power cut can lose the last few documents (never
    # corrupt the file), and a re-run rebuilds them. Waiting for the disk cost 1 ms a document.
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("PRAGMA foreign_keys = ON")
    ensure_schema(db)
    return db


def ensure_schema(db: sqlite_utils.Database) -> None:
    if "councils" not in db.table_names():
        from pipeline.councils_table import load_councils_table

        load_councils_table(db)
    if "documents" not in db.table_names():
        db["documents"].create(DOCUMENTS, pk="id", not_null={"filename"})
        db["documents"].create_index(["path"])
        db["documents"].create_index(["council_id"])
        db["documents"].add_foreign_key("council_id", "councils", "id")
    for name, kind in DOCUMENTS.items():  # a database from before a column was declared
        if name not in db["documents"].columns_dict:
            db["documents"].add_column(name, kind)
    for table, columns in record_tables().items():
        if table in db.table_names():
            add_missing_columns(db, table, columns)
            continue
        cols = {"id": str, "document_id": str, **columns, **PROVENANCE}
        fks = [("document_id", "documents", "id"), ("council_id", "councils", "id")]
        db[table].create(cols, pk="id", foreign_keys=fks)
        db[table].create_index(["document_id"])
    ensure_context_triggers(db.conn)
    if "errors" not in db.table_names():
        db["errors"].create(ERRORS, pk="id")
    for table, columns in FTS.items():
        if not db[table].detect_fts():
            db[table].enable_fts(columns, tokenize="porter", create_triggers=True)
    ensure_indexes(db.conn)


def required_names() -> set[str]:
    """The tables :func:`ensure_schema` creates (the build adds the reference data's and the
    publishing summary's: :func:`pipeline.build.open_database`).
    """
    record = extractors.tables()
    fts = {f"{table}_fts" for table in FTS}
    return {"councils", "documents", "errors", *record, *fts}


def ensure_indexes(conn: sqlite3.Connection) -> None:
    """Create the :func:`all_indexes` a database lacks (on the tables it has), and drop the ones
    they replaced."""
    tables = {name for (name,) in conn.execute("select name from sqlite_master where type = 'table'")}
    for name in replaced_record_indexes(extractors.tables()):
        conn.execute(f"drop index if exists [{name}]")
    for name, target in all_indexes().items():
        if target.split("(", 1)[0] in tables:
            conn.execute(f"create index if not exists [{name}] on {target}")


def save_document(
    db: sqlite_utils.Database,
    doc: Document,
    metadata: dict,
    records: dict[str, Iterable[Record]],
    versions: str,
    path: str | None = None,
    *,
    size: int | None = None,
    mtime_ns: int | None = None,
) -> str:
    """Write one document and all its records in one transaction; returns the document id.

    A document previously stored from the same ``path`` with other bytes is replaced whole.
    ``size`` and ``mtime_ns`` are the file's stat before it was read (see :mod:`pipeline.uptodate`).
    Rows are written with plain SQL, not sqlite-utils' insert methods, because those commit on
    their own and would split the transaction.
    """
    doc_id = doc.sha256[:16]
    row = {
        **metadata,
        "id": doc_id,
        "filename": doc.filename,
        "path": path,
        "format": doc.format,
        "pages": doc.page_count,
        "bytes": size,
        "mtime_ns": mtime_ns,
        "sha256": doc.sha256,
        "status": "ok",
        "extractor_versions": versions,
        "built_at": now(),
        "text": doc.text,
    }
    with db.conn:
        _replace_document(db, doc_id, path)
        _insert(db, "documents", [row])
        for table, recs in records.items():
            context = {k: row.get(k) for k in copied_context(table)}
            rows = []
            for rec in recs:
                r = context | rec.to_row()
                key = (r[k] for k in rec.KEY)
                r["id"] = stable_id(doc_id, table, r["char_start"], r["char_end"], *key)
                r["document_id"] = doc_id
                rows.append(r)
            _insert(db, table, _unique(rows))
        db.execute("delete from errors where sha256 = ? or path = ?", [doc.sha256, path])
    return doc_id


def save_failure(
    db: sqlite_utils.Database,
    filename: str,
    path: str,
    sha256: str | None,
    versions: str,
    *,
    url: str | None,
    stage: str,
    error_type: str,
    message: str,
    size: int | None = None,
    mtime_ns: int | None = None,
    limits: str | None = None,
) -> None:
    """Record a document that could not be processed, in one transaction.

    The reason goes to ``errors``; when the bytes could be read, the document is also listed in
    ``documents`` with ``status`` set to the error kind (``needs_ocr``, ``encrypted``, ...) and
    no records, so users see it and a re-run with the same extractors skips it. A failure that
    depends on the build's limits (time, memory) keeps them in ``meta`` (see
    :data:`pipeline.uptodate.LIMITED`).
    """
    with db.conn:
        if sha256:
            doc_id = sha256[:16]
            _replace_document(db, doc_id, path)
            _insert(
                db,
                "documents",
                [
                    {
                        "id": doc_id,
                        "filename": filename,
                        "path": path,
                        "url": url,
                        "bytes": size,
                        "mtime_ns": mtime_ns,
                        "sha256": sha256,
                        "status": error_type,
                        "meta": limits,
                        "extractor_versions": versions,
                        "built_at": now(),
                        "text": "",
                    }
                ],
            )
        _insert_error(
            db,
            filename=filename,
            path=path,
            url=url,
            sha256=sha256,
            stage=stage,
            error_type=error_type,
            message=message,
        )


def record_error(
    db: sqlite_utils.Database, filename: str, path: str, sha256, url, known, message: str
) -> None:
    """An error row for a file whose bytes failed before under another name (a copy)."""
    with db.conn:
        _insert_error(
            db,
            filename=filename,
            path=path,
            url=url,
            sha256=sha256,
            stage="parse",
            error_type=known.status,
            message=message,
        )


def delete_errors(db: sqlite_utils.Database, paths: Iterable[str]) -> None:
    """Remove the error rows of files that no longer fail (fixed, or deleted)."""
    with db.conn:
        db.conn.executemany("delete from errors where path = ?", [[p] for p in paths])


def keep_errors(db: sqlite_utils.Database, paths: set[str]) -> None:
    """Keep only the error rows of ``paths`` (``--prune``: every other file is fixed or gone)."""
    rows = db.execute("select id, path from errors").fetchall()
    with db.conn:
        db.conn.executemany("delete from errors where id = ?", [[i] for i, p in rows if p not in paths])


def record_stat(db: sqlite_utils.Database, sha256: str, path: str, size: int, mtime_ns: int | None) -> None:
    """Note the current stat of an unchanged file (touched, or copied back) so the next run skips it.

    A row stored by an older version under the file's absolute path takes the relative ``path``.
    """
    with db.conn:
        db.execute(
            "update documents set path = ?, bytes = ?, mtime_ns = ? "
            "where sha256 = ? and (path = ? or path like '/%')",
            [path, size, mtime_ns, sha256, path],
        )


def prune(db: sqlite_utils.Database, keep_sha256: set[str]) -> int:
    """Remove documents whose bytes are no longer anywhere in the corpus; returns how many."""
    gone = [r for r in db.execute("select id, sha256 from documents") if r[1] not in keep_sha256]
    with db.conn:
        for doc_id, sha in gone:
            _delete_document(db, doc_id)
            db.execute("delete from errors where sha256 = ?", [sha])
    return len(gone)


def _insert_error(
    db: sqlite_utils.Database,
    *,
    filename: str,
    path: str | None,
    url: str | None,
    sha256: str | None,
    stage: str,
    error_type: str,
    message: str,
) -> None:
    error_id = stable_id(path or url or filename)  # one row per file: what is wrong with it now
    db.execute("delete from errors where id = ? or path = ?", [error_id, path])
    _insert(
        db,
        "errors",
        [
            {
                "id": error_id,
                "filename": filename,
                "path": path,
                "url": url,
                "sha256": sha256,
                "stage": stage,
                "error_type": error_type,
                "message": message,
                "at": now(),
            }
        ],
    )


def _insert(db: sqlite_utils.Database, table: str, rows: list[dict]) -> None:
    """Plain INSERTs inside the caller's transaction (FTS triggers fire as usual)."""
    if not rows:
        return
    columns = list(rows[0])
    sql = "insert into [{}] ({}) values ({})".format(
        table, ", ".join(f"[{c}]" for c in columns), ", ".join("?" for _ in columns)
    )
    db.conn.executemany(sql, [[r.get(c) for c in columns] for r in rows])


def _unique(rows: list[dict]) -> list[dict]:
    """Drop rows whose id repeats (the same record found twice at the same place)."""
    seen: dict[str, dict] = {}
    for r in rows:
        seen.setdefault(r["id"], r)
    return list(seen.values())


def _replace_document(db: sqlite_utils.Database, doc_id: str, path: str | None) -> None:
    """Remove what a new write of ``doc_id`` from ``path`` replaces: itself and older bytes."""
    if path:
        for (old_id,) in db.execute(
            "select id from documents where path = ? and id != ?", [path, doc_id]
        ).fetchall():
            _delete_document(db, old_id)
    _delete_document(db, doc_id)


def _delete_records(db: sqlite_utils.Database, doc_id: str) -> None:
    for table in extractors.tables():
        db.execute(f"delete from [{table}] where document_id = ?", [doc_id])


def _delete_document(db: sqlite_utils.Database, doc_id: str) -> None:
    _delete_records(db, doc_id)
    db.execute("delete from documents where id = ?", [doc_id])


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def finish(conn: sqlite3.Connection) -> None:
    """Make sure of the indexes, merge every FTS5 index into one segment and ANALYZE (the
    statistics SQLite's query planner chooses indexes by): for serving or publishing a database,
    perhaps built by an older version. Runs inside the caller's transaction
    (:func:`pipeline.publish.site.finish` adds the summaries in the same one).
    """
    fts5 = "select name from sqlite_master where sql like 'CREATE VIRTUAL TABLE%USING FTS5%'"
    ensure_indexes(conn)
    for (fts,) in conn.execute(fts5).fetchall():
        conn.execute(f"insert into [{fts}]([{fts}]) values ('optimize')")
    conn.execute("ANALYZE")
