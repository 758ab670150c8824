"""Build: parse and extract every source, then store each document in its own transaction.

Parsing and extraction are pure work (:mod:`pipeline.process`), run in worker processes under a
memory limit and a time budget (:mod:`pipeline.workers`); writing stays in this one process,
because SQLite wants a single writer. A source is skipped before it is read when its path, size
and mtime match what the database recorded (see :mod:`pipeline.uptodate`), and before it is
parsed when its bytes are ones the current extractors already processed, so a re-run of an
unchanged corpus reads no file and writes nothing. Such a run imports no parser, extractor or
sqlite-utils either: they load when a document needs them.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import extractors
from pipeline import parse_ahead, store, uptodate
from pipeline import workers as pool
from pipeline.ingest import Source, discover
from pipeline.parse import MAX_BYTES
from pipeline.process import (  # noqa: F401  (re-exported: callers import them from the build)
    META_FIELDS,
    Outcome,
    TooBig,
    _failed_read,
    extract_all,
    extract_stage,
    merge_metadata,
    process,
    process_bytes,
    read_capped,
    too_large,
)


@dataclass
class Summary:
    new: int = 0
    unchanged: int = 0
    failed: int = 0
    pruned: int = 0
    records: dict = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    failing: list[str] = field(default_factory=list)  # the keys (paths) of the sources that failed

    @property
    def total(self) -> int:
        return self.new + self.unchanged + self.failed


def open_database(path: str | Path):
    """Open (creating if needed) a complete scrutiny database: the store's tables
    (:func:`pipeline.store.open_db`), the official reference data and its views
    (:mod:`pipeline.reference`), and the publishing summaries' empty tables
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
    from pipeline.publish.summaries import SUMMARIES
    from pipeline.reference import ALL_TABLES, VIEWS

    return {*store.required_names(), *(s.table for s in SUMMARIES), *ALL_TABLES, *VIEWS}


def build(
    paths: list[str | Path],
    db_path: str | Path,
    *,
    workers: int = 1,
    dask_scheduler: str | None = None,
    prune: bool = False,
    max_bytes: int = MAX_BYTES,
    limits: pool.Limits = pool.DEFAULT_LIMITS,
    follow_links: bool = False,
    progress: Callable[[Outcome, int, int], None] | None = None,
) -> Summary:
    """Build (or update) ``db_path`` from the sources under ``paths``.

    One build at a time writes a database (:func:`pipeline.lock.build_lock`). Each document is
    parsed in a worker process under ``limits`` (memory, seconds); one that exceeds them is
    recorded as an error with the limits it had, and tried again only when they change.
    """
    from pipeline.lock import build_lock

    with build_lock(db_path):
        return _build(
            paths, db_path, workers, dask_scheduler, prune, max_bytes, limits, follow_links, progress
        )


def _build(paths, db_path, workers, dask_scheduler, prune, max_bytes, limits, follow_links, progress):
    sources = discover(paths, follow_links=follow_links)
    versions = extractors.versions()
    tag = limits_tag(limits)
    built = uptodate.read_built(db_path, versions, required_names(), tag)
    summary = Summary()
    todo: list[tuple[Source, uptodate.Stat | None]] = []
    decided: list[Outcome] = []  # failures known without reading: nothing for a worker to do
    shas: set[str] = set()
    now = time.time_ns()
    for source in sources:
        stat = None if source.problem else uptodate.stat_of(source.path, now)
        early = _refused(source, stat, max_bytes)
        if early is not None:
            if built.same_error(source.key, early.message or ""):
                summary.failing.append(source.key)
                _count_failure(summary, early.message or "", repeat=True)
                if progress:
                    progress(early, summary.total, len(sources))
            else:
                decided.append(early)
            continue
        known = built.unchanged(source.key, stat)
        if known is None:
            todo.append((source, stat))
            continue
        shas.add(known.sha256)
        status = _count_known(summary, source, known, built)
        if progress:
            progress(Outcome(source, status, known.sha256, stat=stat), summary.total, len(sources))
    if (
        built.complete
        and not todo
        and not decided
        and not prune
        and not _stale_errors(built, summary, sources)
    ):
        return summary  # nothing to write: the database is not even opened for writing
    db = None
    outcomes = _run(todo, workers, max_bytes, dask_scheduler, frozenset(built.by_sha), limits)
    for outcome in _chain(decided, outcomes):
        if db is None:  # opened once the first document is read: workers read on meanwhile
            db = open_database(db_path)
        shas.add(outcome.sha256 or "")
        _record(db, summary, outcome, built, versions, tag)
        if progress:
            progress(outcome, summary.total, len(sources))
    if db is None:
        db = open_database(db_path)
    if prune:
        summary.pruned = store.prune(db, shas)
    if prune:
        store.keep_errors(db, set(summary.failing))
    else:
        store.delete_errors(db, _stale_errors(built, summary, sources))
    db.close()
    return summary


