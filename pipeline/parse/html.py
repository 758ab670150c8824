"""HTML: the page's content as clean blocks of text, the council site's chrome left behind.

ModernGov, the committee system most English councils run, puts the document in ``div#modgov``
(agenda items, meeting documents, issue histories); other pages are read from ``main``, an
``article`` or the body. Navigation, headers, footers, breadcrumbs, cookie banners, scripts and
forms are dropped. Each heading, paragraph, list item ("• ", or "1. " in a numbered list) and
table row (cells joined with " | ") becomes one block, blocks separated by a blank line.

The tree is built by BeautifulSoup on lxml (which, unlike ``lxml.html`` alone, has no nesting
limit that silently drops text) and walked with an explicit stack, never by recursion, so an
absurdly nested page cannot crash the parser; if anything still recurses too deep, a flat
event-based extraction takes over.
"""

from __future__ import annotations

import re
import warnings
from html.parser import HTMLParser

from bs4 import BeautifulSoup, Tag, XMLParsedAsHTMLWarning
from bs4.element import Comment, Declaration, Doctype, NavigableString, ProcessingInstruction

from core.document import Page
from pipeline.parse import encoding
from pipeline.parse.common import clean_text
from pipeline.parse.html_meta import page_meta

_DROP = frozenset(
    "script style noscript template svg iframe object embed head title meta link input select option "
    "button textarea nav aside dialog map canvas video audio".split()
)
_BLOCK = frozenset(
    "address article blockquote body caption center dd details div dl dt fieldset figcaption figure form "
    "h1 h2 h3 h4 h5 h6 header footer hgroup hr html li main ol p section summary table tbody thead tfoot "
    "td th tr ul".split()
)
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_CHROME_ROLES = frozenset("navigation banner contentinfo search complementary menu menubar toolbar".split())
_CHROME_TOKENS = frozenset(
    "nav navbar navigation menu megamenu breadcrumb breadcrumbs crumbs cookie cookies consent skip "
    "skiplinks skiplink footer masthead sidebar social share sharing toolbar banner header".split()
)
_TOKEN = re.compile(r"[^a-zA-Z0-9]+|(?<=[a-z0-9])(?=[A-Z])")
_WS = re.compile(r"\s+")
_SKIPPED_STRINGS = (Comment, Declaration, Doctype, ProcessingInstruction)
_LAYOUT_CELL_CHARS = 600


def parse_html_page(data: bytes, name: str) -> tuple[str, list[Page], dict]:
    """Text, pages (one) and page metadata of an HTML file."""
    markup = encoding.decode(data, encoding.declared_charset(data))
    try:
        with warnings.catch_warnings():  # XHTML pages ("<?xml ...>" first) are read as HTML on purpose
            warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
            soup = BeautifulSoup(markup, "lxml")
        meta = page_meta(soup)
        blocks = _blocks(content_root(soup))
    except RecursionError:
        meta, blocks = {}, flat_blocks(markup)
    text = "\n\n".join(b for b in (clean_text(b).strip() for b in blocks) if b)
    return text, [Page(1, 0, len(text))], meta


def parse_html(data: bytes, name: str) -> tuple[str, list[Page]]:
    """Text and pages of an HTML file (see :func:`parse_html_page` for the metadata too)."""
    text, pages, _ = parse_html_page(data, name)
    return text, pages


def content_root(soup: BeautifulSoup) -> Tag:
    """The element that holds the document: ModernGov's ``#modgov``, else main/article/body."""
    candidates = [
        soup.find(id="modgov"),
        soup.find("main"),
        soup.find(attrs={"role": "main"}),
        soup.find(id=re.compile(r"^(main-?content|content|main|page-?content)$", re.I)),
    ]
    articles = soup.find_all("article", limit=2)
    if len(articles) == 1:
        candidates.insert(3, articles[0])
    for tag in candidates:
        if tag is not None and tag.get_text(strip=True):
            return tag
    return soup.body or soup


def _tokens(tag: Tag) -> set[str]:
    values = [tag.get("id") or ""] + list(tag.get("class") or [])
    return {t.lower() for v in values for t in _TOKEN.split(str(v)) if t}


def _is_title_header(tag: Tag) -> bool:
    """A header that carries the page's own heading (kept) rather than the site's banner."""
    return tag.find(_HEADINGS[:3]) is not None and tag.find(["nav", "form", "ul"]) is None


def is_chrome(tag: Tag) -> bool:
    """True for site furniture: navigation, banners, footers, breadcrumbs, cookie notices, forms."""
    if tag.name in _DROP or tag.name == "footer" or tag.has_attr("hidden"):
        return True
    if "display:none" in str(tag.get("style") or "").replace(" ", "").lower():
        return True
    if str(tag.get("role") or "").lower() in _CHROME_ROLES:
        return True
    tokens = _tokens(tag)
    if tokens & _CHROME_TOKENS - {"header"}:
        return True
    if tag.name == "header" or "header" in tokens:
        return not _is_title_header(tag)
    return False


