"""The shared polite HTTP layer every platform fetcher goes through.

Why it is one module: politeness must not depend on each platform remembering it. Every
request made here obeys the site's robots.txt, names the tool and a contact in its
User-Agent, waits ``delay`` seconds after the previous request to the same host (one request
at a time per host), retries connection errors, timeouts, truncated bodies, 429 and 5xx with
exponential backoff (honouring Retry-After), refuses bodies over ``max_bytes``, and follows
redirects itself so it can refuse any that leave the council's site or go round in a loop.
The whole download of one URL, retries and redirects included, has a wall-clock limit
(``max_seconds``, ``--max-time``): a server that drips a byte every few seconds never trips a
socket timeout, so the body is read as it arrives and the deadline checked between reads.
A 401/403 or a web-application-firewall challenge raises :class:`Blocked`: the caller reports
it and stops asking that site; nothing here tries to get round it.
"""

from __future__ import annotations

import email.utils
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import requests
import urllib3
from tenacity import RetryCallState, Retrying, retry_if_exception_type

PRODUCT = "scrutiny-miner"
REDIRECTS = {301, 302, 303, 307, 308}
RETRY_STATUSES = {429, 500, 502, 503, 504}
WAF_MARKERS = (
    b"incapsula incident id",
    b"_incapsula_resource",
    b"attention required! | cloudflare",
    b"cf-browser-verification",
    b"request rejected. the requested url was rejected",
)


def _version() -> str:
    try:
        from importlib.metadata import version

        return version(PRODUCT)
    except Exception:  # noqa: BLE001 - running from a checkout that is not installed
        return "dev"


def user_agent(contact: str | None = None) -> str:
    """An honest User-Agent: the tool, its version, and where a site owner can reach its user."""
    who = f"+{contact}" if contact else "contact URL not configured: set --contact or SCRUTINY_CONTACT"
    return f"{PRODUCT}/{_version()} ({who}; research on children's safeguarding committee papers)"


@dataclass
class Policy:
    """How politely and patiently to fetch; every field is a command-line option."""

    user_agent: str = field(default_factory=user_agent)
    delay: float = 1.0
    timeout: float = 30.0
    retries: int = 3
    backoff: float = 1.0
    max_wait: float = 300.0
    max_bytes: int = 100 * 1024 * 1024
    max_redirects: int = 5
    #: Wall-clock limit for one URL, every attempt, wait and redirect included.
    max_seconds: float = 300.0


class FetchError(Exception):
    """A URL could not be fetched; ``reason`` is a short code for summaries."""

    reason = "error"

    def __init__(self, url: str, message: str):
        super().__init__(message)
        self.url = url


class Blocked(FetchError):
    """The site refused us (401/403 or a firewall challenge): report it, stop, never work round it."""

    reason = "blocked"


class Disallowed(FetchError):
    reason = "robots.txt"


class OffHost(FetchError):
    reason = "off-host"


class TooManyRedirects(FetchError):
    reason = "redirects"


class TooLarge(FetchError):
    reason = "too large"


class StatusError(FetchError):
    reason = "http status"

    def __init__(self, url: str, message: str, status: int):
        super().__init__(url, message)
        self.status = status


class TransferFailed(FetchError):
    """Connection errors, timeouts or truncated bodies that outlasted every retry."""

    reason = "transfer"


class _Retryable(Exception):
    """Internal: one attempt failed in a way another attempt may fix."""

    def __init__(self, why: str, wait: float = 0.0):
        super().__init__(why)
        self.wait = wait


@dataclass
class Response:
    url: str
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def validators(self) -> dict[str, str]:
        """The ETag/Last-Modified a later conditional request can send back."""
        found = {"etag": self.headers.get("etag"), "last_modified": self.headers.get("last-modified")}
        return {k: v for k, v in found.items() if v}


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def _port(parts) -> int:
    return parts.port or (443 if parts.scheme.lower() == "https" else 80)


def same_site(site: str, url: str) -> bool:
    """True when ``url`` is on ``site``'s host: same host and port (an http->https upgrade is fine)."""
    a, b = urlsplit(site), urlsplit(url)
    if b.scheme.lower() not in ("http", "https") or not b.hostname or a.hostname != b.hostname:
        return False
    if _port(a) == _port(b):
        return True
    return a.scheme.lower() == "http" and b.scheme.lower() == "https" and _port(a) == 80 and _port(b) == 443


def retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def is_waf_page(status: int, headers: dict[str, str], body: bytes) -> bool:
    """A firewall's challenge or rejection page, which must be reported, not retried or bypassed."""
    if headers.get("cf-mitigated") or (headers.get("x-iinfo") and status in (403, 503)):
        return True
    head = body[:20000].lower()
    return any(marker in head for marker in WAF_MARKERS)


