"""The ``stored`` facet type (plugins/scrutiny_facets.py) shows exactly what Datasette's column facet shows.

The record tables' default facets read counts stored when the database was finished
(pipeline/publish/facet_counts.py) for a page without filter or search, and count live otherwise
(a search's facets in one grouped pass). Each check here asks the same pages of two sites over
the same database: ours, and one whose metadata lists the same facets as plain column facets, so
Datasette's own ``ColumnFacet`` answers; the facet results must be equal, value for value,
label, toggle link and selected state. The database is the benchmark's generator
(bench/bigdb.py) at 5,000 recommendations: many councils and years, some documents without a
council or a year, so nulls and ties occur.
"""

from __future__ import annotations

import copy
import importlib.util
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from datasette.app import Datasette
from datasette.database import Database
from datasette.tracer import capture_traces
from helpers import synthetic_database

from pipeline.publish import facet_counts
from pipeline.publish import site as publish

ROOT = Path(__file__).resolve().parent.parent
FACETED = ["recommendations", "documents", "witnesses", "ofsted_ratings", "caseloads"]


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = synthetic_database(tmp_path_factory.mktemp("facets") / "facets.db", 5_000)
    publish.write_inspect(path)
    return path


def column_metadata() -> dict:
    """The site's metadata with every ``stored`` facet written as a plain column facet."""
    metadata = copy.deepcopy(publish.load_metadata())
    for meta in metadata["databases"]["scrutiny"]["tables"].values():
        if "facets" in meta:
            meta["facets"] = [
                f[facet_counts.FACET_TYPE] if isinstance(f, dict) else f for f in meta["facets"]
            ]
    return metadata


def datasette(path: Path, metadata: dict | None = None, *, immutable: bool = True, **settings) -> Datasette:
    """A site over ``path`` as ``publish.make_datasette`` makes it, with other metadata or settings."""
    if metadata is None and not settings:
        return publish.make_datasette(path, immutable=immutable)
    ds = Datasette(
        metadata=metadata or publish.load_metadata(),
        settings={**publish.SETTINGS, **settings},
        template_dir=str(publish.TEMPLATES),
        plugins_dir=str(publish.PLUGINS),
        inspect_data=publish._current_inspect(path) if immutable else None,
    )
    ds.add_database(Database(ds, path=str(path), is_mutable=not immutable), name="scrutiny", route="scrutiny")
    ds.remove_database("_memory")
    return ds


def facets(loop, ds: Datasette, url: str, traces: list | None = None) -> tuple[dict, list]:
    """The page's facet results and timed-out facets; its SQL statements appended to ``traces``."""

    async def get():
        if traces is None:
            return await ds.client.get(url)
        with capture_traces(traces):  # Datasette traces by task: capture inside the request's task
            return await ds.client.get(url)

    response = loop.run_until_complete(get())
    assert response.status_code == 200, f"{url}: HTTP {response.status_code}\n{response.text[:1000]}"
    body = response.json()
    return body["facet_results"], body.get("facets_timed_out", [])


def pages(conn: sqlite3.Connection, table: str) -> list[str]:
    """A table's pages: whole, searched, filtered (one facet's value selected), truncated, paged."""
    council, year = (
        conn.execute(
            f"select council_id, year from [{table}] where council_id is not null and year is not null "
            "group by 1, 2 order by count(*) desc limit 1"
        ).fetchone()
        if table != "documents"
        else conn.execute(
            "select council, year from documents group by 1, 2 order by count(*) desc limit 1"
        ).fetchone()
    )
    key = "council" if table == "documents" else "council_id"
    third = facet_counts.stored_facets(publish.load_metadata())[table][2]  # kind, body, judgement...
    (common,) = conn.execute(
        f"select [{third}] from [{table}] where [{third}] is not null "
        "group by 1 order by count(*) desc limit 1"
    ).fetchone()
    base = f"/scrutiny/{table}.json"
    filtered = [  # equality filters on stored facets: counted from the combinations' stored counts
        f"{base}?{third}={common}",
        f"{base}?{third}={common}&_facet_size=2&_sort=year",
        f"{base}?{third}={common}&year={year}",
        f"{base}?{key}__exact={council}&year={year}&{third}={common}",
        f"{base}?year={year}&_facet_size=max",
        f"{base}?year={year}.0",  # the column's affinity makes it the year
        f"{base}?year=1066",  # absent from the table
        f"{base}?{third}=nothing-has-this&_facet_size=1",
        f"{base}?{key}={council}&_facet=year&_facet_size=3",
    ]
    return filtered + [
        base,
        f"{base}?_facet_size=3",
        f"{base}?_facet_size=max",
        f"{base}?_sort=year",
        f"{base}?_search=recruitment",
        f"{base}?_search=recruitment&_facet_size=2",
        f"{base}?_search=nothing-matches-this",
        f"{base}?{key}={council}",
        f"{base}?year={year}",
        f"{base}?{key}={council}&year={year}&_facet=year",
        f"{base}?_where=year+>+2020",
        f"{base}?_nocount=1",
        f"{base}?_next=100",
    ]


