"""The fixture council's pages and web-service answers, rendered in the shapes real sites serve.

See ``fetch_council`` for the council itself and the real quirks these shapes copy.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from fetch_council import COMMITTEES, COUNCIL, MEETINGS, Item, Meeting, Own, Paper

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
