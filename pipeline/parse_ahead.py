"""Parse the first documents while the build loads its extractors, on cores that would idle.

A build loads spaCy and compiles every extractor's patterns once, in the build process, before
it forks its workers (:func:`pipeline.build._preload`), so that they share those modules. That
takes about a second, during which only one core works: on a corpus of a few dozen papers it is
what keeps two workers from being twice as fast as one. :func:`start` forks, before that load,
one light process for each other core the build will use; each parses documents in corpus order
(parsing needs none of what is being loaded) and leaves every document it parsed in a temporary
folder. :meth:`Ahead.stop` ends them when the load is done and says which documents are parsed,
and the workers then only extract those.

It is a head start and nothing else: a document it did not finish, could not parse or crashed on
is read by the workers as usual, under their limits, so every outcome and message is the one a
build without it gives. It runs under the same memory limit as a worker, and for about a second.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from core.document import Document
from pipeline.ingest import Source
from pipeline.process import Outcome, TooBig, parse_stage, read_capped
from pipeline.workers import Limits, confine, start_method

SUFFIX = ".parsed"


@dataclass
class Ahead:
    """The parsing processes and the folder they write to."""

    folder: Path
    processes: list = field(default_factory=list)

    def stop(self) -> dict[int, Path]:
        """End the parsers now and return ``{task index: file of its parsed document}``.

        They are killed rather than asked to finish: the document one is halfway through is cheaper
        to parse again than to wait for. A file appears under its final name only once written
        whole (:func:`_keep`), so a kill never leaves a partial one behind that name.
        """
        self._kill()
        return {int(path.stem): path for path in self.folder.glob(f"*{SUFFIX}")}

    def close(self) -> None:
        """End the parsers if still running and remove what they left."""
        self._kill()
        shutil.rmtree(self.folder, ignore_errors=True)

    def _kill(self) -> None:
        for process in self.processes:
            process.kill()
        for process in self.processes:
            process.join()
        self.processes.clear()


def start(
    sources: list[Source], processes: int, max_bytes: int, limits: Limits, known: frozenset[str]
) -> Ahead | None:
    """Fork ``processes`` parsers over ``sources`` (the k-th takes every k-th source), or None
    when there is nothing to gain: no spare core, or no ``fork`` (spawned processes would
    spend the head start importing)."""
    if processes < 1 or not sources or start_method() != "fork":
        return None
    ctx = multiprocessing.get_context("fork")
    ahead = Ahead(Path(tempfile.mkdtemp(prefix="scrutiny-parsed-")))
    tasks = list(enumerate(sources))
    for k in range(processes):
        process = ctx.Process(
            target=_parse_in_turn,
            args=(tasks[k::processes], ahead.folder, max_bytes, limits, known, os.getpid()),
            daemon=True,
        )
        process.start()
        ahead.processes.append(process)
    return ahead


def load(path: Path) -> tuple[str, Document] | None:
    """The ``(sha256, document)`` a parser left in ``path``, or None if it cannot be read back."""
    try:
        with open(path, "rb") as file:
            sha, doc = pickle.load(file)
    except Exception:  # noqa: BLE001 - a head start that cannot be used is simply not used
        return None
    return (sha, doc) if isinstance(doc, Document) else None


def _parse_in_turn(
    tasks: list[tuple[int, Source]],
    folder: Path,
    max_bytes: int,
    limits: Limits,
    known: frozenset[str],
    parent: int,
) -> None:
    """A parser's life: parse each source in turn and keep what parsed; leave the rest to workers."""
    confine(limits, parent)
    for index, source in tasks:
        try:
            data = read_capped(source.path, max_bytes)
        except (TooBig, OSError):
            continue
        sha = hashlib.sha256(data).hexdigest()
        if sha in known:
            continue
        doc = parse_stage(source, data, max_bytes, sha)
        if not isinstance(doc, Outcome):
            _keep(folder, index, sha, doc)


def _keep(folder: Path, index: int, sha: str, doc: Document) -> None:
    partial = folder / f"{index}.partial"
    with open(partial, "wb") as file:
        pickle.dump((sha, doc), file, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(partial, folder / f"{index}{SUFFIX}")
