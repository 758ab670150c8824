"""The fixture council as data, and its pages and web-service answers in the shapes real sites serve.

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
from html import escape


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


# -- HTML pages ------------------------------------------------------------------------------
MENU = (
    '<div class="menu"><ul class="menu-list">'
    '<li><a href="mgCalendarMonthView.aspx?GL=1&amp;bcr=1">Calendar</a></li>'
    '<li><a class="is-active" href="mgListCommittees.aspx?bcr=1">Committees</a></li>'
    '<li><a href="ieListMeetings.aspx?CId=686&info=1&MD=Constitution" title="Link to constitution">'
    "Constitution</a></li>"
    '<li><a href="ieDocHome.aspx?bcr=1">Meetings</a></li></ul></div>'
)


def page(title: str, body: str) -> str:
    """A whole page in the site template: template title, menus, #modgov content, council in the footer."""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
        f"<title>{escape(title)} - Modern Council</title></head>\n"
        '<body><header id="page-header"><div><img src="SiteSpecific/res/img/Logo.png" '
        'alt="Modern.Gov logo" /></div></header>\n'
        f'<nav id="mobile-menu">{MENU}</nav>\n<div role="main"><div id="modgov">{body}\n'
        '<div class="mgFooter"><p>&nbsp;</p></div></div></div>\n'
        f'<nav id="side-nav">{MENU}</nav>\n'
        f'<footer id="page-footer" class="footer"><small>&copy; 2024 {COUNCIL}. All Rights Reserved.'
        "</small></footer></body></html>\n"
    )


def size(kind: str = "PDF 120 KB") -> str:
    return f'<span class="mgFileSize"><img src="mgimages/logo-pdf-1.gif" alt="" /> {kind}</span>'


def committees_page() -> str:
    links = "".join(
        f'<li><a href="mgCommitteeDetails.aspx?ID={c.id}" title="Link to details for {escape(c.title)}">'
        f"{escape(c.title)}</a></li>\n"
        for c in COMMITTEES
        if not c.deleted
    )
    return page(
        "Committee structure",
        '<div class="mgHeader"><h1 class="mgMainTitleTxt">Committee structure</h1></div>'
        '<div class="mgContent"><h2 class="mgSectionTitle">Scrutiny</h2>'
        f'<ul class="mgBulletList">{links}</ul></div>',
    )


def _stamp(m: Meeting) -> str:
    return m.date.strftime("%Y%m%d") + "1000"


def meetings_page(committee: int, listed: list[Meeting], earlier: Meeting | None, years: list[int]) -> str:
    """ieListMeetings.aspx: newest first, "- CANCELLED" after a link, "Earlier meetings", the year form."""
    c = next(c for c in COMMITTEES if c.id == committee)
    rows = "".join(
        f'<li class="mgTableEvenRow"><a class="mgMeetingTableLnk" href="ieListDocuments.aspx?CId={committee}'
        f'&amp;MId={m.id}&amp;Ver=4" title="Link to meeting details for {escape(c.title)} meeting of '
        f'{m.date.day} {m.date:%b %Y}">{m.date.day} {m.date:%b %Y}&nbsp;10&#58;00 am</a>'
        + (" - CANCELLED" if m.cancelled else " - Agenda, Decisions, Minutes" if m.items else "")
        + "</li>"
        for m in listed
    )
    nav = (
        '<div class="mgMeetingsEarlierLater"><p><a class="mgTableNextLnk" href="ieListMeetings.aspx?'
        f'Act=earlier&amp;CId={committee}&amp;D={_stamp(earlier)}&amp;MD=ielistmeetings">'
        '<img src="mgimages/left5.gif" alt=""/>Earlier meetings</a></p></div>'
        if earlier
        else ""
    )
    options = "".join(f'<option value="{y}">{y}</option>' for y in years)
    return page(
        f"Browse meetings - {c.title}",
        '<div class="mgHeader"><h1 class="mgMainTitleTxt">Browse meetings</h1></div>'
        f'<div class="mgSubTitle"><h2 class="mgSubTitleTxt">{escape(c.title)}</h2></div>'
        '<form method="post" action="ieListMeetings.aspx" id="FormYearSelect"><div class="mgLinks">'
        '<ul class="mgActionList"><li><label for="YearSelect">Show meetings for the year: </label>'
        f'<select size="1" id="YearSelect" name="YearSelect"><option value="0"> </option>{options}</select>'
        '<input class="mgGoButton" type="submit" name="Submit" value="Go" id="Submit1"/></li></ul></div>'
        '<div class="mgContent"><div class="mgList"><div class="mgHiddenField">'
        f'<input type="hidden" name="hCommitteeId" value="{committee}" />'
        '<input type="hidden" name="hCategoryId" value="0" />'
        '<input type="hidden" name="MD" value="ielistmeetings" id="metadata"/></div>'
        f'{nav}<div class="mgTableBorder"><ul class="mgNonBulletTableList">{rows}</ul></div>{nav}'
        "</div></div></form>",
    )


