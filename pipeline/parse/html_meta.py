"""Page metadata an HTML page states about itself, read only where the layout makes it reliable.

ModernGov pages name their meeting in a fixed place: the subtitle of an agenda item reads
"Meeting: 14/09/2016 - Cabinet (Item 6.)", and a meeting's documents page reads "Meeting of
Cabinet, Wednesday, 16th March, 2011 6.00 pm". Anything less certain is left out: the
document_metadata extractor reads the text, and a manifest wins over both.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

from core.dates import month_number

_WS = re.compile(r"\s+")
_AGENDA_ITEM = re.compile(
    r"^Meeting:\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*[-\u2013]\s*(.+?)\s*(?:\(Item [^)]*\))?$"
)
_MEETING_OF = re.compile(
    r"^Meeting of (.+?),\s*(?:[A-Z][a-z]+day,?\s*)?(\d{1,2})(?:st|nd|rd|th)?\s+([A-Z][a-z]+),?\s+(\d{4})",
    re.I,
)


def _iso(year: str, month: int | None, day: str) -> str | None:
    if not month or not 1 <= month <= 12 or not 1 <= int(day) <= 31:
        return None
    return f"{int(year):04d}-{month:02d}-{int(day):02d}"


def _text(tag) -> str:
    return _WS.sub(" ", tag.get_text(" ")).strip() if tag is not None else ""


def page_meta(soup: BeautifulSoup) -> dict:
    """``html_title``, and on ModernGov pages ``moderngov_page``, ``meeting_body``, ``meeting_date``."""
    meta: dict = {}
    title = _text(soup.title)
    if title:
        meta["html_title"] = title
    modgov = soup.find(id="modgov")
    if modgov is None:
        return meta
    kind = _text(modgov.find(class_="mgMainTitleTxt"))
    if kind:
        meta["moderngov_page"] = kind
    for sub in modgov.find_all(class_="mgSubTitleTxt", limit=3):
        line = _text(sub)
        m = _AGENDA_ITEM.match(line)
        if m:
            day, month, year, body = m.groups()
            meta.update(meeting_body=body, meeting_date=_iso(year, int(month), day))
            break
        m = _MEETING_OF.match(line)
        if m:
            body, day, month, year = m.groups()
            meta.update(meeting_body=body.strip(), meeting_date=_iso(year, month_number(month), day))
            break
    return {k: v for k, v in meta.items() if v}
