"""Summaries: answers of canned queries too costly to compute on each request of a large database.

Why: ``frequent_witnesses`` reads every appearance of the two hundred people who gave evidence
most often (tens of thousands of rows, each joined to its document) to list their councils,
committees and positions; on a database of a million recommendations that takes well over the
100 ms a published page may take. Its answer for "all organisations" only changes when the data
does, so it is computed once, when a database is finished for serving or publishing
(:func:`pipeline.publish.site.finish`), and stored with a fingerprint of the data it was computed from.

The canned query itself reads the stored answer only while the fingerprint still matches the data
(``data_fingerprint``: row counts, highest row ids and latest build time of the tables it reads);
otherwise, or for another organisation, it computes the answer live. So a stale summary is never
shown: a database changed after it was finished is slower, never wrong. The stored answer is made
by running the canned query from ``datasette-metadata.yml`` while the summary is empty, so it is
the live answer by construction.
"""

from __future__ import annotations

import sqlite3

#: The answer of frequent_witnesses for every organisation, and the data it was computed from.
SUMMARY = "frequent_witnesses_summary"
COLUMNS = (
    "name text, documents integer, councils integer, at_councils text, at_committees text, "
    "positions text, organisations text, first_year integer, last_year integer, document text, "
    "document_id text, fingerprint text"
)
#: Changes whenever a document or witness is added, removed or rebuilt (each build of a document
#: sets its built_at), or a council is added or removed.
FINGERPRINT = """
create view data_fingerprint as select
  (select count(*) from witnesses) || '/' || (select coalesce(max(rowid), 0) from witnesses) || '/' ||
  (select count(*) from documents) || '/' || (select coalesce(max(rowid), 0) from documents) || '/' ||
  (select coalesce(max(built_at), '') from documents) || '/' || (select count(*) from councils)
  as fingerprint
"""


def ensure_summaries(conn: sqlite3.Connection) -> None:
    """Create the (empty) summary table and the fingerprint view if missing: the canned query
    reads them, so they must exist in every database, finished or not.
    """
    conn.execute(f"create table if not exists [{SUMMARY}] ({COLUMNS})")
    exists = conn.execute("select 1 from sqlite_master where type = 'view' and name = 'data_fingerprint'")
    if exists.fetchone() is None:
        conn.execute(FINGERPRINT)


def refresh_summaries(conn: sqlite3.Connection, sql: str | None = None) -> int:
    """Store the current answer of frequent_witnesses for every organisation; returns its rows.

    ``sql`` is the canned query (default: the one in ``datasette-metadata.yml``). It is run after
    the summary is emptied, so it computes the answer live. Call inside the caller's transaction.
    """
    if sql is None:
        from pipeline.publish.site import load_metadata

        sql = load_metadata()["databases"]["scrutiny"]["queries"]["frequent_witnesses"]["sql"]
    ensure_summaries(conn)
    conn.execute(f"delete from [{SUMMARY}]")
    conn.execute(
        f"insert into [{SUMMARY}] select answer.*, (select fingerprint from data_fingerprint) "
        f"from ({sql}) as answer",
        {"organisation": ""},
    )
    return conn.execute(f"select count(*) from [{SUMMARY}]").fetchone()[0]
