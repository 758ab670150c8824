"""The fixture ModernGov council site (``fetch_council``) served by a real HTTP server on 127.0.0.1.

"Exampleshire County Council" lives under ``/moderngov/`` like many real sites, and behaves
like one: paths ignore case (IIS), cookieless session segments ``/(S(...))/`` are accepted,
static documents carry ETag/Last-Modified and answer conditional requests with 304, while
``mgConvert2PDF.aspx`` is dynamic and gives no validators. Tests switch the web service off
(``service``), make every HTML page answer 404 (``html``, a firewall that passes only the
service), drop the "Earlier meetings" links (``earlier``: only the POST year picker reaches
back), change robots.txt, or queue faults (429, 500, slow answers, truncated bodies,
redirects) for a route; every request is recorded in ``hits``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import time
from collections.abc import Callable
from pathlib import Path

import fetch_council as council
import fetch_council_pages as pages
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

FIXTURES = Path(__file__).parent / "fixtures" / "fetch"
DOCS = FIXTURES / "documents"
SESSION = re.compile(r"/\((?:[A-Za-z]\([^()]*\))+\)")
LAST_MODIFIED = "Tue, 01 Jul 2014 09:00:00 GMT"

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
        self.html = True
        #: What the pages answer when ``html`` is off: 404, or 403 like a firewall passing only the service.
        self.html_status = 404
        self.earlier = True
        self.year_form = True
        self.blocked = False
        self.robots = "User-agent: *\nDisallow: /moderngov/mgSearch.aspx\n"
        self.faults: dict[str, list[Fault]] = {}
        self.hits: list[tuple[str, dict]] = []
        self.posts: list[dict] = []
        self.root = server.url_for("").rstrip("/")
        self.base = self.root + "/moderngov/"
        server.expect_request(re.compile(r"^/.*")).respond_with_handler(self.handle)

    def fault(self, route: str, *faults: Fault) -> None:
        """Queue faults for a route (lower-case path after /moderngov, plus ``?id=`` for converted docs)."""
        self.faults.setdefault(route, []).extend(faults)

    def requests_to(self, route: str) -> list[dict]:
        return [headers for r, headers in self.hits if r == route]

    def document_hits(self) -> list[str]:
        return [
            r
            for r, _ in self.hits
            if r.startswith(("/documents/", "/mgconvert2pdf.aspx", "/mgchoosedocpack"))
        ]

    # -- serving ----------------------------------------------------------------------------
    def handle(self, request: Request) -> Response:
        path = SESSION.sub("", request.path).lower()
        query = {k.lower(): v for k, v in request.args.items()}
        route = path[len("/moderngov") :] if path.startswith("/moderngov/") else path
        if route in ("/mgconvert2pdf.aspx", "/mgchoosedocpack.aspx"):
            route += f"?id={query.get('id', '')}" + (f"&sid={query['sid']}" if "sid" in query else "")
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
        if route.startswith("/documents/"):
            return self._document(request, route)
        if route.startswith("/mgconvert2pdf.aspx"):
            paper = council.papers().get(int(query.get("id", "0") or 0))
            if paper:
                return Response((DOCS / paper.file).read_bytes(), content_type="application/pdf")
            return self._not_found()
        if not self.html:
            if self.html_status == 403:
                return Response(
                    "<html><body>Request rejected</body></html>", status=403, content_type="text/html"
                )
            return self._not_found()
        return self._page(route, query, request)

    def _page(self, route: str, query: dict, request: Request) -> Response:
        html = None
        if route == "/mglistcommittees.aspx":
            html = pages.committees_page()
        elif route == "/ielistmeetings.aspx":
            html = self._meetings(query, request)
        elif route == "/ielistdocuments.aspx":
            m = council.meeting(int(query.get("mid", "0") or 0))
            html = pages.documents_page(m) if m else None
        elif route == "/mgai.aspx":
            it = council.item(int(query.get("id", "0") or 0))
            html = pages.item_page(it) if it else None
        elif route.startswith("/mgchoosedocpack.aspx"):
            return self._pack(query)
        return Response(html, content_type="text/html; charset=utf-8") if html else self._not_found()

    def _meetings(self, query: dict, request: Request) -> str | None:
        form = {k.lower(): v for k, v in request.form.items()}
        cid = int(query.get("cid") or query.get("committeeid") or form.get("hcommitteeid") or 0)
        if not any(c.id == cid for c in council.COMMITTEES):
            return None
        mine = sorted((m for m in council.MEETINGS if m.committee == cid), key=lambda m: m.date, reverse=True)
        years = sorted({m.date.year for m in mine} | {2026}) if self.year_form else []
        if request.method == "POST" or query.get("year"):
            self.posts.append(form or query)
            year = int(form.get("yearselect") or query.get("year") or 0)
            # the municipal year: May to April
            listed = [m for m in mine if dt.date(year, 5, 1) <= m.date < dt.date(year + 1, 5, 1)]
            return pages.meetings_page(cid, listed, None, years)
        if query.get("act", "").lower() == "earlier" and query.get("d"):
            before = dt.datetime.strptime(query["d"][:8], "%Y%m%d").date()
            mine = [m for m in mine if m.date < before]
        listed = mine[: council.PAGE_SIZE]
        earlier = listed[-1] if self.earlier and len(mine) > len(listed) else None
        return pages.meetings_page(cid, listed, earlier, years)

    def _pack(self, query: dict) -> Response:
        m = next((m for m in council.MEETINGS if str(m.agenda) == query.get("id")), None)
        sid = int(query["sid"]) if query.get("sid", "").isdigit() else None
        own = next((o for o in (m.own if m else ()) if o.how != "static" and o.sid == sid), None)
        if not own:
            return self._not_found()
        if own.how == "pack pdf":
            return Response((DOCS / own.file).read_bytes(), content_type="application/pdf")
        return Response(pages.pack_page(m, own), content_type="text/html; charset=utf-8")

    def _document(self, request: Request, route: str) -> Response:
        if m := re.match(r"/documents/s(\d+)/(.+)$", route):
            paper = council.papers().get(int(m[1]))
            if paper and paper.name.lower() == m[2]:
                return self._static(request, (DOCS / paper.file).read_bytes())
        if m := re.match(r"/documents/g(\d+)/(.+)$", route):
            meeting = next((x for x in council.MEETINGS if x.agenda == int(m[1])), None)
            for own in meeting.own if meeting else ():
                if own.name.lower() == m[2]:
                    return self._static(request, (DOCS / own.file).read_bytes())
        return self._not_found()

    def _service(self, operation: str, query: dict) -> Response:
        if not self.service:
            return Response(
                "<html><body><h1>Server Error in '/' Application.</h1><p>Request format is "
                "unrecognized for URL unexpectedly ending in '/" + operation + "'.</p></body></html>",
                status=500,
                content_type="text/html",
            )
        xml = None
        if operation == "getcommittees":
            xml = pages.ws_committees()
        elif operation == "getmeetings":
            since = dt.datetime.strptime(query.get("sfromdate", "01/01/1990"), "%d/%m/%Y").date()
            until = dt.datetime.strptime(query.get("stodate", "01/01/2100"), "%d/%m/%Y").date()
            xml = pages.ws_meetings(int(query.get("lcommitteeid", "0") or 0), since, until)
        elif operation == "getmeeting":
            m = council.meeting(int(query.get("lmeetingid", "0") or 0))
            xml = pages.ws_meeting(m, self.base) if m else None
        if xml is None:
            xml = '<?xml version="1.0" encoding="utf-8"?><getmeetings><meetingscount> 0</meetingscount>'
            xml += "</getmeetings>"
        return Response(xml.encode("utf-8"), content_type="text/xml; charset=utf-8")

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
