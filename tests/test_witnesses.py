"""Witnesses: every layout a real report or minutes uses, the people who are not witnesses, and the
record contract (JSON Schema, quote == text[start:end]) on the sample documents.

The examples are invented (names, councils, phrasings); none is copied from a sample document.
"""

from __future__ import annotations

import json
from difflib import SequenceMatcher
from pathlib import Path

import jsonschema
import pytest

from core.document import Document
from core.reading import read
from extractors import witnesses
from extractors.witness_parts import split_trailing_org
from pipeline.parse import parse_bytes

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "witnesses"
SEEDS = ROOT.parent / "shared" / "seeds"
GOLD = ROOT.parent / "shared" / "gold"
SCHEMA = json.loads((ROOT / "schemas" / "witnesses.json").read_text(encoding="utf-8"))


def run(text: str, **meta) -> list[tuple[str, str | None, str | None]]:
    doc = Document.from_text(text, **meta)
    records = list(witnesses.extract(read(doc)))
    for r in records:
        assert r.quote == doc.text[r.char_start : r.char_end]
        jsonschema.validate(r.to_row(), SCHEMA)
    return [(r.name, r.position, r.organisation) for r in records]


# --- tables ------------------------------------------------------------------------------------


def test_table_one_cell_per_paragraph_stops_at_next_appendix():
    text = (
        "Appendix 3\n\nWitness\n\nPosition\n\nOrganisation\n\n"
        "Marion Tate\n\nPrincipal Social Worker\n\nOakfield County Council\n\n"
        "Professor Lena Fischer\n\nIndependent Chair\n\nOakfield Safeguarding Children Partnership\n\n"
        "Foster carers\n\nSupport group, Riverside Children's Centre\n\nOakfield County Council\n\n"
        "Appendix 4\n\nBibliography\n\nWorking Together (2018)\n"
    )
    assert run(text) == [
        ("Marion Tate", "Principal Social Worker", "Oakfield County Council"),
        ("Professor Lena Fischer", "Independent Chair", "Oakfield Safeguarding Children Partnership"),
        ("Foster carers", "Support group, Riverside Children's Centre", "Oakfield County Council"),
    ]


def test_table_one_cell_per_line_with_a_missing_cell_and_page_number():
    text = (
        "The following people gave evidence to the review:\n"
        "Name\nJob title\nOrganisation / Agency\n"
        "Alan Moss\nHead of Education Welfare\nLakeside Council\n"
        "Beth Young\nIndependent Reviewing Officer\n"
        "14\n"
        "Carl Dean\nDirector of Operations\nLakeside NHS Foundation Trust\n"
    )
    assert run(text) == [
        ("Alan Moss", "Head of Education Welfare", "Lakeside Council"),
        ("Beth Young", "Independent Reviewing Officer", None),
        ("Carl Dean", "Director of Operations", "Lakeside NHS Foundation Trust"),
    ]


def test_table_rows_split_by_tabs():
    text = (
        "Appendix B: Witnesses\n\nName\tRole\tOrganisation\n"
        "Dr Amira Khan\tConsultant Paediatrician\tNorthshire Hospitals NHS Trust\n"
        "Tom O'Hara\tService Manager, Early Help\tWestford Borough Council\n"
        "Priya Shah\tHead of Virtual School\t\n\nAppendix C: Glossary\n"
    )
    assert run(text) == [
        ("Dr Amira Khan", "Consultant Paediatrician", "Northshire Hospitals NHS Trust"),
        ("Tom O'Hara", "Service Manager, Early Help", "Westford Borough Council"),
        ("Priya Shah", "Head of Virtual School", None),
    ]


def test_table_rows_split_by_pipes_with_divider_and_empty_cell():
    text = (
        "| Witness | Job title | Organisation/Agency |\n|---|---|---|\n"
        "| Gareth Lloyd | Detective Chief Inspector | Eastshire Police |\n"
        "| Young carers | | Eastshire Young Carers Project |\n"
        "| Cllr Helen Marsh | Portfolio Holder for Children | Eastshire County Council |\n\n"
        "The panel's conclusions follow.\n"
    )
    assert run(text) == [
        ("Gareth Lloyd", "Detective Chief Inspector", "Eastshire Police"),
        ("Young carers", None, "Eastshire Young Carers Project"),
        ("Cllr Helen Marsh", "Portfolio Holder for Children", "Eastshire County Council"),
    ]


