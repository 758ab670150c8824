"""Build: parse and extract every source, then store each document in its own transaction.

Parsing and extraction are pure work (``process``) and may run in a pool of worker processes;
writing stays in this one process, because SQLite wants a single writer. A source is skipped
before it is read when its path, size and mtime match what the database recorded (see
:mod:`pipeline.uptodate`), and before it is parsed when its bytes are ones the current
extractors already processed, so a re-run of an unchanged corpus reads no file and writes
nothing. Such a run imports no parser, extractor or sqlite-utils either: they load when a
document needs them.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import extractors
from core.document import Document
from pipeline import store, uptodate
from pipeline.ingest import Source, discover
from pipeline.parse import MAX_BYTES, ParseError

META_FIELDS = ("council", "body", "date", "title")


@dataclass
class Outcome:
    """What happened to one source: ``status`` is new, unchanged or failed."""

    source: Source
    status: str
    sha256: str | None = None
    doc: Document | None = None
    metadata: dict = field(default_factory=dict)
    records: dict = field(default_factory=dict)
    stage: str | None = None
    error_type: str | None = None
    message: str | None = None
    stat: uptodate.Stat | None = None  # the file's, just before it was read


@dataclass
class Summary:
    new: int = 0
    unchanged: int = 0
    failed: int = 0
    pruned: int = 0
    records: dict = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.new + self.unchanged + self.failed


def extract_all(doc: Document) -> tuple[dict, dict[str, list]]:
    """Run every registered extractor on one document: (metadata fields, records by table).

    The document is read once (:func:`core.reading.read`) and every extractor gets that reading.
    """
    from core.reading import read

    reading = read(doc)
    found = next(iter(extractors.get("document_metadata").extract(reading)), None)
    metadata = {k: getattr(found, k) for k in META_FIELDS} if found else {}
    records = {e.table: list(e.extract(reading)) for e in extractors.RECORD_EXTRACTORS}
    return metadata, records


def process(
    source: Source,
    max_bytes: int = MAX_BYTES,
    stat: uptodate.Stat | None = None,
    known: frozenset[str] = frozenset(),
) -> Outcome:
    """Read, hash, parse and extract one source. Never raises: a failure comes back as an Outcome.

    Bytes whose hash is in ``known`` (processed before by these extractors) are not parsed.
    """
    try:
        data = source.path.read_bytes()
    except OSError as exc:
        return _failed_read(source, exc.strerror or str(exc))
    sha = hashlib.sha256(data).hexdigest()
    if sha in known:
        return Outcome(source, "unchanged", sha, stat=stat)
    outcome = process_bytes(source, data, max_bytes, sha)
    outcome.stat = stat
    return outcome


def process_bytes(source: Source, data: bytes, max_bytes: int = MAX_BYTES, sha: str | None = None) -> Outcome:
    """Parse and extract one source's bytes (pure: no I/O, so it can run anywhere)."""
    from pipeline.parse import parse_bytes

    sha = sha or hashlib.sha256(data).hexdigest()
    stage = "parse"
    try:
        doc = parse_bytes(data, source.path.name, source.meta, max_bytes=max_bytes)
        stage = "extract"
        metadata, records = extract_all(doc)
        return Outcome(source, "new", sha, doc, merge_metadata(source.meta, metadata), records)
    except ParseError as exc:
        return Outcome(source, "failed", sha, stage=stage, error_type=exc.kind, message=str(exc))
    except RecursionError:
        return Outcome(
            source,
            "failed",
            sha,
            stage=stage,
            error_type="too_deep",
            message=f"{source.path.name}: {stage} failed: structure nested too deeply to read",
        )
    except Exception as exc:  # noqa: BLE001 - one bad document must never stop the run
        return Outcome(
            source,
            "failed",
            sha,
            stage=stage,
            error_type=type(exc).__name__,
            message=f"{source.path.name}: {stage} failed: {exc}",
        )


def merge_metadata(manifest: dict, extracted: dict) -> dict:
    """Manifest values win over what was read from the text; the council is normalised."""
    from core.councils import find_council

    merged = {k: manifest.get(k) or extracted.get(k) for k in META_FIELDS}
    council = find_council(merged["council"])
    if council:
        merged["council"] = council.name
    merged["council_id"] = council.id if council else None
    merged["year"] = int(merged["date"][:4]) if merged.get("date") else None
    merged["url"] = manifest.get("url")
    merged["source"] = manifest.get("source")
    merged["licence"] = manifest.get("licence")
    extra = {k: v for k, v in manifest.items() if k not in (*META_FIELDS, "url", "source", "licence")}
    merged["meta"] = json.dumps(extra, ensure_ascii=False, sort_keys=True) if extra else None
    return merged


