"""The published queries stay quick on a large database: they read what they show, not whole tables.

Milliseconds depend on the machine and what else runs on it; the work SQLite does does not. So
these tests count the virtual-machine steps each canned query takes on a synthetic database (the
benchmark's generator, bench/bigdb.py, at 50,000 recommendations), fetching at most the rows
Datasette shows, and compare them with one pass over the recommendations table joined to their
documents, which is what the queries cost before they were made to use indexes. A query that goes
back to reading a whole record table (a lost index, a rewritten WHERE clause) fails here. The
benchmark (``python bench/run.py``) measures the milliseconds at a million recommendations.

The stored answers (pipeline/publish/summaries.py) are checked against the live ones, and shown to be
ignored once the data changes.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from helpers import synthetic_database

from pipeline import store
from pipeline.build import open_database
from pipeline.publish import site as publish
from pipeline.publish import summaries

ROOT = Path(__file__).resolve().parent.parent
QUERIES = publish.load_metadata()["databases"]["scrutiny"]["queries"]
#: Datasette shows at most max_returned_rows rows of a canned query, and fetches one more.
SHOWN = publish.SETTINGS["max_returned_rows"] + 1


def _plugin():
    spec = importlib.util.spec_from_file_location(
        "scrutiny_plugin", ROOT / "plugins" / "scrutiny_datasette.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def big_db(tmp_path_factory) -> Path:
    return synthetic_database(tmp_path_factory.mktemp("big") / "big.db", 50_000)


def connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    plugin = _plugin()
    conn.create_function("fts_query", 1, plugin.fts_query, deterministic=True)
    return conn


def steps(conn: sqlite3.Connection, sql: str, params: dict, fetch: int = SHOWN) -> int:
    """Thousands of SQLite virtual-machine steps to run ``sql`` and fetch ``fetch`` rows."""
    count = 0

    def tick() -> int:
        nonlocal count
        count += 1
        return 0

    conn.set_progress_handler(tick, 1000)
    try:
        conn.execute(sql, params).fetchmany(fetch)
    finally:
        conn.set_progress_handler(None, 0)
    return count


def council_of_most_documents(conn: sqlite3.Connection) -> str:
    return conn.execute(
        "select c.name from documents d join councils c on c.id = d.council_id "
        "group by c.id order by count(*) desc limit 1"
    ).fetchone()[0]


def full_pass(conn: sqlite3.Connection) -> int:
    """One pass over the recommendations, each joined to its document: what the queries cost before."""
    sql = "select count(*), max(d.year) from recommendations r join documents d on d.id = r.document_id"
    return steps(conn, sql, {})


#: The forms that must read only what they show: one council's rows, or (fetching the first rows a
#: page shows) every council's. Not here: the searches read every match by design (the benchmark
#: times them); latest judgements and rating_disagreements for all councils read stored answers,
#: tested below.
ONE_COUNCIL = [
    "council_recommendations",
    "council_caseloads",
    "caseload_checks_for_council",
    "rating_checks_for_council",
    "rating_disagreements",
    "council_feed",
    "ofsted_feed",
]
ALL_COUNCILS = [
    "council_recommendations",
    "council_caseloads",
    "caseload_checks_for_council",
    "rating_checks_for_council",
]


@pytest.mark.parametrize("name", ONE_COUNCIL)
def test_one_councils_answer_reads_that_councils_rows(big_db, name):
    conn = connect(big_db)
    cost = steps(conn, QUERIES[name]["sql"], {"council": council_of_most_documents(conn)})
    assert cost * 3 < full_pass(conn), f"{name}: {cost}k steps for one council"


@pytest.mark.parametrize("name", ALL_COUNCILS)
def test_every_councils_answer_reads_only_the_rows_shown_first(big_db, name):
    conn = connect(big_db)
    cost = steps(conn, QUERIES[name]["sql"], {"council": ""}, fetch=100)
    assert cost * 3 < full_pass(conn), f"{name}: {cost}k steps for the first 100 rows"


@pytest.mark.parametrize("params", [{"kind": "reported", "role": "social worker"}, {"kind": "", "role": ""}])
def test_latest_caseloads_reads_each_councils_newest_documents(big_db, params):
    conn = connect(big_db)
    assert steps(conn, QUERIES["latest_caseloads"]["sql"], params) * 3 < full_pass(conn)


@pytest.mark.parametrize("name", ["search_recommendations", "recommendations_feed"])
def test_a_search_finds_the_same_newest_matches_either_way(big_db, name):
    """search_recommendations (walking the documents newest first) and recommendations_feed
    (walking the recommendations by date over a narrow index) find the newest matches of a common
    word by that walk, and those of a rarer word by reading each match's document; both ways must
    give the same answer, whichever the word.
    """
    sql = QUERIES[name]["sql"]
    threshold = re.search(r"count\(\*\) >= (\d+)", sql)
    assert threshold, f"{name} no longer chooses how to find the newest matches"
    walk = sql.replace(threshold.group(0), "count(*) >= 0")
    read = sql.replace(threshold.group(0), "count(*) >= 1000000000")
    conn = connect(big_db)
    for words in ["recruitment", "agency social workers", "council", "term0042", "nothing-matches-this"]:
        answer = conn.execute(read, {"words": words}).fetchall()
        assert conn.execute(walk, {"words": words}).fetchall() == answer, words
        assert conn.execute(sql, {"words": words}).fetchall() == answer, words
        assert answer or words.startswith("nothing")


#: Each summarised query in the forms that read a stored answer (pipeline/publish/summaries.py):
#: latest_ofsted's stored list of latest judgements serves councils_by_judgement too, for any value.
STORED_FORMS = [
    ("frequent_witnesses", {"organisation": ""}),
    ("rating_disagreements", {"council": ""}),
    ("latest_ofsted", {"council": ""}),
    ("latest_ofsted", {"council": "Council"}),
    ("councils_by_judgement", {"judgement": ""}),
    ("councils_by_judgement", {"judgement": "Requires improvement"}),
]


def without_summaries(path: Path, copy: Path) -> sqlite3.Connection:
    """A copy of the database whose stored answers are emptied: its queries answer live."""
    conn = connect(shutil.copy(path, copy))
    with conn:
        for summary in summaries.SUMMARIES:
            conn.execute(f"delete from [{summary.table}]")
    return conn


def test_publishing_stores_every_summary(big_db):
    conn = connect(big_db)
    for summary in summaries.SUMMARIES:
        stored = conn.execute(f"select count(*) from [{summary.table}]").fetchone()[0]
        assert stored > 0, f"publish.optimise did not store {summary.table}"
    assert conn.execute("select count(*) from frequent_witnesses_summary").fetchone()[0] == 200


@pytest.mark.parametrize(("name", "params"), STORED_FORMS)
def test_a_stored_answer_is_the_live_answer_and_cheap(big_db, tmp_path, name, params):
    sql = QUERIES[name]["sql"]
    conn = connect(big_db)
    answer = conn.execute(sql, params).fetchall()
    live = without_summaries(big_db, tmp_path / "live.db")
    assert answer and live.execute(sql, params).fetchall() == answer
    assert steps(conn, sql, params) * 3 < full_pass(conn), f"{name} does not read its stored answer"


def test_a_stored_answer_is_not_used_once_the_data_changes(big_db, tmp_path):
    sql = QUERIES["frequent_witnesses"]["sql"]
    conn = connect(shutil.copy(big_db, tmp_path / "changed.db"))
    top = conn.execute(sql, {"organisation": ""}).fetchone()[0]
    with conn:
        conn.execute("delete from witnesses where lower(trim(name)) = lower(trim(?))", [top])
    names = [r[0] for r in conn.execute(sql, {"organisation": ""})]
    assert names and top not in names
    with conn:
        summaries.refresh_summaries(conn)
    assert [r[0] for r in conn.execute(sql, {"organisation": ""})] == names


@pytest.mark.parametrize("name", ["latest_ofsted", "rating_disagreements"])
def test_a_stored_judgement_is_not_used_once_it_is_deleted(big_db, tmp_path, name):
    sql = QUERIES[name]["sql"]
    conn = connect(shutil.copy(big_db, tmp_path / "changed.db"))
    first = conn.execute(sql, {"council": ""}).fetchone()
    gone = first[-1] if name == "rating_disagreements" else first[-2]  # its ofsted_rating_id
    with conn:
        conn.execute("delete from ofsted_ratings where id = ?", [gone])
    rows = conn.execute(sql, {"council": ""}).fetchall()
    assert rows and gone not in {r[-1] for r in rows} | {r[-2] for r in rows}
    if name == "latest_ofsted":  # the council's next latest judgement takes its place
        assert first[0] in {r[0] for r in rows}


def test_a_changed_official_record_is_noticed(big_db, tmp_path):
    sql = QUERIES["rating_disagreements"]["sql"]
    conn = connect(shutil.copy(big_db, tmp_path / "changed.db"))
    with conn:
        conn.execute("update reference_sources set sha256 = 'refreshed' where kind = 'inspections'")
        conn.execute("delete from official_inspections")
    assert conn.execute(sql, {"council": ""}).fetchall() == []


def test_an_older_database_gets_the_indexes_and_statistics(tmp_path):
    path = tmp_path / "old.db"
    open_database(path).close()
    conn = sqlite3.connect(path)
    conn.execute("drop index documents_newest")
    conn.commit()
    conn.close()
    open_database(path).close()
    publish.optimise(path)
    conn = sqlite3.connect(path)
    indexes = {r[0] for r in conn.execute("select name from sqlite_master where type = 'index'")}
    assert set(store.all_indexes()) <= indexes
    assert conn.execute("select count(*) from sqlite_master where name = 'sqlite_stat1'").fetchone()[0] == 1


#: What a record table's page runs (Datasette 0.65's SQL, in shape) when it is faceted by council
#: and year (the default facets) and filtered to one council and year: the rows newest first, the
#: count, and each facet's counts.
TABLE_PAGE = {
    "rows": "select * from [{t}] {where} order by date desc, id limit 51",
    "count": "select count(*) from [{t}] {where}",
    "council facet": (
        "select council_id as value, count(*) as count from (select * from [{t}] {where}) "
        "where council_id is not null group by council_id order by count desc, value limit 31"
    ),
    "year facet": (
        "select year as value, count(*) as count from (select * from [{t}] {where}) "
        "where year is not null group by year order by count desc, value limit 31"
    ),
}


@pytest.mark.parametrize("table", ["recommendations", "ofsted_ratings", "caseloads", "witnesses"])
@pytest.mark.parametrize("part", list(TABLE_PAGE))
def test_a_record_table_faceted_by_council_and_year_reads_indexes_only(big_db, table, part):
    conn = connect(big_db)
    council_id, year = conn.execute(
        f"select council_id, year from [{table}] where council_id is not null and year is not null "
        "group by 1, 2 order by count(*) desc limit 1"
    ).fetchone()
    one = "where council_id = :council_id and year = :year"
    params = {"council_id": council_id, "year": year}
    assert steps(conn, TABLE_PAGE[part].format(t=table, where=one), params) * 20 < full_pass(conn)
    # The whole table: its first rows newest first read only those; facet counts of every row are
    # counted from an index (a full table's facets read every entry, but never the rows).
    sql = TABLE_PAGE[part].format(t=table, where="")
    if part in ("rows", "count"):
        whole = steps(conn, sql, {})
        assert whole * 3 < full_pass(conn), f"{table} {part}: {whole}k steps over the whole table"
    else:
        plan = " ".join(r[3] for r in conn.execute("explain query plan " + sql))
        assert "COVERING INDEX" in plan, f"{table} {part}: {plan}"
