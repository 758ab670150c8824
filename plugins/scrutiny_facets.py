"""Datasette plugin: a column facet whose counts of a whole table are read from the database.

Why: a table page with no filter counts each of its default facets over the whole table. On a
database of a million recommendations, each of the three (council, year, kind) groups a million
index entries, 40-50 ms apiece, though the counts only change with the data. So the publishing
step stores them (``pipeline/publish/facet_counts.py``, table :data:`TABLE`) with a fingerprint
of the data, and this facet type, ``stored``, reads them for a page without filter or search
while the fingerprint still matches: the database's ``data_fingerprint``, the table's row count
(which the page knows already) and its highest rowid. Otherwise, or for a column without stored
counts, it counts live.

A search (``?_search=`` and nothing else) reads every match: Datasette's statement for each facet
looks each match up in the table, three passes of ~0.8 µs a match (34,000 matches of a common
word: ~110 ms). Here the matches' rowids, from Datasette's own full-text subquery, are joined to
``<table>_facet_rows`` (rowid -> number of the row's combination of facet values, written when the
database was finished), counted by number in one pass, and each combination's values read from
``<table>_facet_combos``: ~20 ms. A page whose only conditions are ``?column=value`` filters on
those columns (``?kind=resolution``, ``?council_id=X&year=Y``; recognised by the exact conditions
Datasette writes) sums the whole table's row counts of the matching combinations, stored in
``<table>_facet_combos`` too: a few thousand rows instead of a third of a million looked up once
per facet (~380 ms -> ~3 ms). Other filtered pages count live: a column a covering index can
count alone is counted by Datasette's own statement; the columns that must read the rows are
counted together, the page's rows picked once and grouped by all of them
(:meth:`StoredColumnFacet._live`). Either way
it returns what Datasette's ``ColumnFacet`` returns (labels, toggle links, selected values,
truncation, time outs), and it names its results ``column``, so pages and JSON look the same.
Nothing is kept between requests: each page counts, or reads, its own facets.

The record tables' ``facets:`` in ``datasette-metadata.yml`` are written ``{stored: column}``.
Like the other plugin in this folder it imports nothing from the project: a published bundle runs
with Datasette alone, so :data:`TABLE`, the code tables' names and :data:`FINGERPRINT_SQL` repeat
the publishing step's (a test checks they agree). It never writes.
"""

from __future__ import annotations

import re
import sqlite3

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.facets import ColumnFacet
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args

TABLE = "facet_counts"
COMBOS_TABLE = "{table}_facet_combos"
ROWS_TABLE = "{table}_facet_rows"
#: The column of ``<table>_facet_combos`` holding each combination's row count in the whole table.
COUNT_COLUMN = "row_count"
FINGERPRINT_SQL = (
    "select (select fingerprint from data_fingerprint) || '/' || "
    "coalesce(:rows, (select count(*) from [{table}])) || '/' || "
    "(select coalesce(max(rowid), 0) from [{table}])"
)
#: The end of Datasette's SQL for a page whose only condition is ``?_search=`` (datasette/filters.py).
SEARCH = re.compile(
    r" where rowid in \((?P<ids>select rowid from (?P<fts>\S+) where (?P=fts) match "
    r"(?::search|escape_fts\(:search\)))\) $"
)

#: One condition of Datasette's SQL for an ``?column=value`` filter ("exact", datasette/filters.py).
EQUALS = re.compile(r"(?P<column>\S+) = :(?P<param>p\d+)")


