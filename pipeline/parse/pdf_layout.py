"""PDF layout: lines with positions in, clean page text out.

pdfium gives hard-wrapped lines in content order. From the position of each line this module
removes running headers, footers and page numbers that repeat across pages, puts a blank line
where the layout shows a paragraph gap (or a heading, a list item, a table row), and resolves
words that pdfium joined across a line-end hyphen. Everything here is pure: plain data in,
strings out, so it is tested without any PDF.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

#: pdfium marks a hyphen it removed at a line end (the word continues on the next line) with this.
SOFT_HYPHEN = "\ufffe"


@dataclass
class Line:
    """One line of a page: its text and position in PDF points (origin bottom left, y upwards).

    ``bottom``/``top`` are those of the line's first character and ``end_bottom``/``end_top`` of
    its last: they differ when pdfium has joined a word hyphenated across two visual lines.
    """

    text: str
    left: float
    bottom: float
    right: float
    top: float
    end_bottom: float | None = None
    end_top: float | None = None
    table: bool = False  # a table row rendered "cell | cell | cell"

    def __post_init__(self) -> None:
        if self.end_bottom is None:
            self.end_bottom = self.bottom
        if self.end_top is None:
            self.end_top = self.top

    @property
    def height(self) -> float:
        return self.top - self.bottom

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


_PAGE_NUMBER = re.compile(
    r"(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?|[-\u2013\u2014]\s*\d{1,4}\s*[-\u2013\u2014]"
    r"|(?=[ivxlc])c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})",
    re.I,
)
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")
_BULLET = re.compile(
    r"^(?:[\u2022\u25cf\u25aa\u25a0\u25e6\u2023\u2043\u2219\u00b7\uf0b7\uf0a7\uf076\uf0d8*\u27a2\u2713\u2714o-]\s"
    r"|\(?[0-9]{1,2}(?:\.[0-9]{1,2})*[.)]\s|\(?[a-z][.)]\s|\([ivx]{1,5}\)\s|[ivx]{1,5}[.)]\s)"
)
_SENTENCE_END = re.compile(r"[.:;!?][\"'\u2019\u201d)]?$")

#: A header/footer candidate is among the first or last ``_EDGE_LINES`` lines of a page by position,
#: inside the top or bottom ``_EDGE_ZONE`` of the page height.
_EDGE_LINES = 2
_EDGE_ZONE = 0.2
#: Lines of a running header or footer sit within this many points of each other's height.
_SAME_PLACE = 4.0


def _key(text: str, blank_numbers: bool = True) -> str:
    """What a running header or footer keeps from page to page: its words (numbers blanked)."""
    text = _DIGITS.sub("#", text.lower()) if blank_numbers else text.lower()
    return _SPACES.sub(" ", text).strip()


def _edge_lines(lines: list[Line], page_height: float) -> list[Line]:
    by_position = sorted(lines, key=lambda line: -line.middle)
    top = [ln for ln in by_position[:_EDGE_LINES] if ln.middle >= page_height * (1 - _EDGE_ZONE)]
    bottom = [ln for ln in by_position[-_EDGE_LINES:] if ln.middle <= page_height * _EDGE_ZONE]
    return [ln for ln in {id(ln): ln for ln in top + bottom}.values() if not ln.table]


def _support(edges: list[list[Line]], key) -> dict[int, int]:
    """For each edge line (by id): on how many pages the same ``key`` sits at the same height.

    ``key(line)`` gives (words, number): lines count together when their words match, and, if
    a number was split off, when it runs with the page (number - page is the same).
    """
    groups: dict[str, list[tuple[int, Line, int | None]]] = {}
    for page, lines in enumerate(edges):
        for ln in lines:
            words, number = key(ln.text)
            if words:
                groups.setdefault(words, []).append((page, ln, number))
    support = {}
    for members in groups.values():
        places: dict[int, list[tuple[int, float, int | None]]] = {}
        for page, ln, number in members:
            places.setdefault(round(ln.middle / _SAME_PLACE), []).append((page, ln.middle, number))
        known: dict[tuple[float, int | None], int] = {}  # lines at one height with one offset agree
        for page, ln, number in members:
            middle = ln.middle
            offset = None if number is None else number - page
            if (middle, offset) not in known:
                place = round(middle / _SAME_PLACE)
                known[middle, offset] = len(
                    {
                        p
                        for b in (place - 1, place, place + 1)
                        for p, other, n in places.get(b, ())
                        if abs(other - middle) <= _SAME_PLACE
                        and (offset is None or n is not None and n - p == offset)
                    }
                )
            support[id(ln)] = known[middle, offset]
    return support


_NUMBERED = re.compile(
    r"^(?:page\s*)?(?P<lead>\d{1,4})\s*[|:\u2013\u2014-]?\s+(?P<rest>\D.*)$"
    r"|^(?P<text>.*?\D)\s*[|:,\u2013\u2014-]?\s*(?:page\s*)?(?P<tail>\d{1,4})(?:\s*(?:of|/)\s*\d{1,4})?$",
    re.I,
)


def _exact(text: str) -> tuple[str, None]:
    return _key(text, False), None


def _blanked(text: str) -> tuple[str, None]:
    return _key(text), None


def _page_numbered(text: str) -> tuple[str, int | None]:
    """Words and page number of "Chapter 2: Structure 14" or "14 | Annual Report"."""
    m = _NUMBERED.match(text.strip())
    if not m:
        return "", None
    words, number = (
        (m.group("rest"), m.group("lead")) if m.group("lead") else (m.group("text"), m.group("tail"))
    )
    return _key(words, False), int(number)


def strip_running(pages: list[list[Line]], heights: list[float]) -> list[list[Line]]:
    """Remove running headers/footers (same words at a page edge on several pages) and page numbers.

    A line at the top or bottom edge of its page, no larger than body text, is removed when:
    it is a bare page number ("3", "Page 3 of 12", "- 3 -"); or the same words sit at the same
    height on at least 2 pages of a short document (3 of a longer one); or they do with a page
    number that runs with the pages ("Chapter 2: Findings 14", "15", ...); or, whatever their
    numbers ("Devon County Council 2014 - Page 4"), on at least half the pages. A heading that
    opens a page stays even when it repeats the header's words, as it does not sit where the
    header does; larger type than the body is a heading, never furniture.
    """
    edges = [_edge_lines(lines, height) for lines, height in zip(pages, heights, strict=False)]
    supports = [_support(edges, _exact), _support(edges, _page_numbered), _support(edges, _blanked)]
    need = 2 if len(pages) <= 3 else 3
    needs = [need, need, max(need, (len(pages) + 1) // 2)]
    body = Counter(_height_key(ln.height) for lines in pages for ln in lines if not ln.table)
    body_height = body.most_common(1)[0][0] if body else 0.0

    def running(ln: Line) -> bool:
        if ln.height > body_height * 1.1 + 0.5:
            return False
        if _PAGE_NUMBER.fullmatch(ln.text.strip()):
            return True
        return len(pages) > 1 and any(s.get(id(ln), 0) >= n for s, n in zip(supports, needs, strict=True))

    out = []
    for lines, edge in zip(pages, edges, strict=False):
        drop = {id(ln) for ln in edge if running(ln)}
        out.append([ln for ln in lines if id(ln) not in drop])
    return out


def _height_key(height: float) -> float:
    return round(height * 2) / 2


def line_pitches(pages: list[list[Line]]) -> dict[float, float]:
    """The usual baseline-to-baseline distance of wrapped lines, per line height (font size).

    Measured over the whole document, as the most common distance between consecutive lines of
    the same height, and trusted only when it is a plausible line spacing (under 1.6 line
    heights, seen at least twice): a cover page of one-line paragraphs, or a run of headings,
    shows its paragraph spacing most often, and must not make that spacing look normal.
    """
    counts: dict[float, Counter] = {}
    for lines in pages:
        heights = [ln.top - ln.bottom for ln in lines]
        for i in range(1, len(lines)):
            prev, line, height = lines[i - 1], lines[i], heights[i]
            if prev.table or line.table or abs(heights[i - 1] - height) > 0.5:
                continue
            pitch = prev.end_bottom - line.bottom
            if 0.8 * height < pitch < 3 * height:
                key = round(height * 2) / 2
                counter = counts.get(key)
                if counter is None:
                    counter = counts[key] = Counter()
                counter[round(pitch * 2) / 2] += 1
    out = {}
    for key, counter in counts.items():
        pitch, seen = counter.most_common(1)[0]
        if seen >= 2 and pitch < 1.6 * key:
            out[key] = pitch
    return out


def page_text(lines: list[Line], pitches: dict[float, float] | None = None) -> str:
    """The page's lines, with a blank line wherever a new block (paragraph, item, row) starts.

    ``pitches`` comes from :func:`line_pitches` over the whole document (this page alone if absent).
    """
    if not lines:
        return ""
    pitches = line_pitches([lines]) if pitches is None else pitches
    text_lines = [ln for ln in lines if not ln.table]
    right = max((ln.right for ln in text_lines), default=0.0)
    left = min((ln.left for ln in text_lines), default=0.0)
    heights = [ln.top - ln.bottom for ln in lines]
    expected = [pitches.get(round(h * 2) / 2) or 1.2 * h for h in heights]
    parts = [lines[0].text]
    for i in range(1, len(lines)):
        prev, line = lines[i - 1], lines[i]
        new = _new_block(
            prev, line, heights[i - 1], heights[i], min(expected[i - 1], expected[i]), left, right
        )
        parts.append("\n\n" if new else "\n")
        parts.append(line.text)
    return "".join(parts)


def _new_block(
    prev: Line, line: Line, prev_height: float, height: float, expected: float, left: float, right: float
) -> bool:
    """Whether ``line`` starts a new block after ``prev``; ``expected`` is their usual line pitch."""
    if prev.table or line.table or _BULLET.match(line.text):
        return True
    if line.bottom > prev.end_top:  # moved up: a new column, a text box, or a footer drawn early
        return True
    small, large = (prev_height, height) if prev_height <= height else (height, prev_height)
    if small and large / small > 1.2:  # a change of font size: a heading starts or ends
        return True
    if prev.end_bottom - line.bottom > expected * 1.25 + 0.5:
        return True
    short = right - prev.right > 0.2 * max(right - left, 1)
    return short and bool(_SENTENCE_END.search(prev.text)) and line.text[:1].isupper()


_SPLIT = re.compile(rf"(\w+){SOFT_HYPHEN}(\w+)")
_WORD = re.compile(r"[\w'-]+")
#: First halves that make a hyphenated compound, not a broken word ("well-being", "co-ordinate").
#: Prefixes that are also common syllables ("re", "pre", "inter", "under") are not among them:
#: "re-/sponsibility" is a broken word far more often than a compound.
_COMPOUND_HEADS = frozenset(
    "well self non co cross multi semi full part long short high low front early ill".split()
)


def _word_counts(page_texts: list[str]) -> Counter:
    """How often each word (lower-cased) occurs in the pages, split hyphens read as spaces.

    Counted as printed first (in C), then folded per distinct word: lower-casing each of the
    hundreds of thousands of words of a long report one by one cost more than finding them.
    """
    printed: Counter = Counter()
    for text in page_texts:
        printed.update(_WORD.findall(text.replace(SOFT_HYPHEN, " ")))
    seen: Counter = Counter()
    for word, count in printed.items():
        seen[word.lower()] += count
    return seen


def resolve_hyphens(page_texts: list[str]) -> list[str]:
    """Rejoin words that pdfium split at a line-end hyphen, keeping the hyphen when it belongs.

    "recommend-/ation" becomes "recommendation"; "well-/being" stays "well-being". The document
    itself is the dictionary: a form seen elsewhere in it wins; then a known compound head keeps
    its hyphen; otherwise a lower-case continuation is a word broken by the typesetter.
    """
    if not any(SOFT_HYPHEN in t for t in page_texts):
        return page_texts
    seen = _word_counts(page_texts)

    def join(m: re.Match) -> str:
        head, tail = m.group(1), m.group(2)
        hyphenated, closed = f"{head}-{tail}".lower(), f"{head}{tail}".lower()
        if seen[hyphenated] > seen[closed]:
            return f"{head}-{tail}"
        if seen[closed]:
            return head + tail
        if head.lower() in _COMPOUND_HEADS or not tail[:1].islower() or head[-1:].isdigit():
            return f"{head}-{tail}"
        return head + tail

    # Only pages holding a split word are searched: the pattern tries every word of a page.
    return [_SPLIT.sub(join, t).replace(SOFT_HYPHEN, "-") if SOFT_HYPHEN in t else t for t in page_texts]