def test_table_rows_split_by_wide_gaps():
    text = (
        "Witness                 Position                          Organisation\n"
        "Maria Lopez             Principal Social Worker           Kingsbury Council\n"
        "Ben Adeyemi             Chief Executive                   Kingsbury Safeguarding Partnership\n"
    )
    assert run(text) == [
        ("Maria Lopez", "Principal Social Worker", "Kingsbury Council"),
        ("Ben Adeyemi", "Chief Executive", "Kingsbury Safeguarding Partnership"),
    ]


def test_two_column_table_then_prose_ends_the_table():
    text = (
        "Sources of evidence\n\nName\n\nRole\n\nJanet Whitfield\n\nDesignated Doctor for Safeguarding\n\n"
        "Owen Price\n\nVirtual School Headteacher\n\n5. Conclusions\n\n"
        "The review concluded that the arrangements were sound and that more work was needed.\n"
    )
    assert run(text) == [
        ("Janet Whitfield", "Designated Doctor for Safeguarding", None),
        ("Owen Price", "Virtual School Headteacher", None),
    ]


def test_table_in_pdf_text_with_single_spaces_between_cells():
    text = (
        "Appendix 2 Witnesses\nWitness Position Organisation\n"
        "Jane Doe Head of Early Help Anytown Borough Council\n"
        "Dr Bob Roe Designated Nurse for Safeguarding Children Anytown Clinical Commissioning Group\n"
        "Social care staff Children's Social Work Offices, Town Hall Anytown Borough Council\n"
        "Ian Kerr Detective Superintendent, Public Protection Unit Devon & Cornwall Police\n"
        "Sue Pike Team Manager, Referral and Assessment ABC\n"
        "Appendix 3 Bibliography\n"
    )
    assert run(text) == [
        ("Jane Doe", "Head of Early Help", "Anytown Borough Council"),
        ("Dr Bob Roe", "Designated Nurse for Safeguarding Children", "Anytown Clinical Commissioning Group"),
        ("Social care staff", "Children's Social Work Offices, Town Hall", "Anytown Borough Council"),
        ("Ian Kerr", "Detective Superintendent, Public Protection Unit", "Devon & Cornwall Police"),
        ("Sue Pike", "Team Manager, Referral and Assessment", "ABC"),
    ]


def test_table_in_an_html_page():
    html = (
        b"<html><body><h2>Witnesses</h2><table><tr><th>Name</th><th>Job title</th><th>Organisation</th></tr>"
        b"<tr><td>Jane Doe</td><td>Head of Early Help</td><td>Anytown Council</td></tr>"
        b"<tr><td>Bob Roe</td><td>Designated Nurse</td><td>Anytown CCG</td></tr></table>"
        b"<p>The panel thanks everyone who took part.</p></body></html>"
    )
    doc = parse_bytes(html, "witnesses.html")
    assert [(r.name, r.position, r.organisation) for r in witnesses.extract(read(doc))] == [
        ("Jane Doe", "Head of Early Help", "Anytown Council"),
        ("Bob Roe", "Designated Nurse", "Anytown CCG"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Head of Early Help Anytown Borough Council", ("Head of Early Help", "Anytown Borough Council")),
        (
            "Consultant Paediatrician Royal Devon and Exeter NHS Foundation Trust",
            ("Consultant Paediatrician", "Royal Devon and Exeter NHS Foundation Trust"),
        ),
        ("Headteacher The King's School", ("Headteacher", "The King's School")),
        (
            "Independent Chair Anyshire Safeguarding Children Board",
            ("Independent Chair", "Anyshire Safeguarding Children Board"),
        ),
        ("Head of the Virtual School", ("Head of the Virtual School", None)),
        ("Head of Youth Offending Service", ("Head of Youth Offending Service", None)),
        ("Member of the Board", ("Member of the Board", None)),
        ("Service Manager, Fostering, Anytown Council", ("Service Manager, Fostering", "Anytown Council")),
    ],
)
def test_split_trailing_org(text, expected):
    assert split_trailing_org(text) == expected


def test_a_table_of_board_members_is_not_a_witness_table():
    text = (
        "Improvement Board membership\n\nName\tRole\tOrganisation\n"
        "Mark Gurney\tIndependent Chair\tAnyshire Safeguarding Partnership\n"
        "Lynn Hart\tHead of Children's Social Care\tAnyshire County Council\n\n"
        "Name\n\nRole\n\nJo Bright\n\nLocality Director\n"
    )
    assert run(text) == []


def test_a_lone_header_word_is_not_a_table():
    assert run("Name\n\nJane Doe\n\nDate\n\n3 May 2019\n") == []
    assert run("Title\n\nSafeguarding update\n\nRole\n\nTo note the report\n") == []


