"""Recommendations and resolutions: phrasings and layouts (our own examples), then the seeds.

Every example is written for this test, in the styles councils print: headed lists, numbered
and lettered items, minutes' "Resolved" lines, tables flattened with "|", hard wraps and
padded bullets. Negatives cover what a careful reader leaves out.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from core.document import Document
from core.reading import read
from extractors import recommendations
from pipeline.parse import parse_file

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "schemas" / "recommendations.json").read_text())
SEEDS = ROOT.parent / "shared" / "seeds"
GOLD = ROOT.parent / "shared" / "gold"


def recs(text: str) -> list[tuple[str | None, str, str]]:
    doc = Document.from_text(text)
    found = list(recommendations.extract(read(doc)))
    for r in found:
        assert r.quote == doc.text[r.char_start : r.char_end]
        jsonschema.validate(r.to_row(), SCHEMA)
    return [(r.number, r.kind, r.text) for r in found]


POSITIVE = {
    "numbered headings with bullet items": (
        "RECOMMENDATIONS\n\nRecommendation 1\n\nThat the Council reviews its lone working policy so that "
        "every team has:\n\n•     a named duty manager;\n\n•     a working panic alarm.\n\n"
        "Recommendation 2\n\nThat the Cabinet Member reports back to this panel by March.\n\n"
        "Background\n\nThe panel met four times.",
        [
            (
                "1",
                "recommendation",
                "That the Council reviews its lone working policy so that every team has: "
                "a named duty manager; a working panic alarm.",
            ),
            ("2", "recommendation", "That the Cabinet Member reports back to this panel by March."),
        ],
    ),
    "list items that lost their bullets complete the sentence": (
        "Recommendation 4\n\nThat every hub is equipped with\n\nlockers\n\nquiet rooms\n\nfast broadband\n\n"
        "Recommendation 5\n\nThat the plan is refreshed annually.",
        [
            ("4", "recommendation", "That every hub is equipped with lockers; quiet rooms; fast broadband"),
            ("5", "recommendation", "That the plan is refreshed annually."),
        ],
    ),
    "numbered items under a heading, then a numbered section": (
        "Recommendations\n1. That the Board notes the annual report.\n2. That officers bring a costed plan "
        "to the next meeting.\n\n2. Background\n2.1 The service was inspected in 2019.",
        [
            ("1", "recommendation", "That the Board notes the annual report."),
            ("2", "recommendation", "That officers bring a costed plan to the next meeting."),
        ],
    ),
    "padded lettered items after a lead-in": (
        "Recommendation(s)\n\nThe Committee is asked to:\n\n(a)   note the performance of the fostering "
        "service;\n\n(b)   agree the revised sufficiency strategy.\n\nReasons for recommendations\n\n"
        "To comply.",
        [
            ("(a)", "recommendation", "note the performance of the fostering service;"),
            ("(b)", "recommendation", "agree the revised sufficiency strategy."),
        ],
    ),
    "roman numerals in minutes": (
        "RESOLVED:\n(i) That the report be received.\n(ii) That a workshop on exploitation be arranged for "
        "all members.\n\n45. Date of next meeting",
        [
            ("(i)", "resolution", "That the report be received."),
            ("(ii)", "resolution", "That a workshop on exploitation be arranged for all members."),
        ],
    ),
    "R-numbered recommendations": (
        "Summary of recommendations\n\nR1 The Director should publish caseload figures every quarter.\n"
        "R2 Every newly qualified social worker should have a protected caseload.\n\nIntroduction\n\nText.",
        [
            ("R1", "recommendation", "The Director should publish caseload figures every quarter."),
            ("R2", "recommendation", "Every newly qualified social worker should have a protected caseload."),
        ],
    ),
    "decimal paragraph that is recommended to": (
        "4. Proposals\n\n4.1 The strategy was drafted with partners.\n\n"
        "4.2 Cabinet is recommended to approve "
        "the new early help strategy for 2020-2023.\n\n4.3 The strategy will be reviewed each year.",
        [
            (
                "4.2",
                "recommendation",
                "Cabinet is recommended to approve the new early help strategy for 2020-2023.",
            )
        ],
    ),
    "a recommending sentence after another in the same paragraph": (
        "The service has improved. The Executive is therefore recommended to agree the budget of £2m.",
        [(None, "recommendation", "The Executive is therefore recommended to agree the budget of £2m.")],
    ),
    "RESOLVED that, procedural minutes": (
        "RESOLVED that the minutes of the meeting held on 3 March 2015 be confirmed as a correct record and "
        "signed by the Chair.",
        [
            (
                None,
                "resolution",
                "that the minutes of the meeting held on 3 March 2015 be confirmed as a correct "
                "record and signed by the Chair.",
            )
        ],
    ),
    "Resolved - That": (
        "Resolved - That the report be noted.\n\n12. Fostering Service Annual Report",
        [(None, "resolution", "That the report be noted.")],
    ),
    "Resolved: (i) (ii) on one line": (
        "Resolved: (i) That the update be noted. (ii) That a further report be brought in six months.",
        [
            ("(i)", "resolution", "That the update be noted."),
            ("(ii)", "resolution", "That a further report be brought in six months."),
        ],
    ),
    "Resolved to": (
        "Resolved to note the progress made and to request a further update in April.",
        [(None, "resolution", "to note the progress made and to request a further update in April.")],
    ),
    "Agreed, vice-chair": (
        "AGREED – that Councillor Patel be appointed Vice-Chair for the municipal year.",
        [(None, "resolution", "that Councillor Patel be appointed Vice-Chair for the municipal year.")],
    ),
    "bare That after Resolved": (
        "Resolved\n\nThat the report be noted.\n\nThe meeting ended at 4.15 pm.",
        [(None, "resolution", "That the report be noted.")],
    ),
    "That on its own line then numbered items": (
        "Recommendations\n\nThat\n\n- 1. the Panel visits two children's homes each year;\n"
        "- 2. officers report sickness absence to the Panel every quarter.\n\nAuthor:\n\nJo Bloggs",
        [
            ("1", "recommendation", "the Panel visits two children's homes each year;"),
            ("2", "recommendation", "officers report sickness absence to the Panel every quarter."),
        ],
    ),
    "subject on one paragraph, verb on the next": (
        "Recommendation:\n\nThat the Health Scrutiny Panel (HSP)\n\n Endorse the action plan and monitor "
        "progress quarterly.\n\n1.0 Summary\n\nThe plan has five themes.",
        [
            (
                None,
                "recommendation",
                "That the Health Scrutiny Panel (HSP) Endorse the action plan and monitor "
                "progress quarterly.",
            )
        ],
    ),
    "recommendation then numbered resolutions whose heading was lost": (
        "RECOMMENDATION\n\nThat the Committee considers the report and comments on the proposals.\n\n"
        "1. That the report be noted.\n2. That the Committee receives a further report in January 2020.\n\n"
        "Contact officer",
        [
            (
                None,
                "recommendation",
                "That the Committee considers the report and comments on the proposals.",
            ),
            ("1", "recommendation", "That the report be noted."),
            ("2", "recommendation", "That the Committee receives a further report in January 2020."),
        ],
    ),
    "decision table flattened with bars": (
        "Item | Subject | Decision\n7 | Fostering annual report | RESOLVED that the annual report be noted "
        "and published on the website.\n8 | Date of next meeting | Agreed: the next meeting will be held on "
        "4 June.",
        [
            (None, "resolution", "that the annual report be noted and published on the website."),
            (None, "resolution", "the next meeting will be held on 4 June."),
        ],
    ),
    "hard-wrapped item": (
        "Resolved:\n\n(i)   That the Director\n\n      reports to Cabinet on\n"
        "      the outcome of the audit.\n",
        [("(i)", "resolution", "That the Director reports to Cabinet on the outcome of the audit.")],
    ),
    "middle-dot and arrow bullets with runs of spaces": (
        "Recommendations\n\nMembers are asked to:\n\n·         note the report;\n\nØ      "
        "support the bid for funding.\n\nBackground papers\n\nNone.",
        [
            (None, "recommendation", "note the report;"),
            (None, "recommendation", "support the bid for funding."),
        ],
    ),
    "a lead-in whose list items lost their bullets": (
        "Members are recommended to:\n\nnote the report;\n\nagree the actions in paragraph 5.\n\nBackground",
        [
            (None, "recommendation", "note the report;"),
            (None, "recommendation", "agree the actions in paragraph 5."),
        ],
    ),
    "bullets that are parts of one recommendation": (
        "Recommendations\n\nThat the Council provides every social worker with:\n\n•  a desk;\n\n•  a laptop;"
        "\n\n•  a phone.\n\nThat the Council reviews parking at all offices.",
        [
            (
                None,
                "recommendation",
                "That the Council provides every social worker with: a desk; a laptop; a phone.",
            ),
            (None, "recommendation", "That the Council reviews parking at all offices."),
        ],
    ),
    "a recommendation printed without a full stop, then prose": (
        "Recommendation\n\nThat the report be noted\n\nThe report sets out the progress made since the "
        "inspection in March and the work still to do.",
        [(None, "recommendation", "That the report be noted")],
    ),
    "minutes of a whole meeting": (
        "1 Apologies for Absence\n\nApologies were received from Councillors Hill and Dale.\n\n"
        "3 Minutes\n\nRESOLVED: That the minutes of the meeting held on 12 January 2019 be confirmed.\n\n"
        "4 Ofsted Inspection Outcome\n\nThe Committee considered a report of the Director.\n\nRESOLVED:\n\n"
        "(a) That the outcome of the inspection be noted;\n\n(b) That a report on the action plan be "
        "submitted to the next meeting.\n\n5 Date of Next Meeting\n\nResolved - That the next meeting be "
        "held on 5 March 2019 at 10.00 am.",
        [
            (None, "resolution", "That the minutes of the meeting held on 12 January 2019 be confirmed."),
            ("(a)", "resolution", "That the outcome of the inspection be noted;"),
            ("(b)", "resolution", "That a report on the action plan be submitted to the next meeting."),
            (None, "resolution", "That the next meeting be held on 5 March 2019 at 10.00 am."),
        ],
    ),
    "a running page footer inside the list": (
        "2. Recommendations\n2.1 That Cabinet notes the progress made.\nPage 3 of 9\n2.2 That Cabinet "
        "delegates the final plan to the Director.\n3. Reasons for Recommendations\n3.1 To ensure oversight.",
        [
            ("2.1", "recommendation", "That Cabinet notes the progress made."),
            ("2.2", "recommendation", "That Cabinet delegates the final plan to the Director."),
        ],
    ),
    "a decision notice": (
        "DECISION\n\n(1) To approve the Children's Services Improvement Plan.\n\n(2) To delegate authority "
        "to the Director to agree minor changes.\n\nReasons for decision\n\nTo improve.",
        [
            ("(1)", "resolution", "To approve the Children's Services Improvement Plan."),
            ("(2)", "resolution", "To delegate authority to the Director to agree minor changes."),
        ],
    ),
    "RECOMMENDED - that, in minutes of a recommendation to Council": (
        "RECOMMENDED - that Council adopts the Corporate Parenting Strategy.\n\n34 Questions",
        [(None, "recommendation", "that Council adopts the Corporate Parenting Strategy.")],
    ),
    "items that begin like section headings": (
        "Recommendations\n\nThe Panel recommends:\n\n(a) Corporate parenting training for all members\n"
        "(b) Budget monitoring reports to each meeting\n\nBackground\n\nThe Panel met in June.",
        [
            ("(a)", "recommendation", "Corporate parenting training for all members"),
            ("(b)", "recommendation", "Budget monitoring reports to each meeting"),
        ],
    ),
    "a web page: heading and list items on lines of their own, a dash before the text": (
        "RESOLVED\n\n– That the report be noted.\n\nRESOLVED that:\n\nthe plan be endorsed;\n\n"
        "officers report back in March.\n\nAgreed\n\nMembers welcomed the progress made.",
        [
            (None, "resolution", "That the report be noted."),
            (None, "resolution", "the plan be endorsed;"),
            (None, "resolution", "officers report back in March."),
            (None, "resolution", "Members welcomed the progress made."),
        ],
    ),
    "R-numbered recommendations without a heading": (
        "R1. The Council should publish caseload data.\nR2. Managers should audit ten files a month.\n\n"
        "4. Findings\n\n4.1 The panel heard from staff.",
        [
            ("R1", "recommendation", "The Council should publish caseload data."),
            ("R2", "recommendation", "Managers should audit ten files a month."),
        ],
    ),
    "a table's number column on lines of its own": (
        "Recommendations\n\n1\n\nThat the plan be approved.\n\n2\n\nThat staff be consulted.\n\nSignature",
        [
            ("1", "recommendation", "That the plan be approved."),
            ("2", "recommendation", "That staff be consulted."),
        ],
    ),
    "curly quotes": (
        "Recommendation\n\nThat the ‘Signs of Safety’ model be adopted across all teams.",
        [(None, "recommendation", "That the ‘Signs of Safety’ model be adopted across all teams.")],
    ),
    "nested items belong to their numbered recommendation": (
        "Recommendations\n\n1. That the Cabinet:\n(a) notes the inspection outcome;\n(b) approves the "
        "improvement plan.\n2. That progress is reported to scrutiny.",
        [
            (
                "1",
                "recommendation",
                "That the Cabinet: (a) notes the inspection outcome; (b) approves the improvement plan.",
            ),
            ("2", "recommendation", "That progress is reported to scrutiny."),
        ],
    ),
    "the same list in the cover report and in its annex is kept once": (
        "Recommendations\n\n1. That the Council appoints a lead member for corporate parenting this year;\n"
        "2. That the Panel receives an update report on progress in six months.\n\nAnnex\n\nReport of the "
        "working group\n\nRecommendations\n\n1. That the Council appoints a lead member for corporate "
        "parenting this year.\n",
        [
            (
                "1",
                "recommendation",
                "That the Council appoints a lead member for corporate parenting this year;",
            ),
            ("2", "recommendation", "That the Panel receives an update report on progress in six months."),
        ],
    ),
}


@pytest.mark.parametrize("name", POSITIVE)
def test_phrasings(name):
    text, expected = POSITIVE[name]
    assert recs(text) == expected


NEGATIVE = {
    "terms of reference": "Terms of Reference\n\n1. To review the council's response to the inspection.\n"
    "2. To make recommendations to the Cabinet.",
    "aims": "The aims of the programme are:\n1) Fewer children becoming looked after;\n"
    "2) A stable workforce.",
    "inspectorate's recommendations only counted": "Ofsted made 14 recommendations for improvement, "
    "including caseloads, which are set out in the action plan.",
    "suggested reasons for decision": "11. Suggested reasons for decision\n\n11.1 To inform the Cabinet of "
    "the arrangements being made.",
    "contents page with tabs": "Contents\nIntroduction\t2\nRecommendations\t15\nAppendix\t16",
    "contents page one cell a line": "2.0\n\nRecommendations\n\n5\n\n3.0\n\nSummary\n\n6",
    "board criteria": "The Board will need to be satisfied that:\n\n1. Improved performance is sustainable.\n"
    "2. Leadership is robust enough to drive improvement.",
    "numbered body paragraphs": "2. Background\n\n2.1 Ofsted revised the criteria for inspection in April "
    "2012.\n2.2 The inspection considered the child's journey.",
    "That said": "That said, the service has improved in every locality.",
    "recommendations mentioned in prose": "Recommendations from the peer review were shared with staff.\n"
    "The review made a series of service specific recommendations.",
    "resolved as a plain word": "Resolved within three months, the network problem has not come back.",
    "a heading followed by prose about an inspection": "Recommendations\n\nThe inspection report contains "
    "twelve recommendations which are set out in Appendix 2.",
    "decision-record labels": "Decision: Non-key decision affecting all wards\n\nDecision Maker: Cabinet\n\n"
    "Decision status: Recommendations Approved",
    "the word agreed inside a sentence": "It was agreed that a task group be formed to look at caseloads.",
}


@pytest.mark.parametrize("name", NEGATIVE)
def test_not_recommendations(name):
    assert recs(NEGATIVE[name]) == []


@pytest.mark.parametrize(
    ("text", "procedural"),
    [
        ("RESOLVED that the minutes of the meeting held on 4 May be approved as a correct record.", True),
        ("RESOLVED that Councillor Ali be elected Chair for the ensuing year.", True),
        ("Resolved: That the apologies for absence be noted.", True),
        ("Resolved: That no declarations of interest were made.", True),
        ("Resolved: That the date of the next meeting be confirmed as 12 July.", True),
        ("RESOLVED that the press and public be excluded for the next item.", True),
        ("Resolved: That the report be noted.", False),
        ("Resolved: That the Director reviews the minutes of case conferences.", False),
    ],
)
def test_procedural(text, procedural):
    doc = Document.from_text(text)
    (rec,) = recommendations.extract(read(doc))
    assert rec.procedural is procedural


def test_short_repeated_resolutions_in_minutes_are_each_kept():
    text = "Resolved: That the report be noted.\n\n5. Fostering\n\nResolved: That the report be noted."
    assert len(recs(text)) == 2


# --- the seed documents -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds() -> dict[str, Document]:
    if not SEEDS.exists():
        pytest.skip(f"sample documents not found at {SEEDS}")
    return {p.stem: parse_file(p) for p in sorted(SEEDS.glob("*.txt"))}


def test_seed_records_match_the_schema_and_their_quotes(seeds):
    count = 0
    for doc in seeds.values():
        for rec in recommendations.extract(read(doc)):
            jsonschema.validate(rec.to_row(), SCHEMA)
            assert rec.quote == doc.text[rec.char_start : rec.char_end]
            count += 1
    assert count > 0


def test_seed_recommendations_match_the_gold_exactly(seeds):
    """Number, kind and word-for-word text of every gold recommendation, and nothing else."""

    def words(s: str) -> str:
        return " ".join("".join(c if c.isalnum() else " " for c in s.lower()).split())

    for stem, doc in seeds.items():
        gold = json.loads((GOLD / f"{stem}.json").read_text())["recommendations"]
        got = [(r.number, r.kind, words(r.text)) for r in recommendations.extract(read(doc))]
        assert got == [(g["number"], g["kind"], words(g["text"])) for g in gold], stem


def test_schema_rejects_a_bad_kind():
    row = dict(
        page=1, char_start=0, char_end=1, quote="x", number=None, kind="motion", text="x", procedural=False
    )
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(row, SCHEMA)
