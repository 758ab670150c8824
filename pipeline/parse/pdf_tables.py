"""Ruled tables in PDFs: rules found cheaply with pdfium, tables built by pdfplumber, one line per row.

pdfplumber finds tables well but reads a page about 25 times slower than pdfium, so it never
reads a page: pdfium lists each page's long straight strokes (lines, and the edges of
rectangles) from its path objects, a page with at least three horizontal and two vertical
ones has a ruled table, and only for such pages pdfplumber's table finder is given those
rules as explicit edges. It joins them into cells and tables; pdfium then reads each cell's
text. A page of prose with a rule under its header never qualifies; a chart of curves does
not either.
"""

from __future__ import annotations

import ctypes
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.parse.pdf_layout import SOFT_HYPHEN, Line

#: A stroke shorter than this (points) is a glyph, tick or icon, not a table rule.
MIN_RULE = 10.0
_MAX_SEGMENTS = 2000  # a path with more segments is a drawing or a map: judged by its box only
_WS = re.compile(r"\s+")

Box = tuple[float, float, float, float]  # left, bottom, right, top in PDF points (y upwards)


@dataclass
class Rules:
    """A page's long straight strokes: horizontal ``(x0, x1, y)`` and vertical ``(x, y0, y1)``."""

    horizontal: list[tuple[float, float, float]] = field(default_factory=list)
    vertical: list[tuple[float, float, float]] = field(default_factory=list)

    @property
    def ruled(self) -> bool:
        """Enough rules for a table: three horizontal and two vertical."""
        return len(self.horizontal) >= 3 and len(self.vertical) >= 2

    def add(self, a: tuple[float, float], b: tuple[float, float]) -> None:
        dx, dy = abs(a[0] - b[0]), abs(a[1] - b[1])
        if dy <= 1 and dx >= MIN_RULE:
            self.horizontal.append((min(a[0], b[0]), max(a[0], b[0]), (a[1] + b[1]) / 2))
        elif dx <= 1 and dy >= MIN_RULE:
            self.vertical.append(((a[0] + b[0]) / 2, min(a[1], b[1]), max(a[1], b[1])))


@dataclass
class Table:
    """A table found on a page: its box, and each row's cell boxes (None where cells merge)."""

    left: float
    bottom: float
    right: float
    top: float
    cells: list[list[Box | None]]


def _add_path(rules: Rules, obj, box: tuple[ctypes.c_float, ...]) -> None:
    """Add the long straight strokes one path object (a raw pdfium handle) draws; ``box`` is
    four floats for pdfium to write its bounds in (made once a page: ctypes objects are dear)."""
    if not pdfium_c.FPDFPageObj_GetBounds(obj, *box):
        raise pdfium.PdfiumError("Failed to locate pageobject.")
    left, bottom, right, top = box[0].value, box[1].value, box[2].value, box[3].value
    if top - bottom <= 3 or right - left <= 3:  # a line drawn on its own: its box is the rule
        middle_y, middle_x = (top + bottom) / 2, (left + right) / 2
        rules.add((left, middle_y), (right, middle_y)) if top - bottom <= 3 else rules.add(
            (middle_x, bottom), (middle_x, top)
        )
        return
    count = pdfium_c.FPDFPath_CountSegments(obj)
    if count <= 0 or count > _MAX_SEGMENTS:
        return
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        raise pdfium.PdfiumError("Failed to get matrix of pageobject.")
    a, b, c, d, e, f = m.a, m.b, m.c, m.d, m.e, m.f
    x, y = ctypes.c_float(), ctypes.c_float()
    start = prev = None
    for i in range(count):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        pdfium_c.FPDFPathSegment_GetPoint(seg, x, y)
        point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = point
        elif kind == pdfium_c.FPDF_SEGMENT_LINETO and prev is not None:
            rules.add(prev, point)
            if pdfium_c.FPDFPathSegment_GetClose(seg) and start is not None:
                rules.add(point, start)
        prev = point


