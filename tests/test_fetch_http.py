"""The polite HTTP layer against a real local server: every fault the issue lists, and politeness."""

# ruff: noqa: F811  (tests take the imported server/site fixtures as arguments)

from __future__ import annotations

import time

import pytest
from fetch_site import respond, server, site, slow, truncated  # noqa: F401  (fixtures: server, site)

from pipeline.fetch.http import (
    Blocked,
    Client,
    Disallowed,
    OffHost,
    Policy,
    StatusError,
    TooLarge,
    TooManyRedirects,
    TransferFailed,
    retry_after,
    same_site,
    user_agent,
)

DOC = "/documents/s5002/task group report.pdf"


def client(**kw) -> Client:
    settings = {
        "delay": 0.0,
        "timeout": 0.5,
        "retries": 2,
        "backoff": 0.01,
        "user_agent": user_agent("https://example.org/contact"),
    }
    settings.update(kw)
    return Client(Policy(**settings))


def doc_url(site) -> str:
    return site.base + "documents/s5002/Task%20Group%20report.pdf"


def test_plain_get_sends_an_honest_user_agent_and_reads_robots_once(site):
    c = client()
    first = c.get(doc_url(site), site=site.base)
    c.get(doc_url(site), site=site.base)
    assert first.status == 200 and first.body.startswith(b"%PDF-")
    ua = site.requests_to(DOC)[0]["User-Agent"]
    assert ua.startswith("scrutiny-miner/") and "https://example.org/contact" in ua
    assert len(site.requests_to("/robots.txt")) == 1


def test_429_waits_for_retry_after_then_succeeds(site):
    site.fault(DOC, respond(429, "slow down", Retry_After="1"))
    start = time.monotonic()
    resp = client().get(doc_url(site), site=site.base)
    assert resp.status == 200
    assert time.monotonic() - start >= 1.0
    assert len(site.requests_to(DOC)) == 2


def test_retry_after_longer_than_allowed_gives_up_saying_so(site):
    site.fault(DOC, respond(429, "come back tomorrow", Retry_After="86400"))
    with pytest.raises(TransferFailed, match="Retry-After|asked to wait"):
        client(max_wait=5).get(doc_url(site), site=site.base)
    assert len(site.requests_to(DOC)) == 1


def test_500_then_success(site):
    site.fault(DOC, respond(500, "oops"), respond(503, "busy"))
    resp = client().get(doc_url(site), site=site.base)
    assert resp.status == 200 and resp.body.startswith(b"%PDF-")
    assert len(site.requests_to(DOC)) == 3


def test_persistent_500_fails_with_the_status_after_every_retry(site):
    site.fault(DOC, *[respond(500, "oops")] * 3)
    with pytest.raises(StatusError, match="HTTP 500 after 3 attempts") as err:
        client(retries=2).get(doc_url(site), site=site.base)
    assert err.value.status == 500


def test_a_timeout_is_retried(site):
    site.fault(DOC, slow(0.8))
    resp = client(timeout=0.3).get(doc_url(site), site=site.base)
    assert resp.status == 200


def test_timeouts_that_persist_fail_with_a_reason(site):
    site.fault(DOC, slow(0.6), slow(0.6))
    with pytest.raises(TransferFailed, match="timed out"):
        client(timeout=0.3, retries=1).get(doc_url(site), site=site.base)


def test_a_truncated_body_is_retried_and_never_returned(site):
    site.fault(DOC, truncated(b"%PDF-1.4 partial", 5000))
    resp = client().get(doc_url(site), site=site.base)
    assert resp.body.startswith(b"%PDF-") and len(resp.body) > 1000


def test_a_body_that_is_always_truncated_fails(site):
    site.fault(DOC, *[truncated(b"%PDF-1.4 partial", 5000)] * 2)
    with pytest.raises(TransferFailed, match="truncated"):
        client(retries=1).get(doc_url(site), site=site.base)


def test_redirect_loop_is_refused(site):
    site.fault("/loop/a", respond(302, Location=site.root + "/loop/b"))
    site.fault("/loop/b", respond(302, Location="/loop/a"))
    with pytest.raises(TooManyRedirects, match="loop"):
        client().get(site.root + "/loop/a", site=site.base)