def open_database(path: str | Path):
    """Open (creating if needed) a complete scrutiny database: the store's tables
    (:func:`pipeline.store.open_db`), the official reference data and its views
    (:mod:`pipeline.reference`), and the publishing summary's empty table
    (:mod:`pipeline.publish.summaries`), which canned queries read even before a database is
    finished. The build composes them so that storage imports neither.
    """
    from pipeline.publish.summaries import ensure_summaries
    from pipeline.reference import ensure_reference

    db = store.open_db(path)
    ensure_summaries(db.conn)
    ensure_reference(db)
    return db


def required_names() -> set[str]:
    """The tables and views :func:`open_database` creates: a database holding them all is complete."""
    from pipeline.publish.summaries import SUMMARY
    from pipeline.reference import ALL_TABLES, VIEWS

    return {*store.required_names(), SUMMARY, *ALL_TABLES, *VIEWS}


def build(
    paths: list[str | Path],
    db_path: str | Path,
    *,
    workers: int = 1,
    dask_scheduler: str | None = None,
    prune: bool = False,
    max_bytes: int = MAX_BYTES,
    progress: Callable[[Outcome, int, int], None] | None = None,
) -> Summary:
    """Build (or update) ``db_path`` from the sources under ``paths``."""
    sources = discover(paths)
    versions = extractors.versions()
    built = uptodate.read_built(db_path, versions, required_names())
    summary = Summary()
    todo: list[tuple[Source, uptodate.Stat | None]] = []
    shas: set[str] = set()
    now = time.time_ns()
    for source in sources:
        stat = uptodate.stat_of(source.path, now)
        known = built.unchanged(source.key, stat)
        if known is None:
            todo.append((source, stat))
            continue
        shas.add(known.sha256)
        status = _count_known(summary, source, known)
        if progress:
            progress(Outcome(source, status, known.sha256, stat=stat), summary.total, len(sources))
    if built.complete and not todo and not prune:
        return summary  # nothing to write: the database is not even opened for writing
    db = None
    for outcome in _run(todo, workers, max_bytes, dask_scheduler, frozenset(built.by_sha)):
        if db is None:  # opened once the first document is read: workers read on meanwhile
            db = open_database(db_path)
        shas.add(outcome.sha256 or "")
        _record(db, summary, outcome, built, versions)
        if progress:
            progress(outcome, summary.total, len(sources))
    if db is None:
        db = open_database(db_path)
    if prune:
        summary.pruned = store.prune(db, shas)
    db.close()
    return summary


def _count_known(summary: Summary, source: Source, known: uptodate.Known) -> str:
    """Count a source whose bytes these extractors already processed; returns unchanged or failed.

    Bytes that failed before would fail the same way, and their reason is already in ``errors``.
    """
    if known.status == "ok":
        summary.unchanged += 1
        return "unchanged"
    summary.failed += 1
    summary.failures.append(f"{known.message or source.path.name} (unchanged since the last run)")
    return "failed"


def _record(db, summary: Summary, outcome: Outcome, built: uptodate.Built, versions: str) -> None:
    """Store one outcome in its own transaction and count it."""
    source, stat = outcome.source, outcome.stat
    size, mtime_ns = (stat.size, stat.mtime_ns) if stat else (None, None)
    if outcome.status == "unchanged":
        outcome.status = _count_known(summary, source, built.by_sha[outcome.sha256 or ""])
        if stat:  # touched or copied back: note the new stat so the next run need not hash it
            store.record_stat(db, outcome.sha256 or "", source.key, stat.size, stat.mtime_ns)
    elif outcome.status == "failed":
        summary.failed += 1
        summary.failures.append(outcome.message or "")
        store.save_failure(
            db,
            source.path.name,
            source.key,
            outcome.sha256,
            versions,
            url=source.meta.get("url"),
            stage=outcome.stage or "read",
            error_type=outcome.error_type or "error",
            message=outcome.message or "",
            size=size,
            mtime_ns=mtime_ns,
        )
    else:
        store.save_document(
            db,
            outcome.doc,
            outcome.metadata,
            outcome.records,
            versions,
            path=source.key,
            size=size,
            mtime_ns=mtime_ns,
        )
        summary.new += 1
        for table, recs in outcome.records.items():
            summary.records[table] = summary.records.get(table, 0) + len(recs)


