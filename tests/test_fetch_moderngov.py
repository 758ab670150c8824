"""ModernGov end to end against the fixture council site: service path, HTML fallback, faults, resume."""

# ruff: noqa: F811  (tests take the imported server/site fixtures as arguments)

from __future__ import annotations

import datetime as dt
import json

import pytest
from fetch_site import ALL_DOCUMENTS, DOCS, SITE, respond, server, site, truncated  # noqa: F401  (fixtures: server, site)

from pipeline.fetch import moderngov
from pipeline.fetch.corpus import Corpus
from pipeline.fetch.http import Client, Policy

SINCE, UNTIL = dt.date(2013, 1, 1), dt.date(2017, 12, 31)
#: 7 linked papers (one linked twice) + minutes embedded under 3 agenda items.
PAPERS = 7
MINUTES = 3


def client() -> Client:
    return Client(Policy(delay=0, timeout=0.5, retries=2, backoff=0.01))


def run(site, folder, **kw):
    kw.setdefault("committee", ["children's scrutiny"])
    with Corpus(folder) as corpus:
        return moderngov.fetch(site.base, corpus=corpus, client=client(), since=SINCE, until=UNTIL, **kw)


def manifest(folder) -> list[dict]:
    return [json.loads(line) for line in (folder / "manifest.jsonl").read_text().splitlines()]


def by_title(folder) -> dict[str, dict]:
    return {e["title"]: e for e in manifest(folder)}


def test_service_path_fetches_every_paper_with_its_meeting(site, tmp_path):
    tally = run(site, tmp_path)
    assert (tally.new, tally.unchanged, tally.failures, tally.blocked) == (PAPERS + MINUTES, 0, [], None)
    assert tally.duplicates == 1
    assert tally.notes == []
    routes = [r for r, _ in site.hits]
    assert "/mgwebservice.asmx/getmeeting" in routes and "/ielistdocuments.aspx" not in routes
    entries = by_title(tmp_path)
    report = entries["Task Group report"]
    assert report["council"] == "Exampleshire County Council"
    assert report["body"] == "Children's Scrutiny Committee"
    assert report["date"] == "2014-06-26"
    assert report["url"] == site.base + "documents/s5002/Task%20Group%20report.pdf"
    assert report["agenda_item"] == "Safeguarding Children Task Group: Interim Report"
    assert report["agenda_item_number"] == "2"
    assert report["document_title"] == "Task Group report"
    assert report["content_type"] == "application/pdf" and report["platform"] == "moderngov"
    assert report["path"] == f"raw/{report['sha256']}.pdf"
    assert (tmp_path / report["path"]).read_bytes() == (DOCS / "task_group_report.pdf").read_bytes()
    assert report["bytes"] == len((DOCS / "task_group_report.pdf").read_bytes())
    assert report["fetched_at"].endswith("Z")
    # a link with no file extension is stored by what its bytes are
    assert entries["Appendix A - Task Group activities"]["path"].endswith(".pdf")
    assert entries["Social work caseloads report"]["date"] == "2015-01-15"
    agendas = [e for e in manifest(tmp_path) if e["title"] == "Agenda frontsheet"]
    assert [(e["date"], e["agenda_item"]) for e in agendas] == [("2014-06-26", None), ("2015-01-15", None)]
    # the "modernGov" spelling and the session segment are normalised away
    assert entries["Improvement plan"]["url"] == site.base + "documents/s5004/Improvement%20plan.pdf"
    minutes = entries["Minutes: Safeguarding Children Task Group: Interim Report"]
    assert minutes["url"] == site.base + "mgAi.aspx?ID=7002" and minutes["content_type"] == "text/html"
    assert (
        b"RESOLVED that the recommendations be referred to Cabinet."
        in (tmp_path / minutes["path"]).read_bytes()
    )


def test_meetings_outside_the_window_or_cancelled_are_not_visited(site, tmp_path):
    run(site, tmp_path)
    dates = {e["date"] for e in manifest(tmp_path)}
    assert dates == {"2014-06-26", "2015-01-15"}
    getmeeting = [h for r, h in site.hits if r == "/mgwebservice.asmx/getmeeting"]
    assert len(getmeeting) == 2


