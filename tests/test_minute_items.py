"""Minute headings and the item each resolution is filed under (our own examples, in the layouts
minutes are printed in: numbered titles with "(Item N)", upper-case titles with "(Agenda item N)",
titles alone over their item marker)."""

from __future__ import annotations

import pytest

from core.document import Document
from core.reading import read
from extractors import recommendations
from extractors.minute_items import MinuteItems


def items(text: str) -> list[tuple[str | None, str]]:
    return [(r.item, r.text) for r in recommendations.extract(read(Document.from_text(text)))]


def headings(text: str) -> list[tuple[str, str]]:
    return [
        (h.number, text[h.start : h.end])
        for h in MinuteItems(text, read(Document.from_text(text)).paragraphs).items
    ]


NUMBERED_WITH_MARKERS = (
    "12. Apologies\n(Item 1)\n\nApologies were received from Mr Lee.\n\n"
    "13. Minutes of the Meeting held on 4th March 2025\n(Item 2)\n\n"
    "RESOLVED that the minutes of the meeting on 4 March 2025 were a correct record.\n\n"
    "14. 25/00012 - Fostering Recruitment Strategy for Kent and the South East\nregion 2025-28\n(Item 3)\n\n"
    "1. Mrs Patel (Cabinet Member for Children) introduced the report and thanked\nthe officers.\n\n"
    "2. RESOLVED that Cabinet agree the Fostering Recruitment Strategy.\n"
)


def test_numbered_titles_with_item_markers():
    assert headings(NUMBERED_WITH_MARKERS) == [
        ("12", "12. Apologies"),
        ("13", "13. Minutes of the Meeting held on 4th March 2025"),
        ("14", "14. 25/00012 - Fostering Recruitment Strategy for Kent and the South East"),
    ]
    assert items(NUMBERED_WITH_MARKERS) == [
        ("13", "that the minutes of the meeting on 4 March 2025 were a correct record."),
        ("14", "that Cabinet agree the Fostering Recruitment Strategy."),
    ]


def test_titles_over_their_agenda_item_marker():
    text = (
        "Minutes of the meeting held on 2 April 2025\n\n(Item 3)\n\nRESOLVED that the minutes were a "
        "correct record.\n\nParticipation Team Update\n\n(Item 4)\n\n1. The Chair welcomed the young "
        "people.\n\n2. RESOLVED that the update be noted.\n"
    )
    assert items(text) == [
        ("3", "that the minutes were a correct record."),
        ("4", "that the update be noted."),
    ]


def test_upper_case_titles_with_the_agenda_item_on_the_line():
    text = (
        "2 MINUTES OF THE MEETING HELD ON 3 JUNE 2010 (Agenda item 3)\n\nRESOLVED: That the minutes "
        "are agreed as a correct record.\n\n3 INTERNAL AUDIT PLAN 2010/11\n\nRESOLVED: That the plan "
        "be approved.\n"
    )
    assert items(text) == [
        ("2", "That the minutes are agreed as a correct record."),
        ("3", "That the plan be approved."),
    ]


def test_a_heading_ends_the_list_of_resolutions_above_it():
    text = (
        "RESOLVED that the Panel notes the report and\n\n5. Adoption Update\n(Item 5)\n\n"
        "1. The Head of Service presented the report.\n"
    )
    assert [t for _, t in items(text)] == ["that the Panel notes the report and"]


@pytest.mark.parametrize(
    "text",
    [
        # a report: "1. Approve the Strategy" is a recommendation, not a minute's heading
        "Recommendations\n\n1. Approve the Strategy\n\n2. Note the Action Plan\n",
        # numbered paragraphs of prose inside an item are not headings
        "RESOLVED that the report be noted.\n\n1. Sue Chandler, Cabinet Member for Children’s Services, "
        "presented\n\nthe report.\n\n2. The Chair thanked her.\n",
    ],
)
def test_not_headings(text):
    assert headings(text) == []