# --- lists -------------------------------------------------------------------------------------


def test_list_name_then_position_without_separator():
    text = (
        "The committee heard evidence from the following witnesses:\n\n"
        "Rachel Dunn Head of Children's Social Care\n\n"
        "Ian Marsh Director of Education and Skills\n\n"
        "Karen Yeo Senior Manager, Fostering and Adoption\n\n"
        "Chloe Baxter Interim Service Manager for Children in Care\n\n"
        "Methodology\n\nThe group met four times between May and July.\n"
    )
    assert run(text) == [
        ("Rachel Dunn", "Head of Children's Social Care", None),
        ("Ian Marsh", "Director of Education and Skills", None),
        ("Karen Yeo", "Senior Manager, Fostering and Adoption", None),
        ("Chloe Baxter", "Interim Service Manager for Children in Care", None),
    ]


def test_list_with_bullets_dashes_and_commas_inside_positions():
    text = (
        "The Task and Finish Group received evidence from:\n\n"
        "• Helen Carter – Assistant Director, Children's Social Care\n"
        "· Linda Brooks, Head of Safeguarding, Quality and Review, Southmoor County Council;\n"
        "Ø Paul Grant, Lead Nurse for Looked After Children, Southmoor Clinical Commissioning Group;\n"
        "- Young people from the Children in Care Council\n\n"
        "Methodology\n\nThe group met on four occasions between March and June.\n"
    )
    assert run(text) == [
        ("Helen Carter", "Assistant Director, Children's Social Care", None),
        ("Linda Brooks", "Head of Safeguarding, Quality and Review", "Southmoor County Council"),
        ("Paul Grant", "Lead Nurse for Looked After Children", "Southmoor Clinical Commissioning Group"),
        ("Young people", None, "Children in Care Council"),
    ]


def test_list_items_hard_wrapped_and_role_first():
    text = (
        "The Scrutiny Panel gathered evidence from the following:\n"
        "• Jane Doe – Head of Children's\n  Services, Riverton Council\n"
        "• Head of Safeguarding – Peter Quill\n"
        "• Cllr Jo Bloggs (Cabinet Member for Children's Services)\n"
    )
    assert run(text) == [
        ("Jane Doe", "Head of Children's Services", "Riverton Council"),
        ("Peter Quill", "Head of Safeguarding", None),
        ("Cllr Jo Bloggs", "Cabinet Member for Children's Services", None),
    ]


def test_inline_lists_after_a_colon():
    assert run(
        "Witnesses: Ama Boateng (Head of Fostering); Rhys Evans (Director of Children's Services)."
    ) == [
        ("Ama Boateng", "Head of Fostering", None),
        ("Rhys Evans", "Director of Children's Services", None),
    ]
    assert run("Evidence was received from: Nina Kaur, Tom Reilly and Sofia Marsh.") == [
        ("Nina Kaur", None, None),
        ("Tom Reilly", None, None),
        ("Sofia Marsh", None, None),
    ]


def test_name_only_list_stops_before_a_heading():
    text = (
        "The Panel spoke to the following people:\n\nOlivia Grant\nSamuel Okafor\n\n"
        "Brighter Futures\n\n"
        "The Brighter Futures programme has run since 2012 and is the main early help offer for families.\n"
    )
    assert run(text) == [("Olivia Grant", None, None), ("Samuel Okafor", None, None)]


def test_membership_and_board_lists_are_not_witnesses():
    text = (
        "Membership\n\nCouncillor Amy Pond (Chair)\nCouncillor Rory Williams\n\n"
        "Core Membership\n\nMark Gurney – Chair\nLynn Hart Head of Children's Social Care\n"
        "Jo Bright - Locality Director\n\n"
        "Report author: Tobias Reed, Scrutiny Officer\n\n"
        "Contact for enquiries:\n\nKaren Blake, Democratic Services Officer\n"
    )
    assert run(text) == []


# --- minutes prose -----------------------------------------------------------------------------


