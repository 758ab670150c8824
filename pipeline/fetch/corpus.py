"""A corpus folder: content-addressed raw documents, an append-only manifest, and resume state.

Layout (everything the fetcher writes stays inside the folder):

    <corpus>/raw/<sha256>.<ext>    documents exactly as downloaded, named by their hash
    <corpus>/manifest.jsonl        one JSON object per stored document version, never rewritten
    <corpus>/.fetch-state.json     conditional-request validators per URL, meetings finished

Why content-addressed: a re-fetch of the same bytes is a no-op, two links to one file are one
file, and a changed document gets a new name instead of overwriting the old one. Why
append-only: the manifest is the record of what was fetched when; ``scrutiny build`` reads
it with "last line per path wins". Every write is atomic (temporary file + rename, or one
flushed line), so a run killed at any moment leaves a corpus the next run can resume.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
from pathlib import Path

MANIFEST = "manifest.jsonl"
STATE = ".fetch-state.json"
RAW = "raw"


class CorpusError(Exception):
    """The corpus folder cannot be used (unwritable, or locked by another fetch)."""


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def safe_name(text: str, limit: int = 120) -> str:
    """A file name made from untrusted text (a URL's last segment): no separators, no dot-dot."""
    name = re.sub(r"[\x00-\x1f/\\:*?\"<>|]+", "_", text)
    name = re.sub(r"_+", "_", re.sub(r"\.{2,}", "", name)).strip(" ._")
    return name[:limit] or "document"


class Corpus:
    """One corpus folder, opened for fetching. Use as a context manager to hold the lock."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self.raw = self.folder / RAW
        try:
            self.raw.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CorpusError(
                f"{self.folder}: cannot create the corpus folder ({exc.strerror}); choose a writable --corpus"
            ) from exc
        self.manifest = self.folder / MANIFEST
        self.state_path = self.folder / STATE
        self._lock_file = None
        self._repair_manifest()
        for leftover in self.raw.glob(".*.tmp"):
            leftover.unlink(missing_ok=True)
        self.by_url: dict[str, dict] = {}
        for entry in self.entries():
            if entry.get("url"):
                self.by_url[entry["url"]] = entry
        self.state = self._load_state()

    # -- locking: two fetches writing one manifest would interleave lines -------------------
    def __enter__(self) -> Corpus:
        try:
            import fcntl
        except ImportError:  # not on POSIX: no lock, as before
            return self
        self._lock_file = (self.folder / ".fetch.lock").open("w")
        try:
            fcntl.flock(self._lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            self._lock_file.close()
            self._lock_file = None
            raise CorpusError(
                f"{self.folder}: another fetch is writing to this corpus; wait for it to finish"
            ) from exc
        return self

    def __exit__(self, *exc) -> None:
        self.save_state()
        if self._lock_file:
            self._lock_file.close()
            self._lock_file = None

    # -- manifest ---------------------------------------------------------------------------
    def _repair_manifest(self) -> None:
        """Drop a last line cut short by a killed run, so the manifest stays valid JSON lines."""
        if not self.manifest.exists():
            return
        data = self.manifest.read_bytes()
        if data and not data.endswith(b"\n"):
            keep = data[: data.rfind(b"\n") + 1]
            with self.manifest.open("r+b") as f:
                f.truncate(len(keep))

    def entries(self) -> list[dict]:
        """Every manifest line that parses, in order (lines that do not are left for a human)."""
        if not self.manifest.exists():
            return []
        found = []
        for line in self.manifest.read_text(encoding="utf-8").splitlines():
            with contextlib.suppress(json.JSONDecodeError):
                entry = json.loads(line)
                if isinstance(entry, dict) and entry.get("path"):
                    found.append(entry)
        return found

    def known(self, url: str) -> dict | None:
        """The latest manifest entry for ``url`` whose raw file is still present."""
        entry = self.by_url.get(url)
        if entry and (self.folder / entry["path"]).is_file():
            return entry
        return None

    def append(self, entry: dict) -> None:
        """Add one line to the manifest: a single write, flushed and synced before returning."""
        line = json.dumps(entry, ensure_ascii=False, sort_keys=False) + "\n"
        with self.manifest.open("a", encoding="utf-8") as f:
            f.write(line)
            f.flush()
            os.fsync(f.fileno())
        if entry.get("url"):
            self.by_url[entry["url"]] = entry

    # -- raw store --------------------------------------------------------------------------
    def store(self, body: bytes, ext: str) -> tuple[str, str]:
        """Keep ``body`` unchanged as ``raw/<sha256><ext>``; returns (path relative to corpus, sha256)."""
        if not re.fullmatch(r"\.[a-z0-9]{1,5}", ext):
            raise ValueError(f"unsafe extension {ext!r}")
        sha = hashlib.sha256(body).hexdigest()
        target = self.raw / f"{sha}{ext}"
        if not self._inside(target):
            raise CorpusError(f"{target}: would be written outside {self.folder}; refusing")
        if not target.exists():
            tmp = self.raw / f".{sha}.tmp"
            tmp.write_bytes(body)
            os.replace(tmp, target)
        return target.relative_to(self.folder).as_posix(), sha

    def _inside(self, path: Path) -> bool:
        return path.resolve().is_relative_to(self.folder.resolve())

    # -- resume state -----------------------------------------------------------------------
    def _load_state(self) -> dict:
        try:
            state = json.loads(self.state_path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            state = {}
        state.setdefault("validators", {})
        state.setdefault("meetings", {})
        return state

    def validators(self, url: str) -> dict:
        return self.state["validators"].get(url, {})

    def set_validators(self, url: str, validators: dict) -> None:
        if validators:
            self.state["validators"][url] = validators

    def meeting(self, key: str) -> dict | None:
        return self.state["meetings"].get(key)

    def finish_meeting(self, key: str, date: str | None) -> None:
        """Record that every paper of a meeting was handled, so a later run may skip it."""
        self.state["meetings"][key] = {"date": date, "done_at": now()}
        self.save_state()

    def save_state(self) -> None:
        tmp = self.folder / f"{STATE}.tmp"
        tmp.write_text(json.dumps(self.state, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self.state_path)
