"""Datasette plugin: a column facet whose counts of a whole table are read from the database.

Why: a table page with no filter counts each of its default facets over the whole table. On a
database of a million recommendations, each of the three (council, year, kind) groups a million
index entries, 40-50 ms apiece, though the counts only change with the data. So the publishing
step stores them (``pipeline/publish/facet_counts.py``, table :data:`TABLE`) with a fingerprint
of the data, and this facet type, ``stored``, reads them for a page without filter or search
while the fingerprint still matches: the database's ``data_fingerprint``, the table's row count
(which the page knows already) and its highest rowid. Otherwise, or for a column without stored
counts, it counts live with Datasette's own column-facet statement. Either way it returns what
Datasette's ``ColumnFacet`` returns (labels, toggle links, selected values, truncation, time
outs), and it names its results ``column``, so pages and JSON look the same.

The record tables' ``facets:`` in ``datasette-metadata.yml`` are written ``{stored: column}``.
Like the other plugin in this folder it imports nothing from the project: a published bundle runs
with Datasette alone, so :data:`TABLE` and :data:`FINGERPRINT_SQL` repeat the publishing step's
(a test checks they agree). It never writes.
"""

from __future__ import annotations

import sqlite3

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.facets import ColumnFacet
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args

TABLE = "facet_counts"
FINGERPRINT_SQL = (
    "select (select fingerprint from data_fingerprint) || '/' || :rows || '/' || "
    "(select coalesce(max(rowid), 0) from [{table}])"
)


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
        columns whose counts must read the table's rows (a full-text search's matches, say) are
        counted together: one pass over those rows groups them by every such column at once
        (``together``), then each column's groups are summed, ranked and cut to the facet size as
        Datasette's statement does (its order: count, then value in the column's collation). So a
        search's three facets read its matches once instead of three times. If that one
        statement times out, each column is counted alone, each with its own time limit, as
        Datasette would.
        """
        together = [c for c in columns if len(columns) > 1 and await self._reads_rows(c, facet_size)]
        if len(together) < 2:
            together = []
        counts: dict[str, list[tuple] | None] = {}
        if together:
            names = {column: f"c{i}" for i, column in enumerate(together)}
            grouped = ", ".join(f"{escape_sqlite(c)} as {n}" for c, n in names.items())
            branches = " union all ".join(
                f"select {i} as facet, {n} as value, sum(n) as count, "
                f"row_number() over (order by sum(n) desc, {n}) as rank from grouped where {n} is not null "
                f"group by {n}"
                for i, n in enumerate(names.values())
            )
            sql = (
                f"with grouped as materialized (select {grouped}, count(*) as n from ({self.sql}) "
                f"group by {', '.join(names.values())}) "
                f"select facet, value, count from ({branches}) "
                f"where rank <= {facet_size + 1} order by facet, rank"
            )
            rows = await self._run(sql)
            if rows is not None:
                for i, column in enumerate(together):
                    counts[column] = [(value, count) for facet, value, count in rows if facet == i]
        for column in columns:
            if column not in counts:
                counts[column] = await self._run(self._statement(column, facet_size))
        return counts

    async def facet_results(self):
        configs = [
            (c["config"].get("column") or c["config"]["simple"], c["source"]) for c in self.get_configs()
        ]
        if not configs:
            return [], []
        facet_size = self.get_facet_size()
        columns = list(dict.fromkeys(column for column, _ in configs))
        counts = await self._stored(columns) if self._unfiltered() else {}
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


@hookimpl
def register_facet_classes():
    return [StoredColumnFacet]