class Client:
    """A polite HTTP client: ``get(url, site=...)`` is the only way platform code fetches."""

    def __init__(self, policy: Policy | None = None, session: requests.Session | None = None):
        self.policy = policy or Policy()
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = self.policy.user_agent
        self._last: dict[str, float] = {}
        self._host_delay: dict[str, float] = {}
        self._robots: dict[str, RobotFileParser | Blocked] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()
        self.requests = 0

    def get(
        self,
        url: str,
        *,
        site: str,
        validators: dict | None = None,
        retries: int | None = None,
        data: dict[str, str] | None = None,
    ) -> Response:
        """Fetch ``url`` (status 200, or 304 for a matching conditional request) without leaving ``site``.

        With ``data`` the request is a form POST (a site's year picker); a redirect after it is a GET.
        """
        deadline = time.monotonic() + self.policy.max_seconds
        headers = {}
        if validators and validators.get("etag"):
            headers["If-None-Match"] = validators["etag"]
        if validators and validators.get("last_modified"):
            headers["If-Modified-Since"] = validators["last_modified"]
        current, seen = url, set()
        for _ in range(self.policy.max_redirects + 1):
            if not same_site(site, current):
                raise OffHost(url, f"{url}: leads off the council's site to {current}; not followed")
            self._check_robots(current, site)
            resp = self._request(current, headers, retries, deadline, data)
            data = None
            if resp.status not in REDIRECTS:
                return self._final(url, resp)
            location = resp.headers.get("location")
            if not location:
                raise StatusError(
                    url, f"{current}: HTTP {resp.status} redirect without a Location", resp.status
                )
            seen.add(current)
            current = urljoin(current, location.strip())
            if current in seen:
                raise TooManyRedirects(url, f"{url}: redirect loop back to {current}")
        raise TooManyRedirects(url, f"{url}: more than {self.policy.max_redirects} redirects")

    def _final(self, url: str, resp: Response) -> Response:
        if resp.status in (401, 403) or is_waf_page(resp.status, resp.headers, resp.body):
            raise Blocked(url, f"{resp.url}: refused with HTTP {resp.status} (access control or firewall)")
        if resp.status == 304 or 200 <= resp.status < 300:
            return resp
        raise StatusError(url, f"{resp.url}: HTTP {resp.status}", resp.status)

    def _check_robots(self, url: str, site: str) -> None:
        rules = self._robots_for(url, site)
        if isinstance(rules, Blocked):
            raise Blocked(url, str(rules))
        if not rules.can_fetch(PRODUCT, url):
            raise Disallowed(url, f"{url}: disallowed by {origin(url)}/robots.txt; not fetched")

    def _robots_for(self, url: str, site: str) -> RobotFileParser | Blocked:
        """Read robots.txt once per origin. 401/403 means blocked; an unreadable file means disallow all."""
        key = origin(url)
        with self._guard:
            if key in self._robots:
                return self._robots[key]
        rules = RobotFileParser(key + "/robots.txt")
        try:
            deadline = time.monotonic() + self.policy.max_seconds
            resp = self._request(key + "/robots.txt", {}, None, deadline)
            if resp.status in REDIRECTS and resp.headers.get("location"):
                target = urljoin(resp.url, resp.headers["location"])
                resp = self._request(target, {}, None, deadline) if same_site(site, target) else resp
            if resp.status in (401, 403) or is_waf_page(resp.status, resp.headers, resp.body):
                found: RobotFileParser | Blocked = Blocked(
                    key, f"{key}/robots.txt: refused with HTTP {resp.status}; the site is blocking us"
                )
            elif 200 <= resp.status < 300:
                rules.parse(resp.body.decode("utf-8", "replace").splitlines())
                found = rules
            elif 400 <= resp.status < 500 or resp.status in REDIRECTS:
                rules.parse([])
                found = rules
            else:
                rules.parse([])
                rules.disallow_all = True
                found = rules
        except FetchError:
            rules.parse([])
            rules.disallow_all = True
            found = rules
        if isinstance(found, RobotFileParser):
            crawl_delay = found.crawl_delay(PRODUCT)
            if crawl_delay:
                self._host_delay[urlsplit(key).netloc] = min(float(crawl_delay), 60.0)
        with self._guard:
            self._robots[key] = found
        return found

    def _lock(self, host: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(host, threading.Lock())

    def _request(
        self, url: str, headers: dict, retries: int | None, deadline: float, data: dict | None = None
    ) -> Response:
        """One URL, retried on transient failures (with tenacity) until ``deadline``; never follows redirects.

        The wait before each retry is exponential from ``backoff``, or Retry-After if longer; a
        wait over ``max_wait`` or past the deadline ends the retries at once, saying why.
        """
        p = self.policy
        attempts = (p.retries if retries is None else retries) + 1
        host = urlsplit(url).netloc.lower()

        def once() -> Response:
            with self._lock(host):
                self._wait_turn(host)
                try:
                    return self._attempt(url, headers, deadline, data)
                finally:
                    self._last[host] = time.monotonic()

        def pause(state: RetryCallState) -> float:
            exc = state.outcome.exception() if state.outcome else None
            asked = exc.wait if isinstance(exc, _Retryable) else 0.0
            return max(asked, p.backoff * 2 ** (state.attempt_number - 1))

        def stop(state: RetryCallState) -> bool:
            why, wait = str(state.outcome.exception()), pause(state)
            if wait > p.max_wait:
                raise TransferFailed(
                    url,
                    f"{url}: {why}; asked to wait {wait:.0f} s, more than the "
                    f"{p.max_wait:.0f} s allowed; try again later",
                )
            if state.attempt_number >= attempts:
                return True
            if time.monotonic() + wait >= deadline:
                raise self._overtime(url, why)
            return False

        retrying = Retrying(
            retry=retry_if_exception_type(_Retryable), stop=stop, wait=pause, sleep=time.sleep, reraise=True
        )
        try:
            return retrying(once)
        except _Retryable as exc:
            why = str(exc)
        if why.startswith("HTTP "):
            raise StatusError(url, f"{url}: {why} after {attempts} attempts", int(why.split()[1]))
        raise TransferFailed(url, f"{url}: {why} after {attempts} attempts")

    def _wait_turn(self, host: str) -> None:
        delay = max(self.policy.delay, self._host_delay.get(host, 0.0))
        last = self._last.get(host)
        if last is not None:
            pause = last + delay - time.monotonic()
            if pause > 0:
                time.sleep(pause)

    def _overtime(self, url: str, why: str) -> TransferFailed:
        return TransferFailed(
            url,
            f"{url}: gave up after {self.policy.max_seconds:g} s (the --max-time for one download, "
            f"retries included; last problem: {why}); raise --max-time if the server is just slow",
        )

    def _attempt(self, url: str, headers: dict, deadline: float, data: dict | None = None) -> Response:
        p = self.policy
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise self._overtime(url, "no time left for another attempt")
        timeout = min(p.timeout, remaining)
        self.requests += 1
        try:
            r = self.session.request(
                "POST" if data is not None else "GET",
                url,
                data=data,
                headers=headers,
                timeout=(timeout, timeout),
                stream=True,
                allow_redirects=False,
            )
        except requests.Timeout as exc:
            if time.monotonic() >= deadline:
                raise self._overtime(url, f"timed out after {timeout:g} s") from exc
            raise _Retryable(f"timed out after {timeout:g} s") from exc
        except requests.RequestException as exc:
            raise _Retryable(f"connection failed ({type(exc).__name__})") from exc
        with r:
            resp_headers = {k.lower(): v for k, v in r.headers.items()}
            if r.status_code in RETRY_STATUSES and not resp_headers.get("cf-mitigated"):
                wait = retry_after(resp_headers.get("retry-after")) or 0.0
                raise _Retryable(f"HTTP {r.status_code}", wait)
            body = self._read(url, r, resp_headers, deadline)
        return Response(url, r.status_code, resp_headers, body)

    def _read(self, url: str, r: requests.Response, headers: dict[str, str], deadline: float) -> bytes:
        """The whole body, refusing more than ``max_bytes``, noticing a short read, stopping at ``deadline``.

        ``read1`` returns what has arrived instead of waiting for a full buffer, so a slow drip
        cannot hold the read past the deadline by more than one socket timeout.
        """
        p = self.policy
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > p.max_bytes:
            raise TooLarge(
                url,
                f"{url}: {int(declared):,} bytes is over the {p.max_bytes:,}-byte limit; "
                f"raise --max-bytes to fetch it",
            )
        chunks: list[bytes] = []
        size = 0
        try:
            while chunk := r.raw.read1(65536, decode_content=True):
                size += len(chunk)
                if size > p.max_bytes:
                    raise TooLarge(url, f"{url}: more than the {p.max_bytes:,}-byte limit; raise --max-bytes")
                if time.monotonic() > deadline:
                    raise self._overtime(url, f"still reading the body ({size:,} bytes so far)")
                chunks.append(chunk)
        except (urllib3.exceptions.ProtocolError, urllib3.exceptions.DecodeError) as exc:
            raise _Retryable(f"body truncated ({size:,} bytes received)") from exc
        except (urllib3.exceptions.HTTPError, requests.RequestException, OSError) as exc:
            if time.monotonic() > deadline:
                raise self._overtime(url, f"reading the body failed ({type(exc).__name__})") from exc
            raise _Retryable(f"connection failed while reading ({type(exc).__name__})") from exc
        if declared.isdigit() and not headers.get("content-encoding") and size != int(declared):
            raise _Retryable(f"body truncated ({size:,} of {int(declared):,} bytes)")
        return b"".join(chunks)