class _Writer:
    """Collects inline text and turns it into blocks at block boundaries."""

    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.buf: list[str] = []
        self.prefix = ""

    def flush(self) -> None:
        lines = [_WS.sub(" ", part).strip() for part in "".join(self.buf).split("\n")]
        lines = [line for line in lines if line]
        self.buf = []
        if lines:
            self.blocks.append(self.prefix + "\n".join(lines))
            self.prefix = ""

    def block(self, text: str) -> None:
        self.flush()
        if text.strip():
            self.blocks.append(text)


def _blocks(root: Tag) -> list[str]:
    """Walk ``root`` depth-first with an explicit stack and return its text blocks."""
    out = _Writer()
    stack: list[tuple[bool, object]] = [(False, root)]
    counters: dict[int, int] = {}  # id(ol) -> next number
    while stack:
        leaving, node = stack.pop()
        if leaving:
            out.flush()
            continue
        if isinstance(node, NavigableString):
            if not isinstance(node, _SKIPPED_STRINGS):
                out.buf.append(str(node))
            continue
        if not isinstance(node, Tag) or (node is not root and is_chrome(node)):
            continue
        name = node.name
        if name == "br":
            out.buf.append("\n")
            continue
        if name == "pre":
            lines = [line.rstrip() for line in node.get_text().split("\n")]
            out.block("\n".join(line for line in lines if line.strip()))
            continue
        if name == "tr" and not _is_layout_row(node):
            out.block(_row_text(node))
            continue
        if name in _BLOCK:
            out.flush()
            if name == "li":
                out.prefix = _list_prefix(node, counters)
            stack.append((True, node))
        stack.extend((False, child) for child in reversed(node.contents))
    out.flush()
    return out.blocks


def _list_prefix(li: Tag, counters: dict[int, int]) -> str:
    parent = li.parent
    if parent is None or parent.name != "ol":
        return "• "
    key = id(parent)
    if key not in counters:
        start = str(parent.get("start") or "1")
        counters[key] = int(start) if start.isdigit() else 1
    value = str(li.get("value") or "")
    number = int(value) if value.isdigit() else counters[key]
    counters[key] = number + 1
    kind = str(parent.get("type") or "1")
    if kind in ("a", "A") and number <= 26:
        label = chr(ord(kind) + number - 1)
    elif kind in ("i", "I"):
        label = _roman(number) if kind == "i" else _roman(number).upper()
    else:
        label = str(number)
    return f"{label}. "


def _roman(n: int) -> str:
    out = ""
    for value, numeral in [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ]:
        while n >= value:
            out, n = out + numeral, n - value
    return out


def _cells(tr: Tag) -> list[Tag]:
    return [c for c in tr.find_all(["td", "th"], recursive=False)]


def _is_layout_row(tr: Tag) -> bool:
    """A row used for page layout: cells holding tables, lists, headings, or several paragraphs."""
    cells = _cells(tr)
    if len(cells) < 2:
        return True
    for cell in cells:
        if cell.find(["table", "ul", "ol", *_HEADINGS, "blockquote", "pre"]) is not None:
            return True
        if len(cell.find_all("p", limit=3)) >= 3 or len(cell.get_text()) > _LAYOUT_CELL_CHARS:
            return True  # an item with its minutes (ModernGov's agenda tables), not a cell
    return False


def _row_text(tr: Tag) -> str:
    """One line for a data row: the cells' text joined with " | " (trailing empty cells dropped)."""
    cells = [_WS.sub(" ", c.get_text(" ")).strip() for c in _cells(tr)]
    while cells and not cells[-1]:
        cells.pop()
    return " | ".join(cells) if any(cells) else ""


class _FlatText(HTMLParser):
    """Event-based fallback: text with a break at every block tag, scripts and styles skipped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out = _Writer()
        self.skip = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in ("script", "style", "head", "noscript", "template"):
            self.skip += 1
        elif tag == "br":
            self.out.buf.append("\n")
        elif tag in _BLOCK:
            self.out.flush()
            if tag == "li":
                self.out.prefix = "• "

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head", "noscript", "template"):
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK:
            self.out.flush()

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.out.buf.append(data)


def flat_blocks(markup: str) -> list[str]:
    """Blocks of text from an event stream: no tree, so no nesting can exhaust the stack."""
    parser = _FlatText()
    parser.feed(markup)
    parser.close()
    parser.out.flush()
    return parser.out.blocks
