"""A fetch over real ModernGov pages (Kingston upon Thames, ``../shared/realdocs``) served on 127.0.0.1.

The real pages are read from ``../shared`` at test time, never copied. Every document they link
is answered with a small PDF made here (its bytes name the URL, so each is distinct); the web
service is off, and the item pages (``mgAi.aspx``) we have no real copy of answer 404, so the
two minutes the agenda page cuts short are kept as printed, with a note.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from pipeline.fetch import moderngov
from pipeline.fetch.corpus import Corpus
from pipeline.fetch.http import Client, Policy

REAL = Path(__file__).resolve().parents[1].parent / "shared" / "realdocs" / "moderngov" / "kingston_html"
PAGES = {
    "/mglistcommittees.aspx": "CommitteeStructure.html",
    "/ielistmeetings.aspx": "BrowseMeetings.html",
    "/ielistdocuments.aspx?mid=10221": "Agenda_151.html",
    "/ielistdocuments.aspx?mid=10161": "Agenda_412.html",
}


def pdf_for(url: str) -> bytes:
    return b"%PDF-1.4\n% " + url.encode() + b"\n%%EOF\n"


@pytest.fixture
def kingston():
    if not REAL.exists():
        pytest.skip(f"real ModernGov pages not found at {REAL} (../shared/realdocs is not beside this tree)")
    server = HTTPServer(host="127.0.0.1", port=0)
    hits: list[str] = []

    def handle(request: Request) -> Response:
        path = request.path.lower()
        mid = request.args.get("MId") or request.args.get("mid")
        route = path + (f"?mid={mid}" if path == "/ielistdocuments.aspx" and mid else "")
        hits.append(route)
        if path == "/robots.txt":
            return Response("User-agent: *\nAllow: /\n", content_type="text/plain")
        if path.startswith("/mgwebservice.asmx"):
            return Response("<html><body>Server Error</body></html>", status=500, content_type="text/html")
        if route in PAGES:
            return Response((REAL / PAGES[route]).read_bytes(), content_type="text/html; charset=utf-8")
        if path.startswith("/documents/") or path == "/mgchoosedocpack.aspx":
            return Response(pdf_for(request.full_path), content_type="application/pdf")
        return Response("<html><body>404</body></html>", status=404, content_type="text/html")

    server.expect_request(re.compile(r"^/.*")).respond_with_handler(handle)
    server.start()
    yield server.url_for("/"), hits
    server.clear()
    server.stop()


def test_real_pages_fetched_end_to_end(kingston, tmp_path):
    base, hits = kingston
    with Corpus(tmp_path) as corpus:
        tally = moderngov.fetch(
            base,
            corpus=corpus,
            client=Client(Policy(delay=0, timeout=2, retries=0)),
            committee=["Kingston and North Kingston"],
            since=dt.date(2025, 12, 1),
            until=dt.date(2026, 1, 20),
        )
    entries = [json.loads(line) for line in (tmp_path / "manifest.jsonl").read_text().splitlines()]
    # the council from the footer, in the shipped list's spelling; the committee from the structure page
    assert {e["council"] for e in entries} == {"Royal Borough of Kingston upon Thames"}
    assert {e["body"] for e in entries} == {"Kingston and North Kingston Neighbourhood Committee"}
    # 4 Dec 2025 is cancelled: its page is never asked for; 15 Jan 2026 is the only meeting fetched
    assert "/ielistdocuments.aspx?mid=10161" not in hits
    assert {e["date"] for e in entries} == {"2026-01-15"}
    papers = [e for e in entries if e.get("kind") != "embedded minutes"]
    minutes = [e for e in entries if e.get("kind") == "embedded minutes"]
    assert (len(papers), len(minutes)) == (23, 12) and tally.new == 35
    assert not any(re.search(r"\b(KB|MB|PDF)\b|, item \d", e["title"]) for e in entries)
    assert {e.get("agenda_item_number") for e in minutes} == {str(n) for n in range(54, 66)}
    assert len({e["url"] for e in minutes}) == 12  # each item's minutes under its own mgAi.aspx?ID=
    packs = [e["title"] for e in papers if "mgChooseDocPack" in e["url"]]
    assert packs == [
        "Agenda reports pack",
        "Supplement: Agenda Item 7 - Community Safety Update",
        "Late Material",
    ]
    assert sum("kept as printed, cut short" in n for n in tally.notes) == 2
    assert not any("Recorded Vote" in (tmp_path / e["path"]).read_text() for e in minutes)
