"""Document metadata: headers in the layouts councils print (our own examples), then the seeds.

Councils are compared through ``find_council`` so the tests hold whatever canonical names the
shipped council list uses.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from rapidfuzz import fuzz

from core.councils import find_council
from core.dates import parse_date
from core.document import Document
from core.reading import read
from extractors import document_metadata
from pipeline.parse import parse_file

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "schemas" / "document_metadata.json").read_text())
SEEDS = ROOT.parent / "shared" / "seeds"
GOLD = ROOT.parent / "shared" / "gold"

PROSE = (
    "The committee considered the report of the Director of Children's Services on the progress made "
    "since the inspection, including the work of the front door and the recruitment of social workers. "
)


def meta(text: str) -> document_metadata.DocumentMetadata:
    doc = Document.from_text(text)
    (found,) = document_metadata.extract(read(doc))
    assert found.quote == doc.text[found.char_start : found.char_end]
    jsonschema.validate(found.to_row(), SCHEMA)
    return found


def same_council(got: str | None, want: str) -> bool:
    """Equal names, or names of the same listed council."""
    if got == want:
        return True
    a, b = find_council(got), find_council(want)
    return a is not None and b is not None and a.id == b.id


def test_capitals_header_body_date_title():
    m = meta(
        "\n\nCABINET\n\n12 JULY 2016\n\nFOSTERING SERVICE ANNUAL REPORT 2015/16\n\n"
        "Portfolio Holder: Councillor A Smith\n\n" + PROSE
    )
    assert (m.body, m.date, m.title) == ("Cabinet", "2016-07-12", "FOSTERING SERVICE ANNUAL REPORT 2015/16")


def test_body_and_date_on_one_line_and_item_number_dropped_from_title():
    m = meta(
        "Children's Services Scrutiny Committee – 3rd February 2015\n\nItem 6: Adoption Performance\n\n"
        "Report of the Director of Children's Services\n\n" + PROSE
    )
    assert (m.body, m.date, m.title) == (
        "Children's Services Scrutiny Committee",
        "2015-02-03",
        "Adoption Performance",
    )


def test_meeting_of_line_with_weekday():
    m = meta(
        "Agenda item\n\nLooked after children sufficiency\n\nMeeting of Corporate Parenting Panel, "
        "Tuesday 9 October 2018\n\nMinutes:\n\n" + PROSE
    )
    assert (m.body, m.date, m.title) == (
        "Corporate Parenting Panel",
        "2018-10-09",
        "Looked after children sufficiency",
    )


def test_labelled_header_lines():
    m = meta(
        "Report to: Health and Wellbeing Board\nDate of meeting: 21/06/2019\nTitle: Early Help Strategy\n\n"
        + PROSE
    )
    assert (m.body, m.date, m.title) == ("Health and Wellbeing Board", "2019-06-21", "Early Help Strategy")


def test_moderngov_meeting_line_with_numeric_date_and_item_number():
    m = meta(
        "Agenda item\n\nOfsted Inspection of Children's Services\n\nMeeting: 14/03/2019 - Children and "
        "Young People Scrutiny Committee (Item 45)\n\nDecision:\n\n" + PROSE
    )
    assert (m.body, m.date) == ("Children and Young People Scrutiny Committee", "2019-03-14")
    assert m.title == "Ofsted Inspection of Children's Services"


def test_minutes_heading_with_held_on():
    m = meta(
        "Minutes of a meeting of the Children's Services Scrutiny Committee held on Tuesday, 5 March 2019 "
        "at 2.00 pm\n\nPresent: Councillors Hill and Dale\n\n"
        + PROSE
        + "\n\nDate of next meeting: 4 June 2019"
    )
    assert (m.body, m.date) == ("Children's Services Scrutiny Committee", "2019-03-05")


def test_agenda_front_sheet_date_with_time_and_venue():
    m = meta(
        "Exampletown City Council\nFostering Panel - Agenda\nMonday 2 March 2020 at 10.00 am, Room 4, "
        "Civic Centre\n1. Apologies\n2. Minutes of the last meeting\n"
    )
    assert (m.body, m.date) == ("Fostering Panel", "2020-03-02")


def test_minutes_are_named_after_their_meeting_not_the_attendance_line():
    m = meta(
        "Minutes of the Corporate Parenting Panel held on 9 May 2018\nPresent: Councillors Hill (Chair) "
        "and Dale.\nRESOLVED that the annual report be noted."
    )
    assert (m.body, m.date) == ("Corporate Parenting Panel", "2018-05-09")
    assert m.title == "Minutes of the Corporate Parenting Panel, 9 May 2018"


def test_date_of_next_meeting_is_not_the_meeting_date():
    m = meta("Agenda item\n\nFostering update\n\nDate of next meeting: 4 June 2019\n\n" + PROSE)
    assert m.date is None


def test_a_date_deep_in_the_prose_is_not_the_meeting_date():
    m = meta(
        "Agenda item\n\nSafeguarding update\n\nMinutes:\n\n" + PROSE + "The report had been presented to "
        "Cabinet at its meeting held on 4 March 2014 and to the board on 12 May 2014.\n\n"
        "Resolved: That the Children's Scrutiny Committee receives a further update in six months."
    )
    assert m.date is None
    assert m.title == "Safeguarding update"
    assert m.body == "Children's Scrutiny Committee"


def test_a_title_broken_over_short_lines_is_joined_and_boilerplate_skipped():
    m = meta(
        "Meeting documents\n\nLeeds City Council - Committee Report\n\nRef: CYP/16/04\n\n14 March 2016\n\n"
        "Scrutiny Board (Children and Families)\n\nAnnual Report of the\n\nIndependent Reviewing Service\n\n"
        "March 2016\n\n" + PROSE
    )
    assert m.title == "Annual Report of the Independent Reviewing Service"
    assert m.date == "2016-03-14"
    assert same_council(m.council, "Leeds City Council")


def test_the_own_council_wins_over_one_mentioned_in_passing():
    m = meta(
        "CABINET\n\n5 May 2015\n\nEARLY HELP OFFER\n\n" + PROSE + "Sheffield has joined a regional group. "
        "An adviser from Rotherham Council supports the work in Sheffield. Sheffield's plan is attached.\n\n"
        "Contact: jo.bloggs@sheffield.gov.uk"
    )
    assert same_council(m.council, "Sheffield City Council")


def test_a_council_not_on_the_list_is_kept_as_printed():
    m = meta(
        "Northshire County Council\n\nCabinet\n\n" + PROSE + "Northshire County Council will report back."
    )
    assert m.council == "Northshire County Council"
    assert m.body == "Cabinet"


def test_nothing_known_gives_nulls_not_guesses():
    m = meta(PROSE * 3)
    assert (m.council, m.body, m.date) == (None, None, None)


def test_scrutiny_committee_is_preferred_to_boards_and_cabinet_named_in_passing():
    m = meta(
        "Placement sufficiency\n\nReport of the Head of Service\n\n" + PROSE + "The Safeguarding Children "
        "Board and the Improvement Board have seen the plan, and Cabinet will decide in May. The Children "
        "and Families Overview and Scrutiny Committee is asked to comment."
    )
    assert m.body == "Children and Families Overview and Scrutiny Committee"


@pytest.mark.parametrize(
    ("printed", "iso"),
    [
        ("26 June 2014", "2014-06-26"),
        ("23 MAY 2013", "2013-05-23"),
        ("Tuesday, 5th March 2019", "2019-03-05"),
        ("March 16, 2011", "2011-03-16"),
        ("Wed 4 Sept 2019", "2019-09-04"),
        ("31/01/2020", "2020-01-31"),
        ("30 February 2015", None),
        ("June 2014", None),
    ],
)
def test_parse_date(printed, iso):
    assert parse_date(printed) == iso


# --- the seed documents -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds() -> dict[str, tuple[Document, dict]]:
    if not SEEDS.exists():
        pytest.skip(f"sample documents not found at {SEEDS}")
    return {
        p.stem: (parse_file(p), json.loads((GOLD / f"{p.stem}.json").read_text()))
        for p in SEEDS.glob("*.txt")
    }


def test_seed_metadata_match_the_gold(seeds):
    """Exact date and council for every seed; body and title at least 0.8 similar."""
    for stem, (doc, gold) in seeds.items():
        (m,) = document_metadata.extract(read(doc))
        jsonschema.validate(m.to_row(), SCHEMA)
        assert m.quote == doc.text[m.char_start : m.char_end]
        assert m.date == gold["date"], stem
        assert same_council(m.council, gold["council"]), (stem, m.council)
        assert fuzz.ratio(m.body or "", gold["body"]) >= 80, (stem, m.body)
        assert fuzz.ratio(m.title or "", gold["title"]) >= 80, (stem, m.title)


# --- families seen on real papers, written afresh --------------------------------------------


def test_an_inspection_report_is_named_by_its_heading_and_dated_by_its_fieldwork():
    m = meta(
        "Inspection of Wiltshire local\nauthority children’s services\n\n"
        "Inspection dates: 2 to 13 March 2031\n\nLead inspector: Ann Hale, His Majesty’s Inspector\n\n"
        "Judgement | Grade\n\nOverall effectiveness | Good\n\n" + PROSE
    )
    assert m.title == "Inspection of Wiltshire local authority children’s services"
    assert m.date == "2031-03-13"
    assert find_council(m.council).id == "wiltshire"


def test_an_inspection_report_with_a_publication_date_takes_it():
    m = meta(
        "1\n\nMetropolitan Borough of Wessex\nCouncil\n\n"
        "Inspection of services for children in need of help and\nprotection, children looked after and "
        "care leavers\n\nInspection date: 29 April – 22 May 2031\n\nReport published: 7 July 2031\n\n" + PROSE
    )
    assert m.date == "2031-07-07"
    assert m.title.startswith("Inspection of services for children in need of help and protection")
    assert "Wessex" not in m.title and "Inspection date" not in m.title


def test_printed_minutes_with_the_date_wrapped_onto_the_next_line():
    m = meta(
        "WILTSHIRE COUNCIL\n\nCABINET\n\nMINUTES of a meeting of the Cabinet held in the Council Chamber, "
        "Town\nHall, Trowbridge on Thursday, 9 January 2031.\n\nPRESENT: Mr A Hale (Chairman), Mrs B Dee\n\n"
        + PROSE
    )
    assert (m.body, m.date) == ("Cabinet", "2031-01-09")
    assert m.title == "Minutes of the Cabinet, 9 January 2031"
    assert find_council(m.council).id == "wiltshire"


def test_a_record_of_decision_is_dated_when_signed_and_belongs_to_the_office_that_decides():
    m = meta(
        "WILTSHIRE COUNCIL – RECORD OF DECISION\n\nDECISION TO BE TAKEN BY:\n\n"
        "Mr Roy Dee, Cabinet Member for Children’s\nServices\n\nDECISION NUMBER:\n\n31/00042\n\n"
        "Subject Matter / Title of Decision\nFoster Carer Allowances\n\nDecision:\n\n" + PROSE * 3
        + "\n\n21/3/2031\n\n.............. ..............\nsigned date\n"
    )
    assert m.body == "Cabinet Member for Children’s Services"
    assert m.date == "2031-03-21"
    assert m.title == "Record of Decision 31/00042 - Foster Carer Allowances"


def test_a_labelled_subject_is_the_title_even_when_it_wraps():
    m = meta(
        "From: Ann Hale, Cabinet Member for Children\n\nTo: Cabinet - 4 March 2031\n\n"
        "Subject: Moving the leaving care service into\nthe adults directorate\n\n"
        "Classification: Unrestricted\n\n"
        + PROSE
    )
    assert m.title == "Moving the leaving care service into the adults directorate"


def test_the_letterhead_council_wins_over_a_neighbour_the_text_discusses():
    m = meta(
        "WILTSHIRE COUNCIL\n\nCORPORATE PARENTING PANEL\n\n"
        + "The panel heard that Swindon Borough Council and Swindon foster carers share placements "
        "with Swindon. " * 4
    )
    assert find_council(m.council).id == "wiltshire"


def test_a_month_word_is_not_a_place():
    m = meta("Report to Cabinet\n\n" + PROSE + "It was signed on 31 March County Council officers said.")
    assert m.council is None or "March" not in m.council


def test_a_longer_council_name_is_not_its_shorter_neighbour():
    m = meta(
        "Inspection of Bath and North East Somerset local authority children’s services\n\n"
        "Inspection dates: 9 to 13 June 2031\n\n" + PROSE + "Partners include Somerset Council."
    )
    assert find_council(m.council).id == "bath-and-north-east-somerset"


def test_an_agenda_is_named_after_its_meeting_not_its_membership_list():
    m = meta(
        "Wiltshire Council\nAudit Committee\n\nMembership:\n\nCouncillors:\n\nAnn Hale\nRoy Dee\n\n"
        "A meeting of the Audit Committee will be held:\n\nDate: 22 October 2031\nTime: 19:15\n\n" + PROSE
    )
    assert (m.body, m.date) == ("Audit Committee", "2031-10-22")
    assert m.title == "Audit Committee agenda, 22 October 2031"
