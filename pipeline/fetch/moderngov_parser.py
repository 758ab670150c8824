"""ModernGov pages and web-service answers in, plain dataclasses out: no I/O here.

Kept apart from ``moderngov.py`` (which makes the requests) so every parsing rule can be
tested on a fixture file, the way civic-scraper splits ``site.py`` from ``parser.py``.

The web service (``mgWebService.asmx``) answers in XML whose element names vary a little
between versions, so elements are matched by lower-cased local name with a few alternates.
The HTML pages vary more: cookieless session segments (``/(S(...))/``) in links,
``modernGov`` vs ``moderngov`` paths, document links without a file extension, and minutes
embedded in the agenda page under each item.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs, quote, unquote, urljoin, urlsplit, urlunsplit

from bs4 import BeautifulSoup, Tag
from lxml import etree

SESSION = re.compile(r"/\((?:[A-Za-z]\([^()]*\))+\)")
MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}
_SIZE_SUFFIX = re.compile(r"\s*\(?\b(?:PDF|HTML|DOCX?|XLSX?|RTF|PPTX?)\b\s*[\d.,]+\s*[KMG]B\)?\s*$", re.I)


class NotServiceXML(ValueError):
    """The web service answered with something that is not its XML (often an HTML error page)."""


@dataclass(frozen=True)
class Committee:
    id: int
    title: str
    expired: bool = False


@dataclass(frozen=True)
class Meeting:
    id: int
    committee_id: int
    date: dt.date | None
    url: str | None = None
    cancelled: bool = False


@dataclass(frozen=True)
class DocLink:
    """A link to a paper; ``agenda_item`` is None for the meeting's own papers (agenda pack, minutes)."""

    url: str
    title: str
    agenda_item: str | None = None
    item_number: str | None = None
    item_id: int | None = None


@dataclass(frozen=True)
class ItemMinutes:
    """Minutes written into the page (or the service answer) under one agenda item, as HTML."""

    item_title: str
    item_number: str | None
    item_id: int | None
    html: str


@dataclass
class Papers:
    docs: list[DocLink] = field(default_factory=list)
    minutes: list[ItemMinutes] = field(default_factory=list)
    committee: str | None = None
    date: dt.date | None = None


# -- URLs ------------------------------------------------------------------------------------
def strip_session(url: str) -> str:
    """Remove an ASP.NET cookieless session segment such as ``/(S(abc123))/``."""
    return SESSION.sub("", url)


def site_base(url: str) -> str:
    """A council's ModernGov base URL as given by a user, normalised to end in ``/``.

    Accepts a bare host, a ``/moderngov`` (any case) folder, or any page on the site.
    """
    url = strip_session(url.strip())
    if "://" not in url:
        url = "https://" + url
    parts = urlsplit(url)
    path = parts.path or "/"
    if re.search(r"\.(aspx|asmx|html?)$", path, re.I):
        path = path.rsplit("/", 1)[0] + "/"
    if not path.endswith("/"):
        path += "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, "", ""))


def canonical(url: str, base: str) -> str:
    """The URL we request and record, one spelling per document whichever page linked it.

    No session segment or fragment; the base's scheme on its host; the ``modernGov`` folder
    spelt as in the base; one percent-encoding (``Children's`` and ``Children%27s`` agree).
    """
    parts = urlsplit(strip_session(url))
    b = urlsplit(base)
    path = "/".join(quote(unquote(seg), safe=":@!$()*,;=+~") for seg in parts.path.split("/"))
    if parts.hostname == b.hostname and path.lower().startswith(b.path.lower()):
        path = b.path + path[len(b.path) :]
    scheme = b.scheme if parts.hostname == b.hostname else parts.scheme
    query = "&".join(quote(unquote(pair), safe="=:;,+/") for pair in parts.query.split("&") if pair)
    return urlunsplit((scheme.lower(), parts.netloc.lower(), path, query, ""))


def doc_key(url: str) -> str:
    """Identity of a document for de-duplication: ModernGov runs on IIS, whose paths ignore case."""
    return unquote(strip_session(url)).split("#")[0].lower().replace("https://", "http://")


def _page_and_query(url: str) -> tuple[str, dict[str, str]]:
    parts = urlsplit(strip_session(url))
    page = parts.path.rsplit("/", 1)[-1].lower()
    query = {k.lower(): v[0] for k, v in parse_qs(parts.query).items() if v}
    return page, query


def is_document_url(url: str) -> bool:
    """A paper rather than a navigation page: ``documents/s123/...``, ``mgConvert2PDF.aspx``, ``.pdf``."""
    page, query = _page_and_query(url)
    path = unquote(urlsplit(strip_session(url)).path).lower()
    if page == "mgconvert2pdf.aspx":
        return "id" in query
    return bool(re.search(r"/documents/[a-z]\d+/", path)) or path.endswith(".pdf")


def _int(text: str | None) -> int | None:
    text = (text or "").strip()
    return int(text) if text.isdigit() else None


def _clean(text: str) -> str:
    """One line of metadata text; typographic apostrophes made plain so one committee has one name."""
    text = html.unescape(text or "").replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", text).strip()


