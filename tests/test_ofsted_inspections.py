"""Which inspection each Ofsted judgement belongs to: a report's own (fieldwork year and date) or an
earlier one it quotes; headline, threshold and restated grades; measured on ../shared/realdocs."""

from __future__ import annotations

import json
import sqlite3

import pytest
from conftest import REAL_GOLD

from core.councils import find_council
from core.document import Document
from core.reading import read
from extractors.ofsted_inspection import fieldwork
from extractors.ofsted_ratings import OfstedRating, extract
from pipeline.evaluate import evaluate

OVERALL = "Overall effectiveness"


def ratings(text: str, **meta) -> list[OfstedRating]:
    return list(extract(read(Document.from_text(text, **meta))))


def placed(text: str, **meta) -> list[tuple[str, str, int | None, str | None]]:
    return [(r.area, r.judgement, r.inspection_year, r.inspection_date) for r in ratings(text, **meta)]


@pytest.mark.parametrize(
    ("header", "start", "end"),
    [
        ("Inspection dates: 3 to 14 November 2025", "2025-11-03", "2025-11-14"),
        ("Inspection dates: 6 October 2020 to 17 October 2020", "2020-10-06", "2020-10-17"),
        ("Inspection date: 18 Feb 2014 – 12 March 2014", "2014-02-18", "2014-03-12"),
        ("Inspection date: 2 June – 25 June 2015", "2015-06-02", "2015-06-25"),
        ("Dates of inspection: 27 November to 8 December 2023", "2023-11-27", "2023-12-08"),
        ("Inspection dates: 4 July 2016–28 July 2016", "2016-07-04", "2016-07-28"),
        ("Inspection dates: 29 December to 9 January 2027", "2026-12-29", "2027-01-09"),
        ("Date of inspection: 12 March 2019", "2019-03-12", "2019-03-12"),
    ],
)
def test_fieldwork_dates_as_reports_print_them(header, start, end):
    found = fieldwork(f"Inspection of Exampleshire local authority children’s services\n\n{header}\n\nLead")
    assert found and (found.start.isoformat(), found.end.isoformat()) == (start, end)


def test_no_fieldwork_without_the_label():
    assert fieldwork("The inspection took place from 3 to 14 November 2025.\n") is None


REPORT = (
    "Inspection of Wirral local authority children’s services\n\n"
    "Inspection dates: 9 to 20 June 2025\n\n"
    "Lead inspector: A Person, His Majesty’s Inspector\n\n"
    "Judgement | Grade\n\n"
    "The impact of leaders on social work practice with children and families | Good\n\n"
    "The experiences and progress of children in care | Requires improvement to be good\n\n"
    "Overall effectiveness | Good\n\n"
    "{body}\n\n"
    "1 Ofsted produces this report under section 136 of the Education and Inspections Act 2006.\n"
)


def test_a_reports_own_judgements_take_its_fieldwork_year_and_start_date():
    got = placed(REPORT.format(body="Leaders know their services well."), council="Wirral Council")
    assert got == [
        (
            "The impact of leaders on social work practice with children and families",
            "Good",
            2025,
            "2025-06-09",
        ),
        ("The experiences and progress of children in care", "Requires improvement", 2025, "2025-06-09"),
        (OVERALL, "Good", 2025, "2025-06-09"),
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # the earlier inspection and its year in the same sentence
        ("At the last inspection in 2019, children’s services were judged to be inadequate.", 2019),
        ("When the council was last inspected by Ofsted in March 2018, it was judged inadequate.", 2018),
        ("Services for children were found to be inadequate at the previous inspection in 2017.", 2017),
        # the date in the sentence before
        (
            "The previous inspection of the council’s child protection arrangements was in\n\n"
            "May 2013. The local authority was judged to be adequate.",
            2013,
        ),
        (
            "The authority was last inspected in November 2019. At that time, services were judged "
            "to require improvement to be good.",
            2019,
        ),
        # an earlier inspection without a date: not the report's own year
        (
            "Since the previous inspection, when services were judged to be inadequate, leaders have acted.",
            None,
        ),
    ],
)
def test_an_earlier_inspection_the_report_quotes_keeps_its_own_year(body, expected):
    got = placed(REPORT.format(body=body), council="Wirral Council")
    own = [g for g in got if g[3] == "2025-06-09"]
    earlier = [g for g in got if g[3] is None]
    assert len(own) == 3 and all(g[2] == 2025 for g in own)
    assert earlier and all(g[2] == expected for g in earlier), got