def _paras(texts) -> str:
    inner = "\n".join(f'<p class="MsoNormal">{escape(t)}</p>' for t in texts)
    return f'<div class="mgWordPara"><div class="WordSection1">\n{inner}\n</div>\n</div>'


def _vote(it: Item) -> str:
    return (
        '<table class="mgTableNoBorderFullWidth"><caption class="mgSectionTitle">Recorded Vote</caption>'
        f"<tr><td>{escape(it.title)}&#58; Resolution</td><td>Resolution</td><td>Carried</td></tr></table>"
        f'<li><a href="mgListRecordedVotesShort.aspx?AIID={it.id}">View Recorded Vote for this item</a></li>'
    )


def _paper_link(p: Paper, it: Item, main: bool) -> str:
    href = f"documents/s{p.id}/{escape(p.name)}"
    title = f"Link to document &#39;{escape(p.title)}&#39; pdf file"
    if main:
        return (
            f'<p class="mgAiTitleTxt"><a class="mgAiTitleLnk" href="{href}" title="{title}">'
            f"{escape(it.title)} {size()} </a></p>"
        )
    return (
        f'<li><a href="{href}" title="{title}">{escape(p.title)} '
        f'<span class="mgHide">, item {it.number}</span>'
        f"\n{size('PDF 601 KB')} </a></li>"
    )


def _item_row(it: Item) -> str:
    head = (
        _paper_link(it.papers[0], it, True)
        if it.papers
        else f'<p class="mgAiTitleTxt">{escape(it.title)}</p>'
    )
    extra = ""
    if len(it.papers) > 1:
        links = "".join(_paper_link(p, it, False) for p in it.papers[1:])
        extra = f'<p class="mgSubItemTitleTxt">Additional documents:</p><ul class="mgBulletList">{links}</ul>'
    minutes = ""
    if it.minutes:
        shown = list(it.minutes[:2]) if it.cut else list(it.minutes)
        body = _paras(shown)
        if it.cut:
            body = body.replace(
                "</p>\n</div>\n</div>",
                f' &nbsp;...&nbsp; <a href="mgAi.aspx?ID={it.id}" title="Link to view the full item text for '
                f'item {it.number}">view the full minutes text for item {it.number}</a></p>\n</div>\n</div>',
            )
        minutes = f'<p class="mgSubItemTitleTxt">Minutes:</p>\n{body}' + (_vote(it) if it.vote else "")
    return (
        f'<tr><td class="mgItemNumberCell"><p class="mgAiTitleTxt"><a name="AI{it.id}" aria-disabled="true">'
        f"</a>{it.number}</p></td>\n<td>{head}\n{extra}\n{minutes}\n</td></tr>\n"
    )


def _own_link(m: Meeting, o: Own) -> str:
    if o.how == "static":
        return (
            f'<li><a href="documents/g{m.agenda}/{escape(o.name)}?T=0">{escape(o.title)}\n{size()} </a></li>'
        )
    sid = f"&amp;SID={o.sid}" if o.sid else ""
    return (
        f'<li><a href="mgChooseDocPack.aspx?ID={m.agenda}{sid}">{escape(o.title)} {size("PDF 1 MB")}</a></li>'
    )


def documents_page(m: Meeting) -> str:
    """ieListDocuments.aspx: meeting papers in mgActionList, items table, ", CANCELLED" in the subtitle."""
    c = next(c for c in COMMITTEES if c.id == m.committee)
    when = f"{m.date:%A} {m.date.day} {m.date:%B %Y} 10:00 am" + (", CANCELLED" if m.cancelled else "")
    own = "".join(_own_link(m, o) for o in m.own)
    table = (
        '<table class="mgItemTable" summary="Table of agenda items" id="mgItemTable">'
        '<caption class="mgSectionTitle">Items</caption><tr><th class="mgHide" abbr="No" scope="col">No.</th>'
        '<th class="mgHide" abbr="Item" scope="col">Item</th></tr>\n'
        + "".join(_item_row(it) for it in m.items)
        + "</table>"
        if m.items
        else "<p>No documents are available for this meeting</p>"
    )
    return page(
        f"Agenda for {c.title} on {when}",
        '<div class="mgHeader"><h1 class="mgMainTitleTxt">Agenda, decisions and minutes</h1></div>'
        f'<div class="mgSubTitle"><h2 class="mgSubTitleTxt"><a href="mgCommitteeDetails.aspx?ID={c.id}">'
        f"{escape(c.title)} - {when}</a></h2></div>"
        f'<div class="mgLinks"><ul class="mgActionList"><li><a href="mgMeetingAttendance.aspx?ID={m.id}">'
        f"Attendance details</a></li>{own}</ul></div>"
        f'<div class="mgContent">{table}</div>',
    )


