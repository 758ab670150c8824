"""A plain list of document URLs, one per line: for councils on no supported platform.

Each URL may only be fetched from (and redirected within) its own host. URLs are grouped by
host so each host gets its own progress bar, tally and politeness; a host that blocks us is
reported and its remaining URLs are skipped. Lines starting with ``#`` and blank lines are
ignored; anything after the URL on its line is ignored too.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from pipeline.fetch.corpus import Corpus, safe_name
from pipeline.fetch.download import Job, Tally, Target
from pipeline.fetch.http import Blocked, Client, origin

NAME = "urls"


class BadURLList(Exception):
    """The URL list cannot be read or holds something that is not an http(s) URL."""


def read_list(path: str | Path) -> list[str]:
    """The URLs in a list file, in order, each once."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except OSError as exc:
        raise BadURLList(f"{path}: cannot be read ({exc.strerror})") from exc
    urls: list[str] = []
    for n, line in enumerate(lines, start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        url = line.split()[0]
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise BadURLList(f"{path}, line {n}: {url!r} is not an http(s) URL; fix or delete the line")
        if url not in urls:
            urls.append(url)
    return urls


def fetch(
    urls: list[str],
    *,
    corpus: Corpus,
    client: Client,
    council: str | None = None,
    body: str | None = None,
    refresh: bool = False,
    silent: bool = True,
    on_document=None,
) -> list[Tally]:
    """Fetch every URL into ``corpus``, one tally per host; known URLs re-checked only on ``refresh``."""
    by_host: dict[str, list[str]] = {}
    for url in urls:
        by_host.setdefault(origin(url), []).append(url)
    tallies = []
    for host, host_urls in by_host.items():
        tally = Tally(label=council or urlsplit(host).netloc)
        job = Job(client, corpus, host, tally, silent=silent, on_document=on_document)
        job.start(len(host_urls), "document")
        try:
            for url in host_urls:
                name = safe_name(unquote(urlsplit(url).path.rsplit("/", 1)[-1]))
                meta = {
                    "council": council,
                    "body": body,
                    "title": name,
                    "document_title": name,
                    "filename": name,
                    "platform": NAME,
                    "source": f"URL list, {host}",
                }
                job.fetch(Target(url, url, meta), recheck=refresh)
                job.advance()
        except Blocked as exc:
            tally.blocked = str(exc)
        finally:
            job.close()
            corpus.save_state()
        tallies.append(tally)
    return tallies
