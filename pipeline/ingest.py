"""Ingest: turn the paths a user gives into a list of sources to build, with their metadata.

A path may be a file, a folder, or a corpus manifest (``manifest.jsonl``). A folder that holds
a ``manifest.jsonl`` is read through it, so the council, committee, meeting date and URL the
fetcher recorded travel with each document; any other folder is walked for .pdf, .html/.htm
and .txt files.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.parse import SUFFIXES

MANIFEST = "manifest.jsonl"


class IngestError(Exception):
    """A path given on the command line cannot be read as a source of documents."""


@dataclass
class Source:
    """One document to build: its file and what is known of it from outside the text."""

    path: Path
    meta: dict = field(default_factory=dict)

    @property
    def key(self) -> str:
        """The stable identity of this source across builds (its resolved path)."""
        return str(self.path.resolve())


def discover(paths: list[str | Path]) -> list[Source]:
    """Every source under ``paths``, in a stable order, each file once."""
    found: dict[str, Source] = {}
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise IngestError(f"{path}: no such file or folder")
        if path.is_file() and path.name.endswith(".jsonl"):
            sources = read_manifest(path)
        elif path.is_dir() and (path / MANIFEST).exists():
            sources = read_manifest(path / MANIFEST)
        elif path.is_dir():
            sources = [
                Source(p)
                for p in sorted(path.rglob("*"))
                if p.is_file() and p.suffix.lower() in SUFFIXES and not _hidden(p, path)
            ]
        else:
            sources = [Source(path)]
        for s in sources:
            found.setdefault(s.key, s)
    return list(found.values())


def read_manifest(manifest: Path) -> list[Source]:
    """Sources listed in a JSON-lines manifest; for a repeated ``path`` the last line wins.

    Each line needs ``path`` (relative to the manifest's folder); every other key is metadata
    (council, body, date, title, url, source, licence, ...).
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
        sources.append(Source(base / rel, meta))
    return sources


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)
