"""The build's fast paths give exactly what the plain ways of doing the same thing give.

Each speed-up of the parse step (bench/NOTES.md) has a plain counterpart: pypdfium2's object
helper for the table rules, pdfplumber's ``pdf.pages`` for the pages the table finder reads, a
second opening of a ruled page for its cells, a per-word count for hyphen repair. These tests run
both on every real PDF in ../shared/realdocs and compare, and build those documents with one
worker and with two and compare every record. Nothing is stored: the expectations are computed
here, by the plain code, from the shared files.
"""

from __future__ import annotations

import ctypes
import sqlite3
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from pipeline.parse import pdf as pdf_parse
from pipeline.parse import pdf_tables
from pipeline.parse.pdf_layout import _WORD, SOFT_HYPHEN, _word_counts
from pipeline.store import RECORD_TABLES
from tests.conftest import REALDOCS

pytestmark = pytest.mark.skipif(not REALDOCS.exists(), reason=f"real documents not found at {REALDOCS}")


def _real_pdfs() -> list[Path]:
    return sorted(p for p in REALDOCS.rglob("*") if p.suffix.lower() == ".pdf")


def _plain_page_rules(page: pdfium.PdfPage) -> pdf_tables.Rules:
    """The table rules as pypdfium2's own helpers give them (a Python object per page object)."""
    rules = pdf_tables.Rules()
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=3):
        left, bottom, right, top = obj.get_bounds()
        if top - bottom <= 3 or right - left <= 3:
            middle_y, middle_x = (top + bottom) / 2, (left + right) / 2
            if top - bottom <= 3:
                rules.add((left, middle_y), (right, middle_y))
            else:
                rules.add((middle_x, bottom), (middle_x, top))
            continue
        count = pdfium_c.FPDFPath_CountSegments(obj.raw)
        if count <= 0 or count > pdf_tables._MAX_SEGMENTS:
            continue
        m = obj.get_matrix()
        points = []
        for i in range(count):
            seg = pdfium_c.FPDFPath_GetPathSegment(obj.raw, i)
            x, y = ctypes.c_float(), ctypes.c_float()
            pdfium_c.FPDFPathSegment_GetPoint(seg, x, y)
            points.append(
                (
                    (m.a * x.value + m.c * y.value + m.e, m.b * x.value + m.d * y.value + m.f),
                    pdfium_c.FPDFPathSegment_GetType(seg),
                    bool(pdfium_c.FPDFPathSegment_GetClose(seg)),
                )
            )
        start = prev = None
        for point, kind, close in points:
            if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
                start = point
            elif kind == pdfium_c.FPDF_SEGMENT_LINETO and prev is not None:
                rules.add(prev, point)
                if close and start is not None:
                    rules.add(point, start)
            prev = point
    return rules


def test_table_rules_match_pypdfium2_helpers_on_every_real_page():
    pages = ruled = 0
    for path in _real_pdfs():
        pdf = pdfium.PdfDocument(path)
        try:
            for index in range(len(pdf)):
                page = pdf[index]
                fast, plain = pdf_tables.page_rules(page), _plain_page_rules(page)
                assert (fast.horizontal, fast.vertical) == (plain.horizontal, plain.vertical), (
                    f"{path.name} page {index + 1}"
                )
                pages += 1
                ruled += fast.ruled
                page.close()
        finally:
            pdf.close()
    assert pages > 100 and ruled > 10  # the comparison covered real tables, not only prose


def _plain_plumber_pages(pdf, wanted: set[int]) -> dict:
    return {index: page for index, page in enumerate(pdf.pages) if index in wanted}


def test_tables_found_as_with_pdfplumbers_own_page_list(monkeypatch):
    """Walking the page tree only as far as the last ruled page finds the same tables."""
    compared = 0
    for path in _real_pdfs():
        data = path.read_bytes()
        pdf = pdfium.PdfDocument(data)
        try:
            ruled = {i: r for i in range(len(pdf)) if (r := pdf_tables.page_rules(pdf[i])).ruled}
        finally:
            pdf.close()
        if not ruled:
            continue
        fast = pdf_tables.read_tables(data, ruled)
        with monkeypatch.context() as m:
            m.setattr(pdf_tables, "_plumber_pages", _plain_plumber_pages)
            plain = pdf_tables.read_tables(data, ruled)
        assert fast == plain, path.name
        compared += sum(len(tables) for tables in fast.values())
    assert compared > 10


def test_ruled_pages_read_the_same_kept_open_or_opened_again(monkeypatch):
    """Cells read from the page kept open since its text was read, or from a second opening."""
    for path in _real_pdfs()[::3]:
        data = path.read_bytes()
        fast = pdf_parse.parse_pdf(data, path.name)
        with monkeypatch.context() as m:
            m.setattr(pdf_parse, "KEEP_OPEN", 0)
            plain = pdf_parse.parse_pdf(data, path.name)
        assert fast == plain, path.name


def _plain_page_lines(textpage: pdfium.PdfTextPage) -> list:
    """Each line's first and last character box through pypdfium2's own ``get_charbox``."""
    from pipeline.parse.pdf_layout import Line

    count = textpage.count_chars()
    if count <= 0:
        return []
    raw = textpage.get_text_range()
    same = len(raw) == count

    def box(i: int):
        index = i if same else pdfium_c.FPDFText_GetCharIndexFromTextIndex(textpage.raw, i)
        return textpage.get_charbox(index, loose=True)

    lines = []
    for m in pdf_parse._TRIMMED_LINE.finditer(raw):
        a, b = box(m.start(1)), box(m.end(1) - 1)
        lines.append(Line(pdf_parse._squeeze(m.group(1)), a[0], a[1], b[2], a[3], b[1], b[3]))
    return lines


def test_line_boxes_match_pypdfium2_charbox():
    lines = 0
    for path in _real_pdfs()[::3]:
        pdf = pdfium.PdfDocument(path)
        try:
            for index in range(len(pdf)):
                textpage = pdf[index].get_textpage()
                fast = pdf_parse.page_lines(textpage)
                assert fast == _plain_page_lines(textpage), f"{path.name} page {index + 1}"
                lines += len(fast)
        finally:
            pdf.close()
    assert lines > 1000


def test_hyphen_repair_counts_words_as_the_plain_count():
    from pipeline.parse.pdf_layout import page_text

    for path in _real_pdfs()[::5]:
        pdf = pdfium.PdfDocument(path)
        try:
            texts = [page_text(pdf_parse.page_lines(pdf[i].get_textpage())) for i in range(len(pdf))]
        finally:
            pdf.close()
        plain = Counter(w.lower() for t in texts for w in _WORD.findall(t.replace(SOFT_HYPHEN, " ")))
        assert _word_counts(texts) == plain, path.name


def _rows(db: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(db)
    try:
        out = {}
        for table in [*RECORD_TABLES, "documents"]:
            columns = [r[1] for r in conn.execute(f"pragma table_info({table})") if r[1] != "built_at"]
            out[table] = conn.execute(
                f"select {', '.join(columns)} from {table} order by {', '.join(columns[:2])}"
            ).fetchall()
        return out
    finally:
        conn.close()


def test_one_worker_and_two_build_the_same_records(realdocs_db, tmp_path):
    """Documents read in parallel come back to the one writer with exactly the same records."""
    from pipeline.build import build

    two = tmp_path / "two.db"
    build([REALDOCS], two, workers=2)
    one_rows, two_rows = _rows(realdocs_db), _rows(two)
    assert sum(len(rows) for rows in one_rows.values()) > 300
    for table in one_rows:
        assert one_rows[table] == two_rows[table], table