def _run(
    todo: list[tuple[Source, uptodate.Stat | None]],
    workers: int,
    max_bytes: int,
    dask_scheduler: str | None,
    known: frozenset[str],
) -> Iterator[Outcome]:
    """Outcomes in corpus order; at most a few documents are in flight, so memory stays flat."""
    if dask_scheduler:
        yield from _run_dask(todo, dask_scheduler, max_bytes, known)
        return
    if workers <= 1 or len(todo) < 2:
        for source, stat in todo:
            yield process(source, max_bytes, stat, known)
        return
    from concurrent.futures import ProcessPoolExecutor

    _preload(todo)
    with ProcessPoolExecutor(max_workers=workers, initializer=_remember, initargs=(known,)) as pool:

        def submit(task: tuple[Source, uptodate.Stat | None]):
            return pool.submit(_process_in_worker, task[0], max_bytes, task[1])

        yield from _windowed(submit, todo, workers * 4)


def _preload(todo: list[tuple[Source, uptodate.Stat | None]]) -> None:
    """Import the parsers and extractors the workers will need before they are forked.

    Forked workers then share these modules instead of each importing them: two processes
    importing at once on two cores each took twice as long as one alone (0.7 s against 0.3 s).
    """
    import multiprocessing

    if multiprocessing.get_start_method() != "fork":
        return  # spawned workers import everything themselves whatever this process holds
    from core.text import nlp
    from pipeline.parse import SUFFIXES

    extractors.get(extractors.METADATA)  # imports every extractor, compiling its patterns
    nlp()  # spaCy's blank English pipeline with its sentencizer
    formats = {SUFFIXES.get(source.path.suffix.lower()) for source, _ in todo}
    if "pdf" in formats:
        import pipeline.parse.pdf  # noqa: F401
    if "html" in formats:
        import pipeline.parse.html  # noqa: F401


_KNOWN: frozenset[str] = frozenset()


def _remember(known: frozenset[str]) -> None:
    """Pool initializer: the hashes already processed, sent once per worker rather than per task."""
    global _KNOWN
    _KNOWN = known


def _process_in_worker(source: Source, max_bytes: int, stat: uptodate.Stat | None) -> Outcome:
    return process(source, max_bytes, stat, _KNOWN)


def _run_dask(
    todo: list[tuple[Source, uptodate.Stat | None]], scheduler: str, max_bytes: int, known: frozenset[str]
) -> Iterator[Outcome]:
    """Parse and extract on a Dask distributed cluster; results come back to this one writer.

    Workers need scrutiny-miner installed; the files are read here and sent to them, so the
    cluster needs no access to the corpus folder.
    """
    from distributed import Client

    with Client(scheduler) as client:
        workers = max(1, len(client.scheduler_info().get("workers", {})))

        def submit(task: tuple[Source, uptodate.Stat | None]):
            source, stat = task
            try:
                data = source.path.read_bytes()
            except OSError as exc:
                return client.submit(_failed_read, source, str(exc), pure=False)
            sha = hashlib.sha256(data).hexdigest()
            if sha in known:
                return client.submit(Outcome, source, "unchanged", sha, stat=stat, pure=False)
            return client.submit(_process_shipped, source, data, max_bytes, sha, stat, pure=False)

        yield from _windowed(submit, todo, workers * 4)


def _process_shipped(source: Source, data: bytes, max_bytes: int, sha: str, stat) -> Outcome:
    outcome = process_bytes(source, data, max_bytes, sha)
    outcome.stat = stat
    return outcome


def _windowed(submit, items: list, window: int) -> Iterator[Outcome]:
    """Submit ``items`` keeping at most ``window`` futures pending; yield results in order."""
    pending = deque()
    for item in items:
        pending.append(submit(item))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _failed_read(source: Source, reason: str) -> Outcome:
    return Outcome(
        source,
        "failed",
        None,
        stage="read",
        error_type="unreadable",
        message=f"{source.path}: cannot be read ({reason})",
    )


def default_workers() -> int:
    return max(1, (os.cpu_count() or 1))
