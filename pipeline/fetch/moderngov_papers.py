"""One ModernGov meeting's papers: what the service and the meeting's page list, and what to fetch.

Split from ``moderngov`` (which walks a council's committees and meetings) so each stays small.
The service lists agenda items' papers and full minutes; the meeting's page adds the meeting's
own papers and packs. Minutes a page cut short are read whole from the item's page; a pack is
resolved to the PDF it serves or links; embedded minutes become small standalone HTML documents.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

from pipeline.fetch import content
from pipeline.fetch import moderngov_html as pages
from pipeline.fetch import moderngov_parser as parser
from pipeline.fetch.corpus import safe_name
from pipeline.fetch.download import Job, Target, worth_retrying
from pipeline.fetch.http import Blocked, FetchError

if TYPE_CHECKING:
    from pipeline.fetch.moderngov import Site

#: The platform name recorded in the manifest (``moderngov.NAME``).
PLATFORM = "moderngov"


def papers(site: Site, meeting: parser.Meeting) -> tuple[parser.Papers, str]:
    """The meeting's papers and how they were found ("web service", "HTML" or both)."""
    found = site.parsed(parser.parse_meeting_xml, site.call("GetMeeting", lMeetingId=meeting.id), site.base)
    if found and (found.docs or found.minutes or found.cancelled):
        if found.cancelled or not site.html:
            return found, "web service"
        try:
            html, url = site.page("ieListDocuments.aspx", CId=meeting.committee_id, MId=meeting.id)
        except FetchError as exc:
            if worth_retrying(exc):
                raise  # a passing fault: the meeting is reported and revisited next run
            # refused (a firewall passing only the service), missing or barred: stop asking for pages
            site.html_failed(exc, "papers")
            return found, "web service"
        page = pages.parse_documents_html(html, url)
        found.docs += [d for d in page.docs if d.agenda_item is None]
        found.cancelled = page.cancelled
        return found, "web service and HTML"
    html, url = site.page("ieListDocuments.aspx", CId=meeting.committee_id, MId=meeting.id)
    page = pages.parse_documents_html(html, url)
    page.minutes = [_full_minutes(site, m) for m in page.minutes]
    return page, "HTML"


def _full_minutes(site: Site, item: parser.ItemMinutes) -> parser.ItemMinutes:
    """Minutes the agenda page cut short, read in full from the item's own page (mgAi.aspx)."""
    if not item.truncated or not item.item_id:
        return item
    try:
        html, url = site.page("mgAi.aspx", ID=item.item_id)
    except Blocked:
        raise
    except FetchError as exc:
        which = item.item_number or item.item_title
        site.notes.append(f"minutes of item {which} kept as printed, cut short ({exc})")
        return item
    full = pages.parse_item_page(html)
    if not full:
        site.notes.append(f"{url}: no minutes found on the item's page; kept the shortened text")
        return item
    return parser.ItemMinutes(item.item_title, item.item_number, item.item_id, full)


