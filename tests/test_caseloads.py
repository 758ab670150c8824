"""Caseload figures: phrasings real committee papers use (positive and negative), the record
schema on every seed record, and the quality gate against the gold seeds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from core.document import Document
from core.reading import read
from extractors import caseloads
from pipeline.parse import parse_bytes

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "schemas" / "caseloads.json").read_text())
FIXTURES = ROOT / "tests" / "fixtures" / "caseloads"
SEEDS = ROOT.parent / "shared" / "seeds"
GOLD = ROOT.parent / "shared" / "gold"
SW = "social worker"


def figures(text: str) -> list[tuple]:
    """(low, high, role, kind) of every figure found in ``text``, in order."""
    return [(r.low, r.high, r.role, r.kind) for r in caseloads.extract(read(Document.from_text(text)))]


def periods(text: str) -> list[str | None]:
    return [r.period for r in caseloads.extract(read(Document.from_text(text)))]


POSITIVE = [
    # a change over time is two figures, each with its own time
    (
        "Average caseloads fell from 31 in March 2019 to 17 by December 2020.",
        [(31, 31, SW, "reported"), (17, 17, SW, "reported")],
    ),
    (
        "Caseloads have come down from 28 to 19 over the last six months.",
        [(28, 28, SW, "reported"), (19, 19, SW, "reported")],
    ),
    # ranges: hyphen, en dash, "to", "between ... and"
    ("Caseloads are typically 25-30 per social worker.", [(25, 30, SW, "reported")]),
    ("Caseloads in the east team ranged from 14 – 19 during the quarter.", [(14, 19, SW, "reported")]),
    ("Caseloads vary from 12 to 28 across the teams.", [(12, 28, SW, "reported")]),
    ("Each worker currently holds between 18 and 22 cases.", [(18, 22, SW, "reported")]),
    # bands
    ("Team managers' caseloads remain in the mid 20s.", [(24, 26, "team manager", "reported")]),
    ("Caseloads were in the low 30's at the end of the year.", [(31, 33, SW, "reported")]),
    ("Our caseloads sit in the high teens.", [(17, 19, SW, "reported")]),
    # open-ended and maxima
    ("Some practitioners have caseloads in excess of 35.", [(36, None, "practitioner", "maximum")]),
    ("Some social workers were holding as many as 40 cases.", [(40, 40, SW, "maximum")]),
    ("Practice managers oversee up to 120 cases each.", [(120, 120, "practice manager", "maximum")]),
    ("A few workers had caseloads of more than 30 children.", [(31, None, SW, "maximum")]),
    ("The maximum caseload was 34 in the east team.", [(34, 34, SW, "maximum")]),
    ("Workers held a maximum of 28 cases.", [(28, 28, SW, "maximum")]),
    # roles named after the figure
    (
        "Caseloads for full-time staff should not exceed 20, and 12 for part-time staff.",
        [(20, 20, "full time staff", "target"), (12, 12, "part time staff", "target")],
    ),
    (
        "The average caseload is 19 for qualified social workers and 11 for family support workers.",
        [(19, 19, SW, "reported"), (11, 11, "family support worker", "reported")],
    ),
    # newly qualified staff, protected caseloads
    (
        "Newly qualified social workers have a protected caseload of no more than 12 cases in year one.",
        [(12, 12, "newly qualified social worker", "target")],
    ),
    ("NQSWs are limited to 15 cases.", [(15, 15, "newly qualified social worker", "target")]),
    (
        "ASYE staff keep a reduced caseload of around 10.",
        [(10, 10, "newly qualified social worker", "reported")],
    ),
    # ratios
    ("The staffing model allows one social worker to 14 cases.", [(14, 14, SW, "reported")]),
    ("Caseloads now stand at a ratio of 1:18.", [(18, 18, SW, "reported")]),
    ("The worker to case ratio in the team is 1 : 21.", [(21, 21, SW, "reported")]),
    # decimals per full-time equivalent
    (
        "The average caseload is 16.2, or 13.9 per FTE.",
        [(16.2, 16.2, SW, "reported"), (13.9, 13.9, SW, "reported")],
    ),
    ("Locality teams carry 17.5 children per full-time equivalent worker.", [(17.5, 17.5, SW, "reported")]),
    # benchmarks
    (
        "Statistical neighbours report an average of 17 cases per worker, against our 23.",
        [(17, 17, SW, "benchmark"), (23, 23, SW, "reported")],
    ),
    (
        "National average caseloads are around 16, compared with 22 in this authority.",
        [(16, 16, SW, "benchmark"), (22, 22, SW, "reported")],
    ),
    (
        "Our caseloads of 24 compare poorly with 15-18 in other authorities.",
        [(24, 24, SW, "reported"), (15, 18, SW, "benchmark")],
    ),
    (
        "Caseloads here are 22 whereas the England average is 17.9.",
        [(22, 22, SW, "reported"), (17.9, 17.9, SW, "benchmark")],
    ),
    # targets
    (
        "Officers felt a reasonable caseload would be in the region of 18 cases per worker.",
        [(18, 18, SW, "target")],
    ),
    ("The ambition is to bring caseloads down to 15 across the service.", [(15, 15, SW, "target")]),
    ("Caseloads are 26 against a target of 20.", [(26, 26, SW, "reported"), (20, 20, SW, "target")]),
    ("The recommended caseload for a social worker is 12 to 15 children.", [(12, 15, SW, "target")]),
    ("The service is working towards an aim of caseloads around 16–20.", [(16, 20, SW, "target")]),
    ("The review made 14 recommendations, and caseloads of 25 were noted.", [(25, 25, SW, "reported")]),
    # the figure follows the sentence about caseloads, or the heading
    (
        "Caseloads were discussed. The Head of Service said 30 was exceptional; 20-24 is more typical.",
        [(30, 30, SW, "reported"), (20, 24, SW, "reported")],
    ),
    (
        "4.2 Caseloads\n\nThe average is now 21, down from 26 in January.",
        [(21, 21, SW, "reported"), (26, 26, SW, "reported")],
    ),
    # hard-wrapped text with a blank line between lines
    ("In May caseloads stood at\n\naround 19 per worker in the\n\nnorth team.", [(19, 19, SW, "reported")]),
    # numbers as words
    ("Caseloads of twenty-five are common in the duty team.", [(25, 25, SW, "reported")]),
    ("Caseloads should be between fifteen and twenty.", [(15, 20, SW, "target")]),
    # a numbered paragraph, a range in brackets, lists of figures
    (
        "4.3 Average caseloads for social workers were 22 in June 2015, down from 30 a year earlier.",
        [(22, 22, SW, "reported"), (30, 30, SW, "reported")],
    ),
    (
        "Caseloads across the service average 17 (range 12-23).",
        [(17, 17, SW, "reported"), (12, 23, SW, "reported")],
    ),
    (
        "Average caseloads were 23.5 in 2016/17, 21.3 in 2017/18 and 19.8 in 2018/19.",
        [(23.5, 23.5, SW, "reported"), (21.3, 21.3, SW, "reported"), (19.8, 19.8, SW, "reported")],
    ),
    (
        "Caseloads averaged 19 per worker; 14 social workers had more than 25 cases.",
        [(19, 19, SW, "reported"), (26, None, SW, "maximum")],
    ),
    ("Social workers told members that caseloads of 30+ were not unusual.", [(30, None, SW, "maximum")]),
    ("Workers told us they carried between 25 and 30 cases.", [(25, 30, SW, "reported")]),
    ("Each social worker should hold no more than 15 children at any time.", [(15, 15, SW, "target")]),
    # comparisons: which side is ours
    (
        "In Q3 2019/20 the average caseload was 18.2 against a target of 18.",
        [(18.2, 18.2, SW, "reported"), (18, 18, SW, "target")],
    ),
    (
        "Social worker caseloads are 22 compared to 18 in Northshire and 16 in Westvale.",
        [(22, 22, SW, "reported"), (18, 18, SW, "benchmark"), (16, 16, SW, "benchmark")],
    ),
    (
        "Caseloads fell from 30 to 25 against a target of 20 and are now 22.",
        [
            (30, 30, SW, "reported"),
            (25, 25, SW, "reported"),
            (20, 20, SW, "target"),
            (22, 22, SW, "reported"),
        ],
    ),
    (
        "Caseloads in Anytown (18) are lower than the regional average (19.5).",
        [(18, 18, SW, "reported"), (19.5, 19.5, SW, "benchmark")],
    ),
    ("The workforce census shows an average caseload of 16.3 nationally.", [(16.3, 16.3, SW, "benchmark")]),
]


@pytest.mark.parametrize("text, expected", POSITIVE, ids=[t[:50] for t, _ in POSITIVE])
def test_phrasings_found(text, expected):
    assert figures(text) == [
        (float(lo), None if hi is None else float(hi), role, kind) for lo, hi, role, kind in expected
    ]


NEGATIVE = [
    "There are 45 FTE social workers and caseloads remain high.",
    "The service employs 52.5 FTE social workers, each with a manageable caseload.",
    "Caseloads have risen by 12% since 2019.",
    "Caseloads rose by 4 over the year.",
    "The service has 14 vacancies, which pushes caseloads up.",
    "Referrals rose to 1,250 and caseloads increased.",
    "Inspectors audited 25 cases and found caseloads were manageable.",
    "Managers completed 40 case file audits in the quarter.",
    "Of the 120 cases sampled, most had an up to date plan.",
    "Members asked whether a caseload of 20 would be reasonable?",
    "The budget for reducing caseloads is £250,000.",
    "See page 12 for the caseload data.",
    "Caseloads were discussed at the meeting on 14 March 2019.",
    "Caseloads being too high was a concern raised by 3 members.",
    "There were 27 children waiting for allocation, and caseloads were high.",
    "Caseloads: see section 4.2 of the report.",
    "In 2013/14 caseloads were too high.",
    "Social worker caseloads being too high remains the main risk.",
    "Caseload pressures are covered in recommendation 7 and appendix 3.",
    "Caseloads fell after 6 new social workers joined in 2 teams.",
    "The team's caseload is 180 children.",
    "A children's home keeps a staff to child ratio of 1:3.",
    "- 3. Officers continue to manage caseloads.\n- 4. Officers report back in six months.",
    "Since then 113 cases have been closed, in total, and caseloads fell.",
    "The caseload management tool was introduced in 2 of the 4 localities.",
    "Caseload Report – 12 January 2015",
    "Item 6: Caseloads and workforce",
    "Caseloads were reviewed at 10.30am.",
    "Between 2014 and 2016 caseloads rose.",
    "Caseloads rose 10 per cent in 2015.",
    "Caseloads for the 12 months to March were high.",
    "Members were told that 95 social workers hold caseloads.",
    "Caseloads per worker are set out at Appendix 2, Table 4.",
    "Inspectors reviewed 30 cases in detail.",
    "Managers in the MASH oversee around 60 contacts a day.",
    "The team is responsible for 120 cases.",
    "4.3 Caseloads were discussed.\n4.4 The service continued to focus on practice.",
    "Caseloads for 16 and 17 year olds are high.",
    "Caseloads were 2 to 3 times higher than elsewhere.",
    "Caseloads remain high. Agency use is now at 20.",
    "A caseload weighting tool scores cases at 1, 2 or 3.",
]


@pytest.mark.parametrize("text", NEGATIVE, ids=[t[:50] for t in NEGATIVE])
def test_not_caseloads(text):
    assert figures(text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Social work caseloads have reduced from 35 in the spring of 2015 to 21 today.",
            ["spring of 2015", "today"],
        ),
        ("In June and July caseloads were in the high 20s for most workers.", ["June and July"]),
        ("Caseloads were 30-35 at the time of the review.", ["at the time of the review"]),
        ("Caseloads previously ranged from 25-40, and are now around 19.", ["previously", "now"]),
        ("Progress – October 2021\n\nCaseloads are currently 18.", ["October 2021"]),
        ("Caseloads are 18 per worker.", [None]),
        ("Average caseloads were 23.5 in 2016/17 and 21.3 in 2017/18.", ["2016/17", "2017/18"]),
        ("Caseloads fell to 22 in June 2015, down from 30 a year earlier.", ["June 2015", "a year earlier"]),
    ],
)
def test_periods(text, expected):
    assert periods(text) == expected


def test_fixture_minutes_with_layout():
    """Made-up minutes laid out as converted papers are: wrapped lines, a dated section heading,
    a question, a page break (form feed) and a table whose caption names caseloads."""
    path = FIXTURES / "workforce_minutes.txt"
    doc = parse_bytes(path.read_bytes(), path.name, {})
    found = [(r.low, r.high, r.role, r.kind, r.period, r.page) for r in caseloads.extract(read(doc))]
    heading = "September 2018"
    assert found == [
        (27.0, 27.0, SW, "reported", "January", 1),
        (21.0, 21.0, SW, "reported", "September", 1),
        (14.0, 17.0, SW, "reported", heading, 1),
        (25.0, 25.0, "personal adviser", "reported", heading, 1),
        (18.0, 18.0, SW, "target", heading, 1),
        (12.0, 12.0, "newly qualified social worker", "target", heading, 1),
        (160.0, 160.0, "team manager", "maximum", heading, 1),
        (17.4, 17.4, SW, "benchmark", heading, 1),
        (19.2, 19.2, SW, "reported", heading, 1),
        (29.0, 29.0, SW, "reported", "Sep 2017", 2),
        (27.0, 27.0, SW, "reported", "Mar 2018", 2),
        (21.0, 21.0, SW, "reported", "Sep 2018", 2),
        (24.0, 24.0, SW, "reported", "Sep 2017", 2),
        (22.0, 22.0, SW, "reported", "Mar 2018", 2),
        (20.0, 20.0, SW, "reported", "Sep 2018", 2),
    ]
    table_row = [r for r in caseloads.extract(read(doc)) if r.period == "Sep 2017"][0]
    assert table_row.quote.split() == ["Assessment", "29", "27", "21"]


def test_text_from_a_pdf_without_blank_lines():
    """Converted PDFs run paragraphs and headings together line by line, with running footers."""
    footer = "Scrutiny Panel Report\n"
    text = (
        "Workforce Update – March 2016\n"
        "The service has recruited well and agency use has fallen. Average caseloads per social\n"
        "worker are now 19, while a reasonable caseload for\n"
        "Newly Qualified Social Workers is 12.\n" + footer + "4\n\n"
        "Recruitment\n"
        "Twelve social workers joined in the year.\n" + footer + "5\n\n" + footer + "6\n"
    )
    found = [(r.low, r.role, r.kind, r.period) for r in caseloads.extract(read(Document.from_text(text)))]
    assert found == [
        (19.0, SW, "reported", "March 2016"),
        (12.0, "newly qualified social worker", "target", "March 2016"),
    ]


def test_quote_is_the_clause_holding_the_figure():
    text = "Staffing is stable; caseloads are 19 per worker, down from 24. Morale has improved."
    (record,) = [r for r in caseloads.extract(read(Document.from_text(text))) if r.low == 19]
    assert record.quote == "caseloads are 19 per worker, down from 24."
    assert text[record.char_start : record.char_end] == record.quote


def test_verbatim_repeat_counts_once():
    text = "Summary\n\nCaseloads are 19 per worker.\n\nDetail\n\nCaseloads are 19 per worker."
    assert figures(text) == [(19.0, 19.0, SW, "reported")]


# --- seeds: schema, provenance, quality gate --------------------------------------------------


def _seed_docs() -> list[Document]:
    if not SEEDS.exists():
        pytest.skip(f"sample documents not found at {SEEDS}")
    return [parse_bytes(p.read_bytes(), p.name, {}) for p in sorted(SEEDS.glob("*.txt"))]


@pytest.fixture(scope="module")
def seed_records() -> dict[str, tuple[Document, list]]:
    return {Path(d.filename).stem: (d, list(caseloads.extract(read(d)))) for d in _seed_docs()}


def test_every_seed_record_fits_the_schema_and_its_quote(seed_records):
    validator = Draft202012Validator(SCHEMA)
    count = 0
    for doc, records in seed_records.values():
        for record in records:
            row = record.to_row()
            errors = [e.message for e in validator.iter_errors(row)]
            assert not errors, (doc.filename, row, errors)
            assert doc.text[row["char_start"] : row["char_end"]] == row["quote"]
            count += 1
    assert count > 0


def test_schema_rejects_a_bad_record():
    bad = {
        "low": 20,
        "high": None,
        "role": "social worker",
        "kind": "guess",
        "period": None,
        "page": 1,
        "char_start": 0,
        "char_end": 2,
        "quote": "20",
    }
    assert list(Draft202012Validator(SCHEMA).iter_errors(bad))


def test_schema_lists_exactly_the_record_fields():
    import dataclasses

    from extractors.caseloads import Caseload

    fields = {f.name for f in dataclasses.fields(Caseload)}
    assert set(SCHEMA["properties"]) == fields == set(SCHEMA["required"])


def _matches(gold: dict, row: dict) -> bool:
    """The independent scorer's rule: same low, and same high (a single figure: high null or low)."""
    if float(gold["low"]) != row["low"]:
        return False
    if gold["high"] == gold["low"]:
        return row["high"] in (None, row["low"])
    return (None if gold["high"] is None else float(gold["high"])) == row["high"]


