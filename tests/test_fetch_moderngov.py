"""ModernGov end to end against the fixture council site: service path, HTML fallback, faults, resume."""

# ruff: noqa: F811  (tests take the imported server/site fixtures as arguments)

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import fetch_council as council
import fetch_council_pages as pages
import pytest
from bs4 import BeautifulSoup
from fetch_site import DOCS, respond, server, site, truncated  # noqa: F401  (fixtures: server, site)

from pipeline.fetch import moderngov
from pipeline.fetch.corpus import Corpus
from pipeline.fetch.http import Client, Policy

SINCE, UNTIL = dt.date(2013, 1, 1), dt.date(2017, 12, 31)
IN_RANGE = [m for m in council.MEETINGS if SINCE <= m.date <= UNTIL and not m.cancelled]
#: Agenda items' papers (one of them linked from two meetings, stored once) and minutes: the web
#: service lists these; the meetings' own papers and packs only their pages link.
PAPERS = len({p.id for m in IN_RANGE for i in m.items for p in i.papers})
MINUTES = sum(1 for m in IN_RANGE for i in m.items if i.minutes)
OWN = sum(len(m.own) for m in IN_RANGE)
ALL = PAPERS + MINUTES + OWN


def client() -> Client:
    return Client(Policy(delay=0, timeout=0.5, retries=2, backoff=0.01))


def run(site, folder, **kw):
    kw = {"committee": ["children's scrutiny"], "since": SINCE, "until": UNTIL, **kw}
    with Corpus(folder) as corpus:
        return moderngov.fetch(site.base, corpus=corpus, client=client(), **kw)


def manifest(folder) -> list[dict]:
    return [json.loads(line) for line in (folder / "manifest.jsonl").read_text().splitlines()]


def by_title(folder) -> dict[str, dict]:
    return {e["title"]: e for e in manifest(folder)}


def text(folder, entry) -> str:
    return " ".join(BeautifulSoup((folder / entry["path"]).read_bytes(), "lxml").get_text(" ").split())


def stored(folder) -> set[tuple]:
    """What a researcher sees of each document: meeting, item, title, and its bytes."""
    return {
        (e["body"], e["date"], e.get("agenda_item_number"), e["agenda_item"], e["title"], e["sha256"])
        for e in manifest(folder)
    }


def test_the_fixture_council_is_what_the_tests_say():
    assert (PAPERS, MINUTES, OWN) == (5, 5, 6)


def test_web_service_and_pages_together_store_every_document_once(site, tmp_path):
    tally = run(site, tmp_path)
    assert (tally.new, tally.unchanged, tally.failures, tally.blocked) == (ALL, 0, [], None)
    assert tally.duplicates == 1 and tally.notes == []
    routes = [r for r, _ in site.hits]
    assert "/mgwebservice.asmx/getmeeting" in routes and "/ielistmeetings.aspx" not in routes
    entries = by_title(tmp_path)
    report = entries["Task Group report"]
    assert (
        report["council"] == "Exampleshire County Council"
    )  # the footer's, not the title's "Modern Council"
    assert report["body"] == "Children's Scrutiny Committee"
    assert report["date"] == "2014-06-26"
    assert report["url"] == site.base + "mgConvert2PDF.aspx?ID=5002"
    assert report["agenda_item"] == "Safeguarding Children Task Group: Interim Report"
    assert report["agenda_item_number"] == "3"
    assert report["document_title"] == "Task Group report"
    assert report["content_type"] == "application/pdf" and report["platform"] == "moderngov"
    assert report["path"] == f"raw/{report['sha256']}.pdf"
    assert (tmp_path / report["path"]).read_bytes() == (DOCS / "task_group_report.pdf").read_bytes()
    assert report["fetched_at"].endswith("Z")
    # the meeting's own papers come from its page even though the service listed the items
    own = [(e["date"], e["title"]) for e in manifest(tmp_path) if e["agenda_item"] is None]
    assert own == [(m.date.isoformat(), o.title) for m in IN_RANGE for o in m.own]
    # the first meeting's pack: mgChooseDocPack answered with a page linking the PDF
    pack = next(
        e for e in manifest(tmp_path) if e["title"] == "Agenda reports pack" and e["date"] == "2014-06-26"
    )
    assert (tmp_path / pack["path"]).read_bytes() == (DOCS / "pack_2001.pdf").read_bytes()
    assert pack["pack_url"] == site.base + "mgChooseDocPack.aspx?ID=2101"
    supplement = entries["Supplement: Agenda Item 3 - Safeguarding Children Task Group"]
    assert supplement["url"] == site.base + "mgChooseDocPack.aspx?ID=2101&SID=3101"
    assert supplement["content_type"] == "application/pdf"
    minutes = entries["Minutes: Safeguarding Children Task Group: Interim Report"]
    assert minutes["url"] == site.base + "mgAi.aspx?ID=7003" and minutes["agenda_item_number"] == "3"
    assert "RESOLVED that the recommendations be referred to Cabinet" in text(tmp_path, minutes)


