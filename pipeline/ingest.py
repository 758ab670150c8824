"""Ingest: turn the paths a user gives into a list of sources to build, with their metadata.

A path may be a file, a folder, or a corpus manifest (``manifest.jsonl``). A folder that holds
a ``manifest.jsonl`` is read through it, so the council, committee, meeting date and URL the
fetcher recorded travel with each document; any other folder is walked for .pdf, .html/.htm
and .txt files.

What a walk meets besides documents is reported, never silently skipped and never read: a
symbolic link leading out of the folder (``/etc/passwd`` must not be published; pass
``follow_links`` to allow it), a dangling link, a FIFO or device named like a document, a folder
that cannot be listed. Each becomes a source with a ``problem``, which the build records in
``errors`` without opening it.

A source's ``key`` (stored as ``documents.path``) is its path relative to the folder it was
found in, prefixed with that folder's name (``corpus/documents/x.pdf``), never the absolute
path of someone's disk. Names that are not valid UTF-8, or hold control characters, are kept
printable (:func:`safe_text`): the bytes as ``\\xNN`` escapes.
"""

from __future__ import annotations

import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.parse import SUFFIXES

MANIFEST = "manifest.jsonl"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class IngestError(Exception):
    """A path given on the command line cannot be read as a source of documents."""


@dataclass
class Source:
    """One document to build: its file and what is known of it from outside the text."""

    path: Path
    meta: dict = field(default_factory=dict)
    label: str | None = None  # the path relative to its root, as stored (see the module docstring)
    problem: tuple[str, str] | None = None  # (error type, message) when it must not be read

    @property
    def key(self) -> str:
        """The stable identity of this source across builds: its printable relative path."""
        return self.label or safe_text(self.path.name)

    @property
    def name(self) -> str:
        """The file name, printable and storable whatever bytes it is made of."""
        return safe_text(self.path.name)


def safe_text(text: str) -> str:
    """``text`` (a file name) safe to store and print: undecodable bytes and control characters
    (newlines, ANSI escapes) become ``\\xNN`` escapes, so a name cannot forge terminal lines."""
    try:
        raw = os.fsencode(text)
    except UnicodeEncodeError:  # a lone surrogate that no file system byte made
        raw = text.encode("utf-8", "backslashreplace")
    decoded = raw.decode("utf-8", "backslashreplace")
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", decoded)


def discover(paths: list[str | Path], follow_links: bool = False) -> list[Source]:
    """Every source under ``paths``, in a stable order, each file once."""
    found: dict[str, Source] = {}
    labels: set[str] = set()
    for raw in paths:
        path = Path(raw)
        if not path.exists() and not path.is_symlink():
            raise IngestError(f"{safe_text(str(path))}: no such file or folder")
        if path.is_file() and path.name.endswith(".jsonl"):
            sources = read_manifest(path, follow_links)
        elif path.is_dir() and (path / MANIFEST).exists():
            sources = read_manifest(path / MANIFEST, follow_links)
        elif path.is_dir():
            sources = walk(path, follow_links)
        else:
            sources = [_checked(Source(path), path.parent, follow_links=True)]
        for s in sources:
            identity = str(s.path.resolve()) if s.problem is None else f"problem:{s.path}"
            if identity in found:
                continue
            s.label = _unique_label(s, labels)
            labels.add(s.label)
            found[identity] = s
    return list(found.values())


def walk(root: Path, follow_links: bool = False) -> list[Source]:
    """The documents in a folder and below (hidden names skipped), and what cannot be read."""
    sources: list[Source] = []

    def unreadable(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else root
        sources.append(
            _problem(where, root, "unreadable_folder", f"cannot be listed ({exc.strerror or exc}); skipped")
        )

    for folder, dirs, files in os.walk(root, onerror=unreadable, followlinks=follow_links):
        base = Path(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or Path(name).suffix.lower() not in SUFFIXES:
                continue
            path = base / name
            sources.append(_checked(Source(path, label=_relative(path, root)), root, follow_links))
        for name in dirs:  # a link to a folder out of this one is not walked unless asked: say so
            path = base / name
            if not follow_links and path.is_symlink() and not _within(path, root):
                reason = "a link to a folder outside this one; not read (pass --follow-links to read it)"
                sources.append(_problem(path, root, "symlink", reason))
    return sorted(sources, key=lambda s: str(s.path))


def _checked(source: Source, root: Path, follow_links: bool) -> Source:
    """``source``, with a ``problem`` if it is a link leading out of ``root``, or not a file."""
    path = source.path
    try:
        st = os.stat(path)
    except OSError as exc:
        if path.is_symlink():
            return _problem(path, root, "dangling_link", "a symbolic link to nothing; skipped", source)
        return _problem(path, root, "unreadable", f"cannot be read ({exc.strerror or exc})", source)
    if not follow_links and not _within(path, root):
        return _problem(
            path,
            root,
            "symlink",
            "leads out of the folder (a symbolic link?); not read (pass --follow-links to read it)",
            source,
        )
    if not stat.S_ISREG(st.st_mode):
        what = "a FIFO" if stat.S_ISFIFO(st.st_mode) else "not a regular file"
        return _problem(path, root, "not_a_file", f"{what}; not read", source)
    return source


def _within(path: Path, root: Path) -> bool:
    target, inside = path.resolve(), root.resolve()
    return target == inside or inside in target.parents


def _problem(path: Path, root: Path, kind: str, reason: str, source: Source | None = None) -> Source:
    src = source or Source(path, label=_relative(path, root))
    src.problem = (kind, f"{_relative(path, root)}: {reason}")
    return src


def _relative(path: Path, root: Path) -> str:
    """``path`` below ``root``, prefixed with the root folder's name; printable."""
    try:
        rel = path.relative_to(root).as_posix()
    except ValueError:
        return safe_text(path.name)
    prefix = root.name if root.name not in ("", ".", "..") else root.resolve().name
    return safe_text(f"{prefix}/{rel}" if prefix else rel)


def _unique_label(source: Source, taken: set[str]) -> str:
    """The shortest printable path naming ``source`` that no other source of this build uses."""
    if source.label and source.label not in taken:
        return source.label
    parts = source.path.resolve().parts
    for n in range(1, len(parts) + 1):
        label = safe_text("/".join(parts[-n:]))
        if label not in taken:
            return label
    return safe_text(str(source.path.resolve()))


def read_manifest(manifest: Path, follow_links: bool = False) -> list[Source]:
    """Sources listed in a JSON-lines manifest; for a repeated ``path`` the last line wins.

    Each line needs ``path`` (relative to the manifest's folder); every other key is metadata
    (council, body, date, title, url, source, licence, ...). A path leading out of the folder is
    refused, as a link out of it would be.
    """
    entries: dict[str, dict] = {}
    for n, line in enumerate(manifest.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as exc:
            raise IngestError(
                f"{manifest}, line {n}: not valid JSON ({exc.msg}); fix or delete the line"
            ) from exc
        if not isinstance(entry, dict) or not entry.get("path"):
            raise IngestError(f'{manifest}, line {n}: each line needs a "path" to the document')
        entries[entry["path"]] = entry
    base = manifest.parent
    sources = []
    for rel, entry in entries.items():
        meta = {k: v for k, v in entry.items() if k != "path" and v not in (None, "")}
        sources.append(_checked(Source(base / rel, meta, _relative(base / rel, base)), base, follow_links))
    return sources
