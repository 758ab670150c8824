"""PDF: text per page from pypdfium2 (fast), ruled tables as rows, page numbers kept.

Each page's lines come from pdfium with their positions. Pages that draw table rules (and
only those) have their tables found by pdfplumber's table finder from those rules, and each
row written as one line, cells joined with " | " (see :mod:`pdf_tables`). Running headers,
footers and page numbers are removed, paragraphs are separated by a blank line, and words
split at a line-end hyphen are rejoined (see :mod:`pdf_layout`). Each page keeps its own span
of the text, so every record's page number is right.
"""

from __future__ import annotations

import io
import re

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from core.document import Page
from pipeline.parse.common import CorruptPDF, EncryptedPDF, NeedsOCR, NoPages, join_pages
from pipeline.parse.pdf_layout import Line, line_pitches, page_text, resolve_hyphens, strip_running
from pipeline.parse.pdf_tables import cell_rows, page_rules, read_tables, replace_tables

#: A page with fewer visible characters than this has no real text layer (a scan, a stamp).
MIN_PAGE_CHARS = 25
#: Ruled pages whose pdfium page stays open for reading table cells (more are opened again):
#: opening a page twice cost as much as reading its text, and the cap bounds the memory held.
KEEP_OPEN = 32


def open_pdf(data: bytes, name: str) -> pdfium.PdfDocument:
    """Open with pdfium, turning its failures into errors that say what to do."""
    if b"%%EOF" not in data:
        raise CorruptPDF.for_file(name, "the PDF is truncated (it has no end-of-file marker)")
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        # pdfium's error code can be left over from an earlier document, so the bytes confirm it
        code = getattr(exc, "err_code", None)
        if code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY) and b"/Encrypt" in data:
            raise EncryptedPDF.for_file(name) from exc
        if _page_count(data) == 0:
            raise NoPages.for_file(name) from exc  # pdfium refuses an empty page tree without a reason
        raise CorruptPDF.for_file(name, f"the PDF is truncated or corrupt ({exc})") from exc


def _page_count(data: bytes) -> int | None:
    """The page count pdfminer reads (None if it cannot): a second opinion when pdfium gives up."""
    import pdfplumber

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return len(pdf.pages)
    except Exception:  # noqa: BLE001 - any failure here means "corrupt", which is already the verdict
        return None


def _char_index(textpage: pdfium.PdfTextPage, text_index: int, same: bool) -> int:
    if same:
        return text_index
    return pdfium_c.FPDFText_GetCharIndexFromTextIndex(textpage.raw, text_index)


def page_lines(textpage: pdfium.PdfTextPage) -> list[Line]:
    """The page's non-blank lines in content order, each with the box of its first/last character."""
    count = textpage.count_chars()
    if count <= 0:
        return []
    raw = textpage.get_text_range()
    same = len(raw) == count
    lines: list[Line] = []

    rect, raw_page = pdfium_c.FS_RECTF(), textpage.raw  # one rectangle a page, filled per box

    def box(text_index: int) -> tuple[float, float, float, float]:
        """``textpage.get_charbox(index, loose=True)``, without a new ctypes struct per call."""
        if not pdfium_c.FPDFText_GetLooseCharBox(raw_page, _char_index(textpage, text_index, same), rect):
            raise pdfium.PdfiumError("Failed to get charbox.")
        return rect.left, rect.bottom, rect.right, rect.top

    for m in _TRIMMED_LINE.finditer(raw):
        a, b = box(m.start(1)), box(m.end(1) - 1)
        lines.append(Line(_squeeze(m.group(1)), a[0], a[1], b[2], a[3], b[1], b[3]))
    return lines


#: A line of pdfium's text (between "\r\n", "\r" or "\n") without its surrounding white space.
_TRIMMED_LINE = re.compile(r"[^\S\r\n]*(\S(?:[^\r\n]*\S)?)")


_RUNS = re.compile(r"[ \t]{2,}")


def _squeeze(text: str) -> str:
    return _RUNS.sub(" ", text) if "  " in text or "\t" in text else text


def _open(pdf: pdfium.PdfDocument, index: int) -> tuple[pdfium.PdfPage, pdfium.PdfTextPage]:
    page = pdf[index]
    return page, page.get_textpage()


def parse_pdf(data: bytes, name: str) -> tuple[str, list[Page]]:
    """Text and page spans of a PDF; raises a :class:`ParseError` subclass naming what is wrong."""
    pdf = open_pdf(data, name)
    open_pages: dict[int, tuple[pdfium.PdfPage, pdfium.PdfTextPage]] = {}
    try:
        if len(pdf) == 0:
            raise NoPages.for_file(name)
        pages, heights, ruled = [], [], {}
        for index in range(len(pdf)):
            try:
                page = pdf[index]
                textpage = page.get_textpage()
            except pdfium.PdfiumError as exc:
                raise CorruptPDF.for_file(name, f"page {index + 1} of the PDF is corrupt ({exc})") from exc
            pages.append(page_lines(textpage))
            heights.append(page.get_height())
            rules = page_rules(page)
            if rules.ruled:
                ruled[index] = rules
            if rules.ruled and len(open_pages) < KEEP_OPEN:  # its cells are read after pdfplumber
                open_pages[index] = (page, textpage)
            else:
                textpage.close()
                page.close()
        visible = [sum(len(ln.text.replace(" ", "")) for ln in lines) for lines in pages]
        if max(visible) < MIN_PAGE_CHARS:
            raise NeedsOCR.for_file(name, f"the PDF has {len(pages)} page(s) but no text layer (a scan?)")
        if ruled:
            for index, tables in read_tables(data, ruled).items():
                page, textpage = open_pages.pop(index, None) or _open(pdf, index)
                pages[index] = replace_tables(pages[index], [(t, cell_rows(textpage, t)) for t in tables])
                textpage.close()
                page.close()
    finally:
        for page, textpage in open_pages.values():
            textpage.close()
            page.close()
        pdf.close()
    pages = strip_running(pages, heights)
    pitches = line_pitches(pages)
    return join_pages(resolve_hyphens([page_text(lines, pitches) for lines in pages]))