def test_minutes_fixture_officers_by_name_and_by_role():
    text = (FIXTURES / "minutes_item.txt").read_text(encoding="utf-8")
    assert run(text, council="Northvale County Council") == [
        ("Yusuf Demir", "Strategic Manager for Placements", "Northvale County Council"),
        ("Grace Lindqvist", "Head of Fostering", "Northvale County Council"),
        ("Holly Price", "Detective Sergeant", "Northvale Police"),
        (
            "Deputy Director of Children’s Services",
            "Deputy Director of Children’s Services",
            "Northvale County Council",
        ),
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "The Head of Quality Assurance, Mei Chen, added that audits were up to date.",
            ("Mei Chen", "Head of Quality Assurance"),
        ),
        (
            "Simon Fairweather, Head of Early Help, presented the report.",
            ("Simon Fairweather", "Head of Early Help"),
        ),
        (
            "Dr Fiona Bell (Designated Doctor, Valeshire NHS Trust) gave a presentation on child health.",
            ("Dr Fiona Bell", "Designated Doctor"),
        ),
        (
            "The report was presented by Mark Stone, Strategic Lead for Children in Care.",
            ("Mark Stone", "Strategic Lead for Children in Care"),
        ),
        (
            "The report was introduced by the Interim Assistant Director, Lola Adebayo.",
            ("Lola Adebayo", "Interim Assistant Director"),
        ),
        (
            "The Service Manager (Quality Assurance), Lucy Tran, was in attendance and answered questions.",
            ("Lucy Tran", "Service Manager (Quality Assurance)"),
        ),
        (
            "The Council’s Head of Safeguarding – Aoife Byrne – explained that referrals had risen.",
            ("Aoife Byrne", "Head of Safeguarding"),
        ),
        (
            "The Chair introduced the Council's Director of Children's Services, Kwame Mensah who was in "
            "attendance to give a presentation.",
            ("Kwame Mensah", "Director of Children's Services"),
        ),
    ],
)
def test_prose_officer_with_name_and_role(sentence, expected):
    got = run(f"Minutes\n\n{sentence}\n", council="Fenwick City Council")
    assert [(n, p) for n, p, _ in got] == [expected]


def test_prose_officer_of_the_council_gets_the_council_named_in_the_text():
    text = (
        "Minutes of Harrowgate District Council's Children's Panel\n\n"
        "The Head of Early Help, Ravi Sood, reported that waiting lists had fallen.\n"
        "Harrowgate District Council had set aside funds for the service.\n"
    )
    assert run(text) == [("Ravi Sood", "Head of Early Help", "Harrowgate District Council")]


def test_people_merely_mentioned_are_not_witnesses():
    text = (
        "Report of the Director of Children's Services\n\n"
        "Contact officer: Joanne Kerr, Head of Performance, 01234 567890\n\n"
        "The Independent Chair of the Board, Sally Hughes, was appointed in May. Jane Held chairs the "
        "Improvement Board. A new Assistant Director, Paul Stevens, has been appointed and will join.\n"
        "The Board will be chaired by Martin Rowe – Independent Chair of the LSCB.\n"
        "Portfolio Holder: Councillor Mike Owens, Children's Services\n"
    )
    assert run(text, council="Anyshire County Council") == []


def test_members_of_the_body_in_minutes_are_not_witnesses():
    text = (
        "Minutes\n\nThe Chairman, Councillor C Potter, introduced the item.\n"
        "Councillor K Hall, Cabinet Member for Children, reported that the budget had been agreed.\n"
        "The Democratic Services Officer advised that the item would return.\n"
        "Officers reported that the backlog had cleared.\n"
        "The working group report was presented by Keith Potter to the Panel.\n"
        "Resolved: that the report be noted.\n"
    )
    assert run(text) == []


def test_role_only_witness_needs_minutes_and_an_unnamed_role():
    report = (
        "Cabinet report\n\nThe Director of Children's Services reported to Cabinet that progress was good.\n"
    )
    assert run(report) == []
    minutes = (
        "Minutes\n\nThe Head of Virtual School, Ola Nowak, presented the annual report.\n"
        "Members asked about exclusions. The Head of Virtual School responded that they had fallen.\n"
        "The Assistant Director for Education explained that funding was secure.\n"
    )
    assert run(minutes) == [
        ("Ola Nowak", "Head of Virtual School", None),
        ("Assistant Director for Education", "Assistant Director for Education", None),
    ]