def test_html_fallback_when_the_service_is_disabled_finds_the_same_papers(site, tmp_path):
    service = tmp_path / "service"
    run(site, service)
    site.service = False
    html = tmp_path / "html"
    tally = run(site, html)
    assert tally.failures == [] and tally.new == PAPERS + MINUTES
    assert any("web service not used" in n for n in tally.notes)
    paper_urls = {e["url"] for e in manifest(service) if e["content_type"] == "application/pdf"}
    assert paper_urls == {e["url"] for e in manifest(html) if e["content_type"] == "application/pdf"}
    same = {e["url"]: (e["date"], e["agenda_item"], e["body"]) for e in manifest(html)}
    for e in manifest(service):
        assert same[e["url"]] == (e["date"], e["agenda_item"], "Children's Scrutiny Committee")
    # once refused, the service is not asked again in that run
    assert not [r for r, _ in site.hits[len(site.hits) // 2 :] if r == "/mgwebservice.asmx/getmeetings"]


def test_robots_txt_barring_the_service_means_html(site, tmp_path):
    site.robots = "User-agent: *\nDisallow: /moderngov/mgWebService.asmx\n"
    tally = run(site, tmp_path)
    assert tally.new == PAPERS + MINUTES
    assert not [r for r, _ in site.hits if r.startswith("/mgwebservice.asmx")]


def test_duplicate_links_are_fetched_and_stored_once(site, tmp_path):
    run(site, tmp_path)
    hits = site.document_hits()
    assert sorted(hits) == sorted(ALL_DOCUMENTS)
    urls = [e["url"] for e in manifest(tmp_path)]
    assert len(urls) == len(set(urls))
    assert len(list((tmp_path / "raw").iterdir())) == PAPERS + MINUTES


def test_html_served_as_pdf_is_not_stored_and_is_retried_next_run(site, tmp_path):
    error_page = "<!DOCTYPE html><html><body><h1>Sorry, this page is unavailable</h1></body></html>"
    site.fault(
        "/documents/s5004/improvement plan.pdf", respond(200, error_page, content_type="application/pdf")
    )
    tally = run(site, tmp_path)
    assert len(tally.failures) == 1
    url, reason = tally.failures[0]
    assert (
        url.endswith("Improvement%20plan.pdf") and "served as a PDF but the bytes are an HTML page" in reason
    )
    assert "Improvement plan" not in by_title(tmp_path)
    assert not any(p.suffix == ".html" and b"Sorry" in p.read_bytes() for p in (tmp_path / "raw").iterdir())
    again = run(site, tmp_path)
    assert (again.new, again.failures) == (1, [])
    assert by_title(tmp_path)["Improvement plan"]["content_type"] == "application/pdf"


def test_robots_disallowed_document_is_reported_not_fetched(site, tmp_path):
    site.robots = "User-agent: *\nDisallow: /moderngov/documents/s5003/\n"
    tally = run(site, tmp_path)
    assert [r for _, r in tally.failures] == [
        f"{site.base}documents/s5003/Appendix%20A: disallowed by {site.root}/robots.txt; not fetched"
    ]
    assert "/documents/s5003/appendix a" not in site.document_hits()
    # robots.txt will not change its mind by itself: the meeting is finished, not retried each run
    again = run(site, tmp_path, refresh=False)
    assert (again.new, again.failures, again.settled) == (0, [], 2)


def test_transient_faults_on_documents_are_retried(site, tmp_path):
    site.fault("/documents/s5002/task group report.pdf", respond(500, "oops"))
    site.fault("/mgconvert2pdf.aspx?id=5005", respond(429, "busy", Retry_After="0"))
    site.fault("/documents/s5003/appendix a", truncated(b"%PDF-1.4 cut", 4000))
    tally = run(site, tmp_path)
    assert (tally.new, tally.failures) == (PAPERS + MINUTES, [])


def test_a_persistent_truncation_fails_only_that_paper(site, tmp_path):
    site.fault("/documents/s5003/appendix a", *[truncated(b"%PDF-1.4 cut", 4000)] * 3)
    tally = run(site, tmp_path)
    assert tally.new == PAPERS + MINUTES - 1
    assert "truncated" in tally.failures[0][1]


def test_off_host_links_are_noted_never_followed(site, tmp_path):
    xml = (
        (SITE / "GetMeeting-2001.xml")
        .read_text()
        .replace("{{BASE}}", site.base)
        .replace("{{ROOT}}", site.root)
    )
    off_host = site.root.replace("127.0.0.1", "localhost") + "/files/Appendix%20A.pdf"
    xml = xml.replace(site.base + "documents/s5003/Appendix A", off_host)
    site.fault("/mgwebservice.asmx/getmeeting", respond(200, xml, content_type="text/xml"))
    tally = run(site, tmp_path)
    assert tally.failures == [] and tally.new == PAPERS + MINUTES - 1
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
    assert tally.new == PAPERS + MINUTES - 3 and tally.failures == []
    assert tally.unchanged == 3
    all_hits = site.document_hits()
    assert sorted(all_hits) == sorted(ALL_DOCUMENTS), "each paper downloaded exactly once over both runs"
    assert len(first_hits) < len(all_hits)
    assert len(manifest(tmp_path)) == PAPERS + MINUTES


def test_a_torn_manifest_line_from_a_killed_run_is_repaired(site, tmp_path):
    run(site, tmp_path)
    with (tmp_path / "manifest.jsonl").open("a") as f:
        f.write('{"path": "raw/abc')
    tally = run(site, tmp_path, refresh=True)
    assert tally.new == 0
    assert len(manifest(tmp_path)) == PAPERS + MINUTES


def test_a_second_run_downloads_nothing(site, tmp_path):
    run(site, tmp_path)
    before = len(site.document_hits())
    tally = run(site, tmp_path)
    assert (tally.new, tally.failures, tally.settled) == (0, [], 2)
    assert len(site.document_hits()) == before
    assert len(manifest(tmp_path)) == PAPERS + MINUTES


def test_refresh_uses_conditional_requests_and_hashes(site, tmp_path):
    run(site, tmp_path)
    start = len(site.hits)
    tally = run(site, tmp_path, refresh=True)
    assert (tally.new, tally.unchanged, tally.failures) == (0, PAPERS + MINUTES, [])
    later = dict(site.hits[start:])
    assert later["/documents/s5002/task group report.pdf"]["If-None-Match"].startswith('"')
    assert "If-None-Match" not in later["/mgconvert2pdf.aspx?id=5005"]  # no validators: hash compared
    assert len(manifest(tmp_path)) == PAPERS + MINUTES


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
    xml = (
        (SITE / "GetMeeting-2001.xml")
        .read_text()
        .replace("{{BASE}}", site.base)
        .replace("{{ROOT}}", site.root)
    )
    evil = site.base + "documents/s5009/..%2F..%2F..%2F..%2Fescape.pdf"
    xml = xml.replace(site.base + "documents/s5003/Appendix A", evil)
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