def quality(gold_by_doc: dict[str, list[dict]], rows_by_doc: dict[str, list[dict]]) -> dict[str, float]:
    """F1 over documents, and the share of matched figures whose role and kind are right."""
    matched = gold_n = pred_n = role_ok = kind_ok = 0
    for stem, gold in gold_by_doc.items():
        rows = list(rows_by_doc.get(stem, []))
        gold_n += len(gold)
        pred_n += len(rows)
        for g in gold:
            hit = next((r for r in rows if _matches(g, r)), None)
            if hit is not None:
                rows.remove(hit)
                matched += 1
                role_ok += g["role"] == hit["role"]
                kind_ok += g["kind"] == hit["kind"]
    precision = matched / pred_n if pred_n else 1.0
    recall = matched / gold_n if gold_n else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "f1": f1,
        "role": role_ok / matched if matched else 0.0,
        "kind": kind_ok / matched if matched else 0.0,
    }


def _gold() -> dict[str, list[dict]]:
    if not GOLD.exists():
        pytest.skip(f"gold annotations not found at {GOLD}")
    return {p.stem: json.loads(p.read_text())["caseloads"] for p in sorted(GOLD.glob("*.json"))}


def test_quality_gate_on_the_seeds(seed_records):
    rows = {stem: [r.to_row() for r in records] for stem, (_, records) in seed_records.items()}
    q = quality(_gold(), rows)
    assert q["f1"] >= 0.95, q
    assert q["role"] >= 0.9 and q["kind"] >= 0.9, q