class StoredColumnFacet(ColumnFacet):
    """``ColumnFacet`` with the whole table's counts read from :data:`TABLE` when they are current."""

    type = "stored"

    async def suggest(self):
        # ColumnFacet suggests columns; suggesting them again here would list each twice.
        return []

    def _unfiltered(self) -> bool:
        """Whether the page shows the whole table: Datasette's SQL has no WHERE clause at all
        (no filter, search, ``_where`` or ``_next`` page) and no parameters.
        """
        whole = f" from {escape_sqlite(self.table)} " if self.table else None
        return bool(whole) and not self.params and self.sql.endswith(whole)

    async def _stored(self, columns: list[str]) -> dict[str, list[tuple]]:
        """Column -> its stored (value, count) rows, best first; columns not stored, or stored
        for other data, are left out.
        """
        rows = await self.get_row_count()
        table = self.table

        def read(conn: sqlite3.Connection) -> list[tuple]:
            try:
                fingerprint = conn.execute(FINGERPRINT_SQL.format(table=table), {"rows": rows}).fetchone()[0]
                return conn.execute(
                    f"select column_name, value, count from [{TABLE}] "
                    "where table_name = ? and fingerprint = ? order by column_name, rank",
                    [table, fingerprint],
                ).fetchall()
            except sqlite3.Error:  # a database without stored counts (not ours, or never finished)
                return []

        found: dict[str, list[tuple]] = {}
        for column, value, count in await self.ds.get_database(self.database).execute_fn(read):
            if column in columns:
                found.setdefault(column, []).append((value, count))
        return found

    def _statement(self, column: str, facet_size: int) -> str:
        """Datasette's own statement for one column facet (``ColumnFacet.facet_results``)."""
        return """
            select {col} as value, count(*) as count from (
                {sql}
            )
            where {col} is not null
            group by {col} order by count desc, value limit {limit}
        """.format(col=escape_sqlite(column), sql=self.sql, limit=facet_size + 1)

    async def _run(self, sql: str) -> list[tuple] | None:
        try:
            results = await self.ds.execute(
                self.database,
                sql,
                self.params,
                truncate=False,
                custom_time_limit=self.ds.setting("facet_time_limit_ms"),
            )
        except QueryInterrupted:
            return None
        return [tuple(row) for row in results.rows]

    async def _reads_rows(self, column: str, facet_size: int) -> bool:
        """Whether counting this column alone reads the table's rows (not only a covering index)."""
        try:
            plan = await self.ds.execute(
                self.database, "explain query plan " + self._statement(column, facet_size), self.params
            )
        except Exception:  # noqa: BLE001 - when in doubt, count the column alone, as ColumnFacet does
            return False
        steps = [str(row["detail"]).split() for row in plan.rows]
        reads = [s for s in steps if s[:1] in (["SCAN"], ["SEARCH"]) and s[1:2] == [self.table]]
        return any("COVERING" not in s for s in reads)

    async def _live(self, columns: list[str], facet_size: int) -> dict[str, list[tuple] | None]:
        """Column -> its (value, count) rows counted now (None where the count timed out).

        A column a covering index can count is counted alone, by Datasette's own statement. The
        columns whose counts must read the table's rows (a full-text search's matches, a year's
        rows) are counted together: the page's rows are picked first, by the plan best for the
        page's filter alone, then grouped by every such column at once, and each column's groups
        summed, ranked and cut as Datasette's statement does. So a search's facets read its
        matches once instead of once each; and a facet is never counted by walking the whole
        table in the order of its own index, which SQLite chooses for Datasette's statement to
        save a sort (``kind`` within one year: ~400 ms, over the facet time limit, instead of
        ~50). If that statement times out, each column is counted alone, each with its own time
        limit, as Datasette would.
        """
        together = [column for column in columns if await self._reads_rows(column, facet_size)]
        counts: dict[str, list[tuple] | None] = {}
        if together:
            values = ", ".join(f"{escape_sqlite(column)} as c{i}" for i, column in enumerate(together))
            keys = ", ".join(f"c{i}" for i in range(len(together)))
            grouped = (
                f"with picked as materialized (select {values} from ({self.sql})), "
                f"grouped as materialized (select {keys}, count(*) as n from picked group by {keys})"
            )
            rows = await self._run(_ranked(grouped, len(together), facet_size))
            if rows is not None:
                counts.update(_by_column(rows, together))
        for column in columns:
            if column not in counts:
                counts[column] = await self._run(self._statement(column, facet_size))
        return counts

    async def _table_rows(self) -> int | None:
        """The whole table's row count if Datasette knows it already (an immutable database)."""
        db = self.ds.get_database(self.database)
        if db.is_mutable:
            return None  # the fingerprint counts the rows
        return (await db.table_counts()).get(self.table)

    async def _coded(self, counted: bool = False) -> list[str]:
        """The columns with current facet-value codes (``<table>_facet_combos``), or [] when the
        codes are missing or stale (their fingerprint is not the data's), or, if ``counted``,
        stored without each combination's row count (a database finished by an older version).
        """
        rows = await self._table_rows()
        table = self.table
        rows_table, combos = ROWS_TABLE.format(table=table), COMBOS_TABLE.format(table=table)

        def coded(conn: sqlite3.Connection) -> list[str]:
            try:
                now = conn.execute(FINGERPRINT_SQL.format(table=table), {"rows": rows}).fetchone()[0]
                conn.execute(f"select 1 from [{rows_table}] limit 1").fetchall()
                stored = conn.execute(f"select * from [{combos}] limit 1")
                first = stored.fetchone()
                names = [d[0] for d in stored.description]
            except sqlite3.Error:  # not finished with facet codes: count live
                return []
            if first is None or first[names.index("fingerprint")] != now:
                return []
            if counted and COUNT_COLUMN not in names:
                return []
            return [name for name in names[1:] if name not in (COUNT_COLUMN, "fingerprint")]

        return await self.ds.get_database(self.database).execute_fn(coded)

    async def _searched(self, columns: list[str], facet_size: int) -> dict[str, list[tuple]]:
        """Column -> (value, count) rows of a page that is the whole table searched, nothing else,
        counted through the table's facet-value codes (``pipeline/publish/facet_counts.py``) while
        they are current; {} for any other page, or when the codes are missing or stale.

        The matches' rowids (Datasette's own full-text subquery) are joined to the narrow
        ``<table>_facet_rows`` and counted by code, one pass; each code's values are read from
        ``<table>_facet_combos``, and each column's counts summed, ranked and cut as Datasette's
        statement does (count, then value).
        """
        search = SEARCH.search(self.sql)
        whole = f" from {escape_sqlite(self.table)}" if self.table else None
        if not search or not whole or set(self.params) != {"search"}:
            return {}
        if not self.sql[: search.start()].endswith(whole):
            return {}
        available = await self._coded()
        wanted = [column for column in columns if column in available]
        if not wanted:
            return {}
        table = self.table
        rows_table, combos = ROWS_TABLE.format(table=table), COMBOS_TABLE.format(table=table)
        values = ", ".join(f"k.{escape_sqlite(column)} as c{i}" for i, column in enumerate(wanted))
        grouped = f"""
            with matched as materialized (
                select r.code as code, count(*) as n from ({search["ids"]}) as f
                join [{rows_table}] as r on r.id = f.rowid group by r.code
            ),
            grouped as materialized (
                select {values}, m.n as n from matched as m cross join [{combos}] as k on k.code = m.code
            )
        """
        counted = await self._run(_ranked(grouped, len(wanted), facet_size))
        return {} if counted is None else _by_column(counted, wanted)

    def _equalities(self) -> tuple[str, list[str]] | None:
        """The conditions of Datasette's SQL and the (escaped) columns they name, when the page's
        only conditions are ``column = value`` filters (``?kind=resolution``,
        ``?council_id=X&year=Y``), written as Datasette writes them (``"kind" = :p0 and "year" = :p1``);
        None for any other page (no filter, a search, ``_where``, ``_next``, another lookup).
        """
        if not self.table or not self.params or not self.sql.startswith("select "):
            return None
        marker = f" from {escape_sqlite(self.table)} where "
        at = self.sql.rfind(marker)
        if at < 0 or not self.sql.endswith(" "):
            return None
        conditions = self.sql[at + len(marker) : -1]
        named, used = [], []
        for part in conditions.split(" and "):
            equal = EQUALS.fullmatch(part)
            if not equal:
                return None
            named.append(equal["column"])
            used.append(equal["param"])
        if len(set(used)) != len(used) or set(used) != set(self.params):
            return None
        return conditions, named

    async def _filtered(self, columns: list[str], facet_size: int) -> dict[str, list[tuple]]:
        """Column -> (value, count) rows of a page whose only conditions are equality filters on
        coded columns, summed from the whole table's count of each combination of facet values
        (``<table>_facet_combos``) while it is current; {} for any other page.

        The combinations' table has the table's facet columns under the same names, with the same
        declared types (so the same affinity) and no collation (tables with one get no codes), so
        Datasette's own conditions, with its parameters, pick in it exactly the combinations of the
        page's rows; each column's counts are then summed, ranked and cut as Datasette's statement
        does. A few thousand combinations are read instead of a third of a million rows.
        """
        equalities = self._equalities()
        if equalities is None:
            return {}
        conditions, named = equalities
        available = await self._coded(counted=True)
        wanted = [column for column in columns if column in available]
        if not wanted or not set(named) <= {_quoted(column) for column in available}:
            return {}
        combos = COMBOS_TABLE.format(table=self.table)
        values = ", ".join(f"{escape_sqlite(column)} as c{i}" for i, column in enumerate(wanted))
        grouped = (
            f"with grouped as materialized (select {values}, {COUNT_COLUMN} as n "
            f"from [{combos}] where {conditions})"
        )
        counted = await self._run(_ranked(grouped, len(wanted), facet_size))
        return {} if counted is None else _by_column(counted, wanted)

    async def facet_results(self):
        configs = [
            (c["config"].get("column") or c["config"]["simple"], c["source"]) for c in self.get_configs()
        ]
        if not configs:
            return [], []
        facet_size = self.get_facet_size()
        columns = list(dict.fromkeys(column for column, _ in configs))
        if self._unfiltered():
            counts = await self._stored(columns)
        else:
            counts = await self._searched(columns, facet_size) or await self._filtered(columns, facet_size)
        missing = [column for column in columns if column not in counts]
        if missing:
            counts.update(await self._live(missing, facet_size))
        results, timed_out = [], []
        for column, source in configs:
            rows = counts[column]
            if rows is None:
                timed_out.append(column)
            else:
                results.append(await self._result(column, source, rows, facet_size))
        return results, timed_out

    async def _result(self, column: str, source: str, rows: list[tuple], facet_size: int) -> dict:
        """One facet's result, exactly as ``ColumnFacet.facet_results`` builds it."""
        qs_pairs = self.get_querystring_pairs()
        values = []
        shown = rows[:facet_size]
        expanded = (
            await self.ds.expand_foreign_keys(self.database, self.table, column, [v for v, _ in shown])
            if self.table
            else {}
        )
        column_qs = f"{column}__exact" if column.startswith("_") else column
        for value, count in shown:
            selected = (column_qs, str(value)) in qs_pairs
            if selected:
                toggle_path = path_with_removed_args(self.request, {column_qs: str(value)})
            else:
                toggle_path = path_with_added_args(self.request, {column_qs: value})
            values.append(
                {
                    "value": value,
                    "label": expanded.get((column, value), value),
                    "count": count,
                    "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(toggle_path)),
                    "selected": selected,
                }
            )
        return {
            "name": column,
            "type": ColumnFacet.type,
            "hideable": source != "metadata",
            "toggle_url": self.ds.urls.path(path_with_removed_args(self.request, {"_facet": column})),
            "results": values,
            "truncated": len(rows) > facet_size,
        }


