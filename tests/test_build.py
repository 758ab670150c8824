"""End to end: files in, every table of the storage contract out, with rows."""

from __future__ import annotations

import sqlite3

from pipeline.store import RECORD_TABLES


def test_seeds_build_creates_every_table_with_rows(seeds_db):
    conn = sqlite3.connect(seeds_db)
    tables = {r[0] for r in conn.execute("select name from sqlite_master where type='table'")}
    for table in ["documents", "councils", "errors", *RECORD_TABLES]:
        assert table in tables
    for table in ["documents", *RECORD_TABLES]:
        assert conn.execute(f"select count(*) from [{table}]").fetchone()[0] > 0, table


def test_every_quote_is_the_document_text_at_its_offsets(seeds_db):
    conn = sqlite3.connect(seeds_db)
    for table in RECORD_TABLES:
        rows = conn.execute(
            f"select r.quote, substr(d.text, r.char_start + 1, r.char_end - r.char_start) "
            f"from [{table}] r join documents d on d.id = r.document_id"
        ).fetchall()
        for quote, at_offsets in rows:
            assert quote == at_offsets
