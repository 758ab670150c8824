"""The published site in a real browser: headless Chromium against a served fixture database.

A reader searches, opens a record, follows it to its document; each canned query and the
dashboard are opened and checked. Screenshots go to tests/screenshots/ (not committed) so a
person can see what the site shows. Skips, saying why, only when no Chromium can be found.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest
from publish_fixture import build_fixture_db

from pipeline.publish import site as publish

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "tests" / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 15_000


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(db: Path):
    """``scrutiny serve`` equivalent for ``db`` on a free local port, in a subprocess; yields its URL."""
    publish.write_inspect(db)
    port = free_port()
    code = f"from pipeline.publish.site import serve; serve({str(db)!r}, host='127.0.0.1', port={port})"
    proc = subprocess.Popen(
        [sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=2).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    out = proc.stdout.read().decode(errors="replace") if proc.poll() is not None else ""
                    pytest.fail(f"the Datasette server did not start on {base}: {out}")
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The publish fixture database, served; yields its base URL."""
    folder = tmp_path_factory.mktemp("browser")
    db = publish.optimised_copy(build_fixture_db(folder / "built.db"), folder / "scrutiny.db")
    with serving(db) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    executable = find_chromium()
    if executable is None:
        pytest.skip(
            "no Chromium found (looked for chromium, chromium-browser, /usr/bin/chromium); "
            "install Debian's chromium: apt-get install chromium"
        )
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        # launch() gives every run a fresh, temporary profile (its own --user-data-dir).
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    yield page
    context.close()