# -- dates -----------------------------------------------------------------------------------
def parse_uk_date(text: str | None) -> dt.date | None:
    """A date as councils print it: 26/06/2014, 26th June 2014, Thu 26 Jun, 2014, 2014-06-26."""
    if not text:
        return None
    found = None
    if m := re.search(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b", text):
        found = (int(m[3]), int(m[2]), int(m[1]))
    elif m := re.search(r"\b(\d{4})-(\d{2})-(\d{2})", text):
        found = (int(m[1]), int(m[2]), int(m[3]))
    elif m := re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([A-Za-z]{3,9})\.?,?\s+(\d{4})\b", text):
        month = MONTHS.get(m[2][:3].lower())
        found = (int(m[3]), month, int(m[1])) if month else None
    if not found:
        return None
    try:
        return dt.date(*found)
    except ValueError:
        return None


def council_from_title(title: str | None) -> str | None:
    """The council's name from a page title such as "Committee structure - Devon County Council"."""
    for part in reversed(re.split(r"\s+[-|\u2013\u2014]\s+", _clean(title or ""))):
        if re.search(r"\b(Council|Borough|County|City|Authority|Corporation)\b", part):
            return part
    return None


# -- web service XML ---------------------------------------------------------------------------
def _xml(data: bytes) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise NotServiceXML(f"not XML ({exc.msg})") from exc
    if _local(root) == "html":
        raise NotServiceXML("an HTML page, not the service's XML")
    return root


def _local(el) -> str:
    return etree.QName(el).localname.lower() if isinstance(el.tag, str) else ""


def _child(el, *names: str) -> str:
    for child in el:
        if _local(child) in names:
            return (child.text or "").strip()
    return ""


def _true(text: str) -> bool:
    return text.strip().lower() in ("true", "1", "yes")


def parse_committees_xml(data: bytes) -> list[Committee]:
    """GetCommittees: every committee not marked deleted."""
    found = {}
    for el in _xml(data).iter():
        if _local(el) != "committee":
            continue
        cid = _int(_child(el, "committeeid", "id"))
        title = _clean(_child(el, "committeetitle", "committeename", "title", "name"))
        if cid is None or not title or _true(_child(el, "committeedeleted", "deleted")):
            continue
        found.setdefault(cid, Committee(cid, title, _true(_child(el, "committeeexpired", "expired"))))
    return list(found.values())


def parse_meetings_xml(data: bytes, committee_id: int) -> list[Meeting]:
    """GetMeetings: the meetings of one committee."""
    found = {}
    for el in _xml(data).iter():
        if _local(el) != "meeting":
            continue
        mid = _int(_child(el, "meetingid", "id"))
        if mid is None:
            continue
        cid = _int(_child(el, "committeeid")) or committee_id
        status = _child(el, "meetingstatus", "status").lower()
        found.setdefault(
            mid,
            Meeting(
                mid,
                cid,
                parse_uk_date(_child(el, "meetingdate", "date")),
                _child(el, "linktomeeting", "url", "link") or None,
                "cancel" in status,
            ),
        )
    return list(found.values())


def parse_meeting_xml(data: bytes, base: str) -> Papers:
    """GetMeeting: the meeting's own documents, its agenda items' documents and their minutes HTML."""
    root = _xml(data)
    meeting = (
        root if _local(root) == "meeting" else next((e for e in root.iter() if _local(e) == "meeting"), root)
    )
    papers = Papers(
        committee=_clean(_child(meeting, "committeetitle", "committeename")) or None,
        date=parse_uk_date(_child(meeting, "meetingdate", "date")),
    )
    for el in meeting.iter():
        name = _local(el)
        if name in ("linkeddocument", "document", "attachment"):
            url = _child(el, "url", "link", "documenturl", "linktodocument")
            if not url:
                continue
            item = next((a for a in el.iterancestors() if _local(a) == "agendaitem"), None)
            number, title, item_id = _item_fields(item) if item is not None else (None, None, None)
            papers.docs.append(
                DocLink(
                    urljoin(base, url),
                    _clean(_child(el, "title", "documenttitle", "name")),
                    title,
                    number,
                    item_id,
                )
            )
        elif name == "agendaitem":
            minutes = _child(el, "minuteshtml", "minutes", "minutestext")
            if _clean(re.sub(r"<[^>]+>", " ", minutes)):
                number, title, item_id = _item_fields(el)
                papers.minutes.append(ItemMinutes(title or "", number, item_id, minutes))
    return papers


def _item_fields(item) -> tuple[str | None, str | None, int | None]:
    number = _clean(_child(item, "agendaitemnumber", "number")).rstrip(".") or None
    title = _clean(_child(item, "agendaitemtitle", "title")) or None
    return number, title, _int(_child(item, "agendaitemid", "id"))


# -- HTML pages --------------------------------------------------------------------------------
def _soup(text: str | bytes) -> BeautifulSoup:
    return BeautifulSoup(text, "lxml")


def page_title(text: str | bytes) -> str | None:
    title = _soup(text).title
    return _clean(title.get_text()) if title else None


def parse_committees_html(text: str | bytes, page_url: str) -> list[Committee]:
    """mgListCommittees.aspx: committees linked as mgCommitteeDetails.aspx?ID= or ieListMeetings.aspx?CId=."""
    found: dict[int, Committee] = {}
    for a in _soup(text).find_all("a", href=True):
        page, query = _page_and_query(urljoin(page_url, a["href"]))
        if page == "mgcommitteedetails.aspx":
            cid = _int(query.get("id"))
        elif page == "ielistmeetings.aspx":
            cid = _int(query.get("cid") or query.get("committeeid"))
        else:
            continue
        title = _clean(a.get_text(" "))
        if cid is None or not title or re.match(r"(browse|view|see)\b", title, re.I):
            continue
        found.setdefault(cid, Committee(cid, title))
    return list(found.values())


def parse_meetings_html(text: str | bytes, page_url: str, committee_id: int) -> list[Meeting]:
    """ieListMeetings.aspx: each meeting linked as ieListDocuments.aspx?CId=..&MId=.., dated in its text."""
    found: dict[int, Meeting] = {}
    for a in _soup(text).find_all("a", href=True):
        url = urljoin(page_url, a["href"])
        page, query = _page_and_query(url)
        mid = _int(query.get("mid"))
        if page != "ielistdocuments.aspx" or mid is None:
            continue
        label = _clean(a.get_text(" ") + " " + a.get("title", ""))
        found.setdefault(
            mid,
            Meeting(
                mid,
                _int(query.get("cid")) or committee_id,
                parse_uk_date(label),
                strip_session(url),
                "cancelled" in label.lower(),
            ),
        )
    return list(found.values())


def _classed(name: str):
    return re.compile(rf"\b{name}\b", re.I)


def _link_title(a: Tag) -> str:
    text = _SIZE_SUFFIX.sub("", _clean(a.get_text(" ")))
    if not text:
        m = re.search(r"'(.+)'", a.get("title", ""))
        text = _clean(m[1]) if m else ""
    return text


def _embedded_minutes(cell: Tag) -> str | None:
    """The HTML after a "Minutes:" sub-heading, up to the next sub-heading or list of documents."""
    for label in cell.find_all(class_=_classed("mgSubItemTitleTxt")):
        if not _clean(label.get_text()).lower().startswith("minutes"):
            continue
        parts = []
        for sib in label.find_next_siblings():
            classes = " ".join(sib.get("class", []))
            if "mgSubItemTitleTxt" in classes or (sib.name == "ul" and sib.find("a", href=True)):
                break
            parts.append(str(sib))
        fragment = "\n".join(parts).strip()
        if _clean(BeautifulSoup(fragment, "lxml").get_text(" ")):
            return fragment
    return None


def parse_documents_html(text: str | bytes, page_url: str) -> Papers:
    """ieListDocuments.aspx: the meeting's papers, each item's papers, and minutes embedded under items."""
    soup = _soup(text)
    root = soup.find(id="modgov") or soup
    papers = Papers(
        date=parse_uk_date(
            _clean(" ".join(t.get_text(" ") for t in root.find_all(class_=_classed("mgSubTitleTxt"))))
        )
    )
    tables = [
        t
        for t in root.find_all("table", class_=_classed("mgItemTable"))
        if not t.find_parent("table", class_=_classed("mgItemTable"))
    ]
    in_items: set[int] = set()
    for table in tables:
        for row in table.find_all("tr"):
            if row.find_parent("table") is not table:
                continue
            number_cell = row.find(class_=_classed("mgItemNumberCell"))
            number = (_clean(number_cell.get_text(" ")).rstrip(".") or None) if number_cell else None
            title_el = next(
                (
                    t
                    for t in row.find_all(class_=_classed("mgAiTitleTxt"))
                    if not (number_cell and (t is number_cell or number_cell in t.parents))
                ),
                None,
            )
            title = re.sub(r"^\d+[a-z]?[.)]?\s+", "", _clean(title_el.get_text(" "))) if title_el else None
            item_id, row_docs = None, []
            for a in row.find_all("a", href=True):
                in_items.add(id(a))
                url = urljoin(page_url, a["href"])
                page, query = _page_and_query(url)
                if page == "mgai.aspx" and item_id is None:
                    item_id = _int(query.get("id"))
                elif is_document_url(url):
                    row_docs.append((strip_session(url), _link_title(a)))
            papers.docs += [DocLink(u, t, title, number, item_id) for u, t in row_docs]
            minutes = _embedded_minutes(row)
            if minutes and title:
                papers.minutes.append(ItemMinutes(title, number, item_id, minutes))
    for a in root.find_all("a", href=True):
        url = urljoin(page_url, a["href"])
        if id(a) not in in_items and is_document_url(url):
            heading = None if tables else a.find_previous(class_=_classed("mgAiTitleTxt"))
            papers.docs.append(
                DocLink(
                    strip_session(url), _link_title(a), _clean(heading.get_text(" ")) if heading else None
                )
            )
    return papers