def targets(
    site: Site,
    council: str,
    committee: parser.Committee,
    meeting: parser.Meeting,
    found: parser.Papers,
    via: str,
) -> list[Target]:
    """What to fetch for one meeting, each with the manifest metadata a researcher needs."""
    date = (meeting.date or found.date).isoformat() if (meeting.date or found.date) else None
    meeting_url = parser.canonical(
        meeting.url or site.url("ieListDocuments.aspx", CId=meeting.committee_id, MId=meeting.id), site.base
    )
    common = {
        "council": council,
        "body": committee.title,
        "date": date,
        "platform": PLATFORM,
        "committee_id": committee.id,
        "meeting_id": meeting.id,
        "meeting_url": meeting_url,
        "source": f"ModernGov {via}, {site.base}",
    }
    out = []
    for doc in found.docs:
        url = parser.canonical(doc.url, site.base)
        name = safe_name(unquote(urlsplit(url).path.rsplit("/", 1)[-1]))
        meta = {
            **common,
            "title": doc.title or doc.agenda_item,
            "agenda_item": doc.agenda_item,
            "agenda_item_number": doc.item_number,
            "document_title": doc.title,
            "filename": name,
        }
        out.append(Target(url, parser.doc_key(url), meta))
    for item in found.minutes:
        # The item's own page is the minutes' address, whichever route found them; without an
        # item id the fragment names the item, and is kept in the key so items stay apart.
        url = (
            parser.canonical(site.url("mgAi.aspx", ID=item.item_id), site.base)
            if item.item_id
            else f"{meeting_url}#item-{item.item_number or safe_name(item.item_title)}"
        )
        key = parser.doc_key(url) + ("" if item.item_id else "#" + url.rsplit("#", 1)[1])
        body = minutes_page(council=council, committee=committee.title, date=date, item=item)
        meta = {
            **common,
            "title": f"Minutes: {item.item_title}",
            "agenda_item": item.item_title,
            "agenda_item_number": item.item_number,
            "document_title": "Minutes (published in the agenda page)",
            "kind": "embedded minutes",
        }
        out.append(Target(url, key, meta, body=body))
    return out


def normal_fragment(fragment: str) -> str:
    """An HTML fragment in one spelling: no ``mgWordPara`` wrapper, entities resolved, spaces collapsed."""
    soup = BeautifulSoup(fragment, "html.parser")
    for wrapper in soup.find_all("div", class_="mgWordPara"):
        wrapper.unwrap()
    return re.sub(r"\s+", " ", str(soup)).replace("> <", ">\n<").strip()


def minutes_page(*, council: str, committee: str, date: str | None, item: parser.ItemMinutes) -> bytes:
    """A small standalone HTML document holding one item's embedded minutes, byte-stable across runs.

    The minutes' own HTML is kept as the council published it, in one spelling whichever route
    brought it (the service's escaped copy and the page's agree once the page's ``mgWordPara``
    wrapper is dropped and white space between words is one space), so both routes store the
    same bytes; a heading saying which council, committee, meeting and item it is goes around it.
    """
    heading = " ".join(p for p in (item.item_number, item.item_title) if p)
    e = html.escape
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
        f'<title>{e(item.item_title)} - minutes</title></head>\n<body><div id="modgov">\n'
        f"<p>{e(council)}</p>\n<h1>{e(committee)} - {e(date or 'date unknown')}</h1>\n"
        f"<h2>{e(heading)}</h2>\n<h3>Minutes</h3>\n{normal_fragment(item.html)}\n</div></body></html>\n"
    ).encode()


def pack(site: Site, job: Job, target: Target) -> list[Target]:
    """A document pack (mgChooseDocPack.aspx): the PDF it serves, or the PDFs its page links.

    A pack answered as a document is kept under the pack's own URL; a page's links keep the
    pack's title when there is one, else their own.
    """
    try:
        resp = site.client.get(target.url, site=site.base)
    except Blocked:
        raise
    except FetchError as exc:
        job.fail(target, exc)
        return []
    if content.sniff(resp.body) != "html":
        return [Target(target.url, target.key, target.meta, body=resp.body, content_type=resp.content_type)]
    job.seen.add(target.key)
    linked = pages.parse_pack_page(resp.body, resp.url)
    out = []
    for doc in linked:
        url = parser.canonical(doc.url, site.base)
        title = target.meta["title"] if len(linked) == 1 else doc.title or target.meta["title"]
        name = safe_name(unquote(urlsplit(url).path.rsplit("/", 1)[-1]))
        meta = {**target.meta, "title": title, "document_title": title, "filename": name}
        meta["pack_url"] = target.url
        out.append(Target(url, parser.doc_key(url), meta))
    if not out:
        job.fail(target, FetchError(target.url, f"{target.url}: the pack's page links no document"))
    return out
