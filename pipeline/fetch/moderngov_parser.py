"""ModernGov web-service answers, URLs and dates in, plain dataclasses out: no I/O here.

Kept apart from ``moderngov.py`` (which makes the requests) so every parsing rule can be
tested on a fixture file and on real answers, the way civic-scraper splits ``site.py`` from
``parser.py``. The HTML pages are read by ``moderngov_html``.

The web service (``mgWebService.asmx``) answers in XML whose element names vary a little
between versions, so elements are matched by lower-cased local name with a few alternates.
As real sites answer: GetMeetings nests meetings under ``committee/committeemeetings``;
GetMeeting lists each agenda item's papers as ``linkeddocuments/linkeddoc`` (``attachmentid``,
``title``, ``url``) and its minutes as HTML escaped inside ``minutesnonemptyhtmlbody``; the
item number as printed is ``fulldisplaynumberformat`` ("9."), while ``agendaitemnumber`` is an
internal sort key (12) and only a last resort.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs, quote, unquote, urljoin, urlsplit, urlunsplit

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
    #: The page printed only the start ("... view the full minutes text for item 59."): the
    #: whole text is on the item's own page, mgAi.aspx?ID=item_id.
    truncated: bool = False


@dataclass
class Papers:
    docs: list[DocLink] = field(default_factory=list)
    minutes: list[ItemMinutes] = field(default_factory=list)
    committee: str | None = None
    date: dt.date | None = None
    cancelled: bool = False
    #: The agenda id (``documents/g<id>/``, ``mgChooseDocPack.aspx?ID=<id>``), when the answer gives it.
    agenda_id: int | None = None


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


_ATTACHMENT = re.compile(r"/documents/s(\d+)/|/mgconvert2pdf\.aspx\?(?:.*&)?id=(\d+)(?:&|$)")


def doc_key(url: str) -> str:
    """Identity of a document for de-duplication: ModernGov runs on IIS, whose paths ignore case.

    One paper is linked as ``documents/s<id>/<name>.pdf`` from the HTML pages and as
    ``mgConvert2PDF.aspx?ID=<id>`` from the web service: both are the attachment ``<id>``.
    """
    key = unquote(strip_session(url)).split("#")[0].lower().replace("https://", "http://")
    if m := _ATTACHMENT.search(key):
        return f"{key[: m.start()]}/attachment/{m[1] or m[2]}"
    return key


def is_pack_url(url: str) -> bool:
    """``mgChooseDocPack.aspx?ID=``: a document pack, served as the PDF or as a page linking it."""
    page, query = _page_and_query(url)
    return page == "mgchoosedocpack.aspx" and "id" in query


def _page_and_query(url: str) -> tuple[str, dict[str, str]]:
    parts = urlsplit(strip_session(url))
    page = parts.path.rsplit("/", 1)[-1].lower()
    query = {k.lower(): v[0] for k, v in parse_qs(parts.query).items() if v}
    return page, query


def is_document_url(url: str) -> bool:
    """A paper rather than a navigation page: ``documents/s123/...``, ``mgConvert2PDF.aspx``, ``.pdf``,
    or a document pack (``mgChooseDocPack.aspx?ID=``: agenda reports pack, supplements, late material).
    """
    page, query = _page_and_query(url)
    path = unquote(urlsplit(strip_session(url)).path).lower()
    if page in ("mgconvert2pdf.aspx", "mgchoosedocpack.aspx"):
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
    """GetMeetings: the meetings of one committee (nested under ``committee/committeemeetings``)."""
    found = {}
    for el in _xml(data).iter():
        if _local(el) != "meeting":
            continue
        mid = _int(_child(el, "meetingid", "id"))
        if mid is None:
            continue
        owner = next((a for a in el.iterancestors() if _local(a) == "committee"), None)
        cid = _int(_child(el, "committeeid"))
        if cid is None and owner is not None:
            cid = _int(_child(owner, "committeeid"))
        status = _child(el, "meetingstatus", "status").lower()
        found.setdefault(
            mid,
            Meeting(
                mid,
                cid or committee_id,
                parse_uk_date(_child(el, "meetingdate", "date")),
                _child(el, "linktomeeting", "url", "link") or None,
                "cancel" in status,
            ),
        )
    return list(found.values())


DOC_ELEMENTS = ("linkeddoc", "linkeddocument", "document", "attachment")
MINUTES_ELEMENTS = ("minutesnonemptyhtmlbody", "minuteshtml", "minutes", "minutestext")


def parse_meeting_xml(data: bytes, base: str) -> Papers:
    """GetMeeting: the agenda items' documents and minutes HTML, and any meeting-level documents."""
    root = _xml(data)
    meeting = (
        root if _local(root) == "meeting" else next((e for e in root.iter() if _local(e) == "meeting"), root)
    )
    papers = Papers(
        committee=_clean(_child(meeting, "committeetitle", "committeename")) or None,
        date=parse_uk_date(_child(meeting, "meetingdate", "date")),
        cancelled="cancel" in _child(meeting, "meetingstatus", "status").lower(),
        agenda_id=_int(_child(meeting, "agendaid")),
    )
    for el in meeting.iter():
        name = _local(el)
        if name in DOC_ELEMENTS:
            url = _child(el, "url", "link", "documenturl", "linktodocument")
            if not url or any(_local(a) == "attendee" for a in el.iterancestors()):
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
            minutes = _child(el, *MINUTES_ELEMENTS)
            if _clean(re.sub(r"<[^>]+>", " ", minutes)):
                number, title, item_id = _item_fields(el)
                papers.minutes.append(ItemMinutes(title or "", number, item_id, minutes))
    return papers


def item_number(text: str | None) -> str | None:
    """An agenda item's number as printed, without the trailing full stop: "9." -> "9", "4a." -> "4a"."""
    return _clean(text or "").rstrip(".").strip() or None


def _item_fields(item) -> tuple[str | None, str | None, int | None]:
    number = item_number(
        _child(item, "fulldisplaynumberformat", "minutesitemnumber", "displaynumber")
        or _child(item, "agendaitemnumber", "number")
    )
    title = _clean(_child(item, "agendaitemtitle", "title")) or None
    return number, title, _int(_child(item, "agendaitemid", "id"))
