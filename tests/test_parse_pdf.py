"""PDF parsing: text per page, ruled tables as rows, running headers gone, pages right, failures named.

The PDFs are made here with reportlab, once per session, in layouts councils use: a running
header and "Page N of M" footer, a ruled witness table, bullet lists, numbered appendices that
open pages, bare page numbers, and words hyphenated at line ends.
"""

from __future__ import annotations

import io
import re
import sqlite3

import pdfplumber
import pypdfium2 as pdfium
import pytest
from reportlab.lib import colors, pdfencrypt
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from pipeline.build import build
from pipeline.parse import (
    CorruptPDF,
    EmptyDocument,
    EncryptedPDF,
    NeedsOCR,
    NoPages,
    NotPDF,
    ParseError,
    TooLarge,
    parse_bytes,
)
from pipeline.parse.pdf_tables import has_ruled_table

BODY = ParagraphStyle("b", fontName="Helvetica", fontSize=10, leading=13, spaceAfter=8)
HEAD = ParagraphStyle("h", parent=BODY, fontName="Helvetica-Bold", fontSize=13, leading=16, spaceBefore=6)
CELL = ParagraphStyle("c", parent=BODY, fontSize=9, leading=11, spaceAfter=0)
PROSE = (
    "The panel heard that average caseloads in the assessment teams had risen over the winter, and that "
    "managers were holding unallocated work while agency cover was arranged. Members asked how quickly "
    "the new posts would be filled and what the service would do if recruitment fell short again."
)
WITNESSES = [
    ("Alex Morgan", "Head of Early Help and Prevention", "Northshire County Council"),
    ("Priya Shah", "Detective Inspector, Child Abuse Investigation Team", "Northshire Police"),
    ("Tom Ellis", "Designated Nurse for Safeguarding Children", "Northshire Clinical Commissioning Group"),
    ("Jo Barnes", "Independent Chair", "Northshire Safeguarding Children Partnership"),
]


def _page_furniture(header: str, footer: str):
    def draw(canvas: Canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(2 * cm, A4[1] - 1.2 * cm, header)
        canvas.line(2 * cm, A4[1] - 1.35 * cm, A4[0] - 2 * cm, A4[1] - 1.35 * cm)
        canvas.drawCentredString(A4[0] / 2, 1.1 * cm, footer.format(page=doc.page))
        canvas.restoreState()

    return draw


def _story_pdf(story: list, header: str = "", footer: str = "") -> bytes:
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, topMargin=2.2 * cm, bottomMargin=2.2 * cm)
    furniture = _page_furniture(header, footer)
    doc.build(story, onFirstPage=furniture, onLaterPages=furniture)
    return buf.getvalue()


def _report_pdf() -> bytes:
    """Four pages: prose and a list, the witness table, Appendix 1, Appendix 2."""
    story = [Paragraph("Report of the Scrutiny Panel", HEAD)]
    story += [Paragraph(f"{n}. {PROSE}", BODY) for n in range(1, 4)]
    story.append(Paragraph("The panel asked for:", BODY))
    for item in ["a caseload dashboard", "monthly agency figures", "a recruitment update"]:
        story.append(Paragraph(item, BODY, bulletText="\u2022"))
    story += [PageBreak(), Paragraph("Witnesses", HEAD)]
    rows = [[Paragraph(c, CELL) for c in ("Witness", "Position", "Organisation")]]
    rows += [[Paragraph(c, CELL) for c in row] for row in WITNESSES]
    table = Table(rows, colWidths=[4 * cm, 6.5 * cm, 6 * cm])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    story += [table, Spacer(1, 8), Paragraph("Written evidence was also received from two parents.", BODY)]
    story += [
        PageBreak(),
        Paragraph("Appendix 1", HEAD),
        Paragraph("Visits made by the panel. " + PROSE, BODY),
    ]
    story += [
        PageBreak(),
        Paragraph("Appendix 2", HEAD),
        Paragraph("Documents read by the panel. " + PROSE, BODY),
    ]
    return _story_pdf(
        story, header="Northshire Children's Scrutiny Panel \u2013 Caseload Review", footer="Page {page} of 4"
    )


def _canvas_pdf(draw) -> bytes:
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=A4)
    draw(canvas)
    canvas.save()
    return buf.getvalue()


def _hyphenated_pdf() -> bytes:
    def draw(c: Canvas) -> None:
        c.setFont("Helvetica", 10)
        lines = [
            "The panel made one recommend-",
            "ation about the well-",
            "being of children placed out of area and the 2013-",
            "14 budget, and asked for a further assess-",
            "ment of the placement sufficiency strategy in the spring.",
        ]
        for i, line in enumerate(lines):
            c.drawString(72, 700 - 13 * i, line)

    return _canvas_pdf(draw)