@pytest.mark.parametrize(
    "route", ["web service only", "HTML only", "HTML, year picker only", "HTML, Year parameter only"]
)
def test_each_route_alone_stores_the_same_documents(site, tmp_path, route):
    both = tmp_path / "both"
    run(site, both)
    site.html = route != "web service only"
    site.service = route == "web service only"
    site.earlier = route == "HTML only"
    site.year_form = route != "HTML, Year parameter only"
    alone, start = tmp_path / "alone", len(site.hits)
    given = "Exampleshire County Council" if route == "web service only" else None
    tally = run(site, alone, council=given)
    assert tally.failures == [] and tally.duplicates == 1
    expected = stored(both)
    if route == "web service only":
        # no page can be read: the meetings' own papers and packs, which only pages link, are missing
        expected = {e for e in expected if e[2] is not None}
        assert any("printed minutes and agenda packs" in n for n in tally.notes)
        assert not [r for r, _ in site.hits if r.startswith(("/ielistmeetings", "/mgai.aspx"))]
    else:
        assert any("web service not used" in n for n in tally.notes)
        # once refused, the service is not asked again in that run
        assert {r for r, _ in site.hits[start:] if r.startswith("/mgwebservice")} == {
            "/mgwebservice.asmx/getcommittees"
        }
    assert tally.new == len(expected) and stored(alone) == expected
    assert {e["council"] for e in manifest(alone)} == {"Exampleshire County Council"}
    assert bool(site.posts) is route.startswith("HTML, ")


def test_papers_the_service_missed_are_added_once_the_pages_can_be_read(site, tmp_path):
    site.html = False
    first = run(site, tmp_path, council="Exampleshire County Council")
    assert first.new == PAPERS + MINUTES and any("--refresh adds them" in n for n in first.notes)
    site.html, site.service = True, False
    again = run(site, tmp_path, refresh=True)
    # each attachment is known under its other link, each minute by its bytes: only the pages' papers are new
    assert (again.new, again.unchanged, again.failures) == (OWN, PAPERS + MINUTES, [])
    assert len(manifest(tmp_path)) == ALL


def test_without_pages_or_a_name_the_council_is_the_host_with_a_note(site, tmp_path):
    site.html = False
    tally = run(site, tmp_path)
    assert {e["council"] for e in manifest(tmp_path)} == {"127.0.0.1"}
    assert any("names its council" in n and "--name" in n for n in tally.notes)


def test_a_firewall_refusing_the_pages_but_not_the_service_still_gets_the_service_papers(site, tmp_path):
    site.html, site.html_status = False, 403
    tally = run(site, tmp_path, council="Exampleshire County Council")
    assert tally.blocked is None and tally.failures == []
    assert tally.new == PAPERS + MINUTES
    assert any("HTTP 403" in n and "agenda packs" in n for n in tally.notes)
    assert len(site.requests_to("/ielistdocuments.aspx")) == 1, "refused pages are not asked for again"


