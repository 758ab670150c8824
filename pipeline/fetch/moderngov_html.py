"""ModernGov HTML pages in, the dataclasses of ``moderngov_parser`` out: no I/O here.

Written against real pages (the standard ModernGov templates, as councils serve them):

- link text carries ``<span class="mgFileSize">PDF 99 KB</span>`` and, for additional
  documents, ``<span class="mgHide">, item 59.</span>``; neither is part of a title. A paper's
  own title is the quoted name in its ``title`` attribute ("Link to document 'Annex 1' pdf
  file"), the same title the web service gives; the visible text is the fallback;
- an agenda item's id is the anchor ``<a name="AI51890">`` in its number cell, its number is
  printed "54."; its minutes follow a "Minutes:" sub-heading as ``mgWordPara`` blocks, and a
  long one is cut short with "... view the full minutes text for item 59." linking
  ``mgAi.aspx?ID=``; a "Recorded Vote" table may follow;
- cancelled meetings say so after the link in the meetings list ("- CANCELLED") and in the
  agenda page's subtitle (", CANCELLED");
- the site menu (outside ``#modgov``) links pages such as ``ieListMeetings.aspx?CId=686&info=1``
  that are not committees; older meetings are behind "Earlier meetings" links and a POST year
  picker;
- the page title ends with the template's placeholder ("- Modern Council"); the council's real
  name is in the page footer or header.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

from bs4 import BeautifulSoup, Tag

from pipeline.fetch.moderngov_parser import (
    Committee,
    DocLink,
    ItemMinutes,
    Meeting,
    Papers,
    _clean,
    _int,
    _page_and_query,
    is_document_url,
    item_number,
    parse_uk_date,
    strip_session,
)

_SIZE_SUFFIX = re.compile(r"\s*\(?\b(?:PDF|HTML|DOCX?|XLSX?|RTF|PPTX?)\b\s*[\d.,]+\s*[KMG]B\)?\s*$", re.I)
#: Words that end a council's name ("... County Council", "Royal Borough of ...").
COUNCIL_WORDS = re.compile(r"\b(Council|Borough|County|City|Authority|Corporation)\b")
#: Names the ModernGov templates ship with, never a real council's.
TEMPLATE_NAMES = re.compile(r"\bmodern\.?\s*(gov|council)\b", re.I)
CANCELLED = re.compile(r"\bcancell?ed\b", re.I)
#: The link that replaces the rest of a long minute ("view the full minutes text for item 59.").
FULL_TEXT = re.compile(r"\bfull\b.*\b(minutes?|text)\b", re.I)
SUB_HEADINGS = re.compile(r"\bmg(SubItemTitleTxt|SubSubTitleTxt|SectionTitle)\b")


def _soup(text: str | bytes) -> BeautifulSoup:
    return BeautifulSoup(text, "lxml")


def _classed(name: str):
    return re.compile(rf"\b{name}\b", re.I)


def _content(soup: BeautifulSoup) -> Tag | BeautifulSoup:
    """The ModernGov part of a page (``#modgov``), without the council's menus around it."""
    return soup.find(id="modgov") or soup


def visible_text(tag: Tag) -> str:
    """A tag's text without file-size badges (mgFileSize) and screen-reader-only text (mgHide)."""
    tag = copy.copy(tag)
    for hidden in tag.find_all(class_=_classed("mgFileSize|mgHide")):
        hidden.decompose()
    return _clean(tag.get_text(" "))


def link_title(a: Tag) -> str:
    """A paper's title: the quoted name in the link's ``title``, else its visible text."""
    m = re.search(r"'(.+)'", a.get("title", ""))
    if m and _clean(m[1]):
        return _clean(m[1])
    return _SIZE_SUFFIX.sub("", visible_text(a))


# -- the council's name ------------------------------------------------------------------------
def _council_in(text: str) -> str | None:
    text = re.sub(r"(\u00a9|\(c\)|copyright)", " ", text, flags=re.I)
    for part in re.split(r"\s+[-|\u2013\u2014]\s+|\s*[|\u00b7]\s*|(?<=[a-z])\.\s+", _clean(text)):
        part = re.sub(
            r"\ball rights reserved\b\.?|\b(19|20)\d\d\b(\s*[-\u2013]\s*\d{2,4})?", " ", part, flags=re.I
        )
        part = _clean(re.sub(r"\s+logo$", "", _clean(part), flags=re.I)).strip(" .,-")
        if COUNCIL_WORDS.search(part) and not TEMPLATE_NAMES.search(part) and len(part) <= 90:
            return part
    return None


def council_from_page(text: str | bytes) -> str | None:
    """The council's name as the page prints it: a council-name element, site metadata, footer, header, title.

    The title comes last because many sites leave the template's "Modern Council" in it.
    """
    soup = _soup(text)
    candidates = [
        el.get_text(" ")
        for el in soup.find_all(attrs={"id": re.compile(r"(council|site|org)[-_]?name", re.I)})
        + soup.find_all(class_=re.compile(r"(council|site|org)[-_]?name", re.I))
    ]
    for name in ("og:site_name", "DC.publisher", "DC.creator", "author"):
        meta = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
        if meta and meta.get("content"):
            candidates.append(meta["content"])
    for where in soup.find_all("footer") + soup.find_all(id=re.compile(r"footer", re.I)):
        candidates.append(where.get_text(" "))
    for where in soup.find_all("header") + soup.find_all(id=re.compile(r"header", re.I)):
        candidates += [where.get_text(" ")] + [img.get("alt", "") for img in where.find_all("img")]
    if soup.title:
        candidates.append(soup.title.get_text(" "))
    for text in candidates:
        if found := _council_in(text):
            return found
    return None


# -- committees and meetings -------------------------------------------------------------------
def parse_committees_html(text: str | bytes, page_url: str) -> list[Committee]:
    """mgListCommittees.aspx: committees linked as mgCommitteeDetails.aspx?ID= or ieListMeetings.aspx?CId=.

    Only links inside the ModernGov content count: the site menu links pages such as the
    constitution as ``ieListMeetings.aspx?CId=686&info=1``, which are not committees.
    """
    found: dict[int, Committee] = {}
    for a in _content(_soup(text)).find_all("a", href=True):
        page, query = _page_and_query(urljoin(page_url, a["href"]))
        if page == "mgcommitteedetails.aspx":
            cid = _int(query.get("id"))
        elif page == "ielistmeetings.aspx" and query.get("info", "0") in ("", "0"):
            cid = _int(query.get("cid") or query.get("committeeid"))
        else:
            continue
        title = visible_text(a)
        if cid is None or not title or re.match(r"(browse|view|see)\b", title, re.I):
            continue
        found.setdefault(cid, Committee(cid, title))
    return list(found.values())


@dataclass
class MeetingsPage:
    """One page of a committee's meetings, and the ways to older ones."""

    meetings: list[Meeting] = field(default_factory=list)
    earlier: str | None = None
    #: The year picker, a POST form: its URL, its fields (hidden inputs), the select's name and years.
    year_form: tuple[str, dict[str, str], str, list[int]] | None = None


def parse_meetings_page(text: str | bytes, page_url: str, committee_id: int) -> MeetingsPage:
    """ieListMeetings.aspx: meetings linked as ieListDocuments.aspx?CId=..&MId=.., the "Earlier
    meetings" link and the year picker form."""
    root = _content(_soup(text))
    page = MeetingsPage()
    found: dict[int, Meeting] = {}
    for a in root.find_all("a", href=True):
        url = urljoin(page_url, a["href"])
        name, query = _page_and_query(url)
        if name == "ielistmeetings.aspx" and query.get("act", "").lower() == "earlier" and not page.earlier:
            page.earlier = strip_session(url)
        mid = _int(query.get("mid"))
        if name != "ielistdocuments.aspx" or mid is None:
            continue
        row = a.find_parent(["li", "tr"])
        label = _clean(a.get_text(" ") + " " + a.get("title", ""))
        status = _clean(row.get_text(" ")) if row else label
        found.setdefault(
            mid,
            Meeting(
                mid,
                _int(query.get("cid")) or committee_id,
                parse_uk_date(label),
                strip_session(url),
                bool(CANCELLED.search(status)),
            ),
        )
    page.meetings = list(found.values())
    page.year_form = _year_form(root, page_url)
    return page


def parse_meetings_html(text: str | bytes, page_url: str, committee_id: int) -> list[Meeting]:
    """The meetings listed on an ieListMeetings.aspx page."""
    return parse_meetings_page(text, page_url, committee_id).meetings


def _year_form(root, page_url: str) -> tuple[str, dict[str, str], str, list[int]] | None:
    for form in root.find_all("form") if hasattr(root, "find_all") else []:
        select = form.find("select", attrs={"name": re.compile(r"year", re.I)})
        if not select:
            continue
        fields = {
            i["name"]: i.get("value", "")
            for i in form.find_all("input", attrs={"name": True})
            if (i.get("type") or "text").lower() in ("hidden", "submit", "text")
        }
        years = sorted({int(o["value"]) for o in select.find_all("option") if o.get("value", "").isdigit()})
        years = [y for y in years if y > 1900]
        if years:
            return urljoin(page_url, form.get("action") or page_url), fields, select["name"], years
    # The year picker may sit outside #modgov's form on some templates: nothing to post then.
    return None


# -- one meeting's papers ----------------------------------------------------------------------
def _is_label(tag: Tag, word: str) -> bool:
    return bool(SUB_HEADINGS.search(" ".join(tag.get("class", [])))) and _clean(
        tag.get_text(" ")
    ).lower().startswith(word)


def _stops(tag: Tag) -> bool:
    """Where a minute ends: the next sub-heading, a table (recorded votes), a list of links, a heading."""
    if SUB_HEADINGS.search(" ".join(tag.get("class", []))):
        return True
    if tag.name in ("table", "li", "form", "h1", "h2", "h3", "h4", "h5", "h6"):
        return True
    return tag.name in ("ul", "ol") and tag.find("a", href=True) is not None


def minutes_after_label(container: Tag) -> tuple[str, Tag | None] | None:
    """The minutes HTML after a "Minutes:" sub-heading, and its "full text" link if cut short."""
    for label in container.find_all(lambda t: _is_label(t, "minutes")):
        parts = []
        for sib in label.find_next_siblings():
            if _stops(sib):
                break
            parts.append(sib)
        if not _clean(" ".join(p.get_text(" ") for p in parts)):
            continue
        more = next(
            (
                a
                for p in parts
                for a in p.find_all("a", href=True)
                if _page_and_query(a["href"])[0] == "mgai.aspx" and FULL_TEXT.search(a.get_text(" "))
            ),
            None,
        )
        return "\n".join(str(p) for p in parts).strip(), more
    return None


def parse_item_page(text: str | bytes) -> str | None:
    """mgAi.aspx: the whole minutes of one agenda item (the agenda page may print only their start)."""
    found = minutes_after_label(_content(_soup(text)))
    return found[0] if found else None


def _item_id(row: Tag, page_url: str) -> int | None:
    anchor = row.find("a", attrs={"name": re.compile(r"^AI\d+$", re.I)})
    if anchor:
        return int(anchor["name"][2:])
    for a in row.find_all("a", href=True):
        page, query = _page_and_query(urljoin(page_url, a["href"]))
        if page == "mgai.aspx" and _int(query.get("id")):
            return _int(query.get("id"))
    return None


def parse_documents_html(text: str | bytes, page_url: str) -> Papers:
    """ieListDocuments.aspx: the meeting's own papers and packs, each item's papers, and item minutes."""
    root = _content(_soup(text))
    subtitle = _clean(" ".join(t.get_text(" ") for t in root.find_all(class_=_classed("mgSubTitleTxt"))))
    papers = Papers(date=parse_uk_date(subtitle), cancelled=bool(CANCELLED.search(subtitle)))
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
            in_items.update(id(a) for a in row.find_all("a", href=True))
            number_cell = row.find(class_=_classed("mgItemNumberCell"))
            number = item_number(visible_text(number_cell)) if number_cell else None
            title_el = next(
                (
                    t
                    for t in row.find_all(class_=_classed("mgAiTitleTxt"))
                    if not (number_cell and (t is number_cell or number_cell in t.parents))
                ),
                None,
            )
            title = re.sub(r"^\d+[a-z]?[.)]?\s+", "", visible_text(title_el)) if title_el else None
            item_id = _item_id(row, page_url)
            for a in row.find_all("a", href=True):
                url = urljoin(page_url, a["href"])
                if is_document_url(url):
                    papers.docs.append(DocLink(strip_session(url), link_title(a), title, number, item_id))
            found = minutes_after_label(row)
            if found and title:
                minutes, more = found
                if more is not None and item_id is None:
                    item_id = _int(_page_and_query(more["href"])[1].get("id"))
                cut = more is not None
                papers.minutes.append(ItemMinutes(title, number, item_id, minutes, truncated=cut))
    for a in root.find_all("a", href=True):
        url = urljoin(page_url, a["href"])
        if id(a) not in in_items and is_document_url(url):
            heading = None if tables else a.find_previous(class_=_classed("mgAiTitleTxt"))
            papers.docs.append(
                DocLink(strip_session(url), link_title(a), visible_text(heading) if heading else None)
            )
    return papers


def parse_pack_page(text: str | bytes, page_url: str) -> list[DocLink]:
    """mgChooseDocPack.aspx when it answers with a page: the pack PDFs it links."""
    return [
        DocLink(strip_session(urljoin(page_url, a["href"])), link_title(a))
        for a in _content(_soup(text)).find_all("a", href=True)
        if is_document_url(urljoin(page_url, a["href"]))
        and _page_and_query(urljoin(page_url, a["href"]))[0] != "mgchoosedocpack.aspx"
    ]