@pytest.mark.parametrize(
    ("body", "own", "earlier"),
    [
        # present tense: the report's own finding, whatever earlier inspection the sentence names
        (
            "Services for children in Wirral are good and have improved since the last inspection in 2019.",
            "Good",
            None,
        ),
        (
            "Services for children in Wirral require improvement to be good, as was the case at the last "
            "inspection in 2021.",
            "Requires improvement",
            None,
        ),
        # past tense after the earlier inspection: that inspection's grade
        (
            "Services for children have improved since the last inspection in 2019, when they were judged "
            "to be inadequate.",
            None,
            ("Inadequate", 2019),
        ),
        (
            "Since the last inspection in March 2021, when services for children were judged to be good, "
            "leaders have kept their focus.",
            None,
            ("Good", 2021),
        ),
    ],
)
def test_tense_tells_a_reports_own_finding_from_a_quoted_one(body, own, earlier):
    text = (
        "Inspection of Wirral local authority children’s services\n\n"
        "Inspection dates: 9 to 20 June 2025\n\nLead inspector: A Person\n\n"
        "Ofsted inspected the services.\n\n" + body + "\n"
    )
    got = placed(text)
    assert [(j, y) for a, j, y, d in got if d is None] == ([earlier] if earlier else []), got
    assert [j for a, j, y, d in got if d == "2025-06-09"] == ([own] if own else []), got


@pytest.mark.parametrize(
    ("title", "council"),
    [
        ("Inspection of Bury local authority children’s services", "Bury Council"),
        (
            "Bath and North East Somerset\n\nInspection of services for children in need of help",
            "Bath and North East Somerset Council",
        ),
        (
            "Inspection of City of Bradford Metropolitan District Council local\n"
            "authority children’s services",
            "City of Bradford Metropolitan District Council",
        ),
    ],
)
def test_an_inspection_report_is_about_the_council_its_title_names(title, council):
    text = f"{title}\n\nInspection dates: 9 to 20 June 2025\n\nOverall effectiveness | Good\n\nManchester\n"
    assert [r.subject for r in ratings(text)] == [council]


def test_a_year_in_a_title_is_not_an_inspection_date():
    text = (
        "This report is made under section 136 of the Education and Inspections Act 2006.\n\n"
        "Children’s services were judged to be good by Ofsted.\n"
    )
    assert [r.inspection_year for r in ratings(text, date="2024-05-01")] == [2024]


@pytest.mark.parametrize(
    ("headline", "judgement"),
    [
        ("Children’s services in Wirral are good", "Good"),
        ("Children’s services in Wirral are outstanding", "Outstanding"),
        ("Children’s services in Wirral require improvement to be good", "Requires improvement"),
        ("Children’s services in Wirral are inadequate", "Inadequate"),
    ],
)
def test_a_sif_reports_headline_is_its_overall_judgement(headline, judgement):
    text = (
        "Wirral\n\nInspection of services for children in need of help and protection\n\n"
        "Inspection date: 13 June 2016 to 7 July 2016\n\nReport published: 26 August 2016\n\n"
        f"{headline}\n\n1. Children who need help and protection |  | Good\n"
    )
    got = placed(text, council="Wirral Council")
    assert (OVERALL, judgement, 2016, "2016-06-13") in got


@pytest.mark.parametrize(
    "text",
    [
        "Ofsted inspection. The council runs nine children’s homes; seven were judged to be good or "
        "outstanding at their most recent inspections.",
        "Ofsted inspection. Children are consistently placed in provision judged as good or better by "
        "inspection.",
        "Ofsted inspection. All four were judged to be good in each of their most recent Ofsted inspections.",
    ],
)
def test_a_class_of_grades_is_not_a_judgement(text):
    assert ratings(text, council="Wirral Council") == []


