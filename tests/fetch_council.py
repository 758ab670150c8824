"""The fixture council as data; ``fetch_council_pages`` renders it in the shapes real sites serve.

"Exampleshire County Council" and its papers are invented; the markup copies the shapes of
real ModernGov answers (``../shared/realdocs/moderngov``: Manchester's mgWebService.asmx,
Kingston upon Thames's pages), with their quirks: the template title "- Modern Council" and the
real name only in the footer; ``mgFileSize`` and ``mgHide`` spans inside link text; item ids as
``<a name="AI...">``; item numbers printed "3." while the service's ``agendaitemnumber`` is a
sort key; minutes cut short with a link to ``mgAi.aspx`` and followed by a "Recorded Vote"
table; packs behind ``mgChooseDocPack.aspx``; "- CANCELLED" after a meeting link; a site menu
linking the constitution as ``ieListMeetings.aspx?CId=686&info=1``; "Earlier meetings" links
and a POST year picker.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Paper:
    """An attachment: ``documents/s<id>/<name>`` on pages, ``mgConvert2PDF.aspx?ID=<id>`` in the service."""

    id: int
    title: str
    file: str
    name: str


@dataclass(frozen=True)
class Own:
    """A paper of the meeting itself, linked only from its page: ``how`` is "static" (documents/g...),
    "pack page" (mgChooseDocPack.aspx answering with a page that links the PDF) or "pack pdf"."""

    title: str
    file: str
    name: str
    how: str = "static"
    sid: int | None = None


@dataclass(frozen=True)
class Item:
    id: int
    number: str  # as printed, "3."
    sort: int  # the service's agendaitemnumber
    title: str
    papers: tuple[Paper, ...] = ()
    minutes: tuple[str, ...] = ()
    cut: bool = False  # the agenda page prints only the start of the minutes
    vote: bool = False  # a "Recorded Vote" table follows the minutes


@dataclass(frozen=True)
class Meeting:
    id: int
    committee: int
    date: dt.date
    agenda: int
    cancelled: bool = False
    items: tuple[Item, ...] = ()
    own: tuple[Own, ...] = ()


@dataclass(frozen=True)
class Committee:
    id: int
    title: str
    expired: bool = False
    deleted: bool = False


COUNCIL = "Exampleshire County Council"
COMMITTEES = (
    Committee(101, "Children's Scrutiny Committee"),
    Committee(102, "Cabinet"),
    Committee(103, "Corporate Parenting Panel", expired=True),
    Committee(104, "Shadow Children's Board", deleted=True),
)
MINUTES = Paper(5001, "Minutes", "previous_minutes.pdf", "Minutes of Previous Meeting.pdf")
REPORT = Paper(5002, "Task Group report", "task_group_report.pdf", "Task Group report.pdf")
APPENDIX = Paper(5003, "Appendix A - Task Group activities", "appendix_a.pdf", "Appendix A.pdf")
PLAN = Paper(5004, "Improvement plan", "improvement_plan.pdf", "Improvement plan.pdf")
CASELOADS = Paper(5005, "Social work caseloads report", "caseloads.pdf", "Caseloads report.pdf")
LONG_MINUTES = (
    "The Chair of the Task Group introduced its interim report on safeguarding children.",
    "Members asked about the recruitment of permanent social workers and agency staff.",
    "The Director explained that caseloads had been reviewed in every locality team.",
    "The Committee discussed the multi-agency safeguarding hub and its referral rates.",
    "RESOLVED that the recommendations be referred to Cabinet for its meeting in July.",
)
MEETINGS = (
    Meeting(
        2000,
        101,
        dt.date(2012, 11, 8),
        2100,
        items=(Item(6990, "1.", 2, "Apologies for Absence", minutes=("None were received.",)),),
    ),
    Meeting(
        2001,
        101,
        dt.date(2014, 6, 26),
        2101,
        items=(
            Item(
                7001, "1.", 3, "Apologies for Absence", minutes=("Apologies were received from Cllr Singh.",)
            ),
            Item(
                7002,
                "2.",
                5,
                "Minutes",
                (MINUTES,),
                ("The minutes of the meeting held on 14 April 2014 were approved as a correct record.",),
            ),
            Item(
                7003,
                "3.",
                8,
                "Safeguarding Children Task Group: Interim Report",
                (REPORT, APPENDIX),
                LONG_MINUTES,
                cut=True,
                vote=True,
            ),
            Item(
                7004,
                "4.",
                12,
                "Ofsted inspection: improvement plan",
                (PLAN,),
                ("RESOLVED that the improvement plan be noted.",),
            ),
        ),
        own=(
            Own("Agenda frontsheet", "agenda_2001.pdf", "Agenda frontsheet Thursday 26-Jun-2014 10.00.pdf"),
            Own(
                "Agenda reports pack",
                "pack_2001.pdf",
                "Public reports pack Thursday 26-Jun-2014.pdf",
                "pack page",
            ),
            Own(
                "Supplement: Agenda Item 3 - Safeguarding Children Task Group",
                "supplement_2001.pdf",
                "",
                "pack pdf",
                3101,
            ),
            Own("Printed minutes", "minutes_2001.pdf", "Printed minutes Thursday 26-Jun-2014 10.00.pdf"),
        ),
    ),
    Meeting(
        2002,
        101,
        dt.date(2015, 1, 15),
        2102,
        items=(
            Item(
                7010,
                "5.",
                4,
                "Social work caseloads",
                (CASELOADS,),
                ("Average caseloads had fallen; the report was noted.",),
            ),
            Item(7011, "6.", 6, "Task Group report - update", (REPORT,)),
        ),
        own=(
            Own("Agenda frontsheet", "agenda_2002.pdf", "Agenda frontsheet Thursday 15-Jan-2015 14.00.pdf"),
            Own("Agenda reports pack", "pack_2002.pdf", "Public reports pack Thursday 15-Jan-2015.pdf"),
        ),
    ),
    Meeting(2003, 101, dt.date(2015, 3, 12), 2103, cancelled=True),
    Meeting(
        2004,
        101,
        dt.date(2018, 2, 1),
        2104,
        items=(Item(7020, "1.", 2, "Apologies for Absence", minutes=("None.",)),),
    ),
    Meeting(2005, 101, dt.date(2024, 9, 5), 2105),
    Meeting(2006, 101, dt.date(2025, 1, 14), 2106),
)
#: Meetings per page of ieListMeetings.aspx (real sites show a dozen or so).
PAGE_SIZE = 2


def meeting(mid: int) -> Meeting | None:
    return next((m for m in MEETINGS if m.id == mid), None)


def item(aid: int) -> Item | None:
    return next((i for m in MEETINGS for i in m.items if i.id == aid), None)


def papers() -> dict[int, Paper]:
    return {p.id: p for m in MEETINGS for i in m.items for p in i.papers}
