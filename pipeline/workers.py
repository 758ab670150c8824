"""Worker processes that parse and extract, each document under a memory limit and a time budget.

Why not ``concurrent.futures``: one hostile document must cost one error row, never the build.
A 7.6 KB PDF whose content stream inflates to gigabytes makes pdfium abort its whole process,
and a pool whose worker dies is broken for every later task; nor can a pool stop a task that
runs too long. Here each worker is a child process with an address-space limit
(``RLIMIT_AS``); the parent waits on every worker's pipe and process at once, so a worker that
dies, or overruns the per-document budget and is killed, loses only the document it held. (The
limit is what a document may add to the address space the worker starts with, so a worker
forked from a large process is not starved.) The
parent reports that document as :class:`Lost` and starts a fresh worker.

Workers die with their parent (``PR_SET_PDEATHSIG`` on Linux, and a watch on the parent's pid
everywhere), ignore Ctrl+C (the parent stops them), and never outlive a build.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait

#: Address space one document may add to a worker's, in MB (on top of what the worker starts with:
#: Python, the parsers and spaCy, about 300 MB). Real council papers and Ofsted reports add tens of
#: MB; a decompression bomb would add gigabytes.
DEFAULT_MEMORY_MB = 2048
#: Wall-clock seconds one document may take to parse and extract.
DEFAULT_SECONDS = 300.0


@dataclass(frozen=True)
class Limits:
    """What one document may cost; None means no limit."""

    memory_mb: int | None = DEFAULT_MEMORY_MB
    seconds: float | None = DEFAULT_SECONDS


DEFAULT_LIMITS = Limits()


@dataclass
class Lost:
    """A task whose worker died or ran out of time: ``kind`` is ``crashed`` or ``timeout``."""

    kind: str
    detail: str
    sha256: str | None = None


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    index: int | None = None  # the task it holds
    deadline: float | None = None
    sha256: str | None = None
    retiring: bool = False  # it said its last result was its last


def run(
    tasks: list,
    fn: Callable,
    workers: int,
    limits: Limits,
    *,
    init: Callable | None = None,
    initargs: tuple = (),
    window: int | None = None,
) -> Iterator[tuple[int, object]]:
    """Yield ``(index, fn(*tasks[index], on_hash=...))`` in task order, or ``(index, Lost)``.

    ``fn`` is called in a worker with ``on_hash``, a callback it calls with the content hash once
    it has one, so a document that then kills its worker is still known by its bytes. At most
    ``window`` tasks are in flight or waiting to be yielded, so memory stays flat.
    """
    if not tasks:
        return
    ctx = _context()
    # Results wait here until every earlier one is out (the build stores in corpus order). While
    # one worker holds a long document the others go on through short ones, only as far as this
    # window: 4 a worker left them idle behind one long report (0.1 s of a 3 s build); 16 does not,
    # and holds at most a few MB of parsed text more.
    window = window or max(1, workers) * 16
    pool: list[_Worker] = []
    queue = deque(range(len(tasks)))
    done: dict[int, object] = {}
    next_out = 0
    try:
        while next_out < len(tasks):
            while next_out in done:
                yield next_out, done.pop(next_out)
                next_out += 1
            if next_out >= len(tasks):
                break
            busy = sum(w.index is not None for w in pool)
            while queue and busy + len(done) < window and busy < max(1, workers):
                worker = next((w for w in pool if w.index is None), None)
                if worker is None:
                    worker = _start(ctx, fn, limits, init, initargs)
                    pool.append(worker)
                index = queue.popleft()
                worker.index, worker.sha256 = index, None
                worker.deadline = time.monotonic() + limits.seconds if limits.seconds else None
                worker.conn.send((index, tasks[index]))
                busy += 1
            _wait(pool)
            for worker in list(pool):
                if worker.index is None:
                    continue
                result = _collect(worker, limits)
                if result is None:
                    continue
                done[worker.index] = result
                worker.index = None
                lost = isinstance(result, Lost)
                if lost or worker.retiring or not worker.process.is_alive():
                    _stop(worker, polite=not lost)  # one that overran is killed at once
                    pool.remove(worker)
    finally:
        for worker in pool:
            _stop(worker)


def start_method() -> str:
    """Fork where it exists (workers share the modules the parent preloaded), else spawn."""
    return "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"


def _context():
    return multiprocessing.get_context(start_method())


def _start(ctx, fn, limits: Limits, init, initargs) -> _Worker:
    parent_conn, child_conn = ctx.Pipe()
    process = ctx.Process(
        target=_serve, args=(child_conn, fn, limits, init, initargs, os.getpid()), daemon=True
    )
    process.start()
    child_conn.close()
    return _Worker(process, parent_conn)


def _wait(pool: list[_Worker]) -> None:
    """Sleep until a busy worker answers or dies, or the nearest deadline passes."""
    busy = [w for w in pool if w.index is not None]
    if not busy:
        return
    deadlines = [w.deadline for w in busy if w.deadline is not None]
    timeout = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
    wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout)


def _collect(worker: _Worker, limits: Limits) -> object | None:
    """The busy worker's result, a :class:`Lost` if it died or overran, or None while it works."""
    try:
        while worker.conn.poll():
            kind, payload = worker.conn.recv()
            if kind == "hash":
                worker.sha256 = payload
            else:
                worker.retiring = kind == "last"
                return payload
    except (EOFError, OSError):
        pass  # the pipe closed: the worker died, handled below
    if not worker.process.is_alive():
        worker.process.join()
        return Lost("crashed", _death(worker.process.exitcode, limits), worker.sha256)
    if worker.deadline is not None and time.monotonic() >= worker.deadline:
        return Lost(
            "timeout",
            f"still running after the {limits.seconds:g}-second limit per document (--doc-timeout)",
            worker.sha256,
        )
    return None