def test_a_summary_restating_a_table_judgement_is_one_rating():
    text = REPORT.format(
        body="The experiences and progress of children in care: requires improvement to be good\n\n"
        "Children in care are seen regularly."
    )
    areas = [r.area for r in ratings(text, council="Wirral Council")]
    assert areas.count("The experiences and progress of children in care") == 1
    assert len(areas) == 3


def test_a_committee_paper_dates_a_grade_by_the_inspection_it_names():
    text = (
        "Report to the Children's Scrutiny Committee, 12 January 2024\n\n"
        "Ofsted inspected the council's children's services in March 2022. Children's services were "
        "judged to be good.\n"
    )
    assert placed(text, council="Wirral Council") == [(OVERALL, "Good", 2022, None)]


# --- measured on real reports ------------------------------------------------------------------


def test_ratings_on_real_ofsted_reports(realdocs_db):
    """Issue 11 target: on 46 real Ofsted reports (SIF, ILACS standard and short, 2014-2026) every
    judgement is found with its inspection year: F1 >= 0.9, rating year right >= 0.95."""
    report = evaluate(realdocs_db, REAL_GOLD)
    score = report.types["ofsted_ratings"]
    assert score.f1 >= 0.9, (score, [m for m in report.misses if "ofsted_ratings" in m])
    assert report.field_accuracy("rating_year") >= 0.95


def test_no_false_disagreements_with_ofsteds_record_on_real_reports(realdocs_db):
    """The rating_disagreements cross-check lists nothing on real reports: every judgement is
    compared with the official inspection it belongs to, not a later one."""
    conn = sqlite3.connect(realdocs_db)
    status = dict(conn.execute("select status, count(*) from rating_checks group by 1").fetchall())
    assert status.get("agrees", 0) >= 100, status
    assert "disagrees" not in status, conn.execute(
        "select council, area, inspection_year, judgement, official_judgement, quote from rating_checks "
        "where status = 'disagrees'"
    ).fetchall()


def test_real_reports_own_judgements_carry_their_fieldwork_start(realdocs_db):
    """Each report's judgements of its own inspection carry the first day of fieldwork it prints."""
    conn = sqlite3.connect(realdocs_db)
    checked = wrong = 0
    for gf in sorted(REAL_GOLD.glob("80*.json")):
        gold = json.loads(gf.read_text())
        if not gold.get("inspection_start"):
            continue
        rows = conn.execute(
            "select r.inspection_year, r.inspection_date from ofsted_ratings r join documents d "
            "on d.id = r.document_id where d.filename like ? and r.inspection_date is not null",
            [gf.stem + ".%"],
        ).fetchall()
        checked += 1
        wrong += not rows or any(d != gold["inspection_start"] for _, d in rows)
    assert checked >= 40 and wrong / checked <= 0.05, (wrong, checked)


def test_latest_judgement_per_council_on_real_reports(realdocs_db):
    """The "Latest Ofsted judgement per council" canned query gives, for each council, the overall
    judgement of its most recent inspection in the gold, not one an older report quotes."""
    import yaml
    from conftest import ROOT

    meta = yaml.safe_load((ROOT / "datasette-metadata.yml").read_text(encoding="utf-8"))
    sql = meta["databases"]["scrutiny"]["queries"]["latest_ofsted"]["sql"]
    latest: dict[str, tuple[int, str]] = {}
    for gf in REAL_GOLD.glob("80*.json"):
        gold = json.loads(gf.read_text())
        council = find_council(gold["council"], gold["date"]).id
        for r in gold["ofsted_ratings"]:
            if r["area"] == OVERALL:
                latest[council] = max(latest.get(council, (0, "")), (r["inspection_year"], r["judgement"]))
    conn = sqlite3.connect(realdocs_db)
    got = {find_council(row[0]).id: (row[3], row[1]) for row in conn.execute(sql, {"council": ""})}
    assert len(latest) == 15
    assert {c: got.get(c) for c in latest} == latest