def shot(page, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_search_open_a_record_and_follow_it_to_its_document(page, server):
    page.goto(server + "/")
    page.fill("#search-all-q", "recruitment")
    page.press("#search-all-q", "Enter")
    page.wait_for_selector("body[data-search-done]")
    hits = page.locator('.search-all-table[data-table="recommendations"] a.search-hit')
    assert hits.count() == 2
    assert "That the Director report progress on recruitment" in hits.first.inner_text()
    shot(page, "01-search-all")

    hits.first.click()
    page.wait_for_url("**/scrutiny/recommendations/*")
    record_id = page.url.rsplit("/", 1)[-1]
    document_link = page.locator("td.col-document_id a")
    assert document_link.inner_text() == "Children's Services Improvement Update"
    assert page.locator("td.col-quote .quote-page").inner_text().replace("\xa0", " ") == "p. 1"
    shot(page, "02-record")

    document_link.click()
    page.wait_for_url("**/scrutiny/documents/*")
    assert page.locator("h1").inner_text() == "Children's Services Improvement Update"
    assert page.locator(f"#record-{record_id}").is_visible()
    assert page.locator("h2#recommendations").inner_text() == "Recommendations and resolutions (2)"
    source = page.locator(".document-source a")
    assert source.get_attribute("href") == "https://committees.example.org/kent/2018-11-05/improvement.pdf"
    shot(page, "03-document")


CANNED = [
    (
        "search_recommendations",
        {"words": "recruit"},
        ["That the Director report progress on recruitment", "That a recruitment and retention strategy"],
    ),
    ("council_recommendations", {"council": "Kent"}, ["That the report be noted.", "2.1"]),
    ("council_caseloads", {"council": "Kent"}, ["24 cases per worker in January 2015", "target"]),
    (
        "latest_caseloads",
        {"kind": "reported", "role": "social worker"},
        ["Caseloads now average 16 cases", "between 20 and 25 cases each"],
    ),
    ("latest_ofsted", {"council": ""}, ["Inadequate", "Good", "Requires improvement to be good"]),
    ("councils_by_judgement", {"judgement": "Requires improvement"}, ["Medway", "South East"]),
    ("frequent_witnesses", {"organisation": ""}, ["Tom Ashworth", "Kent County Council; Walsall Council"]),
    ("witness_appearances", {"name": "Okafor"}, ["Jane Okafor", "presented the report"]),
    (
        "caseload_checks_for_council",
        {"council": "Medway"},
        ["22.0", "20.3", "compared", "The average caseload is 22 children per social worker"],
    ),
    (
        "rating_checks_for_council",
        {"council": "Kent"},
        [
            "no official data (ILACS series starts 2018)",
            "In its 2017 inspection Ofsted rated the council Good",
        ],
    ),
    ("rating_disagreements", {"council": ""}, ["Medway", "Requires improvement to be good", "Inadequate"]),
]


@pytest.mark.parametrize(("query", "params", "expected"), CANNED, ids=[c[0] for c in CANNED])
def test_each_canned_query_answers_in_the_browser(page, server, query, params, expected):
    page.goto(f"{server}/scrutiny/{query}?{urlencode(params)}")
    table = page.locator("table.rows-and-columns")
    text = table.inner_text()
    for words in expected:
        assert words in text, f"{query}: {words!r} not shown"
    # Every answer row links to its document.
    first_row_links = table.locator("tbody tr").first.locator("a[href*='/scrutiny/documents/']")
    assert first_row_links.count() >= 1
    shot(page, f"10-query-{query}")


def test_dashboard_draws_every_chart_offline(page, server):
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(server + "/-/dashboards/scrutiny")
    drawn = "document.querySelectorAll('.dashboard-card-chart canvas, .dashboard-card-chart svg.marks')"
    page.wait_for_function(f"{drawn}.length >= 3")
    assert "Reported social-worker caseloads over time" in page.inner_text("body")
    elsewhere = [url for url in requested if not url.startswith(server + "/") and not url.startswith("data:")]
    assert elsewhere == [], f"the dashboard fetched from outside the site: {elsewhere}"
    shot(page, "20-dashboard")


def test_official_figures_dashboard_draws_and_links_to_the_documents(page, server):
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server + "/-/dashboards/official-figures?council=Medway+Council")
    page.wait_for_selector("#chart-caseload-timeline svg.marks, #chart-caseload-timeline canvas")
    page.wait_for_selector("#chart-caseload-checks td a")
    page.wait_for_selector("#chart-ofsted-timeline td a")
    checks = page.inner_text("#chart-caseload-checks")
    for words in ("Medway", "22", "20.3", "1.7", "compared"):
        assert words in checks
    assert "Requires improvement" in page.inner_text("#chart-ofsted-timeline")
    link = page.locator("#chart-caseload-checks td a").first
    assert link.inner_text() == "Ofsted Inspection Outcome and <i>Action</i> Plan"
    shot(page, "21-official-figures")
    link.click()
    page.wait_for_url("**/scrutiny/documents/*")
    assert page.locator("h1").inner_text() == "Ofsted Inspection Outcome and <i>Action</i> Plan"
    # A council with no figures gets a sentence, not an empty box; what was typed stays text.
    page.goto(
        server + "/-/dashboards/official-figures?" + urlencode({"council": "<img src=x onerror=alert(1)>"})
    )
    page.wait_for_selector("#chart-caseload-checks td")
    assert "No reported caseload figure in the papers of <img src=x" in page.inner_text(
        "#chart-caseload-checks"
    )
    assert page.dialogs == [] and errors == []
    shot(page, "22-official-figures-no-figures")


def test_extracted_html_is_shown_as_text_not_run(page, server):
    page.goto(server + "/scrutiny/search_recommendations?words=caseload")
    assert "<script>alert('scrutiny')</script>" in page.inner_text("table.rows-and-columns")
    page.goto(server + "/-/search?q=caseload")
    page.wait_for_selector("body[data-search-done]")
    assert "<b>caseload</b>" in page.inner_text("#search-all-results")
    page.locator("a", has_text="Ofsted Inspection Outcome and <i>Action</i> Plan").first.click()
    page.wait_for_url("**/scrutiny/documents/*")
    assert page.locator("h1").inner_text() == "Ofsted Inspection Outcome and <i>Action</i> Plan"
    assert page.dialogs == []
    shot(page, "30-escaped-document")
