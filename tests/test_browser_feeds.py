"""Following councils over time, in a real browser: from the recommendations table to one council in
one year in two clicks, and a subscription to a search whose entries lead back to their quotes.

Run on the bundled corpus and on a build of ../shared/realdocs (real council papers and Ofsted
reports; skipped, saying so, when it is absent). The council and year clicked are the ones with the
most dated recommendations in each build, found by SQL; the clicks are on the facet links a reader
sees. Screenshots are saved as tests/screenshots/feeds-*.png.
"""

# ruff: noqa: F811  (the browser fixtures are imported from test_browser)
from __future__ import annotations

import json
import re
import sqlite3
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlparse
from xml.etree import ElementTree as ET

import pytest
from conftest import CORPUS
from test_browser import browser, page, serving, shot  # noqa: F401

from pipeline.build import build
from pipeline.publish import site as publish

ROOT = Path(__file__).resolve().parent.parent
REALDOCS = ROOT.parent / "shared" / "realdocs"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module", params=["corpus", "realdocs"])
def site(request, tmp_path_factory):
    """A build of the bundled corpus or of ../shared/realdocs, served; yields (base URL, database)."""
    source = CORPUS if request.param == "corpus" else REALDOCS
    if not source.exists():
        pytest.skip(f"{source} is absent: the real documents are shared beside the repository, not in it")
    folder = tmp_path_factory.mktemp(f"feeds-{request.param}")
    build([source], folder / "built.db")
    db = publish.optimised_copy(folder / "built.db", folder / "scrutiny.db")
    with serving(db) as base:
        yield base, db, request.param


def most_dated(db: Path) -> tuple[str, str, int, int]:
    """The council and year with the most recommendations: (council id, name, year, how many)."""
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "select r.council_id, c.name, r.year, count(*) from recommendations r "
            "join councils c on c.id = r.council_id where r.year is not null "
            "group by r.council_id, r.year order by count(*) desc, r.council_id limit 1"
        ).fetchone()
    finally:
        conn.close()


def read_feed(url: str) -> ET.Element:
    with urllib.request.urlopen(url, timeout=30) as response:
        assert response.headers["Content-Type"].startswith("application/atom+xml")
        root = ET.fromstring(response.read())
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None, f"the feed has no <{required}>"
    return root


def entries_of(feed: ET.Element) -> list[dict]:
    found = []
    for entry in feed.findall(f"{ATOM}entry"):
        link = entry.find(f"{ATOM}link")
        found.append(
            {
                "id": entry.findtext(f"{ATOM}id"),
                "title": entry.findtext(f"{ATOM}title"),
                "updated": entry.findtext(f"{ATOM}updated"),
                "link": link.get("href") if link is not None else None,
                "content": entry.findtext(f"{ATOM}content") or "",
            }
        )
    return found


def test_two_clicks_from_the_recommendations_table_to_one_council_in_one_year(page, site):
    base, db, name = site
    council_id, council, year, count = most_dated(db)
    page.goto(base + "/scrutiny/recommendations")
    page.locator("#facet-council_id").get_by_role("link", name=council, exact=True).click()  # one
    page.wait_for_url(re.compile(r"council_id="))
    page.locator("#facet-year").get_by_role("link", name=str(year), exact=True).click()  # two
    page.wait_for_url(re.compile(r"year="))
    asked = parse_qs(urlparse(page.url).query)
    assert asked["council_id"] == [council_id] and asked["year"] == [str(year)]
    rows = page.locator("table.rows-and-columns tbody tr")
    assert rows.count() == min(count, 50)
    assert set(rows.locator("td.col-council_id a").all_inner_texts()) == {council}
    assert set(rows.locator("td.col-year").all_inner_texts()) == {str(year)}
    dates = [d for d in rows.locator("td.col-date").all_inner_texts() if d.strip()]
    assert dates == sorted(dates, reverse=True), "the table is not newest first"
    shot(page, f"feeds-{name}-council-year")


