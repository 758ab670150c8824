"""Render the five seed documents as the files councils publish, and write the corpus manifest.

The seeds (``seeds/*.txt``) are text renderings of five real council papers (Open Government
Licence v3.0). Councils publish such papers as PDFs and as ModernGov web pages, so the demo
corpus holds them in those formats, to exercise every parser end to end:

  000 Devon 2014 task group report   PDF: cover, contents, running header, "Page N of M" footers,
                                      the witness appendix as a ruled table
  001 Durham 2016 agenda item         ModernGov "Agenda item" page (mgAi.aspx) inside a council
                                      site's header, navigation, breadcrumbs, cookie banner, footer
  002 Devon 2017 committee report     council web page (article in <main>), Windows-1252 encoded
  003 Medway 2013 cabinet report      plain text, as published
  004 Walsall 2011 cabinet report     PDF: running header, bare page numbers, ruled form tables

Every rendering keeps the words of its seed in order; only layout is added (and lines the text
conversion had broken in mid-sentence are joined again in the web pages). Output is
byte-for-byte reproducible. Run from the repository root: ``python3 corpus/render.py``
(needs reportlab, a test extra).
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEEDS, OUT = HERE / "seeds", HERE / "documents"
LICENCE = "Open Government Licence v3.0"

#: One entry per seed: metadata from the hand-made gold files, and the format it is rendered in.
DOCUMENTS = [
    {
        "stem": "000_06d1d9cc6145cd9d",
        "format": "pdf",
        "council": "Devon County Council",
        "body": "People's Scrutiny Committee",
        "date": "2014-06-26",
        "title": "Safeguarding Children Task Group 2nd Interim Report",
        "source": "Devon County Council, People's Scrutiny Committee, 26 June 2014: report CS/14/27 of the "
        "Safeguarding Children Task Group",
    },
    {
        "stem": "001_9f29b7853fb5da1e",
        "format": "html",
        "council": "Durham County Council",
        "body": "Children and Young People\u2019s Overview and Scrutiny Committee",
        "date": None,
        "title": "Children's Services - Update",
        "source": "Durham County Council, Children and Young People's Overview and Scrutiny Committee, 2016: "
        "agenda item minutes (ModernGov)",
    },
    {
        "stem": "002_77acf7283681ed53",
        "format": "html",
        "council": "Devon County Council",
        "body": "Children's Scrutiny Committee",
        "date": None,
        "title": "Children's Social Care North Improvement Plan",
        "source": "Devon County Council, Children's Scrutiny Committee, 2017: "
        "report of the Chief Officer for Children's Services",
    },
    {
        "stem": "003_d4e1d8d7eb75ade5",
        "format": "txt",
        "council": "Medway Council",
        "body": "Cabinet",
        "date": "2013-05-23",
        "title": "OFSTED INSPECTION OF LOCAL AUTHORITY ARRANGEMENTS FOR THE PROTECTION OF CHILDREN 3 MONTH "
        "UPDATE REPORT",
        "source": "Medway Council, Cabinet, 23 May 2013: report of the Director of Children and Adults",
    },
    {
        "stem": "004_4786662b4e954068",
        "format": "pdf",
        "council": "Walsall Council",
        "body": "Cabinet",
        "date": "2011-03-16",
        "title": "Review of Safeguarding Services for Vulnerable Children working group",
        "source": "Walsall Council, Cabinet, 16 March 2011: "
        "report of the Children's and Young People Scrutiny and Performance Panel",
    },
]
RENDERING = {
    "pdf": "PDF typeset from the published text by corpus/render.py",
    "html": "web page built around the published text by corpus/render.py",
    "txt": "the published text, unchanged",
}


def seed_paragraphs(stem: str) -> list[str]:
    """The seed's blank-line separated paragraphs (right-trimmed; empty ones dropped)."""
    text = (SEEDS / f"{stem}.txt").read_text(encoding="utf-8")
    paras = [p.rstrip() for p in re.split(r"\n[ \t]*\n", text)]
    return [p for p in paras if p.strip()]


def join_broken(paras: list[str]) -> list[str]:
    """Join paragraphs that the text conversion broke mid-sentence (next starts in lower case)."""
    out: list[str] = []
    for p in paras:
        s = p.strip().replace("\u00a0", " ").strip()
        if out and s[:1].islower() and not re.search(r"[.:;!?]\s*$", out[-1]):
            out[-1] = out[-1].rstrip() + " " + p.strip()
        else:
            out.append(p)
    return out


def split_items(paras: list[str]) -> list[str]:
    """Each "- " list line of a seed paragraph as a paragraph of its own (wrapped lines stay)."""
    out = []
    for p in paras:
        chunks: list[str] = []
        for line in p.split("\n"):
            if chunks and not line.lstrip().startswith("- "):
                chunks[-1] += "\n" + line
            else:
                chunks.append(line)
        out += chunks if "\t" not in p else [p]
    return out


def is_heading(p: str) -> bool:
    s = p.strip()
    return (
        len(s) <= 70
        and "\n" not in s
        and "\t" not in s
        and s[:1].isupper()
        and not re.search(r"[.;,]$", s)
        and not s.startswith(("- ", "o "))
        and len(s.split()) <= 9
    )


def main() -> None:
    from render_html import render_001, render_002  # sibling modules of this script
    from render_pdf import render_000, render_004

    OUT.mkdir(exist_ok=True)
    render_000(seed_paragraphs(DOCUMENTS[0]["stem"]), OUT / f"{DOCUMENTS[0]['stem']}.pdf")
    render_001(join_broken(seed_paragraphs(DOCUMENTS[1]["stem"])), OUT / f"{DOCUMENTS[1]['stem']}.html")
    render_002(
        split_items(join_broken(seed_paragraphs(DOCUMENTS[2]["stem"]))), OUT / f"{DOCUMENTS[2]['stem']}.html"
    )
    stem = DOCUMENTS[3]["stem"]
    (OUT / f"{stem}.txt").write_bytes((SEEDS / f"{stem}.txt").read_bytes())
    render_004(seed_paragraphs(DOCUMENTS[4]["stem"]), OUT / f"{DOCUMENTS[4]['stem']}.pdf")
    write_manifest()


def write_manifest() -> None:
    lines = []
    for d in DOCUMENTS:
        entry = {
            "path": f"documents/{d['stem']}.{d['format']}",
            "council": d["council"],
            "body": d["body"],
            "date": d["date"],
            "title": d["title"],
            "source": d["source"],
            "licence": LICENCE,
            "format": d["format"],
            "rendering": RENDERING[d["format"]],
            "seed": f"seeds/{d['stem']}.txt",
        }
        lines.append(json.dumps(entry, ensure_ascii=False))
    (HERE / "manifest.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def escape(text: str) -> str:
    return html.escape(text, quote=False)


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(HERE))
    main()