@pytest.mark.parametrize("table", FACETED)
def test_a_stored_facet_shows_what_the_column_facet_shows(db, loop, table):
    ours, theirs = datasette(db), datasette(db, column_metadata())
    conn = sqlite3.connect(db)
    for url in pages(conn, table):
        assert facets(loop, ours, url) == facets(loop, theirs, url), url
    results, _ = facets(loop, ours, f"/scrutiny/{table}.json")
    assert len(results) == 3 and all(r["type"] == "column" and r["results"] for r in results.values())


def test_a_whole_table_reads_its_stored_counts(db, loop):
    traces: list = []
    results, _ = facets(loop, datasette(db), "/scrutiny/recommendations.json", traces)
    assert set(results) == {"council_id", "year", "kind"}
    assert any("order by date desc" in t["sql"] for t in traces), "no statement traced"
    assert not [t["sql"] for t in traces if "count(*)" in t["sql"]], (
        "the whole table's facets were counted live"
    )
    stored = sqlite3.connect(db).execute(
        f"select count(*) from [{facet_counts.TABLE}] where table_name = 'recommendations'"
    )
    assert stored.fetchone()[0] >= sum(len(r["results"]) for r in results.values())


@pytest.mark.parametrize("query", ["kind=resolution", "council_id=x&year=2019", "year=2019&_sort=kind"])
def test_a_filtered_page_sums_the_stored_combinations(db, loop, query):
    traces: list = []
    results, _ = facets(loop, datasette(db), f"/scrutiny/recommendations.json?{query}", traces)
    statements = [" ".join(t["sql"].split()) for t in traces]
    assert len([s for s in statements if "recommendations_facet_combos" in s]) == 1, statements
    live = [s for s in statements if "count(*)" in s and "recommendations_facet" not in s]
    assert len(live) == 1, live  # Datasette's count of the page's rows; no facet counted live
    assert set(results) == {"council_id", "year", "kind"}


def test_a_search_counts_its_facets_through_the_facet_codes(db, loop):
    traces: list = []
    results, _ = facets(loop, datasette(db), "/scrutiny/recommendations.json?_search=recruitment", traces)
    statements = [" ".join(t["sql"].split()) for t in traces]
    looked_up = [s for s in statements if "from recommendations where rowid in" in s]
    assert len(looked_up) == 2, looked_up  # the rows shown and their count, Datasette's own
    assert len([s for s in statements if "recommendations_facet_rows" in s]) == 1
    assert all(r["results"] for r in results.values())


def test_without_codes_a_search_counts_its_facets_in_one_pass(db, loop, tmp_path):
    uncoded = Path(shutil.copy(db, tmp_path / "uncoded.db"))
    conn = sqlite3.connect(uncoded)
    with conn:
        conn.execute("drop table recommendations_facet_rows")
    conn.close()
    traces: list = []
    url = "/scrutiny/recommendations.json?_search=recruitment"
    results = facets(loop, datasette(uncoded, immutable=False), url, traces)
    assert results == facets(loop, datasette(uncoded, column_metadata(), immutable=False), url)
    statements = [" ".join(t["sql"].split()) for t in traces if "explain" not in t["sql"]]
    looked_up = [s for s in statements if "recommendations_fts" in s]
    assert len(looked_up) == 3, looked_up  # the rows, their count, one pass for the three facets


@pytest.mark.parametrize(
    "change",
    [
        "delete from recommendations where rowid in "
        "(select rowid from recommendations where council_id is not null limit 7)",
        "insert into recommendations (id, document_id, kind, text, page, char_start, char_end, quote, "
        "council_id, year) select 'new' || id, document_id, 'resolution', text, page, char_start, char_end, "
        "quote, 'new-council', 1999 from recommendations limit 5",
    ],
)
def test_stored_counts_are_not_used_once_the_data_changes(db, loop, tmp_path, change):
    changed = Path(shutil.copy(db, tmp_path / "changed.db"))
    before, _ = facets(loop, datasette(changed, immutable=False), "/scrutiny/recommendations.json")
    conn = sqlite3.connect(changed)
    with conn:
        conn.execute(change)
    conn.close()
    url = "/scrutiny/recommendations.json?_facet_size=max"
    after = facets(loop, datasette(changed, immutable=False), url)
    assert after == facets(loop, datasette(changed, column_metadata(), immutable=False), url)
    assert after[0] != facets(loop, datasette(db), url)[0]
    for other in ("_search=recruitment", "kind=resolution", "year=2019&kind=recommendation"):
        url = f"/scrutiny/recommendations.json?{other}&_facet_size=max"
        after = facets(loop, datasette(changed, immutable=False), url)
        assert after == facets(loop, datasette(changed, column_metadata(), immutable=False), url), url
    assert (
        before["council_id"] == facets(loop, datasette(db), "/scrutiny/recommendations.json")[0]["council_id"]
    )


