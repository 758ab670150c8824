"""One build at a time per database: a lock file beside it, held for the whole build.

Two builds writing one new database at once crashed ("database is locked", "table documents_fts
already exists"); SQLite's own locking covers a transaction, not the creation of a schema or
a build's view of what is already there. The lock is an ``flock`` on ``DB.build-lock``, so it
is released by the kernel however the build ends (even SIGKILL): a stale lock file on disk
never blocks the next build. ``serve`` checks it too, to say why it waits.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path


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
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            raise BuildLocked(
                f"another build is running on {db_path}; wait for it to finish (lock: {path})"
            ) from exc
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        os.close(fd)  # releases the lock; the file stays, so every build locks the same inode


def is_locked(db_path: str | Path) -> bool:
    """Whether a build holds ``db_path`` now."""
    try:
        import fcntl
    except ImportError:
        return False
    path = lock_path(db_path)
    if not path.exists():
        return False
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)
    return False