def _death(exitcode: int | None, limits: Limits) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            how = f"was killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            how = f"was killed by signal {-exitcode}"
    else:
        how = f"exited with code {exitcode}"
    memory = (
        f"; most likely it needed more than the {limits.memory_mb} MB memory limit per document "
        "(--max-memory)"
        if limits.memory_mb
        else ""
    )
    return f"the worker process reading it {how}{memory}"


def _stop(worker: _Worker, polite: bool = True) -> None:
    """End a worker: ask politely when idle, kill when busy (a busy worker may never listen)."""
    process = worker.process
    if process.is_alive():
        if polite and worker.index is None:
            try:
                worker.conn.send(None)
            except OSError:
                pass
            process.join(1)
        if process.is_alive():
            process.kill()
    process.join()
    worker.conn.close()


# --- inside a worker ---------------------------------------------------------------------------


def _serve(conn: Connection, fn, limits: Limits, init, initargs, parent: int) -> None:
    """A worker's life: die with the parent, limit memory, then run tasks until told to stop."""
    confine(limits, parent)
    if init:
        init(*initargs)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        index, args = message
        try:
            result = fn(*args, on_hash=lambda sha: conn.send(("hash", sha)))
            # What ran out of memory may have left this process in a poor state: end it.
            last = getattr(result, "error_type", None) == "out_of_memory"
            conn.send(("last" if last else "result", result))
        except MemoryError:
            os._exit(70)  # the parent records the document as crashed, over the memory limit
        if last:
            return


def confine(limits: Limits, parent: int) -> None:
    """Make this forked process a worker: it dies with ``parent``, leaves Ctrl+C to it, reports no
    crash of its own (the parent does, once) and may add at most ``limits.memory_mb`` to its
    address space."""
    _die_with_parent(parent)
    import faulthandler

    faulthandler.disable()  # a document that kills its worker is reported once, by the parent
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C reaches the whole group: the parent decides
    if limits.memory_mb:
        _limit_memory(_address_space() + limits.memory_mb * 1024 * 1024)


def _address_space() -> int:
    """This process's address space now (what it inherited: modules, the parent's heap)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def _limit_memory(limit: int) -> None:
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, ValueError, OSError):
        pass  # a platform without it: the time budget still bounds the document


def _die_with_parent(parent: int) -> None:
    """Make sure this worker ends when the build process does, however it ends (even SIGKILL)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG (Linux)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(1)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, daemon=True).start()
