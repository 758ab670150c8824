"""Summaries: answers of canned queries too costly to compute on each request of a large database.

Why: some canned queries, asked for every council or organisation, read a whole record table to
answer. On a database of a million recommendations each takes about or over the 100 ms a
published page may take:

- ``frequent_witnesses`` reads every appearance of the two hundred people who gave evidence most
  often (tens of thousands of rows, each joined to its document);
- ``rating_disagreements`` for all councils checks every Ofsted judgement of the ILACS years
  against the official record (the ``rating_checks`` view) to find the few that disagree;
- ``latest_ofsted`` and ``councils_by_judgement`` rank every overall judgement of every council
  to keep each council's latest.

Their answers for "all" only change when the data does, so they are computed once, when a
database is finished for serving or publishing (:func:`pipeline.publish.site.finish`), and stored
with a fingerprint of the data they were computed from. ``latest_ofsted`` stores only which
judgement is each council's latest (its ``ofsted_rating_id`` column): ``councils_by_judgement``
ranks the same way, so both read that list, for any council or judgement asked.

A canned query reads a stored answer only while the fingerprint still matches the data
(``data_fingerprint``: row counts, highest row ids and latest build time of the record tables,
the councils, and the official reference files' hashes); otherwise, or for one council or
organisation, it computes the answer live. So a stale summary is never shown: a database changed
after it was finished is slower, never wrong. Each stored answer is made by running the canned
query from ``datasette-metadata.yml`` while its summary is empty, so it is the live answer by
construction.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from pipeline.publish.facet_counts import ensure_facet_counts


@dataclass(frozen=True)
class Summary:
    """The stored answer of one canned query, asked with ``params`` (its "all" form)."""

    table: str
    query: str
    params: dict[str, str]
    #: The summary table's columns: the answer's columns kept, then ``fingerprint``.
    columns: str


SUMMARIES = (
    Summary(
        "frequent_witnesses_summary",
        "frequent_witnesses",
        {"organisation": ""},
        "name text, documents integer, councils integer, at_councils text, at_committees text, "
        "positions text, organisations text, first_year integer, last_year integer, document text, "
        "document_id text",
    ),
    Summary(
        "rating_disagreements_summary",
        "rating_disagreements",
        {"council": ""},
        "council text, document_date text, area text, judgement_as_printed text, "
        "official_judgement_as_printed text, official_inspection_date text, "
        "official_publication_date text, page integer, quote text, document text, document_id text, "
        "ofsted_rating_id text",
    ),
    Summary("latest_ofsted_summary", "latest_ofsted", {"council": ""}, "ofsted_rating_id text"),
)
#: The first summary's table (kept for callers that name it).
SUMMARY = SUMMARIES[0].table

#: Changes whenever a document or record is added, removed or rebuilt (each build of a document
#: sets its built_at), a council is added or removed, or the official reference data is refreshed.
FINGERPRINT = """
create view data_fingerprint as select
  (select count(*) from witnesses) || '/' || (select coalesce(max(rowid), 0) from witnesses) || '/' ||
  (select count(*) from ofsted_ratings) || '/' ||
  (select coalesce(max(rowid), 0) from ofsted_ratings) || '/' ||
  (select count(*) from documents) || '/' || (select coalesce(max(rowid), 0) from documents) || '/' ||
  (select coalesce(max(built_at), '') from documents) || '/' || (select count(*) from councils) || '/' ||
  (select count(*) from official_inspections) || '/' ||
  (select count(*) from official_area_synonyms) || '/' ||
  (select coalesce(group_concat(sha256), '') from reference_sources)
  as fingerprint
"""


def ensure_summaries(conn: sqlite3.Connection) -> None:
    """Create the (empty) summary tables (and the stored facet counts' table,
    :mod:`pipeline.publish.facet_counts`) and the fingerprint view if missing, and replace a
    fingerprint view of an older version: the canned queries read them, so they must exist in
    every database, finished or not.
    """
    ensure_facet_counts(conn)
    for summary in SUMMARIES:
        conn.execute(f"create table if not exists [{summary.table}] ({summary.columns}, fingerprint text)")
    found = conn.execute("select sql from sqlite_master where type = 'view' and name = 'data_fingerprint'")
    row = found.fetchone()
    if row is not None and row[0].strip() != FINGERPRINT.strip():
        conn.execute("drop view data_fingerprint")
        row = None
    if row is None:
        conn.execute(FINGERPRINT)


def refresh_summaries(conn: sqlite3.Connection, queries: dict[str, str] | None = None) -> dict[str, int]:
    """Store the current answer of each summarised query; returns the rows stored per table.

    ``queries`` maps a canned query's name to its SQL (default: ``datasette-metadata.yml``). Each
    runs after its summary is emptied, so it computes the answer live. Call inside the caller's
    transaction.
    """
    if queries is None:
        from pipeline.publish.metadata import load_metadata

        canned = load_metadata()["databases"]["scrutiny"]["queries"]
        queries = {s.query: canned[s.query]["sql"] for s in SUMMARIES}
    ensure_summaries(conn)
    stored = {}
    for summary in SUMMARIES:
        columns = ", ".join(c.split()[0] for c in summary.columns.split(","))
        conn.execute(f"delete from [{summary.table}]")
        conn.execute(
            f"insert into [{summary.table}] select {columns}, (select fingerprint from data_fingerprint) "
            f"from ({queries[summary.query]}) as answer",
            summary.params,
        )
        stored[summary.table] = conn.execute(f"select count(*) from [{summary.table}]").fetchone()[0]
    return stored
