"""Record tables from record dataclasses, and the document context every record carries.

A record type's fields are its table's columns and its ``KEY`` makes its id, so adding a record
type touches its extractor module, not the store. Every record table carries its document's
council, date and year (so Datasette's table pages facet by council and year), written with the
record and kept in step with ``documents`` by the database itself.
"""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass
from typing import ClassVar

import pytest

import extractors
from extractors.base import Record
from pipeline import record_tables, store
from pipeline.build import open_database


@dataclass(kw_only=True)
class Grant(Record):
    """A record type the store has never seen."""

    KEY: ClassVar[tuple[str, ...]] = ("amount", "funder")

    amount: float
    funder: str | None
    recurring: bool = False
    year: int | None = None


def test_a_record_dataclass_declares_its_table():
    assert record_tables.record_columns(Grant) == {
        "amount": float,
        "funder": str,
        "recurring": int,
        "year": int,  # its own year, not its document's
        "council_id": str,
        "date": str,
    }


def test_a_field_the_store_cannot_hold_is_named():
    @dataclass(kw_only=True)
    class Tagged(Record):
        tags: list[str]

    with pytest.raises(TypeError, match=r"Tagged\.tags: a field of type"):
        record_tables.record_columns(Tagged)


def test_every_record_table_is_declared_by_its_extractors_record_type():
    assert set(record_tables.record_tables()) == set(extractors.tables())
    for e in extractors.RECORD_EXTRACTORS:
        own = record_tables.record_columns(e.record_type)
        assert set(e.record_type.KEY) <= set(own), f"{e.table}: KEY names a field it does not have"


#: The fields ids were made of before record types declared them: ids must not change.
EARLIER_KEYS = {
    "recommendations": ("number", "kind", "text"),
    "ofsted_ratings": ("subject", "council_id", "area", "judgement", "inspection_year", "inspection_date"),
    "caseloads": ("low", "high", "role", "kind", "period"),
    "witnesses": ("name", "position", "organisation"),
}


def test_record_ids_are_those_of_earlier_builds(seeds_db):
    conn = sqlite3.connect(seeds_db)
    conn.row_factory = sqlite3.Row
    for table, key in EARLIER_KEYS.items():
        rows = conn.execute(f"select * from [{table}]").fetchall()
        assert rows, table
        for r in rows:
            place = (r["document_id"], table, r["char_start"], r["char_end"])
            expected = store.stable_id(*place, *[r[k] for k in key])
            assert r["id"] == expected, f"{table} {r['quote']!r}: its id changed"


def context_mismatches(conn: sqlite3.Connection) -> list[tuple]:
    """Records whose copied council, date or year differ from their document's."""
    found = []
    for table in extractors.tables():
        council = "" if table == "ofsted_ratings" else "or r.council_id is not d.council_id"
        found += conn.execute(
            f"select '{table}', r.id from [{table}] r join documents d on d.id = r.document_id "
            f"where r.date is not d.date or r.year is not d.year {council}"
        ).fetchall()
    return found


def test_records_carry_their_documents_council_date_and_year(seeds_db):
    conn = sqlite3.connect(seeds_db)
    assert context_mismatches(conn) == []
    dated = conn.execute("select count(*) from recommendations where council_id is not null and year > 2000")
    assert dated.fetchone()[0] > 0
    # An Ofsted judgement keeps the council it judges, which the extractor found.
    judged = conn.execute("select count(*) from ofsted_ratings where council_id is not null").fetchone()[0]
    assert judged > 0


def test_a_documents_new_council_date_or_year_reaches_its_records(seeds_db, tmp_path):
    db = shutil.copy(seeds_db, tmp_path / "changed.db")
    conn = sqlite3.connect(db)
    doc_id, = conn.execute(
        "select document_id from recommendations group by document_id order by count(*) desc limit 1"
    ).fetchone()
    with conn:
        conn.execute(
            "update documents set council_id = 'kent', date = '2031-02-03', year = 2031 where id = ?",
            [doc_id],
        )
    assert context_mismatches(conn) == []
    moved = conn.execute(
        "select count(*) from recommendations where council_id = 'kent' and year = 2031 and document_id = ?",
        [doc_id],
    ).fetchone()[0]
    assert moved > 0


def test_an_older_database_gets_the_context_columns_filled_in(seeds_db, tmp_path):
    db = shutil.copy(seeds_db, tmp_path / "old.db")
    conn = sqlite3.connect(db)
    conn.execute("pragma legacy_alter_table = on")  # views name the tables replaced here
    with conn:  # witnesses and recommendations as an earlier version made them
        earlier = {
            "witnesses": "id, document_id, name, position, organisation, page, char_start, char_end, quote",
            "recommendations": "id, document_id, number, kind, text, procedural, council_id, date, "
            "page, char_start, char_end, quote",
        }
        for table, columns in earlier.items():
            conn.execute(f"drop trigger [{table}_document_context]")
            conn.execute(f"create table [{table}_old] as select {columns} from [{table}]")
            conn.execute(f"drop table [{table}]")
            conn.execute(f"alter table [{table}_old] rename to [{table}]")
    conn.close()
    open_database(db).close()
    conn = sqlite3.connect(db)
    assert context_mismatches(conn) == []
    assert conn.execute("select count(*) from witnesses where year is not null").fetchone()[0] > 0
    links = {(r[2], r[3]) for r in conn.execute("pragma foreign_key_list(witnesses)")}
    assert ("councils", "council_id") in links, "an added council_id must show the council's name"
    indexes = {r[1] for r in conn.execute("pragma index_list(witnesses)")}
    assert {"witnesses_council_year", "witnesses_year_date", "witnesses_date"} <= indexes


def test_an_older_databases_replaced_year_index_is_dropped(seeds_db, tmp_path):
    """(year, council_id) became (year, date, council_id): an older database keeps only the new one."""
    db = shutil.copy(seeds_db, tmp_path / "old.db")
    with sqlite3.connect(db) as conn:
        conn.execute("create index recommendations_year_council on recommendations(year, council_id)")
    open_database(db).close()
    conn = sqlite3.connect(db)
    indexes = {r[1] for r in conn.execute("pragma index_list(recommendations)")}
    conn.close()
    assert "recommendations_year_date" in indexes and "recommendations_year_council" not in indexes
