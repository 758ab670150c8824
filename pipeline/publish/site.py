"""Publish: a read-only Datasette over a built database, and a bundle to deploy it.

The database is always published under the name ``scrutiny`` (``/scrutiny/recommendations``),
whatever its file is called, so links, canned queries and dashboards are the same for every
build. It is served immutable: Datasette counts rows once (from an inspect file), never writes,
and no plugin we load writes either.

Everything Datasette needs besides the database lives in the project root, laid out as a
Datasette configuration directory: ``datasette-metadata.yml`` (titles, licences, column
descriptions, canned queries, dashboards), ``templates/`` and ``plugins/``. :func:`bundle`
copies them beside an optimised copy of the database, so ``datasette serve BUNDLE`` runs the
same site with nothing from this project installed.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

from datasette.app import Datasette
from datasette.database import Database

from pipeline import store
from pipeline.publish.facet_counts import refresh_facet_counts
from pipeline.publish.metadata import DB_NAME, METADATA, ROOT, load_metadata  # noqa: F401 (re-exported)
from pipeline.publish.summaries import refresh_summaries

TEMPLATES = ROOT / "templates"
PLUGINS = ROOT / "plugins"
SETTINGS = {
    "sql_time_limit_ms": 3000,
    "facet_time_limit_ms": 500,
    "suggest_facets": False,
    "default_page_size": 50,
    "max_returned_rows": 2000,
    "allow_download": True,
}
#: The Datasette plugins a published site runs, pinned. None of them writes to the database.
REQUIREMENTS = ["datasette==0.65.5", "datasette-dashboards==0.8.0", "datasette-search-all==1.1.4"]


class PublishError(Exception):
    """The database or the output folder cannot be used for publishing."""


def inspect_file(db_path: Path) -> Path:
    return Path(db_path).with_suffix(".inspect.json")


def inspect_data(db_path: Path, file: str | None = None) -> dict:
    """Datasette's inspect data for ``db_path``: its hash, size and every table's row count.

    With it, Datasette serves an immutable database without counting rows on each start.
    ``file`` is the name recorded for the database (Datasette's config-directory mode uses it
    to decide which files are immutable).
    """
    db_path = Path(db_path)
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        tables = {
            name: {"count": conn.execute(f"select count(*) from [{name}]").fetchone()[0]}
            for (name,) in conn.execute("select name from sqlite_master where type = 'table'")
        }
    finally:
        conn.close()
    digest = hashlib.sha256()
    with db_path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return {
        DB_NAME: {
            "hash": digest.hexdigest(),
            "size": db_path.stat().st_size,
            "file": file or str(db_path),
            "tables": tables,
        }
    }


def write_inspect(db_path: Path, out: Path | None = None, file: str | None = None) -> dict:
    """Count every table once and save it (beside the database unless ``out`` is given)."""
    data = inspect_data(Path(db_path), file)
    (out or inspect_file(Path(db_path))).write_text(json.dumps(data, indent=2), encoding="utf-8")
    return data


def _current_inspect(db_path: Path) -> dict | None:
    """The saved inspect data, if it still describes this file (same size); else None."""
    path = inspect_file(db_path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    entry = data.get(DB_NAME) or {}
    return data if entry.get("size") == db_path.stat().st_size else None


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
        template_dir=str(TEMPLATES),
        plugins_dir=str(PLUGINS),
        inspect_data=_current_inspect(db_path) if immutable else None,
    )
    ds.add_database(Database(ds, path=str(db_path), is_mutable=not immutable), name=DB_NAME, route=DB_NAME)
    ds.remove_database("_memory")  # Datasette adds it when given no files; we publish one database only
    return ds


def finish(conn: sqlite3.Connection) -> None:
    """Ready a database for serving, in one transaction: indexes made sure of, full-text indexes
    merged, analysed (:func:`pipeline.store.finish`), then the summaries stored
    (:mod:`pipeline.publish.summaries`), computed with the fresh statistics, and the whole tables'
    default facet counts (:mod:`pipeline.publish.facet_counts`).
    """
    with conn:
        store.finish(conn)
        refresh_summaries(conn)
        refresh_facet_counts(conn)


def optimise(path: str | Path) -> None:
    """Make a database ready to serve immutable, in place: WAL checkpointed into the main file,
    :func:`finish` ed, vacuumed.
    """
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode = DELETE")
        finish(conn)
        conn.execute("VACUUM")
    finally:
        conn.close()


def optimised_copy(src: Path, dest: Path) -> Path:
    """Copy a database for publishing: one file (no WAL), FTS indexes merged, analysed, summaries
    stored (:func:`finish`), vacuumed.

    The SQLite backup API reads a consistent snapshot even while a build is writing, and
    includes what is still in the source's WAL file.
    """
    dest.unlink(missing_ok=True)
    source = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
    target = sqlite3.connect(dest)
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode = DELETE")
        finish(target)
        target.execute("VACUUM")
    finally:
        target.close()
        source.close()
    return dest


def snapshot(db_path: str | Path, folder: Path, wait_seconds: float = 10.0) -> Path:
    """An optimised, consistent copy of ``db_path`` in ``folder``, to serve instead of the file.

    ``serve`` never writes to the user's database (no checkpoint, no VACUUM) and never serves a
    file a build is writing: the backup API copies one committed state, even mid-build. A
    database still being created (no documents table yet), or locked past ``wait_seconds``,
    is refused with a message saying so.
    """
    import time

    db_path = Path(db_path)
    if not db_path.is_file():
        raise PublishError(f"{db_path}: no such database; run 'scrutiny build PATH --db {db_path}' first")
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            if not _has_documents(db_path):
                raise PublishError(
                    f"{db_path}: not a scrutiny database yet (a build may be creating it); "
                    "serve it when 'scrutiny build' has finished"
                )
            copy = optimised_copy(db_path, folder / f"{DB_NAME}.db")
            write_inspect(copy)
            return copy
        except sqlite3.DatabaseError as exc:  # locked, busy, or not a database at all
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise PublishError(f"{db_path}: cannot be read ({exc})") from exc
            if time.monotonic() > deadline:
                raise PublishError(
                    f"{db_path}: locked by another process for {wait_seconds:g} s (a build creating it?); "
                    "try again when it has finished"
                ) from exc
            time.sleep(0.2)


def _has_documents(db_path: Path) -> bool:
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        found = conn.execute("select 1 from sqlite_master where type = 'table' and name = 'documents'")
        return found.fetchone() is not None
    finally:
        conn.close()


BUNDLE_README = """\
# scrutiny-miner: published database

