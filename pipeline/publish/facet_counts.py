"""Stored facet counts: the default facets of a whole table, counted once when a database is finished.

Why: a table page without a filter counts each default facet (council, year, kind...) over the
whole table. On a database of a million recommendations each count groups a million index
entries (40-50 ms), and the page runs three of them. Those counts only change with the data, so,
like the canned queries' stored answers (:mod:`pipeline.publish.summaries`), they are computed when
a database is finished (:func:`pipeline.publish.site.finish`) and stored with a fingerprint.

The plugin's ``stored`` facet type (``plugins/scrutiny_datasette.py``, ``StoredColumnFacet``),
which the record tables' ``facets:`` use in ``datasette-metadata.yml``, reads them for a page
with no filter and no search, and only while the fingerprint still matches: the database's
``data_fingerprint``, the table's row count and its highest rowid. Otherwise it counts live,
exactly as Datasette's column facet does. So stale counts are never shown: a database changed
after it was finished is slower, never wrong.

Each column's counts are made by Datasette's own facet SQL (:data:`FACET_SQL`, without its
limit), and stored with their rank in its order (count, then value, in the column's collation),
so the stored list is the live one by construction. The plugin imports nothing from the project
(a published bundle runs without it), so it repeats :data:`TABLE` and the fingerprint's shape; a
test checks they agree.
"""

from __future__ import annotations

import sqlite3

#: Where the counts are stored; the plugin reads this table by name.
TABLE = "facet_counts"
COLUMNS = "table_name text, column_name text, rank integer, value, count integer, fingerprint text"
#: The facet type the plugin registers; metadata facets written ``{stored: column}`` use it.
FACET_TYPE = "stored"
#: Datasette 0.65's ColumnFacet statement for one column, without its ``limit``.
FACET_SQL = (
    "select {col} as value, count(*) as count from (select * from [{table}]) "
    "where {col} is not null group by {col} order by count desc, value"
)
#: The fingerprint a table's counts are stored with and checked against: the data's fingerprint,
#: the table's row count (Datasette knows it for the page already) and its highest rowid.
FINGERPRINT_SQL = (
    "select (select fingerprint from data_fingerprint) || '/' || :rows || '/' || "
    "(select coalesce(max(rowid), 0) from [{table}])"
)


def ensure_facet_counts(conn: sqlite3.Connection) -> None:
    """Create the (empty) table of stored counts if missing: the plugin reads it on every database."""
    key = "primary key (table_name, column_name, rank)"
    conn.execute(f"create table if not exists [{TABLE}] ({COLUMNS}, {key})")


def stored_facets(metadata: dict, database: str = "scrutiny") -> dict[str, list[str]]:
    """Table -> the columns of its ``stored`` facets in the metadata, in order."""
    tables = (metadata.get("databases", {}).get(database, {}) or {}).get("tables", {}) or {}
    found: dict[str, list[str]] = {}
    for table, meta in tables.items():
        for facet in (meta or {}).get("facets", []) or []:
            if isinstance(facet, dict) and FACET_TYPE in facet:
                config = facet[FACET_TYPE]
                column = config if isinstance(config, str) else config.get("column") or config["simple"]
                found.setdefault(table, []).append(column)
    return found


def refresh_facet_counts(conn: sqlite3.Connection, metadata: dict | None = None) -> dict[str, int]:
    """Store every ``stored`` facet's counts of its whole table; returns the rows stored per table.

    ``metadata`` defaults to ``datasette-metadata.yml``. Tables the database lacks are skipped.
    Call inside the caller's transaction, after the data is final.
    """
    if metadata is None:
        from pipeline.publish.site import load_metadata

        metadata = load_metadata()
    ensure_facet_counts(conn)
    conn.execute(f"delete from [{TABLE}]")
    existing = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
    stored = {}
    for table, columns in stored_facets(metadata).items():
        if table not in existing:
            continue
        rows = conn.execute(f"select count(*) from [{table}]").fetchone()[0]
        fingerprint = conn.execute(FINGERPRINT_SQL.format(table=table), {"rows": rows}).fetchone()[0]
        stored[table] = 0
        for column in columns:
            counts = conn.execute(FACET_SQL.format(col=f"[{column}]", table=table)).fetchall()
            conn.executemany(
                f"insert into [{TABLE}] values (?, ?, ?, ?, ?, ?)",
                [(table, column, rank, value, n, fingerprint) for rank, (value, n) in enumerate(counts)],
            )
            stored[table] += len(counts)
    return stored