def test_officers_listed_as_present_name_the_roles_that_spoke_and_only_those():
    text = (
        "Minutes\n\nPresent: Councillors A Brown (Chair), D Ellis and F Green.\n"
        "Also in attendance: Councillor H Lowe (Cabinet Member for Children)\n"
        "Officers: Jane Doe (Director of Children's Services), Sam Hill (Head of Safeguarding), "
        "Tom Ray (Head of Finance), Ann Lee (Democratic Services Officer)\n\n"
        "14 Safeguarding Update\n\nThe Head of Safeguarding presented the report. "
        "Councillor Ellis asked about agency staff. "
        "The Director of Children's Services responded that numbers had fallen.\n"
        "The Democratic Services Officer advised that the item would return.\n"
        "Resolved: That the report be noted.\n"
    )
    # in text order of where each spoke (the quote is the sentence's subject, not the list entry)
    assert run(text, council="Eastfield Borough Council") == [
        ("Sam Hill", "Head of Safeguarding", "Eastfield Borough Council"),
        ("Jane Doe", "Director of Children's Services", "Eastfield Borough Council"),
    ]


def test_named_people_after_received_evidence_from_in_a_sentence():
    text = (
        "The working group received evidence from Marcus Webb, Head of Youth Offending Service, and Aisha "
        "Malik, Team Manager, Leaving Care, together with the Director of Children's Services.\n"
        "On 3 May members received evidence from the Head of Fostering and the Chair of the Partnership.\n"
    )
    assert run(text) == [
        ("Marcus Webb", "Head of Youth Offending Service", None),
        ("Aisha Malik", "Team Manager, Leaving Care", None),
    ]


def test_prose_role_only_after_a_comma_or_bullet_and_ranks_before_names():
    text = (
        "Minutes\n\nIn response to a question from Councillor Smith, the Head of Service advised that the "
        "backlog had cleared.\n"
        "• The Interim Assistant Director explained the new model.\n"
        "Superintendent Mark Davies (Anyshire Police) attended the meeting to answer questions.\n"
        "Detective Inspector Jo Lane (Anyshire Police) attended the meeting for this item.\n"
        "Resolved: that the report be noted.\n"
    )
    # attending is not giving evidence; attending to answer questions is
    assert run(text, council="Anyshire County Council") == [
        ("Head of Service", "Head of Service", "Anyshire County Council"),
        ("Interim Assistant Director", "Interim Assistant Director", "Anyshire County Council"),
        ("Mark Davies", "Superintendent", "Anyshire Police"),
    ]


def test_prose_several_officers_in_one_sentence():
    text = (
        "Helen Smith (Service Manager, Fostering) and Tom Brown (Team Manager) attended for this item.\n"
        "The Chair welcomed Ruth Ng (Principal Social Worker) and Omar Said (Head of Quality) who were in "
        "attendance.\n"
        "Jane Doe, Head of Commissioning and John Smith, Director of Public Health, presented the report.\n"
        "The Panel received a presentation from Amy Fox, Head of Youth Justice.\n"
        "The group met with the Head of Children's Social Care, Lena Moss, and the Designated Nurse, "
        "Ann Lee.\n"
        "Councillor Jane Dee and Councillor Bob Roe attended the training. Jo Hart and Al Li attended too.\n"
    )
    # being in attendance, or attending an item, is not giving evidence: only presenting or answering is
    assert run(text, council="Anyshire County Council") == [
        ("Jane Doe", "Head of Commissioning", "Anyshire County Council"),
        ("John Smith", "Director of Public Health", "Anyshire County Council"),
        ("Amy Fox", "Head of Youth Justice", "Anyshire County Council"),
        ("Lena Moss", "Head of Children's Social Care", "Anyshire County Council"),
        ("Ann Lee", "Designated Nurse", None),
    ]


def test_a_councillor_named_elsewhere_is_not_a_witness_in_prose():
    text = (
        "Present: Councillor Amy Lowe (Chair), Councillor Sam Reid.\n\n"
        "Amy Lowe, Task Group Lead, presented the report.\n"
        "Ben Reid, Head of Fostering, presented the annual report.\n"
    )
    assert run(text) == [("Ben Reid", "Head of Fostering", None)]


def test_long_runs_of_capitalised_words_stay_fast():
    import time

    words = ["Head", "Director", "Service", "Manager", "Jane", "Doe", "Lead", "Senior", "of", "Council"]
    text = " ".join(words[(i * 7) % len(words)] for i in range(30000)) + " reported that.\n"
    started = time.perf_counter()
    run(text)
    assert time.perf_counter() - started < 10


# --- one record per person ---------------------------------------------------------------------


def test_report_fixture_table_wins_and_non_witnesses_are_left_out():
    text = (FIXTURES / "review_appendix.txt").read_text(encoding="utf-8")
    assert run(text) == [
        ("Helen Achebe", "Head of Early Help and Prevention", "Westmere Borough Council"),
        ("Dr Samir Haddad", "Named GP for Safeguarding", "Westmere Clinical Commissioning Group"),
        ("Parents", "Members of the Family Voices forum", "Family Voices Westmere"),
        ("Councillor Dev Okafor", "Cabinet Member for Children's Services", "Westmere Borough Council"),
    ]