def _numbered_pages_pdf(style: str) -> bytes:
    def draw(c: Canvas) -> None:
        for page in range(1, 4):
            c.setFont("Helvetica", 10)
            for i in range(5):
                c.drawString(
                    72, 720 - 14 * i, f"Page {page} paragraph line {i} about early help and referrals."
                )
            c.drawCentredString(A4[0] / 2, 30, style.format(n=page))
            c.showPage()

    return _canvas_pdf(draw)


def _scanned_pdf() -> bytes:
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    def draw(c: Canvas) -> None:
        for _ in range(2):
            c.drawImage(ImageReader(Image.new("L", (200, 280), 200)), 50, 50, width=495, height=742)
            c.showPage()

    return _canvas_pdf(draw)


def _pdf_from_objects(objects: list[bytes]) -> bytes:
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


@pytest.fixture(scope="session")
def report_pdf() -> bytes:
    return _report_pdf()


@pytest.fixture(scope="session")
def report(report_pdf):
    return parse_bytes(report_pdf, "scrutiny-review.pdf")


def test_pages_are_kept_and_each_page_holds_its_own_text(report):
    assert [p.number for p in report.pages] == [1, 2, 3, 4]
    page_texts = [report.text[p.start : p.end] for p in report.pages]
    assert page_texts[0].startswith("Report of the Scrutiny Panel")
    assert "Witnesses" in page_texts[1] and "Alex Morgan" in page_texts[1]
    assert page_texts[2].startswith("Appendix 1") and page_texts[3].startswith("Appendix 2")
    assert report.page_at(report.text.index("Documents read by the panel")) == 4
    assert report.page_at(report.text.index("Priya Shah")) == 2


def test_running_header_and_page_footer_are_removed(report):
    assert "Caseload Review" not in report.text
    assert not re.search(r"Page \d of 4", report.text)


def test_numbered_headings_that_open_pages_are_kept(report):
    assert re.search(r"^Appendix 1$", report.text, re.M)
    assert re.search(r"^Appendix 2$", report.text, re.M)


def test_ruled_table_rows_become_lines_with_cells_joined(report):
    text = report.text
    assert "Witness | Position | Organisation" in text
    for name, position, organisation in WITNESSES:
        assert f"{name} | {position} | {organisation}" in text
        assert text.count(name) == 1  # the table's flattened text is gone, not kept beside the rows
    assert "\n\nWritten evidence was also received from two parents." in text


def test_paragraphs_are_blank_line_separated_and_list_items_kept(report):
    blocks = report.text[report.pages[0].start : report.pages[0].end].split("\n\n")
    assert blocks[0] == "Report of the Scrutiny Panel"
    assert [b.split()[0] for b in blocks[1:4]] == ["1.", "2.", "3."]
    assert blocks[5:8] == [
        "\u2022 a caseload dashboard",
        "\u2022 monthly agency figures",
        "\u2022 a recruitment update",
    ]
    assert "\n" in blocks[1]  # hard wraps inside a paragraph may stay; paragraphs never run together


def test_words_split_at_a_line_end_are_joined_only_when_safe():
    text = parse_bytes(_hyphenated_pdf(), "hyphens.pdf").text
    assert "recommendation" in text
    assert "well-being" in text
    assert "2013-\n14" in text  # a number range is not a broken word
    assert "assessment" in text


@pytest.mark.parametrize("style", ["{n}", "Page {n}", "- {n} -", "Page {n} of 3"])
def test_bare_page_numbers_are_removed(style):
    doc = parse_bytes(_numbered_pages_pdf(style), "numbers.pdf")
    assert doc.page_count == 3
    for page in doc.pages:
        assert doc.text[page.start : page.end].splitlines()[-1].endswith("about early help and referrals.")


def test_only_pages_with_table_rules_are_flagged(report_pdf):
    pdf = pdfium.PdfDocument(report_pdf)
    try:
        assert [has_ruled_table(pdf[i]) for i in range(len(pdf))] == [False, True, False, False]
    finally:
        pdf.close()


def test_pdfplumber_runs_only_when_a_page_has_table_rules(monkeypatch, report_pdf):
    opened = []
    real_open = pdfplumber.open

    def counting_open(*args, **kwargs):
        opened.append(args)
        return real_open(*args, **kwargs)

    monkeypatch.setattr(pdfplumber, "open", counting_open)
    prose = _story_pdf([Paragraph(PROSE, BODY)] * 12, header="Header", footer="{page}")
    parse_bytes(prose, "prose.pdf")
    assert opened == []
    parse_bytes(report_pdf, "with-table.pdf")
    assert len(opened) == 1