def test_an_unfinished_database_counts_live(db, loop, tmp_path):
    unfinished = Path(shutil.copy(db, tmp_path / "unfinished.db"))
    conn = sqlite3.connect(unfinished)
    with conn:
        conn.execute(f"drop table [{facet_counts.TABLE}]")
    conn.close()
    url = "/scrutiny/witnesses.json"
    assert facets(loop, datasette(unfinished, immutable=False), url) == facets(
        loop, datasette(unfinished, column_metadata(), immutable=False), url
    )


def test_combinations_stored_without_counts_are_not_summed(db, loop, tmp_path):
    """A database finished by the version that stored combinations without their row counts:
    searches still use the codes, filtered pages count live, and both equal the column facet.
    """
    older = Path(shutil.copy(db, tmp_path / "older.db"))
    conn = sqlite3.connect(older)
    with conn:
        conn.execute(f"alter table recommendations_facet_combos drop column {facet_counts.COUNT_COLUMN}")
    conn.close()
    for query in ("kind=resolution", "_search=recruitment"):
        url = f"/scrutiny/recommendations.json?{query}&_facet_size=max"
        traces: list = []
        ours = facets(loop, datasette(older, immutable=False), url, traces)
        assert ours == facets(loop, datasette(older, column_metadata(), immutable=False), url), url
        combos = [t for t in traces if "recommendations_facet_combos" in t["sql"]]
        assert len(combos) == (query.startswith("_search")), query


def test_suggestions_still_work(db, loop):
    """The site runs without facet suggestions (``suggest_facets`` off); with them on, the page
    still works and suggests what Datasette suggests. Datasette's column facet does not know the
    stored facets are shown already, so it may suggest their columns too (a link that adds the
    same facet again, as ``?_facet=`` does on any page); nothing else differs.
    """
    url = "/scrutiny/recommendations.json?_search=recruitment"

    def suggested(ds):
        response = loop.run_until_complete(ds.client.get(url))
        assert response.status_code == 200
        return {s["name"] for s in response.json()["suggested_facets"]}

    ours = suggested(datasette(db, suggest_facets=True))
    theirs = suggested(datasette(db, column_metadata(), suggest_facets=True))
    assert theirs and theirs <= ours and ours - theirs <= {"council_id", "year", "kind"}


def test_the_plugin_reads_what_publishing_stores():
    spec = importlib.util.spec_from_file_location("scrutiny_facets", ROOT / "plugins" / "scrutiny_facets.py")
    plugin = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(plugin)
    assert plugin.TABLE == facet_counts.TABLE
    assert plugin.FINGERPRINT_SQL == facet_counts.FINGERPRINT_SQL
    assert (plugin.ROWS_TABLE, plugin.COMBOS_TABLE) == (facet_counts.ROWS_TABLE, facet_counts.COMBOS_TABLE)
    assert plugin.StoredColumnFacet.type == facet_counts.FACET_TYPE
    assert plugin.COUNT_COLUMN == facet_counts.COUNT_COLUMN
    stored = facet_counts.stored_facets(publish.load_metadata())
    assert set(FACETED) <= set(stored), "a record table's default facets are not stored"


@pytest.mark.parametrize("query", ["", "?_search=recruitment", "?kind=resolution&_facet=made_by"])
def test_the_html_page_is_the_column_facets_page(db, loop, query):
    """The page a reader sees is the same, facet for facet, but for the time its queries took."""

    def page(ds: Datasette) -> str:
        response = loop.run_until_complete(ds.client.get(f"/scrutiny/recommendations{query}"))
        assert response.status_code == 200
        return re.sub(r"Queries took [\d.]+ms", "", response.text)

    html = page(datasette(db))
    assert 'class="facet-results"' in html and html == page(datasette(db, column_metadata()))


def test_codes_are_made_only_where_values_compare_as_in_a_plain_column(tmp_path):
    """A table whose definition names a collation gets counts but no codes (its values could
    group or sort otherwise in the codes' tables); a plain one gets a code for every row.
    """
    conn = sqlite3.connect(tmp_path / "collate.db")
    conn.execute("create view data_fingerprint as select 'fixed' as fingerprint")
    conn.execute("create table plain (kind text, year integer)")
    conn.execute("create table folded (kind text collate nocase, year integer)")
    for table in ("plain", "folded"):
        conn.executemany(f"insert into {table} values (?, ?)", [("A", 1), ("a", 1), (None, 2), ("b", None)])
    metadata = {
        "databases": {
            "scrutiny": {
                "tables": {
                    t: {"facets": [{"stored": "kind"}, {"stored": "year"}]} for t in ("plain", "folded")
                }
            }
        }
    }
    with conn:
        stored = facet_counts.refresh_facet_counts(conn, metadata)
    assert stored == {"plain": 5, "folded": 4}  # "A" and "a" are one value in a nocase column
    names = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
    assert {"plain_facet_rows", "plain_facet_combos"} <= names
    assert not {"folded_facet_rows", "folded_facet_combos"} & names
    coded = conn.execute("select count(*) from plain_facet_rows join plain_facet_combos using (code)")
    assert coded.fetchone()[0] == 4
