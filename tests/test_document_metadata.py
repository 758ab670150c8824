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


def test_minutes_have_no_title_in_the_attendance_line():
    m = meta(
        "Minutes of the Corporate Parenting Panel held on 9 May 2018\nPresent: Councillors Hill (Chair) "
        "and Dale.\nRESOLVED that the annual report be noted."
    )
    assert (m.body, m.date, m.title) == ("Corporate Parenting Panel", "2018-05-09", None)


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
