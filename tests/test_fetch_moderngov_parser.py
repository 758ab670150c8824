"""ModernGov parsing on fixture files and hand-made variants: pure functions, no server."""

from __future__ import annotations

import datetime as dt

import pytest
from fetch_site import SITE

from pipeline.fetch import moderngov
from pipeline.fetch import moderngov_parser as p

BASE = "https://democracy.example.gov.uk/moderngov/"
ROOT = "https://democracy.example.gov.uk"


def fixture(name: str) -> bytes:
    return (SITE / name).read_text().replace("{{BASE}}", BASE).replace("{{ROOT}}", ROOT).encode()


@pytest.fixture(scope="module")
def service_2001() -> p.Papers:
    return p.parse_meeting_xml(fixture("GetMeeting-2001.xml"), BASE)


@pytest.fixture(scope="module")
def html_2001() -> p.Papers:
    return p.parse_documents_html(
        fixture("ieListDocuments-2001.html"), BASE + "ieListDocuments.aspx?CId=101&MId=2001"
    )


def test_committees_xml_skips_deleted_and_marks_expired():
    found = p.parse_committees_xml(fixture("GetCommittees.xml"))
    assert found == [
        p.Committee(101, "Children's Scrutiny Committee"),
        p.Committee(102, "Cabinet"),
        p.Committee(103, "Corporate Parenting Panel", expired=True),
    ]


def test_meetings_xml_reads_dates_and_cancellations():
    found = {m.id: m for m in p.parse_meetings_xml(fixture("GetMeetings-101.xml"), 101)}
    assert found[2001].date == dt.date(2014, 6, 26)
    assert found[2001].url == BASE + "ieListDocuments.aspx?CId=101&MId=2001"
    assert found[2003].cancelled and not found[2002].cancelled
    assert set(found) == {2000, 2001, 2002, 2003, 2004}


def test_meeting_xml_documents_and_their_agenda_items(service_2001):
    assert [(d.title, d.agenda_item, d.item_number, d.item_id) for d in service_2001.docs] == [
        ("Agenda frontsheet", None, None, None),
        ("Printed minutes", None, None, None),
        ("Task Group report", "Safeguarding Children Task Group: Interim Report", "2", 7002),
        ("Appendix A - Task Group activities", "Safeguarding Children Task Group: Interim Report", "2", 7002),
        ("Improvement plan", "Ofsted inspection: improvement plan", "3", 7003),
    ]
    assert service_2001.committee == "Children's Scrutiny Committee"
    assert service_2001.date == dt.date(2014, 6, 26)


def test_meeting_xml_minutes_escaped_or_cdata_and_empty_ones_skipped(service_2001):
    assert [(m.item_number, m.item_title, m.item_id) for m in service_2001.minutes] == [
        ("1", "Minutes", 7001),
        ("2", "Safeguarding Children Task Group: Interim Report", 7002),
    ]
    assert service_2001.minutes[0].html.startswith("<p>The minutes of the meeting held on 14 April 2014")
    assert "<p>RESOLVED that the recommendations" in service_2001.minutes[1].html


def test_relative_urls_in_the_service_answer_are_resolved():
    papers = p.parse_meeting_xml(fixture("GetMeeting-2002.xml"), BASE)
    assert papers.docs[0].url == BASE + "documents/g2002/Agenda frontsheet 15th-Jan-2015.pdf?T=0"


@pytest.mark.parametrize(
    "body",
    [
        b"<!DOCTYPE html><html><body>Server Error</body></html>",
        b"<html><body><h1>Request format is unrecognized</h1></body></html>",
        b"not xml at all",
    ],
)
def test_service_answers_that_are_not_xml_are_refused(body):
    with pytest.raises(p.NotServiceXML):
        p.parse_committees_xml(body)


def test_xml_entities_are_not_expanded():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE c [<!ENTITY x SYSTEM "file:///etc/passwd">]><committees>'
        b"<committee><committeeid>1</committeeid><committeetitle>A&x;</committeetitle></committee>"
        b"<committee><committeeid>2</committeeid><committeetitle>Cabinet</committeetitle></committee></committees>"
    )
    found = p.parse_committees_xml(bomb)
    assert [c.id for c in found] == [1, 2] and found[0].title == "A"


def test_committees_html_reads_both_link_styles_and_skips_navigation():
    found = p.parse_committees_html(fixture("mgListCommittees.html"), BASE + "mgListCommittees.aspx")
    assert [(c.id, c.title) for c in found] == [
        (102, "Cabinet"),
        (101, "Children's Scrutiny Committee"),
        (103, "Corporate Parenting Panel"),
    ]


def test_meetings_html_dates_session_links_and_cancellations():
    found = p.parse_meetings_html(fixture("ieListMeetings-101-2015.html"), BASE + "ieListMeetings.aspx", 101)
    assert [(m.id, m.date, m.cancelled) for m in found] == [
        (2002, dt.date(2015, 1, 15), False),
        (2003, dt.date(2016, 3, 9), True),
    ]
    session = p.parse_meetings_html(
        fixture("ieListMeetings-101-2014.html"), BASE + "ieListMeetings.aspx", 101
    )
    assert session[1].url == BASE + "ieListDocuments.aspx?CId=101&MId=2002&Ver=4"


