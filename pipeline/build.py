"""Build: parse and extract every source, then store each document in its own transaction.

Parsing and extraction are pure work (``process``) and may run in a pool of worker processes;
writing stays in this one process, because SQLite wants a single writer. A document whose
bytes and extractor versions are unchanged is skipped before it is parsed, so a re-run of an
unchanged corpus reads each file once and writes nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import extractors
from pipeline import store
from pipeline.councils import find_council
from pipeline.document import Document
from pipeline.ingest import Source, discover
from pipeline.parse import MAX_BYTES, ParseError, parse_bytes

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
    """Run every registered extractor on one document: (metadata fields, records by table)."""
    found = next(iter(extractors.get("document_metadata").extract(doc)), None)
    metadata = {k: getattr(found, k) for k in META_FIELDS} if found else {}
    records = {e.table: list(e.extract(doc)) for e in extractors.RECORD_EXTRACTORS}
    return metadata, records


def process(source: Source, max_bytes: int = MAX_BYTES) -> Outcome:
    """Read, parse and extract one source. Never raises: a failure comes back as an Outcome."""
    try:
        data = source.path.read_bytes()
    except OSError as exc:
        return _failed_read(source, exc.strerror or str(exc))
    return process_bytes(source, data, max_bytes)


def process_bytes(source: Source, data: bytes, max_bytes: int = MAX_BYTES) -> Outcome:
    """Parse and extract one source's bytes (pure: no I/O, so it can run anywhere)."""
    sha = hashlib.sha256(data).hexdigest()
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
    db = store.open_db(db_path)
    versions = extractors.versions()
    summary = Summary()
    todo: list[Source] = []
    shas: set[str] = set()
    for source in sources:
        sha = _sha_of(source.path)
        shas.add(sha or "")
        known = store.known_status(db, sha, versions) if sha else None
        if known is None or known[0] == "too_large":  # a larger --max-bytes may read it now
            todo.append(source)
        elif known[0] == "ok":
            summary.unchanged += 1
            if progress:
                progress(Outcome(source, "unchanged", sha), summary.total, len(sources))
        else:  # failed before with these bytes and extractors: it would fail the same way
            summary.failed += 1
            summary.failures.append(f"{known[1] or source.path.name} (unchanged since the last run)")
            if progress:
                progress(Outcome(source, "failed", sha), summary.total, len(sources))
    for outcome in _run(todo, workers, max_bytes, dask_scheduler):
        if outcome.status == "failed":
            summary.failed += 1
            summary.failures.append(outcome.message or "")
            store.save_failure(
                db,
                outcome.source.path.name,
                outcome.source.key,
                outcome.sha256,
                versions,
                url=outcome.source.meta.get("url"),
                stage=outcome.stage or "read",
                error_type=outcome.error_type or "error",
                message=outcome.message or "",
            )
        else:
            store.save_document(
                db, outcome.doc, outcome.metadata, outcome.records, versions, path=outcome.source.key
            )
            summary.new += 1
            for table, recs in outcome.records.items():
                summary.records[table] = summary.records.get(table, 0) + len(recs)
        if progress:
            progress(outcome, summary.total, len(sources))
    if prune:
        summary.pruned = store.prune(db, shas)
    db.close()
    return summary


def _run(
    todo: list[Source], workers: int, max_bytes: int, dask_scheduler: str | None = None
) -> Iterator[Outcome]:
    """Outcomes in corpus order; at most a few documents are in flight, so memory stays flat."""
    if dask_scheduler:
        yield from _run_dask(todo, dask_scheduler, max_bytes)
        return
    if workers <= 1 or len(todo) < 2:
        for source in todo:
            yield process(source, max_bytes)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from _windowed(lambda s: pool.submit(process, s, max_bytes), todo, workers * 4)


def _run_dask(todo: list[Source], scheduler: str, max_bytes: int) -> Iterator[Outcome]:
    """Parse and extract on a Dask distributed cluster; results come back to this one writer.

    Workers need scrutiny-miner installed; the files are read here and sent to them, so the
    cluster needs no access to the corpus folder.
    """
    from distributed import Client

    with Client(scheduler) as client:
        workers = max(1, len(client.scheduler_info().get("workers", {})))

        def submit(source: Source):
            try:
                data = source.path.read_bytes()
            except OSError as exc:
                return client.submit(_failed_read, source, str(exc), pure=False)
            return client.submit(process_bytes, source, data, max_bytes, pure=False)

        yield from (f for f in _windowed(submit, todo, workers * 4))


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


def _sha_of(path: Path) -> str | None:
    try:
        h = hashlib.sha256()
        with path.open("rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
        return h.hexdigest()
    except OSError:
        return None


def default_workers() -> int:
    return max(1, (os.cpu_count() or 1))
