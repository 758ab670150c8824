"""Generate a realistic synthetic corpus of council papers for the benchmark.

Born-digital PDFs like council reports (a header, headings, numbered paragraphs, footers with
page numbers, a ruled witness table in some, 5-30 pages each) and ModernGov-style HTML agenda
item pages. The words are varied from a seed so every document has different bytes, and they
contain the kinds of sentences the extractors look for, so the benchmark measures real work.
"""

from __future__ import annotations

import random
from pathlib import Path

COUNCILS = [
    "Northshire County Council",
    "Riverton Council",
    "Eastbury City Council",
    "Westvale Council",
    "Kingsford Borough Council",
    "Lowmoor County Council",
]
COMMITTEES = [
    "Children's Scrutiny Committee",
    "Cabinet",
    "Children and Young People's Overview and Scrutiny Panel",
]
TOPICS = [
    "caseloads",
    "agency staff",
    "the MASH",
    "early help",
    "placements",
    "recruitment and retention",
    "supervision",
    "quality assurance",
    "care leavers",
    "child protection plans",
]
PEOPLE = [
    ("Alex Morgan", "Head of Children's Social Care"),
    ("Sam Patel", "Assistant Director, Safeguarding"),
    ("Jo Evans", "Principal Social Worker"),
    ("Chris Wong", "Service Manager, Front Door"),
    ("Pat Kelly", "Detective Inspector, Public Protection"),
    ("Lee Grant", "Designated Nurse"),
]
MONTHS = ["March", "June", "September"]
FILLER = [
    "The service continued to focus on the quality of practice and the consistency of management oversight.",
    "Members asked how the improvement plan would be monitored and were told that the board met monthly.",
    "Performance information is reported to the committee each quarter with a commentary on trends.",
    "The number of referrals rose during the winter months and has since returned to expected levels.",
    "Audits show that most assessments are timely and that the voice of the child is more visible.",
    "Work with partners in health, police and schools has strengthened the front door arrangements.",
    "The workforce strategy sets out how the council will recruit and retain experienced social workers.",
    "Training for managers has concentrated on reflective supervision and the analysis of risk.",
]


def paragraphs(rng: random.Random, n: int) -> list[str]:
    out = []
    for _ in range(n):
        choice = rng.random()
        if choice < 0.08:
            a = rng.randint(14, 30)
            out.append(
                f"Average caseloads for social workers were {a} in {rng.choice(MONTHS)} "
                f"{rng.randint(2012, 2024)}, down from {a + rng.randint(2, 12)} a year earlier."
            )
        elif choice < 0.12:
            out.append(
                f"Ofsted judged the council's services for children to be "
                f"{rng.choice(['good', 'inadequate', 'requires improvement to be good', 'outstanding'])} "
                f"following the inspection in {rng.randint(2013, 2024)}."
            )
        elif choice < 0.16:
            person = rng.choice(PEOPLE)
            out.append(
                f"The {person[1]}, {person[0]}, introduced the report and answered questions on "
                f"{rng.choice(TOPICS)}."
            )
        else:
            out.append(" ".join(rng.sample(FILLER, k=rng.randint(2, 4))))
    return out


def recommendations(rng: random.Random) -> list[str]:
    return [
        f"That the {rng.choice(['Cabinet', 'Committee', 'Council'])} "
        f"{rng.choice(['notes', 'endorses', 'receives a further report on', 'reviews'])} "
        f"the arrangements for {rng.choice(TOPICS)} by {rng.choice(['March', 'July', 'November'])} "
        f"{rng.randint(2012, 2025)}."
        for _ in range(rng.randint(2, 5))
    ]


def write_pdf(path: Path, rng: random.Random, pages: int) -> int:
    """A council-report PDF of about ``pages`` pages; returns the real page count."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    council, committee = rng.choice(COUNCILS), rng.choice(COMMITTEES)
    title = f"Children's Safeguarding: {rng.choice(TOPICS).title()} Update"

    def decorate(canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(56, A4[1] - 30, f"{council} - {committee}")
        canvas.drawRightString(A4[0] - 56, 30, f"Page {doc.page}")
        canvas.restoreState()

    story = [
        Paragraph(title, styles["Title"]),
        Paragraph(
            f"{committee}, {rng.randint(1, 28)} {rng.choice(['March', 'June', 'October'])} "
            f"{rng.randint(2011, 2024)}",
            styles["Normal"],
        ),
        Paragraph("1. Recommendations", styles["Heading2"]),
    ]
    story += [Paragraph(f"1.{i} {r}", styles["Normal"]) for i, r in enumerate(recommendations(rng), start=1)]
    section = 2
    for page in range(pages - 1):
        story.append(Paragraph(f"{section}. {rng.choice(TOPICS).capitalize()}", styles["Heading2"]))
        for i, text in enumerate(paragraphs(rng, 12), start=1):
            story.append(Paragraph(f"{section}.{i} {text}", styles["Normal"]))
            story.append(Spacer(1, 4))
        section += 1
        if page % 3 == 2:
            story.append(PageBreak())
    if rng.random() < 0.4:
        story.append(PageBreak())
        story.append(Paragraph("Appendix: Witnesses", styles["Heading2"]))
        rows = [["Witness", "Position", "Organisation"]] + [[n, p, council] for n, p in rng.sample(PEOPLE, 4)]
        table = Table(rows)
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
        story.append(table)
    pdf = SimpleDocTemplate(str(path), pagesize=A4, title=title)
    pdf.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return pdf.page


def write_html(path: Path, rng: random.Random) -> None:
    """A ModernGov-style agenda item page with navigation, minutes and resolutions."""
    council, committee = rng.choice(COUNCILS), rng.choice(COMMITTEES)
    paras = "".join(f"<p>{p}</p>" for p in paragraphs(rng, rng.randint(8, 25)))
    resolved = "".join(f"<p>({'i' * (i + 1)}) {r}</p>" for i, r in enumerate(recommendations(rng)[:3]))
    path.write_text(
        f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>Agenda item - {council}</title>
</head><body><div id="header"><nav><ul><li><a href="/">Home</a></li><li><a href="/mgListCommittees.aspx">
Committees</a></li></ul></nav></div><div id="modgov"><div class="mgContent">
<h1 class="mgAiTitleTxt">Agenda item</h1><h2>{rng.choice(TOPICS).capitalize()} update</h2>
<p>Meeting of {committee}, {rng.randint(1, 28)} May {rng.randint(2011, 2024)}</p>
<h3>Minutes:</h3>{paras}<p><strong>Resolved:</strong></p>{resolved}</div></div>
<footer><p>{council}, Civic Centre</p></footer></body></html>""",
        encoding="utf-8",
    )


def generate(folder: Path, docs: int, seed: int = 7, html_share: float = 0.2) -> dict:
    """Write ``docs`` documents into ``folder`` (pdf/ and html/); returns counts and page totals."""
    rng = random.Random(seed)
    (folder / "pdf").mkdir(parents=True, exist_ok=True)
    (folder / "html").mkdir(parents=True, exist_ok=True)
    stats = {"pdf": 0, "pdf_pages": 0, "html": 0}
    for i in range(docs):
        if rng.random() < html_share:
            write_html(folder / "html" / f"agenda_{seed}_{i:05d}.html", rng)
            stats["html"] += 1
        else:
            stats["pdf_pages"] += write_pdf(
                folder / "pdf" / f"report_{seed}_{i:05d}.pdf", rng, rng.randint(5, 30)
            )
            stats["pdf"] += 1
    return stats
