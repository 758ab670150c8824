"""Recommendations and resolutions: phrasings and layouts (our own examples), then the seeds.

Every example is written for this test, in the styles councils print: headed lists, numbered
and lettered items, minutes' "Resolved" lines, tables flattened with "|", hard wraps and
padded bullets. Negatives cover what a careful reader leaves out.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import jsonschema
import pytest
from conftest import independent_scores

from core.document import Document, Page
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
    "a web page's numbered resolutions: each number on a line of its own, items ending ', and'": (
        "Decision:\n\nRESOLVED that:\n\n1.\na Neighbourhood Grant to the Youth Club for the\nsum of "
        "£900 be approved, and\n\n2.\na Neighbourhood Grant to the\nFood Bank be approved.\n\nMinutes:"
        "\n\nThe committee received 2 applications.",
        [
            (
                "1",
                "resolution",
                "a Neighbourhood Grant to the Youth Club for the sum of £900 be approved, and",
            ),
            ("2", "resolution", "a Neighbourhood Grant to the Food Bank be approved."),
        ],
    ),
    "a resolution formula in capitals inside a line": (
        "The Committee AGREED to note the report.\n\nAfter a vote, it was RESOLVED that the scheme be "
        "deferred to March.\n\nThe Panel RESOLVED to recommend to Cabinet that the strategy be adopted.",
        [
            (None, "resolution", "to note the report."),
            (None, "resolution", "that the scheme be deferred to March."),
            (None, "resolution", "to recommend to Cabinet that the strategy be adopted."),
        ],
    ),
    "RESOLVED, That": (
        "RESOLVED, That the Corporate Parenting Strategy be adopted.",
        [(None, "resolution", "That the Corporate Parenting Strategy be adopted.")],
    ),
    "a body asked to decide, in a paragraph of its own": (
        "The Board is requested to endorse the annual report.\n\nMembers are invited to:\n\na) note the "
        "report;\nb) agree the priorities.\n\nBackground\n\nText.",
        [
            (None, "recommendation", "The Board is requested to endorse the annual report."),
            ("a", "recommendation", "note the report;"),
            ("b", "recommendation", "agree the priorities."),
        ],
    ),
    "the vote recorded between numbered resolutions": (
        "It was RESOLVED that:\n\n1.\nthe grant to the Scout Group be approved; and\n\nVoting: unanimous"
        "\n\n2.\nthe grant to the Food Bank be approved.",
        [
            ("1", "resolution", "the grant to the Scout Group be approved; and"),
            ("2", "resolution", "the grant to the Food Bank be approved."),
        ],
    ),
    "a body's own recommendations, as a lead-in or a paragraph": (
        "The Scrutiny Committee recommends that the Cabinet:\n\n• reviews the fostering allowances;\n"
        "• reports back in March.\n\nThe Panel recommends that the Council adopts a kinship care policy.",
        [
            (None, "recommendation", "reviews the fostering allowances;"),
            (None, "recommendation", "reports back in March."),
            (None, "recommendation", "The Panel recommends that the Council adopts a kinship care policy."),
        ],
    ),
    "a table with a recommendations column, numbered by its first column": (
        "Action plan\n\nNo. | Recommendation | Response | Lead\n1 | That the Council publishes caseload "
        "figures every quarter. | Accepted | Director\nR2 | Managers audit ten case files a month. | "
        "Accepted in part | Head of Service\n\nNext steps",
        [
            ("1", "recommendation", "That the Council publishes caseload figures every quarter."),
            ("R2", "recommendation", "Managers audit ten case files a month."),
        ],
    ),
    "a decision record: verbs in capitals after 'I agree to:', paragraphs without numbers": (
        "Decision:\n\nAs Leader of the Council I agree to:\n\nAPPROVE the closure of the Elm Road "
        "respite unit on 30 June 2026.\n\nDELEGATE authority to the Director of Children's Services to "
        "agree the transfer of staff, in consultation with the\nCabinet Member\n\nDELEGATE authority to "
        "the Director of Finance to release the capital receipt.\n\nReason(s) for decision:\n\nThe unit "
        "has been half empty for two years.",
        [
            (None, "resolution", "APPROVE the closure of the Elm Road respite unit on 30 June 2026."),
            (
                None,
                "resolution",
                "DELEGATE authority to the Director of Children's Services to agree the transfer of staff, "
                "in consultation with the Cabinet Member",
            ),
            (
                None,
                "resolution",
                "DELEGATE authority to the Director of Finance to release the capital receipt.",
            ),
        ],
    ),
    "a motion of several That clauses is one record": (
        "Consultation\n\nThe Children's Select Committee considered the proposal on 4 March.\n\n"
        "The committee carried a motion recommending that:\n\nThat the closure be paused until the "
        "review is published;\n\nThat parents be consulted again;\n\nAnd, that a report come back in "
        "July.\n\nFinancial Implications\n\nNone.",
        [
            (
                None,
                "recommendation",
                "That the closure be paused until the review is published; That parents be consulted "
                "again; And, that a report come back in July.",
            )
        ],
    ),
    "a resolution of another body quoted over two paragraphs": (
        "The views of the Fostering Panel of 2 May were reported:\n\n“That the Fostering Panel notes "
        "the fall in\nenquiries from carers.\n\nThe Panel asks that the recruitment campaign be "
        "repeated in the autumn.”\n\nMembers noted the views.",
        [
            (
                None,
                "resolution",
                "That the Fostering Panel notes the fall in enquiries from carers. The Panel asks that the "
                "recruitment campaign be repeated in the autumn.",
            )
        ],
    ),
    "RESOLVED - (1) (2) numbered in parentheses": (
        "RESOLVED - (1) That the annual report of the Virtual School be noted.\n(2) That the Head "
        "Teacher report attainment gaps to the next meeting.\n\n14. Work Programme",
        [
            ("(1)", "resolution", "That the annual report of the Virtual School be noted."),
            ("(2)", "resolution", "That the Head Teacher report attainment gaps to the next meeting."),
        ],
    ),
    "a resolution whose lines wrap with capitals inside one paragraph": (
        "RESOLVED: That the Committee notes the Annual Report of the Independent\nReviewing "
        "Officers for 2024/25.\n\nRESOLVED: (A) That the Committee notes the Local\nSafeguarding "
        "Partnership Business Plan.\n\n(B) That the Committee asks for the Partnership's\nAudit "
        "Programme in January.",
        [
            (
                None,
                "resolution",
                "That the Committee notes the Annual Report of the Independent Reviewing Officers for "
                "2024/25.",
            ),
            (
                "(A)",
                "resolution",
                "That the Committee notes the Local Safeguarding Partnership Business Plan.",
            ),
            (
                "(B)",
                "resolution",
                "That the Committee asks for the Partnership's Audit Programme in January.",
            ),
        ],
    ),
    "a resolution that runs on over a page break": (
        "5. RESOLVED that the Panel notes the fostering sufficiency report and asks officers to\n\n"
        "\f7\n\nreport back on the recruitment of carers for teenagers.\n\nAdoption Update",
        [
            (
                "5",
                "resolution",
                "that the Panel notes the fostering sufficiency report and asks officers to report back on "
                "the recruitment of carers for teenagers.",
            )
        ],
    ),
    "minute paragraph number, then RESOLVED that Cabinet agree to: with lettered parts": (
        "88. Budget Monitoring\n(Item 5)\n\n2. The Cabinet Member introduced the report.\n\n"
        "3. RESOLVED that Cabinet agree to:\n\nA) Note the forecast overspend of £4.1m.\n\n"
        "b) Agree the changes to the capital programme.\n\n89. Youth Justice Plan\n(Item 6)\n\n"
        "4. RESOLVED that Cabinet agree the Youth Justice Plan 2025-26",
        [
            ("A", "resolution", "Note the forecast overspend of £4.1m."),
            ("b", "resolution", "Agree the changes to the capital programme."),
            ("4", "resolution", "that Cabinet agree the Youth Justice Plan 2025-26"),
        ],
    ),
    "a report's resolutions put to the committee, wrapped lines beginning with capitals": (
        "Recommendation(s)\n\nThe Committee is asked to RESOLVE that:\n\n1. the closure of Mill Lane "
        "to through traffic using an experimental order under the Road Traffic\nRegulation Act 1984, as "
        "shown in Annex 1, be approved;\n\n2. a report be brought back to this Committee after 6 "
        "months.\n\nBenefits to the Community:\n\nSafer streets.",
        [
            (
                "1",
                "recommendation",
                "the closure of Mill Lane to through traffic using an experimental order under the Road "
                "Traffic Regulation Act 1984, as shown in Annex 1, be approved;",
            ),
            ("2", "recommendation", "a report be brought back to this Committee after 6 months."),
        ],
    ),
    "a paper's recommendation restated in its body prose is kept once, as in its section": (
        "Recommendations\n\n1. That the Committee approves the new short breaks offer.\n\n"
        "Background\n\n12. Families asked for more weekend places. To meet this demand, it is "
        "recommended that the Committee approve the expansion of weekend short breaks.\n",
        [("1", "recommendation", "That the Committee approves the new short breaks offer.")],
    ),
    "an agenda pack: a paper with a recommendations section, another whose paragraph recommends": (
        "Recommendations\n\n1. That the Panel notes the fostering report.\n\nBackground\n\nText.\n\n"
        "Item 6: Short Breaks\n\n2.1 The Panel is recommended to approve the new short breaks offer.\n",
        [
            ("1", "recommendation", "That the Panel notes the fostering report."),
            ("2.1", "recommendation", "The Panel is recommended to approve the new short breaks offer."),
        ],
    ),
    "an inspectorate's 'What needs to improve?' list in an inspection report": (
        "Inspection of Anyshire local authority\nchildren’s services\n\nInspection dates: 3 to 14 "
        "March 2025\n\nLead inspector: A N Other, His Majesty’s Inspector\n\nWhat needs to improve?"
        "\n\n◼ The quality of plans for children in need, including timescales\n\nfor action (outcome "
        "3, national framework)\n\n◼ Management oversight of private fostering.\n\n◼ Clarity about the "
        "personal education plans (PEPs) so\n\nthat they are completed on time.\n\nThe experiences "
        "and progress of children who need help and\nprotection: good\n\n1. Children receive help.",
        [
            (
                None,
                "recommendation",
                "The quality of plans for children in need, including timescales for action (outcome 3, "
                "national framework)",
            ),
            (None, "recommendation", "Management oversight of private fostering."),
            (
                None,
                "recommendation",
                "Clarity about the personal education plans (PEPs) so that they are completed on time.",
            ),
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
    "a decision word that is the subject of a sentence": "36. Decisions to look after children are "
    "proportionate and\nappropriate. Children do not enter care unnecessarily.",
    "a decision cited by number inside a sentence": "(c) At the meeting of the Scrutiny Committee held on "
    "29 January,\nDecision - 24/00097 - Special School Review, which had been\ncalled in, was given "
    "approval to proceed.",
    "a 'that' clause carrying on the sentence above": "Partnership working between the council and schools "
    "ensures\nthat vulnerable children receive help when they need it.",
    "decision-record form labels": "DECISION TO BE TAKEN BY:\n\nMrs A Smith, Cabinet Member for "
    "Children's Services\n\nDECISION NUMBER:\n\n24/00093",
    "a page number before the next heading of an inspection report": "Recommendations 8\n\nSummary for "
    "children and young people 9",
    "a capitalised word inside a sentence": "The problem was RESOLVED to the satisfaction of all.",
    "a body's past recommendation reported": "The Board recommended that schools be consulted, and this "
    "was done in May.",
    "a forward plan's decision column names decisions to come": "Decision | Decision maker | Date\n"
    "Approval of the fostering allowances for 2026 | Cabinet | June 2026",
    "an agenda's instruction to members": "Members are asked to declare any interests relevant to items "
    "on this agenda.",
    "a body asked to act, inside a paragraph of prose": "The service has changed. Schools are asked to "
    "complete the annual return by May.",
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
        ("Resolved: That the report be noted.", True),
        ("RESOLVED that the update was noted.", True),
        ("RESOLVED that the Panel note and make comment.", True),
        ("RESOLVED that the work programme be agreed.", True),
        ("Resolved: That the Board receives the annual report of the designated doctor.", True),
        ("Resolved: That the Director reviews the minutes of case conferences.", False),
        ("RESOLVED that the Panel notes the progress to date and supports the actions proposed.", False),
        ("Resolved: That the report be noted and a further report be brought back in June.", False),
        ("Resolved: That the Committee notes the report on Delegated Budgets for schools.", True),
        ("RESOLVED that Cabinet agree the Commissioning Plan for Education Provision.", False),
        ("Resolved: That the Council ensures that all care leavers receive independence training.", False),
    ],
)
def test_procedural(text, procedural):
    doc = Document.from_text(text)
    (rec,) = recommendations.extract(read(doc))
    assert rec.procedural is procedural


def test_a_resolution_runs_on_across_a_page_break():
    """Text flows across pages: the half of a resolution on the next page, after the page number,
    belongs to it even when it begins with a capital."""
    first = "Minutes\n\nRESOLVED that the Panel notes the Annual Report of the\n\n12"
    second = "Independent Reviewing Officers for 2024/25.\n\nAdoption Update\n\nThe Panel heard."
    text = f"{first}\n\n{second}"
    doc = Document(
        text=text,
        filename="minutes.pdf",
        format="pdf",
        sha256="0" * 64,
        pages=[Page(1, 0, len(first)), Page(2, len(first) + 2, len(text))],
    )
    (rec,) = recommendations.extract(read(doc))
    assert (
        rec.text
        == "that the Panel notes the Annual Report of the Independent Reviewing Officers for 2024/25."
    )
    assert (rec.page, rec.quote) == (1, text[rec.char_start : rec.char_end])


def test_a_running_header_between_the_halves_of_a_resolution_is_left_out():
    header = "Children's Scrutiny Committee - 4 March 2025"
    pages = [
        f"{header}\n\n1. Apologies\n\nApologies were received from Cllr Ray.",
        f"{header}\n\n2. Fostering Sufficiency\n\nRESOLVED that the Committee asks the Director to",
        f"{header}\n\nreport on the recruitment of foster carers for teenagers.\n\n3. Any Other Business",
    ]
    text, spans, at = "", [], 0
    for number, page in enumerate(pages, start=1):
        text += ("\n\n" if text else "") + page
        at = len(text) - len(page)
        spans.append(Page(number, at, len(text)))
    doc = Document(text=text, filename="minutes.pdf", format="pdf", sha256="0" * 64, pages=spans)
    (rec,) = recommendations.extract(read(doc))
    assert rec.text == (
        "that the Committee asks the Director to report on the recruitment of foster carers for teenagers."
    )
    assert rec.item == "2"


def made_by(text: str, **meta) -> list[str | None]:
    return [r.made_by for r in recommendations.extract(read(Document.from_text(text, **meta)))]


def test_an_inspectorate_makes_the_recommendations_of_an_inspection_report():
    text = (
        "Inspection of Anyshire local authority children's services\n\nInspection dates: 3 to 14 March "
        "2025\n\nLead inspector: A N Other\n\nWhat needs to improve?\n\n◼ The timeliness of "
        "assessments.\n\nRecommendations\n\n1. Ensure that every child in care has a current plan.\n"
    )
    assert made_by(text) == ["Ofsted", "Ofsted"]
    assert not any(r.procedural for r in recommendations.extract(read(Document.from_text(text))))


def test_a_committee_paper_about_an_inspection_is_not_an_inspection_report():
    text = (
        "Children's Scrutiny Committee\n\nOfsted inspection of local authority children's services\n\n"
        "Recommendations\n\n1. That the Committee notes the outcome of the inspection.\n"
    )
    assert made_by(text, body="Children's Scrutiny Committee") == ["Children's Scrutiny Committee"]


def test_a_resolution_is_made_by_the_body_it_names_else_the_paper_s_body():
    text = (
        "RESOLVED: That the Pension Fund Panel notes the audit findings.\n\n"
        "RESOLVED: That the Panel notes the report.\n\nRESOLVED that Cabinet agree the plan."
    )
    assert made_by(text, body="Audit Committee") == [
        "Pension Fund Panel",
        "Audit Committee",
        "Audit Committee",
    ]


def test_a_decision_record_is_made_by_the_decision_maker_who_signs_it():
    text = (
        "Decision:\n\nAs Cabinet Member for Children's Services I agree to:\n\nAPPROVE the new "
        "fostering allowances.\n\nDELEGATE authority to the Director to set the rates.\n\nReasons "
        "for decision:\n\nTo keep carers."
    )
    assert made_by(text, body="Cabinet") == ["Cabinet Member for Children's Services"] * 2


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


# --- real documents nobody on the team wrote (../shared/realdocs) ---------------------------------

def score(db: Path) -> dict:
    """The independent scorer's figures for recommendations on ``db``."""
    return independent_scores(db)["recommendations"]


def test_realdocs_recommendations_f1_at_least_0_9(realdocs_db):
    figures = score(realdocs_db)
    assert figures["f1"] >= 0.9, figures


def test_the_realdocs_gate_fails_when_recommendations_are_missed(realdocs_db, tmp_path):
    """The gate can fail: drop every resolution and the same scorer puts F1 below the bar."""
    db = tmp_path / "missing.db"
    shutil.copy(realdocs_db, db)
    with sqlite3.connect(db) as conn:
        conn.execute("delete from recommendations where kind = 'resolution'")
    assert score(db)["f1"] < 0.9


def test_realdocs_inspection_reports_recommendations_are_ofsted_s(realdocs_db):
    """Every inspection report's recommendations are stored as Ofsted's, and only theirs."""
    with sqlite3.connect(realdocs_db) as conn:
        rows = conn.execute(
            "select d.path like '%/ofsted/%', r.made_by, count(*) from recommendations r"
            " join documents d on d.id = r.document_id group by 1, 2"
        ).fetchall()
    by_source = {(bool(inspection), made): n for inspection, made, n in rows}
    assert by_source.get((True, "Ofsted"), 0) > 100
    assert [k for k in by_source if k[0] != (k[1] == "Ofsted")] == []