def _path_objects(parent, form: bool, level: int = 0, max_depth: int = 3) -> Iterator:
    """Raw handles of the path objects of a page (or form XObject), forms descended into as
    ``PdfPage.get_objects(filter=[PATH], max_depth=3)`` does, in the same order. pypdfium2's
    helper wraps every object of every type in a Python object before filtering, which cost
    more than the rest of parsing on pages of text; this asks pdfium for each type first."""
    count = (pdfium_c.FPDFFormObj_CountObjects if form else pdfium_c.FPDFPage_CountObjects)(parent)
    if count < 0:
        raise pdfium.PdfiumError("Failed to get number of pageobjects.")
    get_object = pdfium_c.FPDFFormObj_GetObject if form else pdfium_c.FPDFPage_GetObject
    get_type = pdfium_c.FPDFPageObj_GetType
    for i in range(count):
        obj = get_object(parent, i)
        if not obj:
            raise pdfium.PdfiumError("Failed to get pageobject.")
        kind = get_type(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            yield obj
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and level < max_depth - 1:
            yield from _path_objects(obj, True, level + 1, max_depth)


def page_rules(page: pdfium.PdfPage) -> Rules:
    """The page's table rules (see the module docstring): cheap, pdfium only."""
    rules = Rules()
    box = tuple(ctypes.c_float() for _ in range(4))
    for obj in _path_objects(page.raw, False):
        _add_path(rules, obj, box)
    return rules


def has_ruled_table(page: pdfium.PdfPage) -> bool:
    """True when the page draws the rules of a table."""
    return page_rules(page).ruled


def _edges(rules: Rules, top_of_page: float) -> tuple[list[dict], list[dict]]:
    """The rules as pdfplumber edges (origin top left, y downwards)."""
    horizontal = [
        {
            "object_type": "line_edge",
            "orientation": "h",
            "x0": x0,
            "x1": x1,
            "width": x1 - x0,
            "top": top_of_page - y,
            "bottom": top_of_page - y,
            "height": 0.0,
        }
        for x0, x1, y in rules.horizontal
    ]
    vertical = [
        {
            "object_type": "line_edge",
            "orientation": "v",
            "x0": x,
            "x1": x,
            "width": 0.0,
            "top": top_of_page - y1,
            "bottom": top_of_page - y0,
            "height": y1 - y0,
        }
        for x, y0, y1 in rules.vertical
    ]
    return horizontal, vertical


def read_tables(data: bytes, ruled: dict[int, Rules]) -> dict[int, list[Table]]:
    """The structure of tables (two rows and two columns at least) on the ruled pages.

    pdfplumber's table finder joins the rules pdfium found into cells and tables (it reads no
    page content, which is what makes it slow); the cells' text is read by pdfium afterwards
    (:func:`cell_rows`), which also decodes fonts that pdfminer cannot ("(cid:127)"). A page
    pdfplumber trips on keeps its pdfium text: a table is an improvement, never a reason to
    lose a document.
    """
    import pdfplumber

    found: dict[int, list[Table]] = {}
    stream = io.BytesIO(data)
    pdf = pdfplumber.open(stream)
    pages = _plumber_pages(pdf, set(ruled))
    try:  # not ``with``: pdfplumber's close() makes every page of the document only to close it
        for index, rules in ruled.items():
            try:
                page = pages.get(index)
                if page is None:
                    raise IndexError(index)  # pdfminer sees fewer pages than pdfium
                top_of_page = float(page.mediabox[3])
                horizontal, vertical = _edges(rules, top_of_page)
                settings = {
                    "vertical_strategy": "explicit",
                    "horizontal_strategy": "explicit",
                    "explicit_vertical_lines": vertical,
                    "explicit_horizontal_lines": horizontal,
                }
                for table in page.find_tables(table_settings=settings):
                    rows = [
                        [
                            None if c is None else (c[0], top_of_page - c[3], c[2], top_of_page - c[1])
                            for c in r.cells
                        ]
                        for r in table.rows
                    ]
                    if len(rows) < 2 or max(len(r) for r in rows) < 2:
                        continue
                    x0, top, x1, bottom = table.bbox
                    found.setdefault(index, []).append(
                        Table(x0, top_of_page - bottom, x1, top_of_page - top, rows)
                    )
            except Exception:  # noqa: BLE001 - pdfplumber trips on odd pages; pdfium's text stands
                continue
    finally:
        for page in pages.values():
            page.close()
        pdf.flush_cache()
        stream.close()
    return found


def _plumber_pages(pdf, wanted: set[int]) -> dict:
    """pdfplumber's pages at the 0-based indexes ``wanted``, by index.

    ``pdf.pages`` makes a page object of every page, walking the whole page tree through
    pdfminer, which cost as much as the table finding itself; this walks the same tree (same
    order, same numbering) only as far as the last page wanted. Page numbers are those
    ``pdf.pages`` gives; ``initial_doctop`` (only used for reading a page's content, which the
    table finder does not do with explicit rules) is left at 0.
    """
    from pdfminer.pdfpage import PDFPage
    from pdfplumber.page import Page

    pages: dict = {}
    if not wanted:
        return pages
    last = max(wanted)
    try:
        for index, page_obj in enumerate(PDFPage.create_pages(pdf.doc)):
            if index in wanted:
                pages[index] = Page(pdf, page_obj, page_number=index + 1)
            if index >= last:
                break
    except Exception:  # noqa: BLE001 - a broken page tree: the pages read so far stand
        pass
    return pages


def cell_rows(textpage: pdfium.PdfTextPage, table: Table) -> list[list[str]]:
    """The text of each cell, read by pdfium inside the cell's box; empty rows dropped."""
    rows = []
    for row in table.cells:
        texts = []
        for box in row:
            raw = textpage.get_text_bounded(*box) if box else ""
            texts.append(_WS.sub(" ", raw.replace("\x02", SOFT_HYPHEN)).strip())
        if any(texts):
            rows.append(texts)
    return rows


def _row_line(row: list[str], table: Table) -> Line:
    while row and not row[-1]:
        row = row[:-1]
    return Line(" | ".join(row), table.left, table.bottom, table.right, table.top, table=True)


def replace_tables(lines: list[Line], tables: list[tuple[Table, list[list[str]]]]) -> list[Line]:
    """The page's lines with each table's flattened text replaced by one line per row."""
    for table, table_rows in sorted(tables, key=lambda t: -t[0].top):
        inside = {
            i
            for i, ln in enumerate(lines)
            if not ln.table
            and table.bottom - 1 <= ln.middle <= table.top + 1
            and table.left - 2 <= ln.left <= table.right
        }
        rows = [_row_line(row, table) for row in table_rows]
        keep = [ln for i, ln in enumerate(lines) if i not in inside]
        if inside:
            at = min(inside)
        else:  # pdfium saw no text there: place the table by position
            at = next(
                (i for i, ln in enumerate(keep) if not ln.table and ln.middle < table.bottom), len(keep)
            )
        lines = keep[:at] + rows + keep[at:]
    return lines
