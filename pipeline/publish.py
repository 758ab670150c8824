"""Publish: a read-only Datasette over a built database, with the project's metadata.

The database is always published under the name ``scrutiny`` (``/scrutiny/recommendations``),
whatever its file is called, so links and canned queries are the same for every build. It is
served immutable: Datasette counts rows once (from an inspect file) and never writes.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from datasette.app import Datasette
from datasette.database import Database

ROOT = Path(__file__).resolve().parent.parent
METADATA = ROOT / "datasette-metadata.yml"
DB_NAME = "scrutiny"
SETTINGS = {
    "sql_time_limit_ms": 3000,
    "suggest_facets": False,
    "default_page_size": 50,
    "max_returned_rows": 2000,
    "allow_download": True,
}


def load_metadata(path: Path = METADATA) -> dict:
    """The Datasette metadata (title, licence, tables, canned queries, dashboards)."""
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}


def inspect_file(db_path: Path) -> Path:
    return db_path.with_suffix(".inspect.json")


def write_inspect(db_path: Path) -> dict:
    """Count every table once and save it beside the database (Datasette's inspect format)."""
    import sqlite3

    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        tables = {
            name: {"count": conn.execute(f"select count(*) from [{name}]").fetchone()[0]}
            for (name,) in conn.execute("select name from sqlite_master where type = 'table'")
        }
    finally:
        conn.close()
    import hashlib

    data = {
        DB_NAME: {
            "hash": hashlib.sha256(db_path.read_bytes()).hexdigest(),
            "size": db_path.stat().st_size,
            "file": str(db_path),
            "tables": tables,
        }
    }
    inspect_file(db_path).write_text(json.dumps(data, indent=2), encoding="utf-8")
    return data


def make_datasette(db_path: str | Path, *, immutable: bool = True) -> Datasette:
    """A configured Datasette instance over ``db_path``, named ``scrutiny``."""
    db_path = Path(db_path)
    if not db_path.exists():
        raise FileNotFoundError(
            f"{db_path}: no such database; run 'scrutiny build PATH --db {db_path}' first"
        )
    ds = Datasette(
        metadata=load_metadata(),
        settings=SETTINGS,
        template_dir=str(ROOT / "templates") if (ROOT / "templates").exists() else None,
    )
    ds.add_database(Database(ds, path=str(db_path), is_mutable=not immutable), name=DB_NAME, route=DB_NAME)
    return ds


def serve(db_path: str | Path, host: str = "127.0.0.1", port: int = 8001) -> None:
    """Serve ``db_path`` read-only until interrupted."""
    import uvicorn

    ds = make_datasette(db_path)
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning")