def test_a_report_without_an_overall_judgement_gets_none_invented():
    """Reports from April 2026 grade the areas only; nothing is read as an overall judgement."""
    text = (
        "Inspection of Exampleshire local authority children’s services\n\n"
        "Inspection dates: 11 to 22 May 2026\n\nLead inspector: A Person\n\n"
        "Judgement | Grade\n\n"
        "The impact of leaders on social work practice with children and families | Good\n\n"
        "The experiences and progress of children who need help and protection | Good\n\n"
        "The experiences and progress of children in care | Outstanding\n\n"
        "The experiences and progress of care leavers | Requires improvement to be good\n\n"
        "Children in Exampleshire are well supported and services are improving.\n"
    )
    got = placed(text, council="Wirral Council")
    assert [g[0] for g in got] == [
        "The impact of leaders on social work practice with children and families",
        "The experiences and progress of children who need help and protection",
        "The experiences and progress of children in care",
        "The experiences and progress of care leavers",
    ]
    assert {(g[2], g[3]) for g in got} == {(2026, "2026-05-11")}


def test_a_table_of_this_and_the_previous_inspection_dates_each_column():
    text = (
        "Inspection dates: 3 to 14 March 2025\n\n"
        "Judgement | 2021 | 2025\n"
        "Overall effectiveness | Inadequate | Good\n"
    )
    assert placed(text, council="Wirral Council") == [
        (OVERALL, "Inadequate", 2021, None),
        (OVERALL, "Good", 2025, "2025-03-03"),
    ]


@pytest.mark.parametrize(
    ("heading", "area"),
    [
        (
            "The experiences and progress of children in care and care\n"
            "leavers: requires improvement to be good",
            "The experiences and progress of children in care and care leavers",
        ),
        (
            "The impact of leaders on social work practice with children\nand families: outstanding",
            "The impact of leaders on social work practice with children and families",
        ),
    ],
)
def test_a_heading_wrapped_over_two_lines_keeps_its_whole_area(heading, area):
    text = f"Ofsted inspection, 2019.\n\nChildren are seen often.\n\n{heading}\n\nChildren are seen.\n"
    got = ratings(text, council="Wirral Council")
    assert [r.area for r in got] == [area]
    assert got[0].quote.startswith(area.split()[0])


def test_a_line_ending_a_sentence_does_not_join_the_heading_after_it():
    text = "Ofsted inspection, 2019.\n\nChildren are seen often.\nleavers: good\n"
    assert [r.area for r in ratings(text, council="Wirral Council")] != ["Children are seen often. leavers"]


def test_a_table_row_flattened_with_single_spaces():
    text = (
        "Ofsted inspection findings\n\n"
        "1. Children who need help and protection Requires improvement\n"
        "2.1 Adoption performance Good\n"
        "Leadership, management and governance Inadequate\n"
    )
    assert [(r.area, r.judgement) for r in ratings(text, council="Wirral Council")] == [
        ("Children who need help and protection", "Requires improvement"),
        ("Adoption performance", "Good"),
        ("Leadership, management and governance", "Inadequate"),
    ]


@pytest.mark.parametrize(
    ("printed", "judgement"),
    [
        ("requires improvement to be good", "Requires improvement"),
        ("Required Improvement", "Requires improvement"),
        ("requiring improvement to be good", "Requires improvement"),
        ("OUTSTANDING", "Outstanding"),
        ("inadequate", "Inadequate"),
        ("Adequate", "Adequate"),
    ],
)
def test_printed_grades_map_to_judgements(printed, judgement):
    from extractors.ofsted_vocabulary import normalise_grade

    assert normalise_grade(printed) == judgement
    text = f"Ofsted inspection, 2016.\n\nOverall effectiveness | {printed}\n"
    assert [(r.judgement, r.judgement_as_printed) for r in ratings(text, council="Wirral Council")] == [
        (judgement, printed)
    ]
