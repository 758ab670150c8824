"""Helpers for tests that compare whole databases, and a synthetic one to query."""

from __future__ import annotations

import sqlite3
from pathlib import Path

#: Columns that record when, not what: they may differ between two equal builds.
VOLATILE = {"built_at", "at", "path", "mtime_ns"}


def snapshot(
    db: Path, tables=("documents", "recommendations", "ofsted_ratings", "caseloads", "witnesses", "errors")
) -> dict[str, list[tuple]]:
    """Every row of every table, volatile columns left out, sorted: equal builds compare equal."""
    conn = sqlite3.connect(db)
    try:
        out = {}
        for table in tables:
            cols = [r[1] for r in conn.execute(f"pragma table_info([{table}])") if r[1] not in VOLATILE]
            rows = conn.execute(f"select {', '.join(f'[{c}]' for c in cols)} from [{table}]").fetchall()
            out[table] = sorted(rows, key=repr)
        return out
    finally:
        conn.close()


def make_corpus(folder: Path, sources: list[Path], copies: int) -> list[Path]:
    """Write ``copies`` variants of each source text (distinct bytes) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for i in range(copies):
        for src in sources:
            path = folder / f"{src.stem}_{i:03d}.txt"
            path.write_text(
                src.read_text(encoding="utf-8") + f"\n\nCopy {i} of {src.name}.\n", encoding="utf-8"
            )
            written.append(path)
    return written


def synthetic_database(path: Path, rows: int) -> Path:
    """``bench/bigdb.py``'s synthetic published database with ``rows`` recommendations at ``path``
    (the million-row benchmark's database, small enough for a test)."""
    import sys

    bench = str(Path(__file__).resolve().parent.parent / "bench")
    sys.path.insert(0, bench)
    try:
        import bigdb
    finally:
        sys.path.remove(bench)
    bigdb.big_database(path, rows)
    return path