def test_subscribe_to_a_search_and_follow_an_entry_to_its_quote(page, site):
    base, db, name = site
    conn = sqlite3.connect(db)
    (text,) = conn.execute("select text from recommendations order by date desc, id limit 1").fetchone()
    word = max(re.findall(r"[A-Za-z]{5,}", text), key=len)
    matching = conn.execute(
        "select count(*) from recommendations_fts where recommendations_fts match ?", [f'"{word}"']
    ).fetchone()[0]
    conn.close()
    page.goto(base + "/scrutiny/recommendations")
    page.fill("input[name=_search]", word)
    page.press("input[name=_search]", "Enter")
    page.wait_for_url(re.compile(r"_search="))
    subscribe = page.locator("p.export-links a", has_text="atom")
    feed = read_feed(urljoin(page.url, subscribe.get_attribute("href")))
    entries = entries_of(feed)
    assert len(entries) == min(matching, 50) > 0
    stem = word.lower()[:5]  # the search is stemmed: "implementation" finds "implemented"
    assert all(stem in e["content"].lower() for e in entries)
    # The feed is the page a reader searched, in its order: newest document first.
    shown = json.loads(
        urllib.request.urlopen(
            urljoin(page.url, "recommendations.json?" + urlparse(page.url).query + "&_shape=array"),
            timeout=30,
        ).read()
    )
    assert [e["id"].rsplit("/", 1)[1] for e in entries] == [r["id"] for r in shown]
    dates = [r["date"] for r in shown if r["date"]]
    assert dates == sorted(dates, reverse=True)
    first = entries[0]
    assert first["link"].startswith(base + "/scrutiny/documents/")
    record_id = first["link"].rsplit("#record-", 1)[1]
    page.goto(first["link"])
    record = page.locator(f"#record-{record_id}")
    assert record.is_visible()
    quote = first["content"].split("”", 1)[0].lstrip("“")
    assert " ".join(quote.split())[:60] in " ".join(record.inner_text().split())
    shot(page, f"feeds-{name}-entry")


def test_the_canned_feeds_parse_and_link_back(page, site):
    base, db, name = site
    conn = sqlite3.connect(db)
    (council,) = conn.execute(
        "select c.name from recommendations r join councils c on c.id = r.council_id "
        "group by c.id order by count(*) desc limit 1"
    ).fetchone()
    (text,) = conn.execute("select text from recommendations order by date desc, id limit 1").fetchone()
    judgements = conn.execute("select count(*) from ofsted_ratings").fetchone()[0]
    conn.close()
    word = max(re.findall(r"[A-Za-z]{5,}", text), key=len)
    feeds = {
        f"recommendations_feed.atom?words={word}": None,
        f"council_feed.atom?council={urllib.parse.quote(council)}": None,
        "ofsted_feed.atom?council=": min(judgements, 50),
    }
    for path, expected in feeds.items():
        entries = entries_of(read_feed(f"{base}/scrutiny/{path}"))
        assert entries, f"{path}: no entries"
        if expected is not None:
            assert len(entries) == expected
        updated = [e["updated"] for e in entries]
        assert updated == sorted(updated, reverse=True), f"{path}: not newest first"
        assert all(e["link"].startswith(base + "/scrutiny/documents/") for e in entries)
        assert len({e["id"] for e in entries}) == len(entries)
    # The page a feed belongs to offers it, and its first entry leads to its record.
    page.goto(f"{base}/scrutiny/council_feed?council={urllib.parse.quote(council)}")
    offered = page.locator("p.export-links a", has_text="atom")
    assert offered.count() == 1
    first = entries_of(read_feed(urljoin(page.url, offered.get_attribute("href"))))[0]
    page.goto(first["link"])
    assert page.locator(f"#record-{first['link'].rsplit('#record-', 1)[1]}").is_visible()
    shot(page, f"feeds-{name}-council-feed")
