"""What is already built: the check a build makes before it reads, hashes or parses anything.

A re-run over an unchanged corpus should cost a directory walk and one query, so each stored
document keeps the size and modification time (ns) its file had when it was read. A source
whose path, size and mtime match its row, built by the same extractor versions, is unchanged
without being opened. When the stat differs, the content hash decides (a touched or copied
file with the same bytes is still unchanged): the stat is only a shortcut, never the truth.

A file modified in the last few seconds may change again within its timestamp's granularity
without its stat changing (git calls this "racy"), so its mtime is not kept and the next run
hashes it.

Plain sqlite3 rather than sqlite-utils: this runs before anything heavy is imported.
"""

from __future__ import annotations

import os
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path

#: A file modified less than this long before it was read is hashed again on the next run.
RACY_NS = 2_000_000_000
#: Failures that depend on the limits a build ran under (memory, time): remembered with those
#: limits (in ``documents.meta``) and tried again when they change.
LIMITED = frozenset({"timeout", "crashed", "out_of_memory"})


@dataclass(frozen=True)
class Stat:
    """The size and modification time a source file had just before it was read."""

    size: int
    mtime_ns: int | None  # None when too recent to trust (see RACY_NS)


@dataclass(frozen=True)
class Known:
    """What a build with the current extractors made of some bytes: ``status`` is ok or a failure."""

    sha256: str
    status: str
    message: str | None = None
    filename: str | None = None  # the file the message speaks of


@dataclass
class Built:
    """The database's record of earlier builds by the current extractor versions."""

    by_path: dict[str, tuple[int | None, int | None, Known]] = field(default_factory=dict)
    by_sha: dict[str, Known] = field(default_factory=dict)
    complete: bool = False  # the database has every table and view a build creates
    #: The ``errors`` table by path: (file name, message).
    errors: dict[str, tuple[str, str]] = field(default_factory=dict)

    def has_error(self, key: str) -> bool:
        return key in self.errors

    def same_error(self, key: str, message: str) -> bool:
        """Whether the error row of ``key`` already says ``message`` (nothing to write)."""
        return key in self.errors and self.errors[key][1] == message

    def message_for(self, key: str, name: str, known: Known) -> str:
        """Why the source at ``key`` fails: its own error row's message, or, for a copy of bytes
        that failed under another name, that message told of this file."""
        if key in self.errors:
            return self.errors[key][1]
        message = known.message or f"{name}: {known.status}"
        if known.filename and message.startswith(f"{known.filename}:"):
            message = name + message[len(known.filename) :]
        return message

    def unchanged(self, key: str, stat: Stat | None) -> Known | None:
        """The stored result for the source at ``key`` when its stat shows the same file."""
        row = self.by_path.get(key)
        if row is None or stat is None or stat.mtime_ns is None:
            return None
        size, mtime_ns, known = row
        return known if (size, mtime_ns) == (stat.size, stat.mtime_ns) else None


def stat_of(path: Path, now_ns: int | None = None) -> Stat | None:
    """The file's stat (None when it cannot be read: processing reports why)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    now_ns = time.time_ns() if now_ns is None else now_ns
    recent = now_ns - st.st_mtime_ns < RACY_NS
    return Stat(st.st_size, None if recent else st.st_mtime_ns)


def read_built(db_path: str | Path, versions: str, required: set[str], limits: str | None = None) -> Built:
    """Earlier results by path and by hash (none when there is no database yet), and whether the
    database already has all the ``required`` tables and views.

    Results that a new build might change are left out: documents from other extractor versions,
    files refused as too large (a larger ``--max-bytes`` may read them now), and documents that
    failed under other ``limits`` (:data:`LIMITED`).
    """
    built = Built()
    if not Path(db_path).is_file():
        return built
    try:
        conn = sqlite3.connect(db_path)
    except sqlite3.Error:
        return built
    try:
        names = conn.execute("select name from sqlite_master where type in ('table', 'view')")
        present = {r[0] for r in names}
        columns = {r[1] for r in conn.execute("pragma table_info(documents)")}
        built.complete = required <= present and "mtime_ns" in columns
        if not {"documents", "errors"} <= present:
            return built
        messages: dict[str, tuple[str, str]] = {}
        for path, sha, filename, message in conn.execute(
            "select path, sha256, filename, message from errors"
        ):
            if sha:
                messages.setdefault(sha, (filename, message))
            if path:
                built.errors[path] = (filename, message)
        mtime = "mtime_ns" if "mtime_ns" in columns else "null"
        rows = conn.execute(
            f"select path, sha256, status, bytes, {mtime}, meta from documents "
            "where extractor_versions = ? and status != 'too_large' and sha256 is not null",
            [versions],
        )
        for path, sha, status, size, mtime_ns, meta in rows:
            if status in LIMITED and meta != limits:
                continue  # it failed under other limits: try again
            filename, message = messages.get(sha, (None, None)) if status != "ok" else (None, None)
            known = Known(sha, status, message, filename)
            built.by_sha[sha] = known
            if path:
                built.by_path[path] = (size, mtime_ns, known)
    except sqlite3.Error:
        return Built()
    finally:
        conn.close()
    return built
