"""PDF renderings of seeds 000 (Devon task group report) and 004 (Walsall cabinet report).

Typeset with reportlab the way council reports look: a cover, running headers, page numbers in
footers, bulleted and numbered lists, and ruled tables. ``rl_config.invariant`` makes the
output byte-for-byte reproducible. Used by ``render.py``.
"""

from __future__ import annotations

import re
from pathlib import Path

from reportlab import rl_config

rl_config.invariant = 1

from render import escape, is_heading, split_items  # noqa: E402
from reportlab.lib import colors  # noqa: E402 - after the invariant switch
from reportlab.lib.enums import TA_CENTER  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.lib.units import cm  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle  # noqa: E402

BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=10.5, leading=14, spaceAfter=7)
H1 = ParagraphStyle("h1", parent=BODY, fontName="Helvetica-Bold", fontSize=14, leading=18, spaceBefore=10)
H2 = ParagraphStyle("h2", parent=BODY, fontName="Helvetica-Bold", fontSize=11.5, leading=15, spaceBefore=6)
ITEM = ParagraphStyle("item", parent=BODY, leftIndent=22, bulletIndent=8, spaceAfter=4)
ITEM2 = ParagraphStyle("item2", parent=ITEM, leftIndent=44, bulletIndent=28)
COVER = ParagraphStyle("cover", parent=BODY, fontSize=13, leading=18, alignment=TA_CENTER, spaceAfter=10)
COVER_BIG = ParagraphStyle("cover_big", parent=COVER, fontName="Helvetica-Bold", fontSize=20, leading=26)
CELL = ParagraphStyle("cell", parent=BODY, fontSize=9.5, leading=12, spaceAfter=0)
CELL_HEAD = ParagraphStyle("cell_head", parent=CELL, fontName="Helvetica-Bold")
RULED = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.88, 0.88, 0.88)),
    ]
)
PLAIN = TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
_LABEL = re.compile(r"^(\d{1,2}[.)]|\(\w{1,4}\))\s+")


def markup(text: str) -> str:
    """Paragraph markup for seed text: escaped, **bold** kept, lines joined or broken as printed."""
    lines = text.split("\n")
    out = escape(lines[0].strip())
    for line in lines[1:]:
        # an indented line continues the one above; any other line was printed on its own
        out += (" " if line[:1].isspace() else "<br/>") + escape(line.strip())
    return re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", out)


def flowable(p: str):
    """The flowable for one seed paragraph: list item, heading or body text."""
    s = p.strip()
    level2 = p.startswith((" -", "  "))
    if s.startswith(("- ", "o ", "\u2022 ")):
        marker, rest = s[0], s[2:].strip()
        label = _LABEL.match(rest)
        if marker == "-" and label:
            return Paragraph(
                markup(rest[label.end() :]), ITEM2 if level2 else ITEM, bulletText=label.group(1)
            )
        return Paragraph(
            markup(rest), ITEM2 if level2 else ITEM, bulletText="o" if marker == "o" else "\u2022"
        )
    if is_heading(s):
        return Paragraph(markup(s), H2)
    return Paragraph(markup(p), BODY)


def table(rows: list[list[str]], ruled: bool, widths: list[float], header: bool = True) -> Table:
    width = max(len(r) for r in rows)
    cells = [
        [
            Paragraph(markup(c), CELL_HEAD if header and i == 0 and ruled else CELL)
            for c in r + [""] * (width - len(r))
        ]
        for i, r in enumerate(rows)
    ]
    t = Table(cells, colWidths=widths[:width], repeatRows=1 if header and ruled else 0, hAlign="LEFT")
    t.setStyle(RULED if ruled else PLAIN)
    return t


def tab_rows(p: str) -> list[list[str]] | None:
    """Rows of a tab-separated block (every line has a tab), trailing empty cells dropped."""
    lines = [ln for ln in p.split("\n") if ln.strip()]
    if len(lines) < 2 or sum("\t" in ln for ln in lines) * 2 < len(lines) or "\t" not in lines[0]:
        return None
    rows = []
    for ln in lines:
        cells = [c.strip() for c in ln.split("\t")]
        while len(cells) > 1 and not cells[-1]:
            cells.pop()
        rows.append(cells)
    return rows