def test_same_person_in_prose_and_table_is_kept_once_from_the_table():
    text = (
        "Minutes\n\nMs N. Osei, Head of Commissioning, presented the findings.\n\n"
        "Witness\tPosition\tOrganisation\n"
        "Nadia Osei\tHead of Commissioning and Partnerships\tBrackley Borough Council\n"
    )
    assert run(text) == [("Nadia Osei", "Head of Commissioning and Partnerships", "Brackley Borough Council")]


# --- the contract on the sample documents ------------------------------------------------------


def _seed_docs() -> list[Document]:
    if not SEEDS.exists():
        pytest.skip(f"sample documents not found at {SEEDS}")
    return [parse_bytes(p.read_bytes(), p.name) for p in sorted(SEEDS.glob("*.txt"))]


@pytest.fixture(scope="module")
def seed_records() -> dict[str, tuple[Document, list]]:
    return {doc.filename: (doc, list(witnesses.extract(read(doc)))) for doc in _seed_docs()}


def test_every_seed_record_matches_the_schema_and_its_quote(seed_records):
    assert seed_records
    for doc, records in seed_records.values():
        for r in records:
            jsonschema.validate(r.to_row(), SCHEMA)
            assert r.quote == doc.text[r.char_start : r.char_end]
            assert r.page == doc.page_at(r.char_start)


def test_schema_rejects_a_record_without_provenance():
    bad = {"name": "Jane Doe", "position": None, "organisation": None}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, SCHEMA)


def _norm(name: str) -> str:
    words = name.lower().replace("’", "'").split()
    while words and words[0].rstrip(".") in (
        "councillor",
        "cllr",
        "professor",
        "prof",
        "dr",
        "mr",
        "mrs",
        "ms",
    ):
        words = words[1:]
    return " ".join(words)


def _matched(gold: list[dict], pred: list[tuple]) -> int:
    """One-to-one matches by the scorer's name rule (titles stripped, similarity 0.85; groups by place)."""
    used: set[int] = set()
    for g in gold:
        for i, p in enumerate(pred):
            same_group = "staff" not in g["name"].lower() or (p[1] or "") == (g["position"] or "")
            if (
                i not in used
                and same_group
                and SequenceMatcher(None, _norm(g["name"]), _norm(p[0])).ratio() >= 0.85
            ):
                used.add(i)
                break
    return len(used)


def _f1(matched: int, n_gold: int, n_pred: int) -> float:
    precision = matched / n_pred if n_pred else float(n_gold == 0)
    recall = matched / n_gold if n_gold else 1.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def test_quality_gate_on_the_seeds(seed_records):
    matched = n_gold = n_pred = 0
    for name, (_, records) in seed_records.items():
        gold = json.loads((GOLD / name.replace(".txt", ".json")).read_text(encoding="utf-8"))["witnesses"]
        pred = [(r.name, r.position, r.organisation) for r in records]
        matched, n_gold, n_pred = matched + _matched(gold, pred), n_gold + len(gold), n_pred + len(pred)
    assert _f1(matched, n_gold, n_pred) >= 0.95


def test_quality_gate_can_fail():
    gold = [
        {"name": "Jane Doe", "position": "Head", "organisation": None},
        {"name": "Ali Khan", "position": None, "organisation": None},
    ]
    missed = [("Jane Doe", "Head", None)]
    noisy = [
        ("Jane Doe", None, None),
        ("Ali Khan", None, None),
        ("Bob Ray", None, None),
        ("Eve Lin", None, None),
    ]
    assert _f1(_matched(gold, missed), 2, len(missed)) < 0.95
    assert _f1(_matched(gold, noisy), 2, len(noisy)) < 0.95
    assert _f1(_matched(gold, noisy[:2]), 2, 2) == 1.0


# --- minutes read against their attendance lists ----------------------------------------------------

_HEAD = (
    "FAMILY SUPPORT PANEL - 3 March 2025\n\n"
    "MINUTES of the meeting held at County Hall.\n\n"
    "PRESENT: Rosa Quint (Chair), Ben Ames (Vice-Chair), Carla Diaz, Edward Fry, Gita Hale\n\n"
    "ALSO PRESENT: Ivo Jansen, Cabinet Member for Children's Services.\n\n"
    "IN ATTENDANCE: Dr K Lund (Director of Public Health), Mina Odu (Head of Fostering), Pat Roe "
    "(Service Manager Quality Assurance and Practice Standards), Sam Tull (Democratic Services Officer) "
    "and Vic Wade (Finance Business Partner)\n\n"
)


