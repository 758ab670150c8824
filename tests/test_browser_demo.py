"""The demo in a real browser: the bundled corpus built as ``scrutiny demo`` builds it, served,
and every canned query answered with what the sample documents say. Screenshots are saved as
tests/screenshots/demo-*.png."""

# ruff: noqa: F811  (the browser fixtures are imported from test_browser)
from __future__ import annotations

from urllib.parse import urlencode

import pytest
from conftest import CORPUS
from test_browser import browser, page, serving, shot  # noqa: F401

from pipeline.build import build
from pipeline.publish import site as publish

# (query, parameters, words the answer must show): values are what the five sample papers say.
DEMO = [
    (
        "search_recommendations",
        {"words": "induction"},
        ["reviews the induction process", "Devon County Council"],
    ),
    ("council_recommendations", {"council": "Walsall"}, ["Corporate Parents is strengthened", "2011"]),
    ("council_caseloads", {"council": "Devon"}, ["38", "20", "240", "manager"]),
    ("latest_caseloads", {"kind": "", "role": ""}, ["Durham County Council", "Walsall Council"]),
    ("latest_ofsted", {"council": ""}, ["Medway Council", "Inadequate", "Durham County Council"]),
    ("councils_by_judgement", {"judgement": "Inadequate"}, ["Medway Council"]),
    ("frequent_witnesses", {"organisation": ""}, ["Paul Northcott", "Carol Payne"]),
    ("witness_appearances", {"name": "Payne"}, ["Carol Payne", "Head of Children"]),
    ("caseload_checks_for_council", {"council": "Walsall"}, ["no official figure (DfE series starts 2017)"]),
    ("rating_checks_for_council", {"council": "Medway"}, ["no official data (ILACS series starts 2018)"]),
    ("rating_disagreements", {"council": ""}, []),
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    build([CORPUS], folder / "built.db")
    db = publish.optimised_copy(folder / "built.db", folder / "scrutiny.db")
    with serving(db) as base:
        yield base


@pytest.mark.parametrize(("query", "params", "expected"), DEMO, ids=[d[0] for d in DEMO])
def test_the_demo_answers_each_canned_query(page, demo, query, params, expected):
    page.goto(f"{demo}/scrutiny/{query}?{urlencode(params)}")
    body = page.inner_text("body")
    assert "Error" not in page.title()
    if expected:
        text = page.locator("table.rows-and-columns").inner_text()
        for words in expected:
            assert words in text, f"{query}: {words!r} not shown"
        links = page.locator("table.rows-and-columns tbody tr").first.locator(
            "a[href*='/scrutiny/documents/']"
        )
        assert links.count() >= 1
    else:  # the sample papers predate ILACS: nothing can disagree with it
        assert (
            "0 rows" in body
            or "No data" in body
            or page.locator("table.rows-and-columns tbody tr").count() == 0
        )
    shot(page, f"demo-{query}")


def test_the_demo_search_finds_a_recommendation_and_its_document(page, demo):
    page.goto(demo + "/-/search?" + urlencode({"q": "caseloads"}))
    page.wait_for_selector("body[data-search-done]")
    hits = page.locator('.search-all-table[data-table="recommendations"] a.search-hit')
    assert hits.count() >= 1 and "manageable caseloads" in hits.first.inner_text()
    shot(page, "demo-search")
    hits.first.click()
    page.wait_for_url("**/scrutiny/recommendations/*")
    page.locator("td.col-document_id a").click()
    page.wait_for_url("**/scrutiny/documents/*")
    assert "Review of Safeguarding Services for Vulnerable Children" in page.locator("h1").inner_text()
    shot(page, "demo-document")