def _stale_errors(built: uptodate.Built, summary: Summary, sources: list[Source]) -> list[str]:
    """Paths with an error row that no longer fail: fixed, or gone from a folder this build read.

    With ``--prune`` every error row of a path that did not fail now goes.
    """
    failing = set(summary.failing)
    keys = {source.key for source in sources}
    roots = {key.split("/", 1)[0] for key in keys if "/" in key}
    return [
        path
        for path in built.errors
        if path not in failing
        and (path in keys or path.split("/", 1)[0] in roots or os.path.isabs(path))  # absolute: old
    ]


def _chain(first: list[Outcome], rest: Iterator[Outcome]) -> Iterator[Outcome]:
    yield from first
    yield from rest


def limits_tag(limits: pool.Limits) -> str:
    """The limits a document failed under, stored with it: a change of limits tries it again."""
    seconds = float(limits.seconds) if limits.seconds else None  # 300 and 300.0 are one limit
    return json.dumps({"memory_mb": limits.memory_mb or None, "seconds": seconds}, sort_keys=True)


def _refused(source: Source, stat: uptodate.Stat | None, max_bytes: int) -> Outcome | None:
    """A failure decided before reading: a problem the walk found, or a file over ``max_bytes``."""
    if source.problem:
        kind, message = source.problem
        return Outcome(source, "failed", None, stage="read", error_type=kind, message=message)
    if stat is not None and stat.size > max_bytes:
        return too_large(source, stat.size, max_bytes)
    return None


def _count_failure(summary: Summary, message: str, repeat: bool = False) -> None:
    summary.failed += 1
    summary.failures.append(f"{message} (unchanged since the last run)" if repeat else message)


def _count_known(summary: Summary, source: Source, known: uptodate.Known, built: uptodate.Built) -> str:
    """Count a source whose bytes these extractors already processed; returns unchanged or failed.

    Bytes that failed before would fail the same way; the reason is in ``errors`` under this
    file's path (or, for a copy of a failed file, is written there by :func:`_record`).
    """
    if known.status == "ok":
        summary.unchanged += 1
        return "unchanged"
    summary.failing.append(source.key)
    _count_failure(summary, built.message_for(source.key, source.name, known), repeat=True)
    return "failed"