def item_page(it: Item) -> str:
    """mgAi.aspx: one item, its whole minutes under a "Minutes:" heading, then the recorded vote."""
    return page(
        f"Issue - items at meetings - {it.title}",
        '<div class="mgHeader"><h1 class="mgMainTitleTxt">Issue - items at meetings</h1></div>'
        f'<div class="mgSubTitle"><h2 class="mgSubTitleTxt">{escape(it.title)}</h2></div>'
        '<div class="mgContent"><h3 class="mgSubSubTitleTxt">Minutes:</h3>'
        f"{_paras(it.minutes)}{_vote(it) if it.vote else ''}</div>",
    )


def pack_page(m: Meeting, o: Own) -> str:
    return page(
        "Choose document pack",
        '<div class="mgContent"><ul class="mgBulletList">'
        f'<li><a href="documents/g{m.agenda}/{escape(o.name)}?T=10" '
        'title="Link to agenda reports document pack '
        f'pdf file">Public reports pack {size("PDF 2 MB")}</a></li></ul></div>',
    )


# -- web service answers -----------------------------------------------------------------------
def _x(text: str) -> str:
    return escape(text, quote=False)


def ws_committees() -> str:
    rows = "".join(
        f"<committee><committeeid>{c.id}</committeeid><committeetitle>{_x(c.title)}</committeetitle>"
        f"<committeedeleted>{c.deleted}</committeedeleted><committeeexpired>{c.expired}</committeeexpired>"
        "<committeecategory>Scrutiny</committeecategory></committee>\n"
        for c in COMMITTEES
    )
    head = '<?xml version="1.0" encoding="utf-8"?>\n<committees>'
    return f"{head}<committeescount> {len(COMMITTEES)}</committeescount>\n{rows}</committees>"


def ws_meetings(committee: int, since: dt.date, until: dt.date) -> str:
    c = next(c for c in COMMITTEES if c.id == committee)
    listed = [m for m in MEETINGS if m.committee == committee and since <= m.date <= until]
    rows = "".join(
        f"<meeting><meetingid>{m.id}</meetingid><meetingdate>{m.date:%d/%m/%Y}</meetingdate>"
        f"<meetingstatus>{'Cancelled' if m.cancelled else 'Confirmed'}</meetingstatus>"
        "<meetingtime>10.00 am</meetingtime><iswebcast>False</iswebcast></meeting>\n"
        for m in listed
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<getmeetings><meetingscount> '
        f"{len(listed)}</meetingscount><committeescount> 1</committeescount><committee>"
        f"<committeeid>{c.id}</committeeid><committeetitle>{_x(c.title)}</committeetitle>"
        f"<committeemeetings>\n{rows}</committeemeetings></committee></getmeetings>"
    )


def ws_meeting(m: Meeting, base: str) -> str:
    """GetMeeting: items with ``linkeddoc`` papers and ``minutesnonemptyhtmlbody`` escaped HTML."""
    items = []
    for it in m.items:
        docs = "".join(
            f"<linkeddoc><attachmentid>{p.id}</attachmentid><title>{_x(p.title)}</title><isurl>False</isurl>"
            f"<url>{base}mgConvert2PDF.aspx?ID={p.id}</url><isrestricted>False</isrestricted>"
            f"<itemnum>{n}</itemnum><ownertitle>{_x(it.title)}</ownertitle></linkeddoc>"
            for n, p in enumerate(it.papers, start=1)
        )
        minutes = (
            "<minutesnonemptyhtmlbody>"
            + _x(
                '<div class="WordSection1">\n'
                + "\n".join(f'<p class="MsoNormal">{escape(t)}</p>' for t in it.minutes)
                + "\n</div>"
            )
            + "</minutesnonemptyhtmlbody>"
            if it.minutes
            else "<minutesnonemptyhtmlbody>\n</minutesnonemptyhtmlbody>"
        )
        items.append(
            f"<agendaitem><agendaitemid>{it.id}</agendaitemid><agendaitemtitle>{_x(it.title)}</agendaitemtitle>"
            f"<agendaitemnumber>{it.sort}</agendaitemnumber><agendaitemsubnumber>\n</agendaitemsubnumber>"
            f"<fulldisplaynumberformat>{it.number}</fulldisplaynumberformat>{minutes}"
            f"<minutesitemnumber>{it.number.rstrip('.')}</minutesitemnumber>"
            f"<linkeddocuments>{docs}</linkeddocuments></agendaitem>\n"
        )
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n<meeting><meetingid>{m.id}</meetingid>'
        f"<meetingdate>{m.date:%d/%m/%Y}</meetingdate>"
        f"<meetingstatus>{'Cancelled' if m.cancelled else 'Confirmed'}</meetingstatus>"
        f"<agendaid>{m.agenda}</agendaid><agendaitems>\n{''.join(items)}</agendaitems>"
        '<attendees><attendee membertype="U" memberid="192" name="Councillor A Rowe">'
        f"<url>{base}mgUserInfo.aspx?UID=192</url></attendee></attendees></meeting>"
    )
