"""A fixture ModernGov council site served by a real HTTP server on 127.0.0.1.

"Exampleshire County Council" lives under ``/moderngov/`` like many real sites, and behaves
like one: paths ignore case (IIS), cookieless session segments ``/(S(...))/`` are accepted,
static documents carry ETag/Last-Modified and answer conditional requests with 304, while
``mgConvert2PDF.aspx`` is dynamic and gives no validators. Tests switch the web service off,
change robots.txt, or queue faults (429, 500, slow answers, truncated bodies, redirects) for a
path; every request is recorded in ``hits``.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

FIXTURES = Path(__file__).parent / "fixtures" / "fetch"
SITE = FIXTURES / "site"
DOCS = FIXTURES / "documents"
SESSION = re.compile(r"/\((?:[A-Za-z]\([^()]*\))+\)")
LAST_MODIFIED = "Tue, 01 Jul 2014 09:00:00 GMT"

#: Document paths (lower case, after /moderngov) -> fixture file.
DOCUMENTS = {
    "/documents/g2001/agenda frontsheet 26th-jun-2014 10.00 children's scrutiny committee.pdf": (
        "agenda_2001.pdf"
    ),
    "/documents/g2001/printed minutes 26th-jun-2014.pdf": "minutes_2001.pdf",
    "/documents/s5002/task group report.pdf": "task_group_report.pdf",
    "/documents/s5003/appendix a": "appendix_a.pdf",
    "/documents/s5004/improvement plan.pdf": "improvement_plan.pdf",
    "/documents/g2002/agenda frontsheet 15th-jan-2015.pdf": "agenda_2002.pdf",
}
CONVERTED = {"5005": "caseloads.pdf"}
#: Every document the fixture meetings 2001 and 2002 link, by route.
ALL_DOCUMENTS = [*DOCUMENTS, "/mgconvert2pdf.aspx?id=5005"]

Fault = Callable[[Request], Response]


def respond(status: int, body: bytes | str = b"", **headers) -> Fault:
    """A fault that answers with ``status``, ``body`` and headers (underscores become dashes)."""
    return lambda request: Response(
        body, status=status, headers={k.replace("_", "-"): v for k, v in headers.items()}
    )


def slow(seconds: float) -> Fault:
    """A fault that answers only after ``seconds`` (longer than the client's timeout)."""

    def handler(request: Request) -> Response:
        time.sleep(seconds)
        return Response(b"late", status=200)

    return handler


def truncated(body: bytes, claimed: int) -> Fault:
    """A fault that promises ``claimed`` bytes in Content-Length and closes after ``body``."""

    def handler(request: Request) -> Response:
        return Response(
            iter([body]),
            status=200,
            direct_passthrough=True,
            headers={"Content-Length": str(claimed), "Content-Type": "application/pdf"},
        )

    return handler


class FixtureSite:
    """The fixture council, mounted on a pytest-httpserver ``HTTPServer``."""

    def __init__(self, server, service: bool = True):
        self.server = server
        self.service = service
        self.blocked = False
        self.robots = "User-agent: *\nDisallow: /moderngov/mgSearch.aspx\n"
        self.faults: dict[str, list[Fault]] = {}
        self.hits: list[tuple[str, dict]] = []
        self.root = server.url_for("").rstrip("/")
        self.base = self.root + "/moderngov/"
        server.expect_request(re.compile(r"^/.*")).respond_with_handler(self.handle)

    def fault(self, route: str, *faults: Fault) -> None:
        """Queue faults for a route (lower-case path after /moderngov, plus ``?id=`` for converted docs)."""
        self.faults.setdefault(route, []).extend(faults)

    def requests_to(self, route: str) -> list[dict]:
        return [headers for r, headers in self.hits if r == route]

    def document_hits(self) -> list[str]:
        return [r for r, _ in self.hits if r in DOCUMENTS or r.startswith("/mgconvert2pdf.aspx")]

    # -- serving ----------------------------------------------------------------------------
    def handle(self, request: Request) -> Response:
        path = SESSION.sub("", request.path).lower()
        query = {k.lower(): v for k, v in request.args.items()}
        route = path[len("/moderngov") :] if path.startswith("/moderngov/") else path
        if route == "/mgconvert2pdf.aspx":
            route += f"?id={query.get('id', '')}"
        self.hits.append((route, dict(request.headers)))
        if self.faults.get(route):
            return self.faults[route].pop(0)(request)
        if self.blocked:
            return Response(
                "<html><body><h1>Access denied</h1></body></html>", status=403, content_type="text/html"
            )
        if route == "/robots.txt":
            return Response(self.robots, content_type="text/plain")
        if route.startswith("/mgwebservice.asmx/"):
            return self._service(route.rsplit("/", 1)[-1], query)
        if route == "/mglistcommittees.aspx":
            return self._page("mgListCommittees.html")
        if route == "/ielistmeetings.aspx":
            name = f"ieListMeetings-{query.get('cid')}-{query.get('year')}.html"
            return self._page(name if (SITE / name).exists() else "ieListMeetings-empty.html")
        if route == "/ielistdocuments.aspx":
            return self._page(f"ieListDocuments-{query.get('mid')}.html")
        if route in DOCUMENTS:
            return self._static(request, (DOCS / DOCUMENTS[route]).read_bytes())
        if route.startswith("/mgconvert2pdf.aspx") and query.get("id") in CONVERTED:
            return Response((DOCS / CONVERTED[query["id"]]).read_bytes(), content_type="application/pdf")
        return self._not_found()

    def _service(self, operation: str, query: dict) -> Response:
        if not self.service:
            return Response(
                "<html><body><h1>Server Error in '/' Application.</h1><p>Request format is "
                "unrecognized for URL unexpectedly ending in '/" + operation + "'.</p></body></html>",
                status=500,
                content_type="text/html",
            )
        name = {
            "getcommittees": "GetCommittees.xml",
            "getmeetings": f"GetMeetings-{query.get('lcommitteeid')}.xml",
            "getmeeting": f"GetMeeting-{query.get('lmeetingid')}.xml",
        }.get(operation)
        if not name or not (SITE / name).exists():
            return Response(
                '<?xml version="1.0" encoding="utf-8"?><getmeetings xmlns="http://moderngov.co.uk/'
                'namespaces" />',
                content_type="text/xml",
            )
        return Response(self._fill(SITE / name), content_type="text/xml; charset=utf-8")

    def _fill(self, path: Path) -> bytes:
        text = path.read_text(encoding="utf-8").replace("{{BASE}}", self.base).replace("{{ROOT}}", self.root)
        return text.encode("utf-8")

    def _page(self, name: str) -> Response:
        if not (SITE / name).exists():
            return self._not_found()
        return Response(self._fill(SITE / name), content_type="text/html; charset=utf-8")

    def _static(self, request: Request, body: bytes) -> Response:
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        headers = {"ETag": etag, "Last-Modified": LAST_MODIFIED}
        if request.headers.get("If-None-Match") == etag:
            return Response(status=304, headers=headers)
        return Response(body, content_type="application/pdf", headers=headers)

    @staticmethod
    def _not_found() -> Response:
        return Response(
            "<html><body><h1>404 - File or directory not found.</h1></body></html>",
            status=404,
            content_type="text/html",
        )


# -- pytest fixtures (import them into a test module to use them) -------------------------------


@pytest.fixture(scope="module")
def server():
    """A real HTTP server on 127.0.0.1, one per test module."""
    srv = HTTPServer(host="127.0.0.1", port=0)
    srv.start()
    yield srv
    srv.clear()
    if srv.is_running():
        srv.stop()


@pytest.fixture
def site(server) -> FixtureSite:
    """The fixture council with its web service on; faults and hits start empty."""
    server.clear()
    return FixtureSite(server)