def numbered_canvas(header: str, footer: str):
    """A canvas class drawing the running header and footer ("{page}", "{pages}") from page 2 on."""

    class PageCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                if self._pageNumber > 1:
                    self.setFont("Helvetica", 8.5)
                    self.drawString(2 * cm, A4[1] - 1.3 * cm, header)
                    self.setLineWidth(0.5)
                    self.line(2 * cm, A4[1] - 1.45 * cm, A4[0] - 2 * cm, A4[1] - 1.45 * cm)
                    self.drawCentredString(
                        A4[0] / 2, 1.2 * cm, footer.format(page=self._pageNumber, pages=total)
                    )
                super().showPage()
            super().save()

    return PageCanvas


def build(story: list, path: Path, title: str, header: str, footer: str) -> None:
    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=2.2 * cm,
        rightMargin=2.2 * cm,
        topMargin=2.2 * cm,
        bottomMargin=2.2 * cm,
        title=title,
        author="",
        subject="",
    )
    doc.build(story, canvasmaker=numbered_canvas(header, footer))


def render_000(paras: list[str], path: Path) -> None:
    """Devon: cover, contents, report, appendices; Appendix 2's witnesses as a ruled table."""
    story: list = []
    contents = paras.index("Contents")
    for p in paras[:contents]:
        story.append(
            Paragraph(markup(p), COVER_BIG if p in ("Safeguarding Children", "Task Group") else COVER)
        )
    story += [PageBreak(), Paragraph("Contents", H1)]
    i, row, rows = contents + 1, [], []
    while paras[i] != "Downloadable version":
        if re.fullmatch(r"\d+", paras[i]):
            rows.append([" ".join(row), paras[i]])
            row = []
        else:
            row.append(paras[i])
        i += 1
    story += [table(rows, ruled=False, widths=[13 * cm, 2 * cm], header=False), Spacer(1, 12)]
    bullets = 0
    while i < len(paras):
        p = paras[i]
        if p == "Preface" or (p.startswith("Appendix ") and i > contents + 40):
            story.append(PageBreak())
        if p == "Witness" and paras[i + 1 : i + 3] == ["Position", "Organisation"]:
            end = paras.index("Appendix 3", i)
            cells = paras[i:end]
            triples = [cells[k : k + 3] for k in range(0, len(cells), 3)]
            story.append(table(triples, ruled=True, widths=[4.2 * cm, 6.3 * cm, 6 * cm]))
            i = end
            continue
        if bullets:
            story.append(Paragraph(markup(p), ITEM, bulletText="\u2022"))
            bullets -= 1
        elif p in ("Preface", "Introduction", "Recommendations", "Summary") or p.startswith("Appendix "):
            story.append(Paragraph(markup(p), H1))
        else:
            story.append(flowable(p))
        if p.endswith("to include a"):
            bullets = 3  # the three items of Recommendation 1's list
        i += 1
    build(
        story,
        path,
        "Safeguarding Children Task Group 2nd Interim Report",
        "Safeguarding Children Task Group \u2013 2nd Interim Report",
        "Page {page} of {pages}",
    )


def render_004(paras: list[str], path: Path) -> None:
    """Walsall: cabinet cover report, then the working group's report and its initiation form."""
    story: list = []
    paras = split_items(paras)
    part_two = paras.index("Review of safeguarding services for vulnerable children")
    for i, p in enumerate(paras):
        if i == part_two or p in ("Chair's Foreword", "Contents") or p.startswith("Work Group Name:"):
            story.append(PageBreak())
        rows = tab_rows(p)
        if rows:
            ruled = paras[i - 1] != "Contents"
            widths = [5 * cm, 6 * cm, 5.5 * cm] if ruled else [12 * cm, 2 * cm]
            story += [table(rows, ruled=ruled, widths=widths, header=len(rows[0]) == 3), Spacer(1, 10)]
        elif i < 2 or i == part_two:
            story.append(Paragraph(markup(p), H1))
        else:
            story.append(flowable(p))
    build(
        story,
        path,
        "Review of Safeguarding Services for Vulnerable Children working group",
        "Review of Safeguarding Services for Vulnerable Children",
        "{page}",
    )