def test_members_listed_as_present_are_not_witnesses_even_when_they_present():
    text = _HEAD + (
        "Fostering Update\n\n(Item 4)\n\n"
        "1. Mina Odu, Head of Fostering, and Carla Diaz, Foster Carer Representative, presented the "
        "report.\n\n"
        "2. Edward Fry explained that recruitment had improved.\n\n"
        "3. RESOLVED that the update be noted.\n"
    )
    assert [n for n, _, _ in run(text)] == ["Mina Odu"]


def test_a_cabinet_member_also_present_who_presents_is_a_witness():
    text = (
        _HEAD
        + "Verbal update\n\n1. Ivo Jansen, Cabinet Member for Children's Services, gave a verbal update.\n"
    )
    assert run(text) == [("Ivo Jansen", "Cabinet Member for Children's Services", None)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Dr Lund introduced the report.",
        "In response to a question, Dr Lund stated that uptake had risen.",
        "The Director of Public Health confirmed that the service was funded.",
        "In respect of funding the Director of Public Health advised that bids had been made.",
        "Dr Lund (Director of Public Health) elaborated further.",
        "a. Dr Lund shared that waiting times had fallen.",
    ],
)
def test_a_short_name_or_a_post_is_the_listed_officer_named_in_full(sentence):
    text = (
        _HEAD + "Public health\n\n" + sentence + "\n\nKarl Lund (Director of Public Health) joined online.\n"
    )
    assert run(text) == [("Karl Lund", "Director of Public Health", None)]


def test_in_attendance_for_an_item_is_not_giving_evidence():
    text = _HEAD + (
        "Budget\n\n(Item 5)\n\n"
        "Vic Wade (Finance Business Partner) and Mina Odu (Head of Fostering) were in attendance for this "
        "item\n\n"
        "1. Vic Wade explained the forecast.\n"
    )
    assert run(text) == [("Vic Wade", "Finance Business Partner", None)]


def test_presenters_named_under_an_item_heading_and_the_fullest_post():
    text = _HEAD + (
        "Quality Assurance\n\n(Item 6)\n\n"
        "Pat Roe, Service Manager in Quality Assurance and Mina Odu (Head of Fostering)\n\n"
        "1. The Panel discussed audits.\n"
    )
    assert run(text) == [
        ("Pat Roe", "Service Manager Quality Assurance and Practice Standards", None),
        ("Mina Odu", "Head of Fostering", None),
    ]


def test_representatives_of_a_listed_organisation_who_introduced_reports():
    text = (
        "PRESENT: Councillors Ann Bell (Chair), Dev Cole and Eli Dunn.\n\n"
        "ALSO PRESENT: Fay Gold (Director of Resources), Hal Ives (Head of Audit)\n\n"
        "Jan Kerr, Lou Mayo and Ned Orr (Audit Agency)\n\n"
        "Apologies for absence were received from Councillor Pia Rao.\n\n"
        "1 ANNUAL AUDIT LETTER\n\n"
        "The Audit Agency representatives introduced the reports and answered questions.\n\n"
        "RESOLVED: That the letter be noted.\n"
    )
    assert run(text) == [
        ("Jan Kerr", None, "Audit Agency"),
        ("Lou Mayo", None, "Audit Agency"),
        ("Ned Orr", None, "Audit Agency"),
    ]


def test_a_guest_named_with_a_post_is_a_witness_and_an_unknown_name_alone_is_not():
    text = _HEAD + (
        "Youth Justice\n\n"
        "1. Quinn Vale, Youth Justice Service Manager, introduced the annual report.\n\n"
        "2. Ria Sato thanked the team and noted the figures.\n"
    )
    assert run(text) == [("Quinn Vale", "Youth Justice Service Manager", None)]


def test_a_councillor_listed_as_also_present_who_answers_is_a_witness_and_members_are_not():
    text = (
        "Present: Councillors A Brown (Chair), D Ellis and F Green.\n"
        "Also in attendance: Councillor H Lowe (Cabinet Member for Children), Jo Marsh (Head of Early "
        "Help)\n\n"
        "5 Early Help\n\n"
        "Councillor Lowe introduced the report and Jo Marsh answered questions. "
        "Councillor Ellis explained his concerns. Councillor Kemp, a ward member, said that parents agreed.\n"
    )
    assert [n for n, _, _ in run(text)] == ["H Lowe", "Jo Marsh"]