def _record(db, summary: Summary, outcome: Outcome, built: uptodate.Built, versions: str, tag: str) -> None:
    """Store one outcome in its own transaction and count it."""
    source, stat = outcome.source, outcome.stat
    size, mtime_ns = (stat.size, stat.mtime_ns) if stat else (None, None)
    if outcome.status == "unchanged":
        known = built.by_sha[outcome.sha256 or ""]
        outcome.status = _count_known(summary, source, known, built)
        if stat:  # touched or copied back: note the new stat so the next run need not hash it
            store.record_stat(db, outcome.sha256 or "", source.key, stat.size, stat.mtime_ns)
        if known.status != "ok" and not built.has_error(source.key):  # a copy of a failed file
            message = built.message_for(source.key, source.name, known)
            store.record_error(
                db, source.name, source.key, known.sha256, source.meta.get("url"), known, message
            )
    elif outcome.status == "failed":
        summary.failing.append(source.key)
        _count_failure(summary, outcome.message or "")
        store.save_failure(
            db,
            source.name,
            source.key,
            outcome.sha256,
            versions,
            url=source.meta.get("url"),
            stage=outcome.stage or "read",
            error_type=outcome.error_type or "error",
            message=outcome.message or "",
            size=size,
            mtime_ns=mtime_ns,
            limits=tag if outcome.error_type in uptodate.LIMITED else None,
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
    limits: pool.Limits = pool.DEFAULT_LIMITS,
) -> Iterator[Outcome]:
    """Outcomes in corpus order; at most a few documents are in flight, so memory stays flat.

    Every document is parsed in a worker process (even with ``workers=1``), so one that exhausts
    its memory or time costs an error row, not the build.
    """
    if dask_scheduler:
        yield from _run_dask(todo, dask_scheduler, max_bytes, known)
        return
    if not todo:
        return
    ahead = parse_ahead.start([source for source, _ in todo], _spare_cores(workers), max_bytes, limits, known)
    try:
        _preload(todo)
        parsed = ahead.stop() if ahead else {}
        tasks = [(source, max_bytes, stat, parsed.get(i)) for i, (source, stat) in enumerate(todo)]
        results = pool.run(tasks, _process_in_worker, workers, limits, init=_remember, initargs=(known,))
        yield from _outcomes(todo, results)
    finally:
        if ahead:
            ahead.close()
        gc.unfreeze()  # this process may go on (a library caller, a test run): collect as before


def _spare_cores(workers: int) -> int:
    """Cores a build of ``workers`` workers leaves idle while it loads the extractors: all it will
    use but the one loading (none with one worker, which is meant to use one core)."""
    return max(0, min(workers, os.cpu_count() or 1) - 1)


def _outcomes(todo: list[tuple[Source, uptodate.Stat | None]], results) -> Iterator[Outcome]:
    """The workers' results as Outcomes: a task whose worker died or overran becomes a failure."""
    for index, result in results:
        if isinstance(result, pool.Lost):
            source, stat = todo[index]
            result = Outcome(
                source,
                "failed",
                result.sha256,
                stage="parse",
                error_type=result.kind,
                message=f"{source.name}: {result.detail}",
                stat=stat,
            )
        yield result


def _preload(todo: list[tuple[Source, uptodate.Stat | None]]) -> None:
    """Import the parsers and extractors the workers will need before they are forked.

    Forked workers then share these modules instead of each importing them: two processes
    importing at once on two cores each took twice as long as one alone (0.7 s against 0.3 s).
    """
    if pool.start_method() != "fork":
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
    # What is loaded now lives as long as the workers: keep it out of their collector's way, so
    # their full collections do not walk these ~120,000 objects (nor, walking them, copy their
    # pages from this process): 0.2 s less of a one-worker build of the real papers. The build
    # unfreezes them in this process when its workers are done (:func:`_run`).
    gc.freeze()


_KNOWN: frozenset[str] = frozenset()


def _remember(known: frozenset[str]) -> None:
    """Pool initializer: the hashes already processed, sent once per worker rather than per task."""
    global _KNOWN
    _KNOWN = known


def _process_in_worker(
    source: Source, max_bytes: int, stat: uptodate.Stat | None, parsed: Path | None = None, on_hash=None
) -> Outcome:
    """One document in a worker: extract what the head start parsed (:mod:`pipeline.parse_ahead`),
    else read, parse and extract it."""
    head_start = parse_ahead.load(parsed) if parsed else None
    if head_start is None:
        return process(source, max_bytes, stat, _KNOWN, on_hash)
    sha, doc = head_start
    if on_hash:
        on_hash(sha)
    outcome = extract_stage(source, doc, sha)
    outcome.stat = stat
    return outcome


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
                data = read_capped(source.path, max_bytes)
            except TooBig as exc:
                return client.submit(too_large, source, exc.size, max_bytes, pure=False)
            except OSError as exc:
                return client.submit(_failed_read, source, exc.strerror or str(exc), pure=False)
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


def default_workers() -> int:
    return max(1, (os.cpu_count() or 1))