def test_minutes_cut_short_on_the_page_are_read_whole_from_the_item_page(site, tmp_path):
    site.service = False
    run(site, tmp_path)
    minutes = by_title(tmp_path)["Minutes: Safeguarding Children Task Group: Interim Report"]
    body = text(tmp_path, minutes)
    assert all(line in body for line in council.LONG_MINUTES)
    assert "view the full minutes text" not in body and "Recorded Vote" not in body and "Carried" not in body
    assert len(site.requests_to("/mgai.aspx")) == 1  # only the cut item's page is read
    # every item's minutes are kept, each under its own item page
    urls = [e["url"] for e in manifest(tmp_path) if e.get("kind") == "embedded minutes"]
    assert len(urls) == len(set(urls)) == MINUTES


def test_meetings_outside_the_window_or_cancelled_are_not_visited(site, tmp_path):
    run(site, tmp_path)
    assert {e["date"] for e in manifest(tmp_path)} == {m.date.isoformat() for m in IN_RANGE}
    assert len(site.requests_to("/mgwebservice.asmx/getmeeting")) == len(IN_RANGE)
    site.service = False
    html = tmp_path / "html"
    run(site, html)
    assert len(site.requests_to("/ielistdocuments.aspx")) == 2 * len(IN_RANGE)


def test_a_meeting_whose_page_says_cancelled_is_skipped(site, tmp_path):
    site.service = False
    unmarked = dataclasses.replace(council.meeting(2003), cancelled=False)
    site.fault("/ielistmeetings.aspx", respond(200, pages.meetings_page(101, [unmarked], None, [2014, 2015])))
    tally = run(site, tmp_path, since=dt.date(2015, 3, 1), until=dt.date(2015, 3, 31))
    assert tally.new == 0 and tally.failures == []
    assert any("cancelled" in n for n in tally.notes)


def test_menu_links_are_not_committees(site):
    site.service = False
    found = moderngov.list_committees(site.base, client())
    assert [(c.id, c.title) for c in found] == [
        (102, "Cabinet"),
        (101, "Children's Scrutiny Committee"),
        (103, "Corporate Parenting Panel"),
    ]


def test_robots_txt_barring_the_service_means_html(site, tmp_path):
    site.robots = "User-agent: *\nDisallow: /moderngov/mgWebService.asmx\n"
    tally = run(site, tmp_path)
    assert tally.new == ALL
    assert not [r for r, _ in site.hits if r.startswith("/mgwebservice.asmx")]


def test_duplicate_links_are_fetched_and_stored_once(site, tmp_path):
    run(site, tmp_path)
    hits = site.document_hits()
    assert len(hits) == len(set(hits))
    urls = [e["url"] for e in manifest(tmp_path)]
    assert len(urls) == len(set(urls))
    assert len(list((tmp_path / "raw").iterdir())) == ALL


def test_html_served_as_pdf_is_not_stored_and_is_retried_next_run(site, tmp_path):
    error_page = "<!DOCTYPE html><html><body><h1>Sorry, this page is unavailable</h1></body></html>"
    site.fault("/mgconvert2pdf.aspx?id=5004", respond(200, error_page, content_type="application/pdf"))
    tally = run(site, tmp_path)
    assert len(tally.failures) == 1
    url, reason = tally.failures[0]
    assert (
        url.endswith("mgConvert2PDF.aspx?ID=5004")
        and "served as a PDF but the bytes are an HTML page" in reason
    )
    assert "Improvement plan" not in by_title(tmp_path)
    assert not any(p.suffix == ".html" and b"Sorry" in p.read_bytes() for p in (tmp_path / "raw").iterdir())
    again = run(site, tmp_path)
    assert (again.new, again.failures) == (1, [])
    assert by_title(tmp_path)["Improvement plan"]["content_type"] == "application/pdf"


def test_robots_disallowed_document_is_reported_not_fetched(site, tmp_path):
    site.service = False
    site.robots = "User-agent: *\nDisallow: /moderngov/documents/s5003/\n"
    tally = run(site, tmp_path)
    assert [r for _, r in tally.failures] == [
        f"{site.base}documents/s5003/Appendix%20A.pdf: disallowed by {site.root}/robots.txt; not fetched"
    ]
    assert "/documents/s5003/appendix a.pdf" not in site.document_hits()
    # robots.txt will not change its mind by itself: the meeting is finished, not retried each run
    again = run(site, tmp_path, refresh=False)
    assert (again.new, again.failures, again.settled) == (0, [], 2)