def test_quality_gate_can_fail():
    gold = _gold()
    shifted = {
        stem: [{**g, "low": float(g["low"]) + 1, "high": None} for g in rows] for stem, rows in gold.items()
    }
    wrong_kind = {
        stem: [{**g, "low": float(g["low"]), "kind": "benchmark"} for g in rows]
        for stem, rows in gold.items()
    }
    assert quality(gold, shifted)["f1"] < 0.95
    assert quality(gold, wrong_kind)["kind"] < 0.9


def test_text_without_sentence_breaks_is_read_in_bounded_pieces(monkeypatch):
    """A multi-MB single line (a flattened table, a corrupt file) is read in pieces of at most
    MAX_SENTENCE characters that do not overlap: the work per figure is bounded, so extraction is
    linear in the text (before, each figure searched back to the start of the line)."""
    seen: list[tuple[int, int]] = []
    real = caseloads._sentence_figures

    def spy(doc, s_start, s_end, context, topic=None):
        seen.append((s_start, s_end))
        return real(doc, s_start, s_end, context, topic)

    monkeypatch.setattr(caseloads, "_sentence_figures", spy)
    filler = "the service kept records of every visit and review in the period, " * 60
    text = (filler + "caseloads averaged 18 per social worker, ") * 500  # about 2 MB, one line
    assert "\n" not in text and len(text) > 2_000_000
    records = list(caseloads.extract(read(Document.from_text(text))))
    assert {(r.low, r.role) for r in records} == {(18.0, "social worker")}
    assert seen and max(e - s for s, e in seen) <= caseloads.MAX_SENTENCE
    assert all(a[1] <= b[0] for a, b in zip(seen, seen[1:], strict=False))  # each character read once


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The average caseload for social workers in locality teams was 23 children in June 2025. This is "
            "above the target caseload of no more than 19 children and a rise from the previous quarter, "
            "when the average caseload was 21 children.",
            [(23, "reported", "June 2025"), (19, "target", None), (21, "reported", "the previous quarter")],
        ),
        (
            "Average caseloads were 16 cases in March 2024, against a target of 15 cases, down from last "
            "year, when caseloads were 19.",
            [(16, "reported", "March 2024"), (15, "target", None), (19, "reported", "last year")],
        ),
    ],
)
def test_every_figure_in_a_sentence_keeps_its_own_kind_and_period(text, expected):
    got = [(r.low, r.kind, r.period) for r in caseloads.extract(read(Document.from_text(text)))]
    assert got == [(float(n), k, p) for n, k, p in expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # the holder opens the paragraph, a pronoun refers back to it
            "Northshire's IROs also chair child protection conferences. They have caseloads of around 110 "
            "each, although only about 45 of these are children looked after.",
            [(110, "independent reviewing officer"), (45, "independent reviewing officer")],
        ),
        (  # "responsibility for", and a second figure listed with the same noun
            "Caseloads for IROs are high. In March, IROs had, on average, responsibility for 70 children "
            "looked after and 30 children on a child protection plan.",
            [(70, "independent reviewing officer"), (30, "independent reviewing officer")],
        ),
        (
            "Independent reviewing officers also chair reviews. They carry heavy workloads. On average, "
            "combined caseloads are between 85 and 105, limiting their capacity to track cases.",
            [(85, "independent reviewing officer")],
        ),
        (  # a pronoun-free sentence after another worker's figure keeps the default role
            "Some team managers were supervising up to 150 cases. The regional average was 18 per FTE.",
            [(150, "team manager"), (18, "social worker")],
        ),
    ],
)
def test_the_workers_a_paragraph_is_about_hold_its_figures(text, expected):
    got = [(r.low, r.role) for r in caseloads.extract(read(Document.from_text(text)))]
    assert got == [(float(n), role) for n, role in expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Caseloads average 17.5 per worker (target 18).", [(17.5, "reported"), (18, "target")]),
        (
            "The average caseload per social worker is 19, compared with a national average of 16.3.",
            [(19, "reported"), (16.3, "benchmark")],
        ),
        (
            "At the end of Quarter 3 the average caseload was 22 against a target of 20.",
            [(22, "reported"), (20, "target")],
        ),
        (
            "Average caseloads for newly qualified social workers are protected at 15, while experienced "
            "workers hold around 22.",
            [(15, "target"), (22, "reported")],
        ),
    ],
)
def test_performance_report_phrasings(text, expected):
    got = [(r.low, r.kind) for r in caseloads.extract(read(Document.from_text(text)))]
    assert got == [(float(n), k) for n, k in expected]


def test_a_quarter_is_a_period():
    text = "At the end of Quarter 3 the average caseload was 22 against a target of 20."
    assert [r.period for r in caseloads.extract(read(Document.from_text(text)))] == [
        "At the end of Quarter 3",
        None,
    ]