def _encrypted_pdf() -> bytes:
    buf = io.BytesIO()
    canvas = Canvas(buf, encrypt=pdfencrypt.StandardEncryption("secret", ownerPassword="owner"))
    canvas.drawString(72, 700, "Confidential minutes of the panel meeting held in private session.")
    canvas.save()
    return buf.getvalue()


FAILURES = {
    "encrypted": (lambda: _encrypted_pdf(), "locked.pdf", EncryptedPDF, "password"),
    "corrupt_pdf": (lambda: _report_pdf()[:5000], "cut-short.pdf", CorruptPDF, "download it again"),
    "corrupt_pdf_garbage": (
        lambda: b"%PDF-1.7\n" + b"\x13\x37" * 400 + b"\n%%EOF\n",
        "garbage.pdf",
        CorruptPDF,
        "download it again",
    ),
    "needs_ocr": (_scanned_pdf, "scan.pdf", NeedsOCR, "OCR"),
    "no_pages": (
        lambda: _pdf_from_objects(
            [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
        ),
        "blank.pdf",
        NoPages,
        "no pages",
    ),
    "not_pdf_html": (
        lambda: b"<!DOCTYPE html><html><body><h1>Session expired</h1></body></html>",
        "agenda.pdf",
        NotPDF,
        "error or login page",
    ),
    "not_pdf_bytes": (lambda: b"\x00\x01binary junk" * 20, "report.pdf", NotPDF, "download it again"),
    "empty": (lambda: b"  \n", "nothing.pdf", EmptyDocument, "empty"),
}


@pytest.mark.parametrize("case", sorted(FAILURES))
def test_each_failure_has_its_own_error_naming_the_file_and_what_to_do(case):
    make, name, error, hint = FAILURES[case]
    with pytest.raises(error) as info:
        parse_bytes(make(), name)
    message = str(info.value)
    assert message.startswith(f"{name}: ")
    assert hint.lower() in message.lower()
    assert isinstance(info.value, ParseError)


def test_error_kinds_are_distinct_and_stable():
    kinds = {e.kind for e in (EncryptedPDF, CorruptPDF, NeedsOCR, NoPages, NotPDF, EmptyDocument, TooLarge)}
    assert kinds == {"encrypted", "corrupt_pdf", "needs_ocr", "no_pages", "not_pdf", "empty", "too_large"}


def test_too_large_names_the_limit_and_the_option():
    with pytest.raises(
        TooLarge, match=r"big\.pdf: 2,000 bytes is over the 1,000-byte limit; raise --max-bytes"
    ):
        parse_bytes(b"%PDF-1.4\n" + b"0" * 1991, "big.pdf", max_bytes=1000)


def test_a_pdf_with_only_an_owner_password_is_read():
    buf = io.BytesIO()
    canvas = Canvas(buf, encrypt=pdfencrypt.StandardEncryption("", ownerPassword="owner", canPrint=0))
    canvas.drawString(72, 700, "Published minutes that may be read but not printed.")
    canvas.save()
    assert "may be read but not printed" in parse_bytes(buf.getvalue(), "owner-only.pdf").text


def test_build_records_the_failure_kind_and_keeps_going(tmp_path, report_pdf):
    (tmp_path / "good.pdf").write_bytes(report_pdf)
    (tmp_path / "scan.pdf").write_bytes(_scanned_pdf())
    (tmp_path / "locked.pdf").write_bytes(_encrypted_pdf())
    summary = build([tmp_path], tmp_path / "out.db")
    assert (summary.new, summary.failed) == (1, 2)
    conn = sqlite3.connect(tmp_path / "out.db")
    errors = dict(conn.execute("select filename, error_type from errors").fetchall())
    assert errors == {"scan.pdf": "needs_ocr", "locked.pdf": "encrypted"}
    assert conn.execute("select pages from documents where status = 'ok'").fetchone()[0] == 4


@pytest.mark.parametrize(
    "split, elsewhere, joined",
    [
        ("re|sponsibility", "", "responsibility"),
        ("inter|vention", "", "intervention"),
        ("well|being", "", "well-being"),
        ("co|ordinate", "", "co-ordinate"),
        ("decision|making", "decision-making", "decision-making"),
        ("child|minders", "childminders", "childminders"),
        ("Anglo|Saxon", "", "Anglo-Saxon"),
        ("2013|14", "", "2013-14"),
    ],
)
def test_hyphen_joins_use_the_document_as_dictionary(split, elsewhere, joined):
    from pipeline.parse.pdf_layout import SOFT_HYPHEN, resolve_hyphens

    pages = [f"The {split.replace('|', SOFT_HYPHEN)} was noted.", f"Also {elsewhere}."]
    assert resolve_hyphens(pages)[0] == f"The {joined} was noted."
