"""One build at a time per database: a lock file beside it, held for the whole build.

Two builds writing one new database at once crashed ("database is locked", "table documents_fts
already exists"); SQLite's own locking covers a transaction, not the creation of a schema or
a build's view of what is already there. The lock is a POSIX record lock (``lockf``) on
``DB.build-lock``, so it is released by the kernel however the build ends (even SIGKILL): a
stale lock file on disk never blocks the next build. Unlike ``flock``, it is not shared with the
worker processes the build forks, so a worker still dying after its build was killed does not
hold the database.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path

_HELD: set[str] = set()  # lock files this process holds
_HELD_GUARD = threading.Lock()


class BuildLocked(Exception):
    """Another build holds the database."""


def lock_path(db_path: str | Path) -> Path:
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".build-lock")


@contextlib.contextmanager
def build_lock(db_path: str | Path) -> Iterator[None]:
    """Hold the build lock of ``db_path``, or raise :class:`BuildLocked` at once."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock (SQLite still serialises each transaction)
        yield
        return
    path = lock_path(db_path)
    busy = BuildLocked(f"another build is running on {db_path}; wait for it to finish (lock: {path})")
    path.parent.mkdir(parents=True, exist_ok=True)
    key = str(path.resolve())
    with _HELD_GUARD:  # a POSIX lock does not exclude its own process: this set does
        if key in _HELD:
            raise busy
        _HELD.add(key)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
        try:
            try:
                fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                raise busy from exc
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
            yield
        finally:
            os.close(fd)  # releases the lock; the file stays, so every build locks the same inode
    finally:
        with _HELD_GUARD:
            _HELD.discard(key)
