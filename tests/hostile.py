"""Hostile inputs the reliability tests make for themselves (never committed as files)."""

from __future__ import annotations

import os
import sqlite3
import zlib
from pathlib import Path

PAPER = (
    "Children's Services Scrutiny Committee\n\nRecommendations\n\n"
    "1. That the committee notes the report on agency social workers ({n}).\n"
)


def bomb_pdf(operators: int) -> bytes:
    """A one-page PDF whose single Flate content stream inflates to ``operators`` text-showing
    operators: a few KB on disk, hundreds of MB (or gigabytes) once pdfium builds its objects."""
    content = b"BT /F1 1 Tf " + b"(a) Tj " * operators + b"ET"
    stream = zlib.compress(content, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def papers(folder: Path, count: int, start: int = 0) -> list[Path]:
    """``count`` small good papers, each with different bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for n in range(start, start + count):
        path = folder / f"paper{n:03d}.txt"
        path.write_text(PAPER.format(n=n), encoding="utf-8")
        made.append(path)
    return made


def rows(db: Path, sql: str, *params) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def children(pid: int) -> set[int]:
    """The live child processes of ``pid`` (Linux /proc)."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found |= {int(c) for c in (task / "children").read_text().split()}
        except OSError:
            pass
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def make_named(folder: Path, name: bytes, data: bytes) -> None:
    """A file whose name is arbitrary bytes (not valid UTF-8, or with control characters)."""
    fd = os.open(os.fsencode(folder) + b"/" + name, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)
