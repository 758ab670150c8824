"""Ruled tables in PDFs: found cheaply with pdfium, read with pdfplumber, one line per row.

pdfplumber reads table cells well but is about 25 times slower than pdfium, so it only ever
sees pages whose drawing has table rules: at least three long horizontal and two long vertical
straight strokes (lines, or the edges of rectangles), counted from pdfium's path objects. A
page of prose with a rule under its header never qualifies; a chart of curves does not either.
"""

from __future__ import annotations

import ctypes
import io
import re
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.parse.pdf_layout import SOFT_HYPHEN, Line

#: A stroke shorter than this (points) is a glyph, tick or icon, not a table rule.
MIN_RULE = 10.0
_MAX_SEGMENTS = 2000  # a path with more segments is a drawing or a map: judged by its box only
_WS = re.compile(r"\s+")


Box = tuple[float, float, float, float]  # left, bottom, right, top in PDF points (y upwards)


@dataclass
class Table:
    """A table found on a page: its box, and each row's cell boxes (None where cells merge)."""

    left: float
    bottom: float
    right: float
    top: float
    cells: list[list[Box | None]]


def _strokes(obj: pdfium.PdfObject) -> tuple[int, int]:
    """Long horizontal and vertical straight strokes drawn by one path object."""
    left, bottom, right, top = obj.get_bounds()
    width, height = right - left, top - bottom
    if height <= 3 and width >= MIN_RULE:
        return 1, 0
    if width <= 3 and height >= MIN_RULE:
        return 0, 1
    count = pdfium_c.FPDFPath_CountSegments(obj.raw)
    if count <= 0 or count > _MAX_SEGMENTS:
        return 0, 0
    m = obj.get_matrix()
    x, y = ctypes.c_float(), ctypes.c_float()
    h = v = 0
    start = prev = None
    for i in range(count):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj.raw, i)
        pdfium_c.FPDFPathSegment_GetPoint(seg, x, y)
        point = (m.a * x.value + m.c * y.value + m.e, m.b * x.value + m.d * y.value + m.f)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = point
        elif kind == pdfium_c.FPDF_SEGMENT_LINETO and prev is not None:
            dh, dv = _rule(prev, point)
            h, v = h + dh, v + dv
            if pdfium_c.FPDFPathSegment_GetClose(seg) and start is not None:
                dh, dv = _rule(point, start)
                h, v = h + dh, v + dv
        prev = point
    return h, v


def _rule(a: tuple[float, float], b: tuple[float, float]) -> tuple[int, int]:
    dx, dy = abs(a[0] - b[0]), abs(a[1] - b[1])
    if dy <= 1 and dx >= MIN_RULE:
        return 1, 0
    if dx <= 1 and dy >= MIN_RULE:
        return 0, 1
    return 0, 0


def has_ruled_table(page: pdfium.PdfPage) -> bool:
    """True when the page draws table rules (see the module docstring); cheap, pdfium only."""
    h = v = 0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=3):
        dh, dv = _strokes(obj)
        h, v = h + dh, v + dv
        if h >= 3 and v >= 2:
            return True
    return False


def read_tables(data: bytes, page_indexes: list[int]) -> dict[int, list[Table]]:
    """The structure of tables (two rows and two columns at least) on the given pages.

    pdfplumber finds the tables and their cells; the cells' text is read by pdfium afterwards
    (:func:`cell_rows`), which decodes fonts that pdfminer cannot ("(cid:127)"). A page
    pdfplumber cannot read keeps its pdfium text: a table is an improvement, never a reason to
    lose a document.
    """
    import pdfplumber

    found: dict[int, list[Table]] = {}
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for index in page_indexes:
            try:
                page = pdf.pages[index]
                top_of_page = float(page.mediabox[3])
                for table in page.find_tables():
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
    return found


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
