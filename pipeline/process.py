"""One document's work: read it safely, hash it, parse it and run every extractor on it.

Pure per-document work, with no database: it runs in the build's worker processes (see
:mod:`pipeline.workers`) or on a Dask cluster, and comes back as an :class:`Outcome`. Reading
checks the file before it takes any memory: a regular file, no larger than ``--max-bytes``.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import stat as stat_module
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import extractors
from core.document import Document
from pipeline import uptodate
from pipeline.ingest import Source
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
    on_hash: Callable[[str], None] | None = None,
) -> Outcome:
    """Read, hash, parse and extract one source. Never raises: a failure comes back as an Outcome.

    The file is checked before it is read (a regular file, no larger than ``max_bytes``) and read
    no further than that, so a FIFO, a device or a huge file costs nothing. Bytes whose hash is in
    ``known`` (processed before by these extractors) are not parsed. ``on_hash`` hears the hash as
    soon as it is known (a worker tells its parent, in case the document then kills it).
    """
    try:
        data = read_capped(source.path, max_bytes)
    except TooBig as exc:
        return too_large(source, exc.size, max_bytes)
    except OSError as exc:
        return _failed_read(source, exc.strerror or str(exc))
    sha = hashlib.sha256(data).hexdigest()
    if on_hash:
        on_hash(sha)
    if sha in known:
        return Outcome(source, "unchanged", sha, stat=stat)
    outcome = process_bytes(source, data, max_bytes, sha)
    outcome.stat = stat
    return outcome


class TooBig(Exception):
    def __init__(self, size: int):
        super().__init__(size)
        self.size = size


def read_capped(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``; never blocks, never reads more.

    Opened without blocking and checked through the open descriptor, so a FIFO or device named
    like a document (or swapped in after the walk) is refused rather than read forever.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        if not stat_module.S_ISREG(st.st_mode):
            raise OSError(errno.EINVAL, "not a regular file (a FIFO, device or socket?)")
        if st.st_size > max_bytes:
            raise TooBig(st.st_size)
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:  # it grew while being read
                raise TooBig(total)
        return b"".join(chunks)
    finally:
        os.close(fd)


def too_large(source: Source, size: int, max_bytes: int) -> Outcome:
    """A file over the size limit, refused without reading it."""
    return Outcome(
        source,
        "failed",
        None,
        stage="read",
        error_type="too_large",
        message=f"{source.name}: {size:,} bytes is over the {max_bytes:,}-byte limit; "
        "raise it with --max-bytes to read this file",
    )


def process_bytes(source: Source, data: bytes, max_bytes: int = MAX_BYTES, sha: str | None = None) -> Outcome:
    """Parse and extract one source's bytes (pure: no I/O, so it can run anywhere)."""
    sha = sha or hashlib.sha256(data).hexdigest()
    doc = parse_stage(source, data, max_bytes, sha)
    if isinstance(doc, Outcome):
        return doc
    return extract_stage(source, doc, sha)


def parse_stage(source: Source, data: bytes, max_bytes: int, sha: str) -> Document | Outcome:
    """The parsed document, or the Outcome saying why it could not be parsed."""
    from pipeline.parse import parse_bytes

    return _guarded(
        source, sha, "parse", lambda: parse_bytes(data, source.name, source.meta, max_bytes=max_bytes)
    )


def extract_stage(source: Source, doc: Document, sha: str) -> Outcome:
    """Run the extractors on a parsed document: a new document's Outcome, or why it failed."""

    def extract() -> Outcome:
        metadata, records = extract_all(doc)
        return Outcome(source, "new", sha, doc, merge_metadata(source.meta, metadata), records)

    return _guarded(source, sha, "extract", extract)


def _guarded(source: Source, sha: str, stage: str, work: Callable[[], object]):
    """``work()``, or a failed Outcome naming the stage: one bad document never stops the run."""
    try:
        return work()
    except ParseError as exc:
        return Outcome(source, "failed", sha, stage=stage, error_type=exc.kind, message=str(exc))
    except MemoryError:
        return Outcome(
            source,
            "failed",
            sha,
            stage=stage,
            error_type="out_of_memory",
            message=f"{source.name}: {stage} needed more memory than a document may use (--max-memory)",
        )
    except RecursionError:
        return Outcome(
            source,
            "failed",
            sha,
            stage=stage,
            error_type="too_deep",
            message=f"{source.name}: {stage} failed: structure nested too deeply to read",
        )
    except Exception as exc:  # noqa: BLE001 - one bad document must never stop the run
        return Outcome(
            source,
            "failed",
            sha,
            stage=stage,
            error_type=type(exc).__name__,
            message=f"{source.name}: {stage} failed: {exc}",
        )


def extract_file(path: str, names: tuple[str, ...], on_hash=None) -> list[dict] | str:
    """What ``scrutiny extract`` prints: the rows the named extractors find in one file, or the
    message saying why it could not be parsed. Run in a worker (:mod:`pipeline.workers`), under
    the same memory and time limits as a build's documents."""
    from dataclasses import asdict

    from core.reading import read
    from pipeline.parse import parse_file

    try:
        doc = parse_file(path)
    except ParseError as exc:
        return str(exc)
    reading = read(doc)
    return [
        {"type": name, **asdict(record)} for name in names for record in extractors.get(name).extract(reading)
    ]


def merge_metadata(manifest: dict, extracted: dict) -> dict:
    """Manifest values win over what was read from the text; the council is normalised to its
    name on the document's date."""
    from core.councils import find_council

    merged = {k: manifest.get(k) or extracted.get(k) for k in META_FIELDS}
    council = find_council(merged["council"], merged.get("date"))
    if council:
        merged["council"] = council.name_on(merged.get("date"))  # as it was called then
    merged["council_id"] = council.id if council else None
    merged["year"] = int(merged["date"][:4]) if merged.get("date") else None
    merged["url"] = manifest.get("url")
    merged["source"] = manifest.get("source")
    merged["licence"] = manifest.get("licence")
    extra = {k: v for k, v in manifest.items() if k not in (*META_FIELDS, "url", "source", "licence")}
    merged["meta"] = json.dumps(extra, ensure_ascii=False, sort_keys=True) if extra else None
    return merged


def _failed_read(source: Source, reason: str) -> Outcome:
    return Outcome(
        source,
        "failed",
        None,
        stage="read",
        error_type="unreadable",
        message=f"{source.key}: cannot be read ({reason})",
    )