def test_too_many_redirects_are_refused(site):
    for n in range(5):
        site.fault(f"/hop/{n}", respond(301, Location=f"/hop/{n + 1}"))
    with pytest.raises(TooManyRedirects, match="more than 3"):
        client(max_redirects=3).get(site.root + "/hop/0", site=site.base)


def test_same_host_redirect_is_followed(site):
    site.fault("/old-link.pdf", respond(301, Location="/moderngov/documents/s5002/Task%20Group%20report.pdf"))
    resp = client().get(site.root + "/old-link.pdf", site=site.base)
    assert resp.body.startswith(b"%PDF-")


def test_off_host_redirect_is_refused_before_any_request(site):
    other = site.root.replace("127.0.0.1", "localhost") + "/elsewhere.pdf"
    site.fault("/away.pdf", respond(302, Location=other))
    with pytest.raises(OffHost, match="off the council's site"):
        client().get(site.root + "/away.pdf", site=site.base)
    assert not site.requests_to("/elsewhere.pdf")


def test_a_url_on_another_host_is_refused(site):
    with pytest.raises(OffHost):
        client().get("http://localhost:1/x.pdf", site=site.base)


def test_robots_disallow_is_obeyed(site):
    site.robots = "User-agent: *\nDisallow: /moderngov/documents/\n"
    with pytest.raises(Disallowed, match="robots.txt"):
        client().get(doc_url(site), site=site.base)
    assert not site.requests_to(DOC)


def test_robots_rules_for_our_agent_apply(site):
    site.robots = "User-agent: scrutiny-miner\nDisallow: /\n\nUser-agent: *\nAllow: /\n"
    with pytest.raises(Disallowed):
        client().get(doc_url(site), site=site.base)


def test_missing_robots_txt_allows_everything(site):
    site.fault("/robots.txt", respond(404, "not found"))
    assert client().get(doc_url(site), site=site.base).status == 200


def test_unreadable_robots_txt_means_fetch_nothing(site):
    site.fault("/robots.txt", *[respond(503, "down")] * 3)
    with pytest.raises(Disallowed):
        client().get(doc_url(site), site=site.base)
    assert not site.requests_to(DOC)


def test_crawl_delay_raises_the_per_host_delay(site):
    site.robots = "User-agent: *\nCrawl-delay: 1\n"
    start = time.monotonic()
    client().get(doc_url(site), site=site.base)
    # robots.txt, then the document at least Crawl-delay seconds later
    assert time.monotonic() - start >= 1.0


def test_per_host_delay_spaces_requests(site):
    c = client(delay=0.3)
    start = time.monotonic()
    for _ in range(3):
        c.get(doc_url(site), site=site.base)
    # robots.txt then three documents: three gaps of at least the delay
    assert time.monotonic() - start >= 0.9


def test_403_is_a_block_and_is_not_retried(site):
    site.fault(DOC, respond(403, "<html><body>Forbidden</body></html>"))
    with pytest.raises(Blocked, match="403"):
        client().get(doc_url(site), site=site.base)
    assert len(site.requests_to(DOC)) == 1


def test_a_firewall_page_is_a_block_even_with_status_200(site):
    site.fault(
        DOC, respond(200, "<html><body>Request unsuccessful. Incapsula incident ID: 123</body></html>")
    )
    with pytest.raises(Blocked):
        client().get(doc_url(site), site=site.base)


def test_cloudflare_challenge_503_is_a_block_not_a_retry(site):
    site.fault(DOC, respond(503, "<html>Just a moment...</html>", cf_mitigated="challenge"))
    with pytest.raises(Blocked):
        client().get(doc_url(site), site=site.base)
    assert len(site.requests_to(DOC)) == 1


def test_robots_txt_403_blocks_the_site(site):
    site.fault("/robots.txt", respond(403, "denied"))
    with pytest.raises(Blocked, match="robots.txt"):
        client().get(doc_url(site), site=site.base)