def test_transient_faults_on_documents_are_retried(site, tmp_path):
    site.fault("/mgconvert2pdf.aspx?id=5002", respond(500, "oops"))
    site.fault("/mgconvert2pdf.aspx?id=5005", respond(429, "busy", Retry_After="0"))
    site.fault("/mgconvert2pdf.aspx?id=5003", truncated(b"%PDF-1.4 cut", 4000))
    tally = run(site, tmp_path)
    assert (tally.new, tally.failures) == (ALL, [])


def test_a_persistent_truncation_fails_only_that_paper(site, tmp_path):
    site.fault("/mgconvert2pdf.aspx?id=5003", *[truncated(b"%PDF-1.4 cut", 4000)] * 3)
    tally = run(site, tmp_path)
    assert tally.new == ALL - 1
    assert "truncated" in tally.failures[0][1]


def test_off_host_links_are_noted_never_followed(site, tmp_path):
    xml = pages.ws_meeting(council.meeting(2001), site.base)
    off_host = site.root.replace("127.0.0.1", "localhost") + "/files/Appendix%20A.pdf"
    xml = xml.replace(site.base + "mgConvert2PDF.aspx?ID=5003", off_host)
    site.fault("/mgwebservice.asmx/getmeeting", respond(200, xml, content_type="text/xml"))
    tally = run(site, tmp_path)
    assert tally.failures == [] and tally.new == ALL - 1
    assert tally.notes == [f"1 link to other hosts not followed (e.g. {off_host})"]
    assert not site.requests_to("/files/appendix a.pdf")


@pytest.mark.parametrize("robots_readable", [True, False])
def test_a_blocked_site_is_reported_and_skipped(site, tmp_path, robots_readable):
    site.blocked = True
    if robots_readable:
        site.fault("/robots.txt", respond(200, "User-agent: *\nAllow: /\n"))
    tally = run(site, tmp_path)
    assert tally.blocked and "403" in tally.blocked
    assert tally.new == 0 and not (tmp_path / "manifest.jsonl").exists()
    # robots.txt, the committee page, the refused service (once, no retry), the committee page again
    assert len(site.hits) <= 4
    assert "BLOCKED" in tally.line() and "not worked around" in tally.line()


def test_an_interrupted_run_resumes_where_it_stopped(site, tmp_path):
    stored = []

    def stop_after_three(status, target):
        if status == "new":
            stored.append(target.url)
        if len(stored) == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run(site, tmp_path, on_document=stop_after_three)
    assert len(manifest(tmp_path)) == 3
    first_hits = site.document_hits()
    tally = run(site, tmp_path)
    assert tally.new == ALL - 3 and tally.failures == []
    assert tally.unchanged == 3
    all_hits = site.document_hits()
    assert len(all_hits) == len(set(all_hits)), "each paper downloaded exactly once over both runs"
    assert len(first_hits) < len(all_hits)
    assert len(manifest(tmp_path)) == ALL


def test_a_torn_manifest_line_from_a_killed_run_is_repaired(site, tmp_path):
    run(site, tmp_path)
    with (tmp_path / "manifest.jsonl").open("a") as f:
        f.write('{"path": "raw/abc')
    tally = run(site, tmp_path, refresh=True)
    assert tally.new == 0
    assert len(manifest(tmp_path)) == ALL


def test_a_second_run_downloads_nothing(site, tmp_path):
    run(site, tmp_path)
    before = len(site.document_hits())
    tally = run(site, tmp_path)
    assert (tally.new, tally.failures, tally.settled) == (0, [], 2)
    assert len(site.document_hits()) == before
    assert len(manifest(tmp_path)) == ALL


def test_refresh_uses_conditional_requests_and_hashes(site, tmp_path):
    run(site, tmp_path)
    start = len(site.hits)
    tally = run(site, tmp_path, refresh=True)
    assert (tally.new, tally.unchanged, tally.failures) == (0, ALL, [])
    later = dict(site.hits[start:])
    frontsheet = next(r for r in later if r.startswith("/documents/g2101/agenda frontsheet"))
    assert later[frontsheet]["If-None-Match"].startswith('"')
    assert "If-None-Match" not in later["/mgconvert2pdf.aspx?id=5005"]  # no validators: hash compared
    assert len(manifest(tmp_path)) == ALL