def test_police_ranks_co_opted_members_and_role_only_subjects_in_other_minutes():
    text = (
        "Children and Young People Scrutiny Committee\n\n"
        "Present: Councillor J Smith (Chair), Councillor P Jones (Vice-Chair), Councillors R Ahmed, L Brown "
        "and T Green\n\n"
        "Co-opted members: Mrs A Patel (Parent Governor Representative)\n\n"
        "Officers in attendance: Sarah Long (Director of Children's Services), Mark Reid (Head of "
        "Safeguarding), Emma Stone (Scrutiny Officer)\n\n"
        "Also present: Detective Chief Inspector Ian Fox (Westshire Police)\n\n"
        "23. Safeguarding Partnership Annual Report\n\n"
        "The Director of Children's Services introduced the report. DCI Fox outlined the police "
        "contribution and answered questions from members.\n\n"
        "In response to a question from Councillor Ahmed, Mr Reid confirmed that referrals had risen.\n\n"
        "Mrs Patel asked about exclusions. The Head of Safeguarding responded that they had fallen. "
        "Mrs Patel added that governors were concerned.\n\n"
        "RESOLVED: That the report be noted.\n"
    )
    assert run(text) == [
        ("Sarah Long", "Director of Children's Services", None),
        ("Ian Fox", "Detective Chief Inspector", "Westshire Police"),
        ("Mark Reid", "Head of Safeguarding", None),
    ]


def test_capitalised_labels_on_their_own_line_and_one_person_a_line():
    text = (
        "MINUTES OF THE CORPORATE PARENTING BOARD\n\n"
        "PRESENT\nCouncillor Mary Hill (Chair)\nCouncillor Tom Ash\nCouncillor Jo Reeve\n\n"
        "ALSO PRESENT\nHelen Cross – Assistant Director, Children in Care\n"
        "Dev Shah – Virtual School Headteacher\n"
        "Priya Nair – Designated Doctor for Looked After Children, NHS Westshire ICB\n\n"
        "4. VIRTUAL SCHOOL ANNUAL REPORT\n"
        "Dev Shah presented the annual report. Members asked about exclusions; Mr Shah explained that "
        "none had occurred. Councillor Ash said that he was reassured.\n\n"
        "5. HEALTH OF CHILDREN IN CARE\n"
        "Dr Nair gave a presentation on health assessments. Helen Cross added that dental checks "
        "remained a concern.\n"
    )
    assert run(text) == [
        ("Dev Shah", "Virtual School Headteacher", None),
        ("Priya Nair", "Designated Doctor for Looked After Children", "NHS Westshire ICB"),
        ("Helen Cross", "Assistant Director, Children in Care", None),
    ]


@pytest.mark.parametrize(
    "item",
    [
        "The report was presented by Ian Jay (Head of Fostering), who highlighted recruitment.",
        "The Committee received a presentation from Ian Jay, Head of Fostering.",
        "Mr Jay introduced the report. Councillor Dunn asked about allowances.",
        "- Councillor Dunn asked about allowances. Officers responded and Mr Jay explained the review.",
    ],
)
def test_officers_listed_in_attendance_who_present_in_other_phrasings(item):
    text = (
        "Present: Councillors Ann Bell (Chair), Carl Dunn, Eve Fox and Gus Hay\n\n"
        "In attendance (officers):- Ian Jay (Head of Fostering); Mo Nash (Democratic Services)\n\n"
        f"32 FOSTERING ANNUAL REPORT\n\n{item}\n\nResolved – That the report be noted.\n"
    )
    assert run(text) == [("Ian Jay", "Head of Fostering", None)]


def test_invited_to_present_took_questions_and_a_rank_with_a_surname():
    text = (
        "Present: Councillors Ann Bell (Chair), Carl Dunn and Eve Fox\n\n"
        "Also present: Jo Bell (Head of Early Help), Sam Cole (Service Manager, Youth Justice), "
        "Al Dee (Chief Inspector, Westshire Police)\n\n"
        "7 EARLY HELP\n\n"
        "Jo Bell was invited to present the report. Sam Cole took questions on remand. "
        "Chief Inspector Dee spoke to the report. Vice-Chair Fox thanked the officers.\n"
    )
    assert run(text) == [
        ("Jo Bell", "Head of Early Help", None),
        ("Sam Cole", "Service Manager, Youth Justice", None),
        ("Al Dee", "Chief Inspector", "Westshire Police"),
    ]
