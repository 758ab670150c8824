"""HTML parsing: the document without the site around it, as clean blank-line separated blocks.

The pages are written here in the shapes councils publish: a ModernGov agenda item inside a
site with navigation, header, footer, breadcrumbs and a cookie banner; an article page; Word
exports with layout tables and &nbsp; padding; legacy encodings; absurd nesting.
"""

from __future__ import annotations

import time

import pytest

from pipeline.parse import EmptyDocument, parse_bytes

MODERNGOV = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Agenda item - Fostering Service Update</title>
<style>#modgov h1 {{ color: red }}</style><script>var analytics = "do not index me";</script></head>
<body>
<a class="skipLink" href="#content">Skip to content</a>
<div id="cookieConsent" class="cookie-consent"><p>This site uses cookies.</p><button>OK</button></div>
<header id="siteHeader"><a href="/"><img alt="Borsetshire Council"></a>
<nav><ul><li><a href="/bins">Bins</a></li><li><a href="/schools">Schools</a></li></ul></nav></header>
<div class="breadcrumbs"><a href="/">Home</a> &gt; <a href="/democracy">Democracy</a></div>
<form id="aspnetForm" method="post"><input type="hidden" name="__VIEWSTATE" value="abc">
<div id="modgov">
<div class="mgHeadingContainer"><h1 class="mgMainTitleTxt">Agenda item</h1></div>
<div class="mgSubTitle">
<h2 class="mgSubTitleTxt">Meeting: 07/11/2019 - Corporate Parenting Board (Item 5.)</h2></div>
<div class="mgContent">
<h2 class="mgAiTitleTxt">5. Fostering Service Update</h2>
<p>Report of the Director of {who}.</p>
<h3 class="mgSubSubTitleTxt">Minutes:</h3>
<div class="mgWordPara">
<p class="MsoNormal">The Board considered the six-monthly report.&nbsp; The Service Manager explained:</p>
<p class="MsoNormal">&nbsp;</p>
<ul><li>recruitment of carers had improved;</li><li>placement stability remained a <b>concern</b>.</li></ul>
<p>Resolved:<br>That the report be noted.</p>
<table class="MsoTableGrid"><tr><td><p>Area</p></td><td><p>Rating</p></td></tr>
<tr><td><p>Placement stability</p></td><td><p>Amber</p></td></tr></table>
</div>
<h3 class="mgSubSubTitleTxt">Supporting documents:</h3>
<ul class="mgBulletList">
<li><a href="documents/s1234/Report.pdf">Fostering update, item 5. PDF 300 KB</a></li></ul>
</div></div></form>
<footer class="siteFooter"><p>&copy; Borsetshire Council</p><a href="/privacy">Privacy</a></footer>
<script>window.trackPage();</script>
</body></html>"""

EXPECTED_BLOCKS = [
    "Agenda item",
    "Meeting: 07/11/2019 - Corporate Parenting Board (Item 5.)",
    "5. Fostering Service Update",
    "Report of the Director of Children\u2019s Services.",
    "Minutes:",
    "The Board considered the six-monthly report. The Service Manager explained:",
    "\u2022 recruitment of carers had improved;",
    "\u2022 placement stability remained a concern.",
    "Resolved:\nThat the report be noted.",
    "Area | Rating",
    "Placement stability | Amber",
    "Supporting documents:",
    "\u2022 Fostering update, item 5. PDF 300 KB",
]


def _html(who: str = "Children\u2019s Services") -> str:
    return MODERNGOV.format(who=who)


@pytest.fixture(scope="module")
def agenda_item():
    return parse_bytes(_html().encode("utf-8"), "mgAi.aspx.html")


def test_moderngov_agenda_item_is_its_content_only(agenda_item):
    assert agenda_item.text.split("\n\n") == EXPECTED_BLOCKS
    for chrome in [
        "Skip to content",
        "cookies",
        "Bins",
        "Home",
        "Borsetshire",
        "Privacy",
        "analytics",
        "color",
    ]:
        assert chrome not in agenda_item.text
    assert agenda_item.format == "html" and agenda_item.page_count == 1


def test_moderngov_meeting_stated_on_the_page_goes_to_meta(agenda_item):
    assert agenda_item.meta["moderngov_page"] == "Agenda item"
    assert agenda_item.meta["meeting_body"] == "Corporate Parenting Board"
    assert agenda_item.meta["meeting_date"] == "2019-11-07"
    assert agenda_item.meta["html_title"] == "Agenda item - Fostering Service Update"


def test_manifest_metadata_wins_over_page_metadata():
    doc = parse_bytes(_html().encode(), "x.html", meta={"meeting_body": "Cabinet", "council": "Borsetshire"})
    assert doc.meta["meeting_body"] == "Cabinet" and doc.meta["council"] == "Borsetshire"


def test_meeting_documents_page_meta():
    page = """<html><body><div id="modgov"><h1 class="mgMainTitleTxt">Agenda and minutes</h1>
    <h2 class="mgSubTitleTxt">Meeting of Cabinet, Wednesday, 16th March, 2011 6.00 pm</h2>
    <p>Venue: Council House</p></div></body></html>"""
    doc = parse_bytes(page.encode(), "ieListDocuments.html")
    assert doc.meta["meeting_body"] == "Cabinet" and doc.meta["meeting_date"] == "2011-03-16"


def test_article_page_keeps_its_title_header_and_drops_the_site_chrome():
    page = """<html><body><header class="masthead"><nav><a>Home</a></nav></header>
    <main><article><header><h1>Children's social care: quarterly report</h1></header>
    <p>Caseloads averaged 18 per worker.</p><aside class="share">Share this page</aside>
    <footer>Last updated 3 May 2022</footer></article></main>
    <div role="contentinfo">Contact us</div></body></html>"""
    doc = parse_bytes(page.encode(), "report.html")
    assert doc.text == "Children's social care: quarterly report\n\nCaseloads averaged 18 per worker."


def test_numbered_lists_keep_their_numbers():
    page = """<html><body><main><p>It was resolved:</p>
    <ol><li>That the plan be approved.</li><li>That progress be reported in March.</li></ol>
    <ol type="a" start="3"><li>third</li><li>fourth</li></ol><ol type="i"><li>one</li><li>two</li></ol>
    </main></body></html>"""
    blocks = parse_bytes(page.encode(), "list.html").text.split("\n\n")
    assert blocks == [
        "It was resolved:",
        "1. That the plan be approved.",
        "2. That progress be reported in March.",
        "c. third",
        "d. fourth",
        "i. one",
        "ii. two",
    ]


def test_layout_tables_are_read_as_content_not_rows():
    page = """<html><body><table><tr>
    <td class="menu"><ul><li>Link one</li><li>Link two</li></ul></td>
    <td><h2>Minutes</h2><p>The committee met at County Hall.</p><table>
    <tr><th>Witness</th><th>Role</th></tr><tr><td>Sam Lee</td><td>Head of Service</td></tr></table></td>
    </tr></table></body></html>"""
    blocks = parse_bytes(page.encode(), "layout.html").text.split("\n\n")
    assert blocks == [
        "Minutes",
        "The committee met at County Hall.",
        "Witness | Role",
        "Sam Lee | Head of Service",
    ]


def test_pre_keeps_its_lines():
    page = "<html><body><main><pre>Item   Budget\nStaff  1,200\n\nTotal  1,200</pre></main></body></html>"
    assert parse_bytes(page.encode(), "pre.html").text == "Item   Budget\nStaff  1,200\nTotal  1,200"


LEGACY = {
    "cp1252 with meta charset": (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"></head>'
        "<body><p>{text}</p></body></html>",
        "cp1252",
    ),
    "latin-1 label on cp1252 bytes": (
        '<html><head><meta charset="ISO-8859-1"></head><body><p>{text}</p></body></html>',
        "cp1252",
    ),
    "cp1252 without any declaration": ("<html><body><p>{text}</p></body></html>", "cp1252"),
    "utf-8 mislabelled as latin-1": (
        '<html><head><meta charset="iso-8859-1"></head><body><p>{text}</p></body></html>',
        "utf-8",
    ),
    "utf-8 with a byte-order mark": ("\ufeff<html><body><p>{text}</p></body></html>", "utf-8"),
}
SAMPLE = "The Council\u2019s \u201cimprovement notice\u201d \u2013 \u00a3250,000 for caf\u00e9 staff"


@pytest.mark.parametrize("case", sorted(LEGACY))
def test_legacy_encodings_decode_right(case):
    template, codec = LEGACY[case]
    doc = parse_bytes(template.format(text=SAMPLE).encode(codec), "old.html")
    assert doc.text == SAMPLE
    assert "\u00e2\u20ac" not in doc.text


@pytest.mark.parametrize("misread_as", ["cp1252", "latin-1"])
def test_mojibake_baked_into_the_page_is_repaired(misread_as):
    sample = SAMPLE.replace("\u201d", "\u2019")  # cp1252 cannot misread the bytes of a closing quote
    baked = sample.encode("utf-8").decode(misread_as)  # "Councilâ€™s ..."
    doc = parse_bytes(
        f'<html><meta charset="utf-8"><body><p>{baked}</p></body></html>'.encode(), "baked.html"
    )
    assert doc.text == sample


def test_mojibake_of_a_closing_quote_read_as_latin_1_is_repaired():
    baked = SAMPLE.encode("utf-8").decode("latin-1")
    doc = parse_bytes(f"<html><body><p>{baked}</p></body></html>".encode(), "baked.html")
    assert doc.text == SAMPLE


@pytest.mark.parametrize("depth", [300, 20_000])
def test_absurdly_nested_html_does_not_crash_or_lose_text(depth):
    page = "<html><body><p>Before the nest.</p>" + "<div>" * depth + "Deep inside." + "</div>" * depth
    page += "<p>After the nest.</p></body></html>"
    start = time.perf_counter()
    doc = parse_bytes(page.encode(), "nested.html")
    assert time.perf_counter() - start < 20
    assert doc.text.split("\n\n") == ["Before the nest.", "Deep inside.", "After the nest."]


def test_unclosed_font_tags_nest_deeply_but_parse():
    page = "<html><body>" + "<font size=2><p>Paragraph of an old Word export.\n" * 2000 + "</body></html>"
    doc = parse_bytes(page.encode(), "fonts.html")
    assert doc.text.count("Paragraph of an old Word export.") == 2000


def test_a_page_with_only_site_chrome_is_empty():
    page = "<html><body><nav><a>Home</a></nav><footer>Copyright</footer><script>x()</script></body></html>"
    with pytest.raises(EmptyDocument, match=r"^chrome\.html: no text could be read from this HTML file; "):
        parse_bytes(page.encode(), "chrome.html")


def test_the_flat_fallback_reads_any_nesting_without_a_tree():
    from pipeline.parse.html import flat_blocks

    markup = "<html><head><title>t</title></head><body>" + "<div>" * 100_000 + "Deep<br>text"
    markup += "</div>" * 100_000 + "<ul><li>item</li></ul><script>x()</script></body></html>"
    assert flat_blocks(markup) == ["Deep\ntext", "\u2022 item"]


def test_moderngov_agenda_table_items_keep_their_minutes_as_paragraphs():
    page = """<html><body><div id="modgov"><h1 class="mgMainTitleTxt">Agenda and minutes</h1>
    <table class="mgItemTable"><tr><td class="mgItemNumberCell"><p>4.</p></td>
    <td><p class="mgAiTitleTxt"><a href="mgAi.aspx?ID=1">Looked after children sufficiency</a></p>
    <p>Minutes:</p><div class="mgWordPara"><p>The Cabinet considered the strategy.</p>
    <p>RESOLVED: That the strategy be approved.</p></div></td></tr>
    <tr><td><p>5.</p></td><td><p>Urgent business</p></td></tr></table></div></body></html>"""
    blocks = parse_bytes(page.encode(), "ieListDocuments.html").text.split("\n\n")
    assert blocks == [
        "Agenda and minutes",
        "4.",
        "Looked after children sufficiency",
        "Minutes:",
        "The Cabinet considered the strategy.",
        "RESOLVED: That the strategy be approved.",
        "5. | Urgent business",
    ]
