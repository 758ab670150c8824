"""The items of a set of minutes: where each begins and the number it is filed under.

Minutes print one heading per agenda item, in a few layouts:

- a minute number and a title: "86. Minutes of the Meeting held on 9th January 2025", often
  with the agenda item on the next line ("(Item 3)");
- an upper-case title after the number: "2 MINUTES OF THE MEETING HELD ON 23 JUNE 2009 (Agenda
  item 3)";
- a title alone with the agenda item under it: "Participation Team Update" then "(Item 4)".

A resolution belongs to the item whose heading comes last before it; its ``item`` is the minute
number where one is printed, else the agenda item number. A heading also ends any list of
resolutions still open above it. Numbered headings are trusted only in minutes (a text with a
"Resolved" line or an "(Item N)" marker): in a report, "1. Approve the Strategy" is a
recommendation, not an item.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

from core.text import collapse
from extractors.recommendation_vocabulary import phrase_pattern

_MARKER = re.compile(r"^\(?\s*(?:agenda\s+)?item\s+(?P<n>\d{1,3}[a-z]?)\s*\)?\.?$", re.I)
_TRAILING_MARKER = re.compile(r"\s*\(\s*(?:agenda\s+)?item\s+(?P<n>\d{1,3}[a-z]?)\s*\)\s*$", re.I)
_NUMBERED = re.compile(r"^(?P<n>\d{1,4})\.?\s+(?P<title>\S.*)$")
_SMALL = set("a an and as at by for from in into of on or the to with - – — & vs".split())
#: What only minutes print at the start of a line: "Resolved" or "Agreed" (maybe numbered), "(Item 3)".
_MINUTES_LINES = (r"\s*(?:\d{1,3}\.?\s+)?(?:resolved|agreed)\b", r"\(\s*(?:agenda\s+)?item\s+\d")
#: Each at the start of the text or after a line break, searched as "\n..." (the engine skips
#: to each line break; a multi-line "^..." is tried at every character, three times slower).
_AT_TEXT_START = tuple(re.compile(line, re.I) for line in _MINUTES_LINES)
_AFTER_BREAK = tuple(re.compile(r"\n" + line, re.I) for line in _MINUTES_LINES)
_MAX_TITLE_WORDS = 16
_MAX_CONFIRMED_WORDS = 32  # a title confirmed by its "(Item N)" may wrap over three lines
#: The most words a heading paragraph prints: its title, its minute number ("86.") and the words
#: of a trailing item marker ("( Agenda item 12a )": _TRAILING_MARKER). A longer paragraph is prose
#: (most of the text of minutes is), passed over before it is collapsed.
_MAX_PARAGRAPH_WORDS = _MAX_CONFIRMED_WORDS + 1 + 5


@dataclass(frozen=True)
class MinuteItem:
    """A minute heading: the span of its first line and the number a resolution is filed under."""

    start: int
    end: int
    number: str


class MinuteItems:
    """The minute headings of a text, for finding the item an offset belongs to."""

    def __init__(self, text: str, paragraphs: tuple[tuple[int, int], ...]) -> None:
        self.items = _headings(text, paragraphs)
        self._starts = [h.start for h in self.items]
        self._by_start = {h.start: h for h in self.items}

    def heading_at(self, start: int) -> MinuteItem | None:
        """The heading whose first line starts at ``start``, if any."""
        return self._by_start.get(start)

    def number_at(self, offset: int) -> str | None:
        """The item number of the heading last before ``offset``."""
        i = bisect.bisect_right(self._starts, offset) - 1
        return self.items[i].number if i >= 0 else None


def _is_minutes(text: str) -> bool:
    """Does a line of ``text`` open with what only minutes print (see _MINUTES_LINES)?"""
    return any(p.match(text) for p in _AT_TEXT_START) or any(p.search(text) for p in _AFTER_BREAK)


def _headings(text: str, paras: tuple[tuple[int, int], ...]) -> list[MinuteItem]:
    """The headings, paragraph by paragraph: a heading is a paragraph of its own (one to three
    lines); its first line may carry the minute number, and its last or the next paragraph the
    agenda item marker."""
    if not _is_minutes(text):
        return []
    found: list[MinuteItem] = []
    for i, (start, end) in enumerate(paras):
        para = _short(text, start, end)
        if para is None or _MARKER.match(para):
            continue
        if i + 1 < len(paras) and text[paras[i + 1][0]].islower():
            continue  # a sentence broken by a blank line, not a heading
        first_end = text.find("\n", start, end)
        first_end = end if first_end == -1 else first_end
        marker = _TRAILING_MARKER.search(para)
        if marker is None and i + 1 < len(paras):
            following = _short(text, *paras[i + 1])
            marker = _MARKER.match(following) if following is not None else None
        title = _TRAILING_MARKER.sub("", para)
        m = _NUMBERED.match(title)
        if m:
            title = m.group("title")
        if marker is not None and _heading_text(title, confirmed=True):
            found.append(MinuteItem(start, first_end, m.group("n") if m else marker.group("n")))
        elif m and _heading_text(title, confirmed=False):
            found.append(MinuteItem(start, first_end, m.group("n")))
    return found


def _short(text: str, start: int, end: int) -> str | None:
    """The paragraph ``text[start:end]`` collapsed, or None when it has more words than a heading
    or an item marker prints (prose: passed over before it is collapsed)."""
    if len(text[start:end].split(None, _MAX_PARAGRAPH_WORDS)) > _MAX_PARAGRAPH_WORDS:
        return None
    return collapse(text[start:end])


def _heading_text(title: str, confirmed: bool) -> bool:
    """A heading's text: short, not a sentence, not a resolution; unless an item marker confirms
    it, its words capitalised (small words aside)."""
    title = title.strip()
    words = title.split()
    limit = _MAX_CONFIRMED_WORDS if confirmed else _MAX_TITLE_WORDS
    if not words or title.endswith((".", ";", ",", ":")) or len(words) > limit:
        return False
    if not (title[0].isupper() or title[0].isdigit()) or _lead_word(title):
        return False
    if confirmed:
        return True
    big = [w for w in words if w.lower() not in _SMALL and any(c.isalpha() for c in w)]
    capital = sum(w[0].isupper() or w[0].isdigit() or not w[0].isalnum() for w in big)
    return bool(big) and capital / len(big) >= 0.75


@cache
def _leads() -> tuple[re.Pattern, ...]:
    return phrase_pattern("imperatives", anchored=True), phrase_pattern("resolution_headings", anchored=True)


def _lead_word(title: str) -> bool:
    """Does the title begin like a resolution or recommendation ("Resolved", "Note the ...")?"""
    return any(p.match(title) for p in _leads())