def test_a_changed_paper_gets_a_new_version_on_refresh(site, tmp_path):
    run(site, tmp_path)
    old = by_title(tmp_path)["Social work caseloads report"]
    new_pdf = (DOCS / "improvement_plan.pdf").read_bytes()
    site.fault("/mgconvert2pdf.aspx?id=5005", respond(200, new_pdf, content_type="application/pdf"))
    tally = run(site, tmp_path, refresh=True)
    assert tally.new == 1
    latest = by_title(tmp_path)["Social work caseloads report"]
    assert latest["supersedes"] == old["sha256"] and latest["sha256"] != old["sha256"]
    assert (tmp_path / old["path"]).exists(), "the old version is kept"


def test_recent_meetings_are_revisited_old_ones_are_not():
    today = dt.date(2024, 6, 1)
    done = {"done_at": "2024-06-01T10:00:00Z"}
    assert moderngov.plan(done, today - dt.timedelta(days=10), refresh=False) == (True, True)
    assert moderngov.plan(done, today - dt.timedelta(days=400), refresh=False) == (False, True)
    assert moderngov.plan(None, today, refresh=False) == (True, False)
    assert moderngov.plan(done, today - dt.timedelta(days=400), refresh=True) == (True, True)


def test_committee_selection_by_id_or_name(site):
    found = moderngov.list_committees(site.base, client())
    assert [(c.id, c.title) for c in found] == [
        (102, "Cabinet"),
        (101, "Children's Scrutiny Committee"),
        (103, "Corporate Parenting Panel"),
    ]
    assert [c.id for c in moderngov.select(found, ["CHILDREN\u2019S scrutiny", "103"])] == [101, 103]
    with pytest.raises(moderngov.NoSuchCommittee, match="'Adult Social Care'") as err:
        moderngov.select(found, ["Adult Social Care"])
    assert len(err.value.available) == 3


def test_council_name_given_wins_over_the_site_title(site, tmp_path):
    run(site, tmp_path, council="Exampleshire")
    assert {e["council"] for e in manifest(tmp_path)} == {"Exampleshire"}


def test_file_names_from_urls_cannot_escape_the_corpus(site, tmp_path):
    xml = pages.ws_meeting(council.meeting(2001), site.base)
    evil = site.base + "documents/s5009/..%2F..%2F..%2F..%2Fescape.pdf"
    xml = xml.replace(site.base + "mgConvert2PDF.aspx?ID=5003", evil)
    site.fault("/mgwebservice.asmx/getmeeting", respond(200, xml, content_type="text/xml"))
    site.fault(
        "/documents/s5009/../../../../escape.pdf", respond(200, (DOCS / "appendix_a.pdf").read_bytes())
    )
    corpus = tmp_path / "deep" / "corpus"
    tally = run(site, corpus)
    assert tally.failures == []
    entry = by_title(corpus)["Appendix A - Task Group activities"]
    assert entry["path"] == f"raw/{entry['sha256']}.pdf" and entry["filename"] == "escape.pdf"
    assert sorted(p.name for p in tmp_path.rglob("*.pdf")) == sorted(
        p.name for p in (corpus / "raw").glob("*.pdf")
    )
    assert not list(tmp_path.rglob("escape*"))


def test_council_named_by_a_real_sites_footer_in_the_shipped_spelling(site):
    real = (
        Path(__file__).resolve().parents[1].parent
        / "shared/realdocs/moderngov/kingston_html/CommitteeStructure.html"
    )
    if not real.exists():
        pytest.skip(
            f"real ModernGov pages not found at {real.parent} (../shared/realdocs is not beside this tree)"
        )
    site.fault("/mglistcommittees.aspx", respond(200, real.read_bytes(), content_type="text/html"))
    # the page's title says "Modern Council"; its footer names the council
    assert (
        moderngov.council_name(moderngov.Site(site.base, client())) == "Royal Borough of Kingston upon Thames"
    )