def test_size_limit_refuses_large_bodies(site):
    with pytest.raises(TooLarge, match="max-bytes"):
        client(max_bytes=500).get(doc_url(site), site=site.base)


def test_size_limit_without_content_length(site):
    site.fault(
        DOC,
        lambda request: __import__("werkzeug").Response(
            iter([b"%PDF-" + b"x" * 2000]), direct_passthrough=True
        ),
    )
    with pytest.raises(TooLarge):
        client(max_bytes=500).get(doc_url(site), site=site.base)


def test_conditional_request_gets_304(site):
    c = client()
    first = c.get(doc_url(site), site=site.base)
    again = c.get(doc_url(site), site=site.base, validators=first.validators)
    assert again.status == 304 and again.body == b""
    assert site.requests_to(DOC)[-1]["If-None-Match"] == first.validators["etag"]


def test_404_is_a_status_error_not_retried(site):
    with pytest.raises(StatusError, match="HTTP 404") as err:
        client().get(site.base + "documents/s9999/Missing.pdf", site=site.base)
    assert err.value.status == 404
    assert len(site.requests_to("/documents/s9999/missing.pdf")) == 1


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("https://democracy.example.gov.uk/", "https://democracy.example.gov.uk/x.pdf", True),
        ("http://democracy.example.gov.uk/", "https://democracy.example.gov.uk/x.pdf", True),
        ("https://democracy.example.gov.uk/", "http://democracy.example.gov.uk/x.pdf", False),
        ("https://democracy.example.gov.uk/", "https://www.example.gov.uk/x.pdf", False),
        ("https://democracy.example.gov.uk/", "https://democracy.example.gov.uk.evil.com/x.pdf", False),
        ("http://127.0.0.1:8000/", "http://127.0.0.1:8001/", False),
        ("https://democracy.example.gov.uk/", "ftp://democracy.example.gov.uk/x.pdf", False),
    ],
)
def test_same_site(a, b, same):
    assert same_site(a, b) is same


def test_retry_after_parses_seconds_and_dates():
    assert retry_after("120") == 120
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0
    assert retry_after("soon") is None
    assert retry_after(None) is None


class DripServer:
    """A test-made server that sends headers promising 1000 bytes, then one byte every ``gap`` seconds.

    A socket timeout never fires (bytes keep coming), so only a wall-clock limit ends the
    download. Bounded: each connection sends at most ``limit`` bytes, then closes.
    """

    def __init__(self, gap: float = 0.2, limit: int = 60):
        import socket
        import threading

        self.gap, self.limit, self.connections = gap, limit, 0
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.stop = threading.Event()
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            with conn:
                try:
                    request = conn.recv(4096)
                    if b"/robots.txt" in request.split(b"\r\n", 1)[0]:
                        conn.sendall(
                            b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        )
                        continue
                    conn.sendall(
                        b"HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\nContent-Length: 1000\r\n\r\n"
                    )
                    for _ in range(self.limit):
                        if self.stop.is_set():
                            break
                        conn.sendall(b"x")
                        time.sleep(self.gap)
                except OSError:
                    pass

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=5)
        self.sock.close()


@pytest.fixture
def drip():
    server = DripServer()
    yield server
    server.close()


def test_a_slow_drip_is_cut_off_at_the_wall_clock_limit(drip):
    c = client(timeout=1.0, retries=3, max_seconds=1.5)
    start = time.monotonic()
    with pytest.raises(TransferFailed, match=r"gave up after 1.5 s \(the --max-time") as err:
        c.get(drip.url + "/report.pdf", site=drip.url)
    assert time.monotonic() - start < 3.5
    assert "still reading the body" in str(err.value)


def test_the_wall_clock_limit_includes_retries_and_their_waits(site):
    site.fault(DOC, *[respond(500, "oops")] * 5)
    c = client(retries=4, backoff=0.4, max_seconds=1.0)
    start = time.monotonic()
    with pytest.raises(TransferFailed, match="--max-time"):
        c.get(doc_url(site), site=site.base)
    assert time.monotonic() - start < 1.5
    assert len(site.requests_to(DOC)) < 5, "gave up before using every retry"
