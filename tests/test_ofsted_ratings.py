"""Ofsted ratings: table and prose phrasings (positive and negative), subjects, years, schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from core.councils import councils
from core.document import Document
from core.reading import read
from extractors.ofsted_ratings import OfstedRating, extract
from pipeline.parse import parse_bytes

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "schemas" / "ofsted_ratings.json").read_text())
SEEDS = ROOT.parent / "shared" / "seeds"  # the five sample documents (as in conftest.py)
OVERALL = "Overall effectiveness"


def ratings(text: str, **meta) -> list[OfstedRating]:
    return list(extract(read(Document.from_text(text, **meta))))


def graded(text: str, **meta) -> list[tuple[str, str]]:
    """(area, judgement) of every rating, in document order."""
    return [(r.area, r.judgement) for r in ratings(text, **meta)]


# --- tables ------------------------------------------------------------------------------------

TABLES = {
    "dash rows": (
        "Outcome of the Ofsted single inspection\n\n"
        "Overall effectiveness - Inadequate\n"
        "Children who need help and protection  –  Inadequate\n"
        "-\u00a0\u00a0\u00a0Adoption performance\u00a0\u00a0\u00a0\u00a0-\u00a0\u00a0Requires improvement\n"
        "Review of the LSCB - Good\n",
        [
            (OVERALL, "Inadequate"),
            ("Children who need help and protection", "Inadequate"),
            ("Adoption performance", "Requires improvement"),
            ("Review of the LSCB", "Good"),
        ],
    ),
    "pipe rows": (
        "Table 2: ILACS judgements, Ofsted, 2022\n"
        "| Judgement | Grade |\n"
        "| Overall effectiveness | Good |\n"
        "| The impact of leaders on social work practice with children and families | Outstanding |\n"
        "| The experiences and progress of care leavers | Requires improvement to be good |\n",
        [
            (OVERALL, "Good"),
            ("The impact of leaders on social work practice with children and families", "Outstanding"),
            ("The experiences and progress of care leavers", "Requires improvement"),
        ],
    ),
    "tab rows": (
        "The inspectors' judgements were as follows.\n"
        "Overall effectiveness\tRequires improvement\n"
        "Leadership, management and governance\tGood\n",
        [(OVERALL, "Requires improvement"), ("Leadership, management and governance", "Good")],
    ),
    "numbered colon rows": (
        "Inspection findings\n1. Overall judgement: Adequate\n2. Capacity for improvement: Good\n",
        [(OVERALL, "Adequate"), ("Capacity for improvement", "Good")],
    ),
    "one cell per line": (
        "Ofsted inspection outcome (report published March 2019)\n\n"
        "Overall effectiveness\n\nGood\n\n"
        "The experiences and progress of children in care\n\nOutstanding\n",
        [(OVERALL, "Good"), ("The experiences and progress of children in care", "Outstanding")],
    ),
    "a column of areas then a column of grades": (
        "Ofsted judgements\nJudgement area\nOverall effectiveness\nChildren looked after\nCare leavers\n"
        "Grade\nInadequate\nRequires improvement\nGood\n",
        [
            (OVERALL, "Inadequate"),
            ("Children looked after", "Requires improvement"),
            ("Care leavers", "Good"),
        ],
    ),
    "inspection names as rows": (
        "Ofsted inspection history\nSIF (2014) - Inadequate\nILACS 2019 - Good\nOfsted verdict: Good\n",
        [(OVERALL, "Inadequate"), (OVERALL, "Good"), (OVERALL, "Good")],
    ),
    "two overall judgements of the 2009-12 framework": (
        "Safeguarding and looked after children inspection, Ofsted, June 2011\n"
        "Overall effectiveness of safeguarding services | Adequate\n"
        "Capacity for improvement | Good\n"
        "Overall effectiveness of services for looked after children | Good\n",
        [
            ("Overall effectiveness of safeguarding services", "Adequate"),
            ("Capacity for improvement", "Good"),
            ("Overall effectiveness of services for looked after children", "Good"),
        ],
    ),
    "grades of named councils": (
        "Ofsted grades of our statistical neighbours\nTorbay - Inadequate\nPlymouth - Good\n",
        [(OVERALL, "Inadequate"), (OVERALL, "Good")],
    ),
}


@pytest.mark.parametrize("name", list(TABLES))
def test_table_layouts(name):
    text, expected = TABLES[name]
    assert graded(text, council="Kent County Council") == expected


def test_history_rows_take_their_years():
    text = "Ofsted inspection history: 2012: Adequate; 2014: Inadequate; 2018: Good."
    assert [r.inspection_year for r in ratings(text, council="Kent")] == [2012, 2014, 2018]


def test_a_row_with_year_columns_gives_one_rating_per_year():
    text = "Ofsted judgements over time\nArea | 2014 | 2018\nOverall effectiveness | Inadequate | Good\n"
    found = ratings(text, council="Essex County Council")
    assert [(r.area, r.judgement, r.inspection_year) for r in found] == [
        (OVERALL, "Inadequate", 2014),
        (OVERALL, "Good", 2018),
    ]


@pytest.mark.parametrize(
    "text",
    [
        # a row with two grades and no year header: previous or current? nothing is guessed
        "Ofsted grades\nOverall effectiveness | Inadequate | Good\n",
        # schools and children's homes are graded by Ofsted too, but they are not the council
        "Ofsted inspections this term\n"
        "St Anne's Primary School | Good\nOak Lodge children's home | Outstanding",
        # a scorecard graded near an Ofsted mention
        "Ofsted improvement plan: scorecard\nAdoption timeliness | Good\nCare leavers in work (%) | Good\n",
        # a table of grades with no inspection anywhere near it
        "Staff survey results\nSupervision - Good\nTraining - Adequate\n",
        # prose lines ending in a grade are not table rows
        "Ofsted visited. We asked whether the service was judged - good",
    ],
)
def test_tables_that_are_not_council_ratings(text):
    assert graded(text, council="Kent County Council") == []


# --- prose -------------------------------------------------------------------------------------

PROSE = {
    "judged to be": (
        "Following the Ofsted inspection, services were judged to be inadequate.",
        [(OVERALL, "Inadequate")],
    ),
    "rated in quotes": (
        "The council was rated 'requires improvement to be good' by Ofsted.",
        [(OVERALL, "Requires improvement")],
    ),
    "required improvement": (
        "Ofsted's report found that children's services required improvement.",
        [(OVERALL, "Requires improvement")],
    ),
    "deemed": (
        "At the last OFSTED inspection our services were deemed inadequate.",
        [(OVERALL, "Inadequate")],
    ),
    "good across all areas": (
        "The ofsted inspectors rated the service 'good' across all areas.",
        [(OVERALL, "Good")],
    ),
    "all four domains": (
        "Ofsted found that provision here was inadequate across all four domains of the framework.",
        [(OVERALL, "Inadequate")],
    ),
    "overall Ofsted judgement was": (
        "Members heard that the overall Ofsted judgement was “requires improvement”.",
        [(OVERALL, "Requires improvement")],
    ),
    "one clause, several areas": (
        "Ofsted judged the authority adequate in safeguarding and looked after children and inadequate "
        "in capacity to improve.",
        [
            ("safeguarding", "Adequate"),
            ("looked after children", "Adequate"),
            ("capacity to improve", "Inadequate"),
        ],
    ),
    "areas before their grades": (
        "Following the Ofsted inspection, leadership was judged good, adoption performance outstanding "
        "and help and protection inadequate.",
        [
            ("leadership", "Good"),
            ("adoption performance", "Outstanding"),
            ("help and protection", "Inadequate"),
        ],
    ),
    "inline pairs": (
        "The Ofsted judgements were: overall effectiveness – inadequate; leadership – requires improvement.",
        [(OVERALL, "Inadequate"), ("leadership", "Requires improvement")],
    ),
    "a grade before its area": (
        "Ofsted rated the council's services 'Good' with 'Outstanding' leadership.",
        [(OVERALL, "Good"), ("leadership", "Outstanding")],
    ),
    "two inspections in one sentence": (
        "We were judged inadequate by Ofsted in 2013 and good in 2017.",
        [(OVERALL, "Inadequate"), (OVERALL, "Good")],
    ),
    "found to be, formal area": (
        "The 2011 inspection found overall effectiveness to be adequate and capacity for improvement good.",
        [(OVERALL, "Adequate"), ("capacity for improvement", "Good")],
    ),
    "the board, as Ofsted's judgement": (
        "Ofsted judged the Local Safeguarding Children Board to be good.",
        [("Local Safeguarding Children Board", "Good")],
    ),
    "remains, after an inspection sentence": (
        "An Ofsted monitoring visit took place in June. The local authority remains inadequate.",
        [(OVERALL, "Inadequate")],
    ),
    "a resolution noting the judgement": (
        "RESOLVED that the Ofsted judgement of 'Good' be noted.",
        [(OVERALL, "Good")],
    ),
    "received a judgement": (
        "The Council received an 'Inadequate' judgement from Ofsted in 2016.",
        [(OVERALL, "Inadequate")],
    ),
    "judged them overall": (
        "In March 2017 Ofsted inspected our children's services and judged them to be 'Good' overall.",
        [(OVERALL, "Good")],
    ),
    "two areas, one grade": (
        "Adoption and fostering were both judged good in the Ofsted inspection.",
        [("Adoption", "Good"), ("fostering", "Good")],
    ),
    "history in one line": (
        "Ofsted inspection history: 2012: Adequate; 2014: Inadequate; 2018: Good.",
        [(OVERALL, "Adequate"), (OVERALL, "Inadequate"), (OVERALL, "Good")],
    ),
    "judgement before the grade in a heading": (
        "Current Ofsted rating: Requires Improvement",
        [(OVERALL, "Requires improvement")],
    ),
}


@pytest.mark.parametrize("name", list(PROSE))
def test_prose_phrasings(name):
    text, expected = PROSE[name]
    assert graded(text, council="Kent County Council") == expected


NOT_RATINGS = [
    # national figures and other, unnamed authorities
    "Nationally, 52% of LAs require improvement, according to Ofsted.",
    "Our caseloads compare with the only 3 local authorities that were Ofsted rated outstanding.",
    "All local authorities previously rated as 'adequate' will be inspected by Ofsted.",
    "An authority that was judged outstanding by Ofsted has offered peer support.",
    "Like many councils judged inadequate by Ofsted, we have an improvement notice.",
    # praise without a grade
    "During the Ofsted inspection, inspectors noted that adoption was good.",
    "Ofsted reported services in the area being good and well-managed.",
    "Inspectors saw good practice and inadequate recording during the Ofsted inspection.",
    "After the Ofsted visit it was said that the level of support for the service was good.",
    "Ofsted said that the quality of supervision was good.",
    "Following the Ofsted inspection: the service was inadequate in places, mostly at the front door.",
    "The Ofsted report is good news for the county.",
    # settings Ofsted grades that are not the council
    "Ofsted rated 80 per cent of the county's schools good or outstanding.",
    "Two of our children's homes were judged outstanding by Ofsted this year.",
    # aims, risks, hypotheses, negations
    "Our ambition is for services to be judged outstanding at the next Ofsted inspection.",
    "The council is at risk of being judged inadequate at its next Ofsted inspection.",
    "Officers hope the service will be judged good when Ofsted return.",
    "To be rated good by Ofsted, the service needs to reduce caseloads.",
    "The council was not judged inadequate by Ofsted.",
    "In its report Ofsted said that the service was no longer inadequate.",
    # someone else's judgement
    "HMIC rated the police force as good in its inspection of child protection.",
    "Following the Ofsted visit, young people rated the service as good.",
    "The Safeguarding Children Board was judged good.\nOfsted will visit in the spring.",
    "The panel judged the bid to be good and the proposal was rated outstanding.",
    "The service was rated good by 85% of parents who responded to the Ofsted survey.",
    "Following the Ofsted inspection the service was rated good by young people.",
    "The Youth Offending Service was rated good by HMI Probation.",
    "Of the ten councils in the region, three are rated outstanding by Ofsted.",
    # grades inside quotations of the report, criteria and slogans
    'Ofsted said: "Good leadership has ensured that children are safe."',
    "We know what good looks like from Ofsted's framework and we are on our journey to good.",
    "Ofsted criteria for 'good' require strong management oversight.",
    "The Director said that Ofsted had found the MASH to be good.",
]


@pytest.mark.parametrize("text", NOT_RATINGS)
def test_not_ratings(text):
    assert graded(text, council="Kent County Council") == []


# --- what each record says ---------------------------------------------------------------------


def test_subject_is_the_documents_council_from_its_metadata():
    [r] = ratings("Ofsted judged services inadequate.", council="Devon")
    assert (r.subject, r.council_id) == ("Devon County Council", "devon")


def test_subject_is_the_council_the_text_names_when_there_is_no_metadata():
    text = "Walsall Council\nCabinet\nWalsall's children's services were judged good by Ofsted."
    [r] = ratings(text)
    assert (r.subject, r.council_id) == ("Walsall Council", "walsall")


def test_a_sentence_naming_another_council_rates_that_council():
    text = "Medway, which Ofsted rated inadequate in 2013, asked Kent County Council for support."
    [r] = ratings(text, council="Kent County Council")
    assert (r.subject, r.council_id, r.inspection_year) == ("Medway Council", "medway", 2013)


def test_an_initialism_is_read_in_the_documents_context():
    [r] = ratings("Ofsted said DCC's services were inadequate.", council="Durham County Council")
    assert r.council_id == "county-durham"


def test_a_council_not_on_the_list_keeps_its_name_without_an_id():
    [r] = ratings("Ofsted judged the council inadequate.", council="Gotham Borough Council")
    assert (r.subject, r.council_id) == ("Gotham Borough Council", None)


def test_a_historical_council_is_chosen_by_the_inspection_year():
    [r] = ratings(
        "In 2016 Ofsted judged Dorset's children's services as requiring improvement.", date="2021-05-01"
    )
    assert (r.subject, r.council_id) == ("Dorset County Council", "dorset-county")


def test_judgement_as_printed_keeps_the_wording():
    found = ratings("Ofsted rated the council 'Requires Improvement to be Good'.", council="Kent")
    assert [(r.judgement, r.judgement_as_printed) for r in found] == [
        ("Requires improvement", "Requires Improvement to be Good")
    ]


def test_inspection_year_comes_from_the_inspection_dates_in_the_text():
    text = (
        "The council was subject to an Ofsted inspection, carried out between 3 and 27 November 2014.\n\n"
        "The report was presented to Cabinet on 14 January 2015.\n\n"
        "The overall judgement was inadequate.\n\n"
        "Children in care - Requires improvement\n"
    )
    found = ratings(text, council="Kent", date="2015-03-02")
    assert [(r.area, r.inspection_year) for r in found] == [(OVERALL, 2014), ("Children in care", 2014)]


def test_a_year_in_the_sentence_wins_and_the_next_inspection_is_not_the_inspection():
    text = "The next Ofsted inspection is expected in 2019.\n\nServices were rated good by Ofsted in 2016."
    assert [r.inspection_year for r in ratings(text, council="Kent")] == [2016]


def test_inspection_year_falls_back_to_the_documents_date():
    assert [
        r.inspection_year for r in ratings("Ofsted rated us good.", council="Kent", date="2018-07-01")
    ] == [2018]
    assert [r.inspection_year for r in ratings("Ofsted rated us good.", council="Kent")] == [None]


def test_a_rating_repeated_in_a_document_is_reported_once():
    text = "Ofsted judged services inadequate.\n\nAs noted, services were judged inadequate by Ofsted."
    assert len(ratings(text, council="Kent")) == 1


def test_documents_without_inspection_words_are_skipped():
    assert ratings("Good progress was made; the outcome was outstanding and staffing adequate. " * 200) == []


# --- the sample documents ----------------------------------------------------------------------


def seed_documents() -> list[Document]:
    return [parse_bytes(p.read_bytes(), p.name) for p in sorted(SEEDS.glob("*.txt"))]


def test_every_seed_record_fits_the_schema_and_quotes_its_text():
    validator = jsonschema.Draft202012Validator(SCHEMA)
    ids = {c.id for c in councils()}
    docs = seed_documents()
    assert len(docs) == 5, f"expected the 5 sample documents in {SEEDS}"
    total = 0
    for doc in docs:
        for record in extract(read(doc)):
            row = record.to_row()
            errors = [e.message for e in validator.iter_errors(row)]
            assert not errors, (doc.filename, row, errors)
            assert row["quote"] == doc.text[row["char_start"] : row["char_end"]]
            assert row["council_id"] is None or row["council_id"] in ids
            total += 1
    assert total > 0


def test_schema_rejects_a_bad_record():
    validator = jsonschema.Draft202012Validator(SCHEMA)
    bad = {"page": 1, "char_start": 0, "char_end": 4, "quote": "Good", "subject": None, "council_id": None}
    bad |= {
        "area": OVERALL,
        "judgement": "Satisfactory",
        "judgement_as_printed": "Good",
        "inspection_year": 2016,
        "inspection_date": "2016-02-22",
    }
    assert not validator.is_valid(bad)
    assert not validator.is_valid({**bad, "judgement": "Good", "inspection_date": "February 2016"})
    assert not validator.is_valid({**bad, "judgement": "Good", "extra": 1})
    assert validator.is_valid({**bad, "judgement": "Good"})


def test_the_vocabulary_file_holds_only_words(tmp_path, monkeypatch):
    """A bare YAML on/off/yes/no would be read as a boolean and silently drop out of a pattern."""
    from extractors import ofsted_vocabulary as V

    bad = tmp_path / "ofsted.yml"
    bad.write_text("words_after_grade: [to, in, on]\n", encoding="utf-8")
    monkeypatch.setattr(V, "_DATA", bad)
    V.terms.cache_clear()
    try:
        with pytest.raises(RuntimeError, match="put quotes around them"):
            V.terms()
    finally:
        monkeypatch.undo()
        V.terms.cache_clear()
    assert "on" in V.terms()["words_after_grade"]