def test_documents_html_items_papers_and_embedded_minutes(html_2001, service_2001):
    assert [(d.title, d.agenda_item, d.item_number, d.item_id) for d in html_2001.docs] == [
        ("Task Group report", "Safeguarding Children Task Group: Interim Report", "2", 7002),
        ("Appendix A - Task Group activities", "Safeguarding Children Task Group: Interim Report", "2", 7002),
        ("Improvement plan", "Ofsted inspection: improvement plan", "3", 7003),
        ("Agenda frontsheet", None, None, None),
        ("Printed minutes", None, None, None),
    ]
    # the PDF linked from the site's header (outside #modgov) and the issue-history link are not papers
    assert not any("contact" in d.url or "ieIssueDetails" in d.url for d in html_2001.docs)
    assert [(m.item_number, m.item_id) for m in html_2001.minutes] == [("1", 7001), ("2", 7002)]
    assert "RESOLVED that the recommendations be referred to Cabinet." in html_2001.minutes[1].html
    assert html_2001.date == dt.date(2014, 6, 26)
    # both routes lead to the same documents once URLs are made canonical
    assert {p.canonical(d.url, BASE) for d in html_2001.docs} == {
        p.canonical(d.url, BASE) for d in service_2001.docs
    }


def test_documents_page_without_an_item_table_uses_the_preceding_item_title():
    page = """<html><body><div id="modgov">
    <p><a href="documents/g77/Agenda.pdf">Agenda pack PDF 1 MB</a></p>
    <div class="mgAiTitleTxt">4. Children in care annual report</div>
    <p><a href="documents/s88/Annual%20report.pdf" title="Link to document 'Annual report'"></a></p>
    <a href="mgAi.aspx?ID=5">item</a>
    </div></body></html>"""
    papers = p.parse_documents_html(page, BASE + "ieListDocuments.aspx?MId=9")
    assert [(d.title, d.agenda_item) for d in papers.docs] == [
        ("Agenda pack", None),
        ("Annual report", "4. Children in care annual report"),
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("26/06/2014", dt.date(2014, 6, 26)),
        ("26/06/2014 10:00:00", dt.date(2014, 6, 26)),
        ("Thu, 26th Jun, 2014 10.00 am", dt.date(2014, 6, 26)),
        ("Thursday, 1st September, 2016", dt.date(2016, 9, 1)),
        ("3 Sept 2015", dt.date(2015, 9, 3)),
        ("2014-06-26T10:00:00", dt.date(2014, 6, 26)),
        ("31/02/2014", None),
        ("Meeting of the committee", None),
        (None, None),
    ],
)
def test_parse_uk_date(text, expected):
    assert p.parse_uk_date(text) == expected


@pytest.mark.parametrize(
    "given, base",
    [
        ("democracy.example.gov.uk", "https://democracy.example.gov.uk/"),
        ("https://democracy.example.gov.uk", "https://democracy.example.gov.uk/"),
        ("https://www.example.gov.uk/modernGov", "https://www.example.gov.uk/modernGov/"),
        (
            "https://www.example.gov.uk/moderngov/mgListCommittees.aspx?bcr=1",
            "https://www.example.gov.uk/moderngov/",
        ),
        (
            "https://Democracy.Example.gov.uk/(S(abcdef12345))/ieListMeetings.aspx?CId=1",
            "https://democracy.example.gov.uk/",
        ),
    ],
)
def test_site_base(given, base):
    assert p.site_base(given) == base


@pytest.mark.parametrize(
    "url, expected",
    [
        (ROOT + "/(S(lit3py55t21z5v55vlm25s55))/moderngov/documents/s1/A.pdf", BASE + "documents/s1/A.pdf"),
        (
            ROOT + "/(X(1)S(lit3py55t21z5v55vlm25s55))/modernGov/documents/s1/A.pdf",
            BASE + "documents/s1/A.pdf",
        ),
        (ROOT + "/MODERNGOV/documents/s1/My%20report.pdf#page=2", BASE + "documents/s1/My%20report.pdf"),
        (
            "http://democracy.example.gov.uk/moderngov/mgConvert2PDF.aspx?ID=12",
            BASE + "mgConvert2PDF.aspx?ID=12",
        ),
        ("https://cdn.example.net/x.pdf", "https://cdn.example.net/x.pdf"),
    ],
)
def test_canonical_urls(url, expected):
    assert p.canonical(url, BASE) == expected


@pytest.mark.parametrize(
    "url, is_doc",
    [
        (BASE + "documents/s5003/Appendix%20A", True),
        (BASE + "documents/g2001/Printed%20minutes.pdf?T=1", True),
        (BASE + "documents/b12/Background%20papers.doc", True),
        (BASE + "mgConvert2PDF.aspx?ID=5005", True),
        (BASE + "mgConvert2PDF.aspx", False),
        (BASE + "mgAi.aspx?ID=7001", False),
        (BASE + "ieListDocuments.aspx?CId=1&MId=2", False),
        (ROOT + "/council/leaflet.pdf", True),
        (BASE + "mgIssueHistoryHome.aspx?IId=5", False),
    ],
)
def test_is_document_url(url, is_doc):
    assert p.is_document_url(url) is is_doc


@pytest.mark.parametrize(
    "title, council",
    [
        ("Committee structure - Exampleshire County Council", "Exampleshire County Council"),
        ("Browse meetings - Cabinet | Royal Borough of Somewhere", "Royal Borough of Somewhere"),
        ("Agenda for Cabinet on Monday, 1st June, 2015 - Modern.Gov", None),
        (None, None),
    ],
)
def test_council_from_title(title, council):
    assert p.council_from_title(title) == council


def test_minutes_page_keeps_the_fragment_and_is_byte_stable():
    item = p.ItemMinutes("Caseloads", "4", 12, "<p>Caseloads were noted &amp; discussed.</p>")
    one = moderngov.minutes_page(council="A Council", committee="B <Committee>", date="2015-01-15", item=item)
    two = moderngov.minutes_page(council="A Council", committee="B <Committee>", date="2015-01-15", item=item)
    assert one == two
    assert b"<p>Caseloads were noted &amp; discussed.</p>" in one and b"B &lt;Committee&gt;" in one
