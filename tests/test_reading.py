"""The one reading of a document: layout, sentences, headings, tables, kind, dates, council.

Sentences here are made up for the test; each checks a family of layouts, not one paper.
"""

from __future__ import annotations

from core.dates import DATE_RANGE, date_range, month_number, parse_date
from core.document import Document, Page
from core.reading import read
from core.sentences import split
from core.vocabulary import entries


def _reading(text: str, **meta):
    return read(Document.from_text(text, **meta))


def _texts(text: str, spans) -> list[str]:
    return [text[s:e] for s, e in spans]


def test_a_sentence_cut_by_a_page_break_is_one_sentence():
    first = "The panel asked how many children each social worker held, and heard that the"
    second = "average was nineteen. Members thanked the team."
    text = f"{first}\n\n{second}"
    doc = Document(
        text=text,
        filename="x.pdf",
        format="pdf",
        sha256="0",
        pages=[Page(1, 0, len(first)), Page(2, len(first) + 2, len(text))],
    )
    reading = read(doc)
    assert _texts(text, reading.sentences) == [
        f"{first}\n\naverage was nineteen.",
        "Members thanked the team.",
    ]


def test_titles_and_abbreviations_do_not_end_sentences():
    text = "Cllr. Ann Hale thanked Mr. Roy Dee and Dr. Eve Lam. No. 4 was agreed, e.g. the plan."
    assert _texts(text, split(text, 0, len(text))) == [
        "Cllr. Ann Hale thanked Mr. Roy Dee and Dr. Eve Lam.",
        "No. 4 was agreed, e.g. the plan.",
    ]


def test_bullets_and_heading_lines_end_sentences_without_a_stop():
    text = "Key points\nThe board met twice\n• staffing is stable\n• caseloads fell"
    assert _texts(text, split(text, 0, len(text))) == [
        "Key points",
        "The board met twice",
        "• staffing is stable",
        "• caseloads fell",
    ]


def test_headings_govern_the_text_up_to_the_next_heading_of_their_level():
    text = (
        "1. Background\n\nThe service was reviewed.\n\n1.1 Staffing\n\nThree posts are vacant.\n\n"
        "2. Recommendations\n\nThat the committee notes the report."
    )
    reading = _reading(text)
    found = [(h.text, h.level) for h in reading.headings]
    assert found == [("1. Background", 1), ("1.1 Staffing", 2), ("2. Recommendations", 1)]
    background = reading.headings[0]
    assert "Three posts" in text[background.governs[0] : background.governs[1]]
    assert "That the committee" not in text[background.governs[0] : background.governs[1]]
    assert reading.heading_at(text.index("That the")).text == "2. Recommendations"


def test_a_wrapped_prose_line_is_not_a_heading():
    text = "Members asked about the Family Hubs\n\nprogramme and its budget."
    assert _reading(text).headings == ()


def test_tables_rows_and_cells():
    text = "Caseloads\nTeam | Average | Target\nNorth | 19 | 18\nSouth | 22 | 18\n\nAfter the table."
    (table,) = _reading(text).tables
    assert [_texts(text, cells) for _, cells in table.rows] == [
        ["Team", "Average", "Target"],
        ["North", "19", "18"],
        ["South", "22", "18"],
    ]


def test_list_items_keep_their_printed_labels():
    text = "RESOLVED that:\n(a) the report be noted;\n(b) a review be held.\n10.1 That the plan be agreed."
    labels = [item.label for item in _reading(text).list_items]
    assert labels == ["(a)", "(b)", "10.1"]


def test_kind_from_the_header():
    cases = {
        "Inspection of Wessex local authority children’s services\n\nInspection dates: 3 to 14 May 2027": (
            "inspection_report"
        ),
        "MINUTES of a meeting of the Cabinet held at the Town Hall on Monday, 4 March 2030": "minutes",
        "RECORD OF DECISION\n\nDecision No: 30/00012": "decision_record",
        "AGENDA\n\nNotice of meeting of the Scrutiny Panel": "agenda",
        "Report to: Children's Scrutiny Committee\n\nSubject: Fostering": "report",
        "A note for the file": "other",
        # a council's paper about an inspection carries its title, but is a report
        "Ofsted Inspection of Local Authority Children’s Services\n\nReport of the Director of "
        "Children's Services to the Scrutiny Board": "report",
        "Inspection of children’s social care services: action plan\n\nAgenda item 7": "report",
        "MINUTES\n\nInspection of local authority children’s services: the findings": "minutes",
        # the inspectorate's own report: its labels decide wherever its title falls
        "Children’s services inspection\n\nReport to the council\n\nLead inspector: Ann Example": (
            "inspection_report"
        ),
    }
    for text, kind in cases.items():
        assert _reading(text).kind == kind, text


