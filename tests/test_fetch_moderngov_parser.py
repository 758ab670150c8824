"""ModernGov parsing: on real answers (``../shared/realdocs/moderngov``, skipped when absent), on
the fixture council's pages and answers (``fetch_council``, written in the same shapes), and on
hand-made variants. Pure functions, no server."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import fetch_council as council
import fetch_council_pages as pages
import pytest

from pipeline.fetch import moderngov_html as h
from pipeline.fetch import moderngov_papers
from pipeline.fetch import moderngov_parser as p

BASE = "https://democracy.example.gov.uk/moderngov/"
ROOT = "https://democracy.example.gov.uk"
REAL = Path(__file__).resolve().parents[1].parent / "shared" / "realdocs" / "moderngov"
KINGSTON = "https://moderngov.kingston.gov.uk/"
MANCHESTER = "https://democracy.manchester.gov.uk/"


def real(name: str) -> bytes:
    path = REAL / name
    if not path.exists():
        pytest.skip(
            f"real ModernGov answers not found at {REAL} (../shared/realdocs is not beside this checkout)"
        )
    return path.read_bytes()


# -- real answers: Manchester's web service ------------------------------------------------------
def test_real_getcommittees():
    found = p.parse_committees_xml(real("manchester_ws/committees.xml"))
    assert [(c.id, c.expired) for c in found] == [(312, True), (163, False), (144, False)]
    assert found[2].title == "Audit Committee"


def test_real_getmeetings_nests_meetings_under_their_committee():
    found = p.parse_meetings_xml(real("manchester_ws/meetings.xml"), committee_id=0)
    assert [(m.id, m.committee_id, m.date, m.cancelled) for m in found] == [
        (4966, 144, dt.date(2026, 1, 13), True),
        (4967, 144, dt.date(2026, 2, 10), False),
    ]


def test_real_getmeeting_linkeddocs_minutes_and_printed_item_numbers():
    papers = p.parse_meeting_xml(real("manchester_ws/meeting_with_minutes.xml"), MANCHESTER)
    assert [(d.url, d.title, d.agenda_item, d.item_number, d.item_id) for d in papers.docs] == [
        (
            MANCHESTER + "mgConvert2PDF.aspx?ID=60860",
            "6 - CHAIR APPROVED Minutes Audit Committee 25 Nov 2025",
            "Minutes",
            "1",
            18831,
        ),
        (MANCHESTER + "mgConvert2PDF.aspx?ID=60909", "DRAFT WP FEBRUARY 2026", "Work Programme", "9", 18833),
    ]
    # agendaitemnumber (4, 12) is a sort key; the printed numbers are "1." and "9."
    assert [(m.item_number, m.item_id, m.item_title) for m in papers.minutes] == [
        ("1", 18831, "Minutes"),
        ("9", 18833, "Work Programme"),
    ]
    assert papers.minutes[1].html.startswith('<div class="WordSection1">')
    assert "future Work\nProgramme for the remainder of 2025/26" in papers.minutes[1].html
    assert papers.agenda_id == 4967 and not papers.cancelled
    # the attendee's profile link is not a paper
    assert not any("mgUserInfo" in d.url for d in papers.docs)


def test_real_getmeeting_of_a_cancelled_meeting():
    papers = p.parse_meeting_xml(real("manchester_ws/meeting_no_minutes.xml"), MANCHESTER)
    assert papers.cancelled and papers.docs == [] and papers.minutes == []


# -- real pages: Kingston upon Thames -------------------------------------------------------------
@pytest.fixture(scope="module")
def agenda_151() -> p.Papers:
    return h.parse_documents_html(
        real("kingston_html/Agenda_151.html"), KINGSTON + "ieListDocuments.aspx?MId=10221"
    )


def test_real_agenda_page_titles_have_no_file_sizes_or_hidden_text(agenda_151):
    titles = [d.title for d in agenda_151.docs]
    assert "Minutes" in titles and "Annex 1 - Wolverton Avenue" in titles
    assert not any(("KB" in t or "MB" in t or "item 59" in t or "PDF" in t) for t in titles), titles
    item = next(d for d in agenda_151.docs if d.title == "Annex 1 - Wolverton Avenue")
    assert (item.item_number, item.item_id) == ("59", 51902)
    assert (
        item.agenda_item
        == "Petition Regarding the Introduction of Traffic Management Measures On Manorgate Road"
    )


def test_real_agenda_page_minutes_for_every_item_with_their_ids(agenda_151):
    found = [(m.item_number, m.item_id) for m in agenda_151.minutes]
    assert found[:3] == [("54", 51890), ("55", 51891), ("56", 51892)]
    assert len(found) == 12 and len({i for _, i in found}) == 12
    cut = {m.item_number: m for m in agenda_151.minutes if m.truncated}
    assert set(cut) == {"59", "60"}
    assert "view the full minutes text for item 59." in cut["59"].html
    assert not any("Recorded Vote" in m.html or "Carried" in m.html for m in agenda_151.minutes)
    assert "There were no public questions." in agenda_151.minutes[0].html


def test_real_agenda_page_meeting_papers_and_packs(agenda_151):
    own = [(d.title, d.url.split("/")[-1][:22]) for d in agenda_151.docs if d.agenda_item is None]
    assert own == [
        ("Agenda frontsheet", "Agenda frontsheet Thur"),
        ("Agenda reports pack", "mgChooseDocPack.aspx?I"),
        ("Supplement: Agenda Item 7 - Community Safety Update", "mgChooseDocPack.aspx?I"),
        ("Late Material", "mgChooseDocPack.aspx?I"),
        ("Printed decisions", "Decisions Thursday 15-"),
        ("Printed minutes", "Printed minutes Thursd"),
    ]
    assert agenda_151.date == dt.date(2026, 1, 15) and not agenda_151.cancelled


def test_real_agenda_pages_keep_every_items_minutes_apart():
    ids = []
    for name in ("Agenda_151.html", "Agenda_Irrelevant.html"):
        page = h.parse_documents_html(real(f"kingston_html/{name}"), KINGSTON + "ieListDocuments.aspx")
        ids += [m.item_id for m in page.minutes]
    assert len(ids) == 22 and len(set(ids)) == 22 and None not in ids


def test_real_decision_fragment_title_without_the_file_size():
    page = h.parse_documents_html(
        real("lgsf_fragments/modgov_decision_detail.html"), KINGSTON + "mgIssue.aspx"
    )
    assert [d.title for d in page.docs] == ["polc2 - 23.09.2015"]
    assert page.docs[0].url == KINGSTON + "documents/s7942/polc2 - 23.09.2015.pdf"


def test_real_cancelled_meeting_page_and_list():
    page = h.parse_documents_html(real("kingston_html/Agenda_412.html"), KINGSTON)
    assert page.cancelled and page.docs == []
    found = h.parse_meetings_page(
        real("kingston_html/BrowseMeetings.html"), KINGSTON + "ieListMeetings.aspx", 711
    )
    assert [m.id for m in found.meetings if m.cancelled] == [10161]
    assert len(found.meetings) == 15 and all(m.date for m in found.meetings)


def test_real_meetings_list_earlier_link_and_year_picker():
    found = h.parse_meetings_page(
        real("kingston_html/BrowseMeetings.html"), KINGSTON + "ieListMeetings.aspx", 711
    )
    assert (
        found.earlier == KINGSTON + "ieListMeetings.aspx?Act=earlier&CId=711&D=202409051930&MD=ielistmeetings"
    )
    action, fields, name, years = found.year_form
    assert action == KINGSTON + "ieListMeetings.aspx" and name == "YearSelect"
    assert fields["hCommitteeId"] == "711" and years == [2022, 2023, 2024, 2025, 2026, 2027]


def test_real_committee_structure_leaves_out_menu_links():
    found = h.parse_committees_html(real("kingston_html/CommitteeStructure.html"), KINGSTON)
    ids = {c.id for c in found}
    assert 686 not in ids and len(found) == 30
    assert not any(c.title == "Constitution" for c in found)


@pytest.mark.parametrize("page", ["CommitteeStructure.html", "BrowseMeetings.html", "Agenda_151.html"])
def test_real_council_name_from_the_footer_not_the_template_title(page):
    name = h.council_from_page(real(f"kingston_html/{page}"))
    assert name == "Royal Borough of Kingston upon Thames Council"


# -- the fixture council's pages, in the same shapes ---------------------------------------------
def test_fixture_pages_and_service_agree_on_each_paper():
    m = council.meeting(2001)
    html = h.parse_documents_html(pages.documents_page(m), BASE + "ieListDocuments.aspx?MId=2001")
    xml = p.parse_meeting_xml(pages.ws_meeting(m, BASE).encode(), BASE)
    items = [
        (p.doc_key(d.url), d.title, d.agenda_item, d.item_number, d.item_id)
        for d in html.docs
        if d.agenda_item
    ]
    assert items == [(p.doc_key(d.url), d.title, d.agenda_item, d.item_number, d.item_id) for d in xml.docs]
    assert [d.title for d in html.docs if not d.agenda_item] == [o.title for o in m.own]
    cut = next(x for x in html.minutes if x.item_id == 7003)
    assert cut.truncated and "referred to Cabinet" not in cut.html and "Recorded Vote" not in cut.html
    full = h.parse_item_page(pages.item_page(council.item(7003)))
    assert "RESOLVED that the recommendations be referred to Cabinet" in full and "Carried" not in full


def test_fixture_cancelled_meeting_is_seen_in_list_and_page():
    listed = h.parse_meetings_page(
        pages.meetings_page(101, list(council.MEETINGS[2:4]), None, [2014]),
        BASE + "ieListMeetings.aspx",
        101,
    )
    assert [(m.id, m.cancelled) for m in listed.meetings] == [(2002, False), (2003, True)]
    assert h.parse_documents_html(pages.documents_page(council.meeting(2003)), BASE).cancelled


def test_attachment_links_from_pages_and_service_are_one_document():
    assert p.doc_key(BASE + "documents/s5002/Task%20Group%20report.pdf") == p.doc_key(
        BASE.replace("https", "http") + "mgConvert2PDF.aspx?ID=5002"
    )
    assert p.doc_key(BASE + "documents/s5002/A.pdf") != p.doc_key(BASE + "documents/s5003/A.pdf")
    assert p.doc_key(BASE + "documents/g2101/Printed%20minutes.pdf?T=1") != p.doc_key(
        BASE + "documents/g2101/Agenda.pdf?T=0"
    )


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


def test_documents_page_without_an_item_table_uses_the_preceding_item_title():
    page = """<html><body><div id="modgov">
    <p><a href="documents/g77/Agenda.pdf">Agenda pack PDF 1 MB</a></p>
    <div class="mgAiTitleTxt">4. Children in care annual report</div>
    <p><a href="documents/s88/Annual%20report.pdf" title="Link to document 'Annual report'"></a></p>
    <a href="mgAi.aspx?ID=5">item</a>
    </div></body></html>"""
    papers = h.parse_documents_html(page, BASE + "ieListDocuments.aspx?MId=9")
    assert [(d.title, d.agenda_item) for d in papers.docs] == [
        ("Agenda pack", None),
        ("Annual report", "4. Children in care annual report"),
    ]


@pytest.mark.parametrize(
    "footer, council_name",
    [
        (
            "<footer><small>&copy; 2024 Devon County Council. All Rights Reserved.</small></footer>",
            "Devon County Council",
        ),
        (
            "<footer><p>Copyright London Borough of Somewhere 2019 | Privacy | Cookies</p></footer>",
            "London Borough of Somewhere",
        ),
        ('<div id="councilName">Exampleshire County Council</div>', "Exampleshire County Council"),
        (
            '<header><img src="logo.png" alt="Royal Borough of Elsewhere logo"></header>',
            "Royal Borough of Elsewhere",
        ),
        ("<footer><small>Powered by Modern.Gov</small></footer>", None),
    ],
)
def test_council_name_from_page_furniture(footer, council_name):
    page = (
        f"<html><head><title>Committee structure - Modern Council</title></head><body>{footer}</body></html>"
    )
    assert h.council_from_page(page) == council_name


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
        (BASE + "mgChooseDocPack.aspx?ID=2101", True),
        (BASE + "mgChooseDocPack.aspx?ID=2101&SID=3101", True),
    ],
)
def test_is_document_url(url, is_doc):
    assert p.is_document_url(url) is is_doc


def test_minutes_page_keeps_the_fragment_and_is_byte_stable():
    item = p.ItemMinutes("Caseloads", "4", 12, "<p>Caseloads were noted &amp; discussed.</p>")
    kw = {"council": "A Council", "committee": "B <Committee>", "date": "2015-01-15", "item": item}
    one, two = moderngov_papers.minutes_page(**kw), moderngov_papers.minutes_page(**kw)
    assert one == two
    assert b"<p>Caseloads were noted &amp; discussed.</p>" in one and b"B &lt;Committee&gt;" in one
