"""Fetching one document into a corpus, the same way for every platform.

A platform module (``moderngov``, ``urls``) only finds documents and what is known of them;
this module decides whether a document needs a request at all, makes it conditional when it
can, checks the bytes, stores them and writes the manifest line. It also keeps the run's
tally (new, unchanged, failed with reasons) and its progress bar.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable
from dataclasses import dataclass, field

from tqdm import tqdm

from pipeline.fetch import content
from pipeline.fetch.corpus import Corpus, now
from pipeline.fetch.http import Blocked, Client, FetchError, StatusError, TransferFailed

#: Manifest keys in the order they are written; anything else a platform adds follows them.
KEY_ORDER = (
    "path",
    "url",
    "council",
    "body",
    "date",
    "title",
    "agenda_item",
    "document_title",
    "content_type",
    "bytes",
    "sha256",
    "fetched_at",
    "platform",
)


def worth_retrying(exc: Exception) -> bool:
    """Could a later run succeed? Timeouts, 5xx, 429 and error pages yes; robots.txt, 404, off-host no."""
    if isinstance(exc, content.ContentError):
        return exc.retry
    if isinstance(exc, StatusError):
        return exc.status >= 500 or exc.status in (408, 429)
    return isinstance(exc, TransferFailed)


@dataclass(frozen=True)
class Target:
    """One document to fetch, or with ``body`` set one already in hand (minutes embedded in a page).

    ``key`` identifies the document for de-duplication within a run (two links to one file);
    ``meta`` becomes the manifest line: council, body, date, title, agenda_item, ...
    """

    url: str
    key: str
    meta: dict
    body: bytes | None = None
    #: What the server said ``body`` was (a pack fetched while resolving it); ours are HTML.
    content_type: str = "text/html"


@dataclass
class Tally:
    """What happened to one council's (or one host's) documents in this run."""

    label: str
    new: int = 0
    unchanged: int = 0
    duplicates: int = 0
    settled: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    blocked: str | None = None
    notes: list[str] = field(default_factory=list)

    def line(self) -> str:
        if self.blocked:
            return f"{self.label}: BLOCKED, skipped ({self.blocked}); not worked around - ask the council"
        extra = f", {_count(self.duplicates, 'duplicate link')}" if self.duplicates else ""
        if self.settled:
            extra += f", {_count(self.settled, 'finished meeting')} not revisited"
        return f"{self.label}: {self.new} new, {self.unchanged} unchanged, {len(self.failures)} failed{extra}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


@dataclass
class Job:
    """Everything one council's fetch shares: the client, the corpus, the site it may not leave."""

    client: Client
    corpus: Corpus
    site: str
    tally: Tally
    silent: bool = True
    on_document: Callable[[str, Target], None] | None = None
    seen: set[str] = field(default_factory=set)
    bar: tqdm | None = None
    #: Failures a later run may fix; a meeting with any is not recorded as finished.
    open_failures: int = 0
    #: A platform's document identity for a URL (``Target.key``): a document already stored under
    #: another URL with the same key (ModernGov's two links to one attachment) is known too.
    key_of: Callable[[str], str] | None = None
    _by_key: dict[str, str] | None = None

    def start(self, total: int, unit: str) -> None:
        """Open this council's progress bar (nothing when silent)."""
        self.bar = tqdm(
            total=total,
            desc=self.tally.label[:40],
            unit=unit,
            file=sys.stderr,
            disable=self.silent,
            leave=True,
            dynamic_ncols=True,
        )

    def advance(self) -> None:
        if self.bar:
            self.bar.update(1)

    def close(self) -> None:
        if self.bar:
            self.bar.close()
            self.bar = None

    def fetch(self, target: Target, recheck: bool = False) -> str:
        """Fetch and store one document; returns new, unchanged, duplicate or failed.

        A document already in the corpus is not requested again unless ``recheck``; then the
        request is conditional when the server gave validators, and otherwise the new bytes'
        hash decides. :class:`Blocked` is raised on, so the caller can stop the whole site.
        """
        status = self._fetch(target, recheck)
        # Failures are printed once, in the end-of-run summary (``cli.report``), not here as well.
        if self.on_document:
            self.on_document(status, target)
        return status

    def _known_as(self, key: str) -> dict | None:
        """The stored document with this key under another URL, if the platform gives keys."""
        if self.key_of is None:
            return None
        if self._by_key is None:
            self._by_key = {self.key_of(e["url"]): e["url"] for e in self.corpus.entries() if e.get("url")}
        url = self._by_key.get(key)
        return self.corpus.known(url) if url else None

    def fail(self, target: Target, exc: Exception) -> None:
        """Record a failure met while finding ``target`` (before :meth:`fetch` could request it)."""
        self.seen.add(target.key)
        self.tally.failures.append((target.url, str(exc)))
        self.open_failures += worth_retrying(exc)
        if self.on_document:
            self.on_document("failed", target)

    def _fetch(self, target: Target, recheck: bool) -> str:
        tally, corpus = self.tally, self.corpus
        if target.key in self.seen:
            tally.duplicates += 1
            return "duplicate"
        self.seen.add(target.key)
        known = corpus.known(target.url) or self._known_as(target.key)
        if known and not recheck:
            tally.unchanged += 1
            return "unchanged"
        try:
            if target.body is not None:
                body, served_as, validators = target.body, target.content_type, {}
            else:
                resp = self.client.get(
                    target.url, site=self.site, validators=corpus.validators(target.url) if known else None
                )
                if resp.status == 304:
                    tally.unchanged += 1
                    return "unchanged"
                body, served_as, validators = resp.body, resp.content_type, resp.validators
            kind = content.check(target.url, served_as, body)
        except Blocked:
            raise
        except (FetchError, content.ContentError) as exc:
            tally.failures.append((target.url, str(exc)))
            self.open_failures += worth_retrying(exc)
            return "failed"
        corpus.set_validators(target.url, validators)
        if known and known.get("sha256") == hashlib.sha256(body).hexdigest():
            tally.unchanged += 1
            return "unchanged"
        ext, media_type = content.STORABLE[kind]
        path, sha = corpus.store(body, ext)
        facts = {
            "path": path,
            "url": target.url,
            **target.meta,
            "content_type": media_type,
            "bytes": len(body),
            "sha256": sha,
            "fetched_at": now(),
        }
        if known:
            facts["supersedes"] = known.get("sha256")
        entry = {k: facts.get(k) for k in KEY_ORDER}
        entry.update({k: v for k, v in facts.items() if k not in entry and v not in (None, "")})
        corpus.append(entry)
        tally.new += 1
        return "new"