def test_inspection_dates_and_publication_date():
    text = (
        "Inspection of Wessex local authority children's services\n\n"
        "Inspection dates: 28 November to 9 December 2022\n\nPublished: 24 January 2023\n"
    )
    dates = _reading(text).dates
    assert (dates.fieldwork_start, dates.fieldwork_end) == ("2022-11-28", "2022-12-09")
    assert dates.published == "2023-01-24"
    assert dates.best == "2023-01-24"


def test_fieldwork_across_a_year_end():
    m = DATE_RANGE.search("Dates of inspection: 30 December - 10 January 2031")
    span = date_range(m)
    assert (span.first, span.last) == ("2030-12-30", "2031-01-10")


def test_a_meeting_date_on_the_minutes_line():
    text = "MINUTES of a meeting of the County Council held at Sessions House on Thursday, 9 January 2031"
    assert _reading(text).dates.best == "2031-01-09"


def test_printed_dates():
    assert parse_date("Tuesday, 5th March 2019") == "2019-03-05"
    assert parse_date("9th of Sept. 2020") == "2020-09-09"
    assert parse_date("January 9, 2025") == "2025-01-09"
    assert parse_date("31 February 2020 and 1 March 2020") == "2020-03-01"
    assert month_number("Sept.") == 9 and month_number("may") == 5 and month_number("Mayor") is None


def test_the_council_comes_from_the_manifest_else_from_the_text():
    text = "Wiltshire Council\n\nCabinet\n\nThe council's fostering service, see wiltshire.gov.uk."
    assert _reading(text).council.name == "Wiltshire Council"
    assert _reading(text, council="Dorset Council").council.council.id == "dorset"
    assert _reading("A note with no authority named.").council is None


def test_each_part_is_computed_once():
    reading = _reading("One sentence here. Another one.")
    assert reading.sentences is not None
    assert reading.lines is reading.lines and reading.blocks is reading.blocks
    first = list(reading.sentences_in())
    assert list(reading.sentences_in()) == first and len(reading._sentence_cache) == 1


def test_vocabulary_files_are_well_formed():
    for name in ("kinds", "abbreviations", "everyday_place_names", "header_labels", "other_places"):
        assert entries(name), name


def test_a_wrapped_line_is_not_a_heading_line():
    text = (
        "Ann Hale (Head of Fostering) and Roy Dee (Assistant\n"
        "Director Education, North) were in attendance for this item, and answered questions."
    )
    assert len(list(split(text, 0, len(text)))) == 1


def test_fieldwork_printed_with_both_years_and_an_abbreviated_month():
    text = "Inspection of Wessex local authority children's services\n\n"
    text += "Inspection date: 18 Feb 2031 – 12 March 2031\n"
    dates = _reading(text).dates
    assert (dates.fieldwork_start, dates.fieldwork_end) == ("2031-02-18", "2031-03-12")
    assert dates.best == "2031-03-12"


def test_a_report_with_a_subject_label_is_a_report():
    text = "From: Ann Hale, Cabinet Member\n\nTo: Cabinet - 4 March 2031\n\nSubject: Fostering allowances\n"
    assert _reading(text).kind == "report"


def test_a_record_of_decision_is_dated_by_its_signature():
    text = "RECORD OF DECISION\n\nDecision: to agree the plan.\n\n21/3/2031\n\n"
    text += "........ ........\nsigned date\n"
    reading = _reading(text)
    assert (reading.kind, reading.dates.decision) == ("decision_record", "2031-03-21")
    assert reading.dates.best == "2031-03-21"
