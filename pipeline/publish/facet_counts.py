"""Stored facet counts: the default facets of a whole table, counted once when a database is finished.

Why: a table page without a filter counts each default facet (council, year, kind...) over the
whole table. On a database of a million recommendations each count groups a million index
entries (40-50 ms), and the page runs three of them. Those counts only change with the data, so,
like the canned queries' stored answers (:mod:`pipeline.publish.summaries`), they are computed when
a database is finished (:func:`pipeline.publish.site.finish`) and stored with a fingerprint.

The plugin's ``stored`` facet type (``plugins/scrutiny_facets.py``, ``StoredColumnFacet``),
which the record tables' ``facets:`` use in ``datasette-metadata.yml``, reads them for a page
with no filter and no search, and only while the fingerprint still matches: the database's
``data_fingerprint``, the table's row count and its highest rowid. Otherwise it counts live,
exactly as Datasette's column facet does. So stale counts are never shown: a database changed
after it was finished is slower, never wrong.

A search of a table (``?_search=``) cannot use whole-table counts, and Datasette's statement for
each facet looks every match up in the table (a wide row each, ~0.8 µs): three passes over 34,000
matches of a common word. So, for the same tables, each row's combination of facet values gets a
number (``code``): ``<table>_facet_combos`` (:data:`COMBOS_TABLE`) lists each combination's values, and
``<table>_facet_rows`` (:data:`ROWS_TABLE`) maps each rowid to its code, two integers a row. The
plugin counts a search's matches by code through that narrow table (the full-text index's rowids
joined to it, one pass) and sums the codes' values per column, in SQL, with the fingerprint
checked first. Each combination's row count in the whole table is stored with it
(:data:`COUNT_COLUMN`), and its columns are declared with the table's own types (so compare with
the same affinity): a page filtered by ``?column=value`` on those columns picks its combinations
with Datasette's own conditions and sums their counts, without reading the table.
Only tables whose definition names no collation get them: their values group and
sort the same in those tables as in their own (SQLite's default, binary), so the counts and their
order are Datasette's.

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
#: Each combination of a table's stored facet values (a column each), numbered ``code``.
COMBOS_TABLE = "{table}_facet_combos"
#: A table's rowid -> code of its facet values; the plugin joins a search's rowids to it.
ROWS_TABLE = "{table}_facet_rows"
#: The column of :data:`COMBOS_TABLE` holding each combination's row count in the whole table.
COUNT_COLUMN = "row_count"
#: The facet type the plugin registers; metadata facets written ``{stored: column}`` use it.
FACET_TYPE = "stored"
#: Datasette 0.65's ColumnFacet statement for one column, without its ``limit``.
FACET_SQL = (
    "select {col} as value, count(*) as count from (select * from [{table}]) "
    "where {col} is not null group by {col} order by count desc, value"
)
#: The fingerprint a table's counts are stored with and checked against: the data's fingerprint,
#: the table's row count (``:rows`` when Datasette knows it already, else counted) and its highest
#: rowid.
FINGERPRINT_SQL = (
    "select (select fingerprint from data_fingerprint) || '/' || "
    "coalesce(:rows, (select count(*) from [{table}])) || '/' || "
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
                if column not in found.setdefault(table, []):
                    found[table].append(column)
    return found


def refresh_facet_counts(conn: sqlite3.Connection, metadata: dict | None = None) -> dict[str, int]:
    """Store every ``stored`` facet's counts of its whole table; returns the rows stored per table.

    ``metadata`` defaults to ``datasette-metadata.yml``. Tables the database lacks are skipped.
    Call inside the caller's transaction, after the data is final.
    """
    if metadata is None:
        from pipeline.publish.metadata import load_metadata

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
        _store_codes(conn, table, columns, fingerprint)
    return stored


def _store_codes(conn: sqlite3.Connection, table: str, columns: list[str], fingerprint: str) -> None:
    """Number each combination of ``columns``' values in ``table`` (:data:`COMBOS_TABLE`) and map
    each row to its number (:data:`ROWS_TABLE`), replacing what was there.
    """
    rows_table, combos = ROWS_TABLE.format(table=table), COMBOS_TABLE.format(table=table)
    conn.execute(f"drop table if exists [{rows_table}]")
    conn.execute(f"drop table if exists [{combos}]")
    definition = conn.execute("select sql from sqlite_master where type = 'table' and name = ?", [table])
    if "collate" in (definition.fetchone()[0] or "").lower():
        return  # values may group or sort otherwise than in a plain column: searches count live
    named = ", ".join(f"[{column}]" for column in columns)
    declared = {row[1]: row[2] for row in conn.execute(f"pragma table_info([{table}])")}
    typed = ", ".join(f"[{column}] {declared.get(column, '')}".rstrip() for column in columns)
    described = f"code integer primary key, {typed}, {COUNT_COLUMN} integer, fingerprint text"
    conn.execute(f"create table [{combos}] ({described})")
    counted = f"select {named}, count(*) from [{table}] group by {named}"
    conn.execute(f"insert into [{combos}] select row_number() over (), *, ? from ({counted})", [fingerprint])
    conn.execute(f"create index [{combos}_values] on [{combos}] ({named})")
    conn.execute(f"create table [{rows_table}] (id integer primary key, code integer not null)")
    same = " and ".join(f"k.[{column}] is t.[{column}]" for column in columns)
    joined = f"[{table}] as t join [{combos}] as k on {same}"
    try:
        conn.execute(f"insert into [{rows_table}] select t.rowid, k.code from {joined}")
        coded = conn.execute(f"select count(*) from [{rows_table}]").fetchone()[0]
        whole = conn.execute(f"select count(*) from [{table}]").fetchone()[0]
    except sqlite3.IntegrityError:  # a row matched two combinations: values compare unusually
        coded, whole = None, 0
    conn.execute(f"drop index [{combos}_values]")
    if coded != whole:  # every row must have exactly one code, or searches count live
        conn.execute(f"drop table [{rows_table}]")
        conn.execute(f"drop table [{combos}]")