def _quoted(column: str) -> str:
    """A column's name as Datasette's filters write it (``_quote_sqlite_identifier``, 0.65):
    double-quoted when ``escape_sqlite`` leaves it bare.
    """
    escaped = escape_sqlite(column)
    return f'"{column}"' if escaped == column else escaped


def _ranked(grouped: str, columns: int, facet_size: int) -> str:
    """Each facet's rows from ``grouped`` (a CTE of value columns ``c0``, ``c1``... and a count
    ``n``), as Datasette's statement gives them: counts summed per value, nulls left out, ordered
    by count then value (in the column's collation), the first ``facet_size + 1`` kept.
    """
    branches = " union all ".join(
        f"select {i} as facet, c{i} as value, sum(n) as count, "
        f"row_number() over (order by sum(n) desc, c{i}) as rank "
        f"from grouped where c{i} is not null group by c{i}"
        for i in range(columns)
    )
    kept = f"where rank <= {facet_size + 1} order by facet, rank"
    return f"{grouped} select facet, value, count from ({branches}) {kept}"


def _by_column(rows: list[tuple], columns: list[str]) -> dict[str, list[tuple]]:
    """(facet, value, count) rows of :func:`_ranked` -> column -> its (value, count) rows."""
    return {
        column: [(value, count) for facet, value, count in rows if facet == i]
        for i, column in enumerate(columns)
    }


@hookimpl
def register_facet_classes():
    return [StoredColumnFacet]