A Datasette configuration directory: the database (optimised, immutable), its metadata,
templates and plugin. Serve it read-only on http://127.0.0.1:8001/scrutiny with

    python3 -m pip install -r requirements.txt
    datasette serve . --port 8001

`datasette serve` binds 127.0.0.1 unless given `--host`. The Procfile is for a hosting
platform that routes traffic to the process, so it binds 0.0.0.0 on the platform's $PORT.

To build a Docker image instead (needs Docker), from this folder:

    {package}

Source documents are public-sector information under the Open Government Licence v3.0.
"""


def package_command() -> str:
    """The ``datasette package`` command that builds an image of a bundle (run inside it)."""
    installs = " ".join(f"--install {r}" for r in REQUIREMENTS)
    settings = " ".join(
        f"--setting {k} {str(v).lower() if isinstance(v, bool) else v}" for k, v in SETTINGS.items()
    )
    return (
        f"datasette package {DB_NAME}.db -m metadata.yml --template-dir templates --plugins-dir plugins "
        f"{installs} --extra-options '{settings}'"
    )


#: The list of what :func:`bundle` wrote, kept in the bundle: ``--force`` removes these and nothing else.
WRITTEN = ".scrutiny-publish.json"


def bundle(db_path: str | Path, out: str | Path, *, force: bool = False) -> Path:
    """Write a deployable folder: ``scrutiny.db`` (optimised), inspect file, metadata,
    settings, templates, plugins, pinned requirements and a Procfile. Returns the folder.

    ``force`` replaces what an earlier publish wrote into ``out`` (listed in :data:`WRITTEN`),
    never anything else: a folder holding the source database, or files of the same names that
    this command did not write, is refused.
    """
    db_path, out = Path(db_path), Path(out)
    if not db_path.exists():
        raise PublishError(f"{db_path}: no such database; run 'scrutiny build PATH --db {db_path}' first")
    if _inside(db_path, out):
        raise PublishError(
            f"{out}: holds the database {db_path} being published; choose an output folder outside it"
        )
    if out.exists() and any(out.iterdir()):
        if not force:
            raise PublishError(f"{out}: folder exists and is not empty; choose another or pass --force")
        _remove_written(out)
    out.mkdir(parents=True, exist_ok=True)
    _refuse_foreign(out)
    db_file = optimised_copy(db_path, out / f"{DB_NAME}.db")
    write_inspect(db_file, out / "inspect-data.json", file=db_file.name)
    shutil.copyfile(METADATA, out / "metadata.yml")
    (out / "settings.json").write_text(json.dumps(SETTINGS, indent=2), encoding="utf-8")
    shutil.copytree(TEMPLATES, out / "templates", dirs_exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(PLUGINS, out / "plugins", ignore=ignore, dirs_exist_ok=True)
    (out / "requirements.txt").write_text("\n".join(REQUIREMENTS) + "\n", encoding="utf-8")
    (out / "Procfile").write_text("web: datasette serve . --host 0.0.0.0 --port $PORT\n", encoding="utf-8")
    (out / "README.md").write_text(BUNDLE_README.format(package=package_command()), encoding="utf-8")
    written = sorted(_bundle_files(out))
    (out / WRITTEN).write_text(json.dumps(written, indent=1), encoding="utf-8")
    return out


def _bundle_names() -> list[str]:
    """The files a bundle consists of, relative to its folder."""
    fixed = [f"{DB_NAME}.db", "inspect-data.json", "metadata.yml", "settings.json", "requirements.txt"]
    fixed += ["Procfile", "README.md"]
    templates = [
        f"templates/{p.relative_to(TEMPLATES).as_posix()}" for p in TEMPLATES.rglob("*") if p.is_file()
    ]
    plugins = [
        f"plugins/{p.relative_to(PLUGINS).as_posix()}"
        for p in PLUGINS.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    ]
    return fixed + templates + plugins


def _bundle_files(out: Path) -> list[str]:
    return [name for name in _bundle_names() if (out / name).is_file()]


def _inside(db_path: Path, out: Path) -> bool:
    """Whether the database (or its WAL/journal) lives in ``out`` or below it."""
    db, folder = db_path.resolve(), out.resolve()
    return folder == db.parent or folder in db.parents


def _remove_written(out: Path) -> None:
    """Delete the files an earlier publish listed in :data:`WRITTEN`, and nothing else."""
    try:
        listed = json.loads((out / WRITTEN).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        listed = []
    root = out.resolve()
    for name in listed if isinstance(listed, list) else []:
        target = (out / str(name)).resolve()
        if root in target.parents and target.is_file() and not target.is_symlink():
            target.unlink()
    for sub in ("templates", "plugins"):
        if (out / sub).is_dir() and not any((out / sub).iterdir()):
            (out / sub).rmdir()
    (out / WRITTEN).unlink(missing_ok=True)


def _refuse_foreign(out: Path) -> None:
    """Refuse to overwrite a file of a bundle's name that an earlier publish did not write."""
    clash = [name for name in _bundle_names() if (out / name).exists() or (out / name).is_symlink()]
    if clash:
        raise PublishError(
            f"{out}: already holds {', '.join(clash[:3])}{' ...' if len(clash) > 3 else ''}, not written by "
            "'scrutiny publish'; nothing was replaced: move them away or choose another folder"
        )


def serve(db_path: str | Path, host: str = "127.0.0.1", port: int = 8001) -> None:
    """Serve ``db_path`` read-only until interrupted."""
    import uvicorn

    ds = make_datasette(db_path)
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning")
