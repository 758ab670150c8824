"""Parse: bytes of a source file in, a :class:`core.document.Document` out.

The format is sniffed from the bytes first and the file name second, so an HTML error page
saved as ``.pdf`` is parsed (or refused) as what it really is. Every failure is a
:class:`ParseError` subclass whose message says what is wrong with which file and what to do.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from core.document import Document
from pipeline.parse.common import (  # noqa: F401  (re-exported)
    BinaryData,
    CorruptPDF,
    EmptyDocument,
    EncryptedPDF,
    NeedsOCR,
    NoPages,
    NotPDF,
    ParseError,
    TooLarge,
    UnsupportedFormat,
    clean_text,
    join_pages,
)

#: Refuse files larger than this (bytes); ``scrutiny build --max-bytes`` changes it.
MAX_BYTES = 100 * 1024 * 1024

SUFFIXES = {".pdf": "pdf", ".html": "html", ".htm": "html", ".txt": "txt", ".text": "txt"}


def sniff(data: bytes, name: str) -> str:
    """The format of ``data``: ``pdf``, ``html`` or ``txt`` (the bytes decide, then the name).

    A file named .pdf whose bytes are not a PDF is refused (:class:`NotPDF`) rather than read as
    what it is: it is nearly always an error or login page saved in the document's place.
    """
    head = data[:1024].lstrip().lower()
    if head.startswith(b"%pdf-") or b"%pdf-" in data[:1024]:
        return "pdf"
    looks_html = (
        head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head or b"<div" in head
    )
    fmt = SUFFIXES.get(Path(name).suffix.lower())
    if fmt == "pdf":
        what = "an HTML page" if looks_html or b"<html" in data[:4096].lower() else "not a PDF"
        raise NotPDF.for_file(name, f"named .pdf but its bytes are {what}")
    if looks_html:
        return "html"
    if fmt is None:
        raise UnsupportedFormat.for_file(name)
    return fmt


def parse_bytes(data: bytes, name: str, meta: dict | None = None, max_bytes: int = MAX_BYTES) -> Document:
    """Parse one document from its bytes; ``name`` is used for messages and the stored filename.

    ``meta`` (from a manifest or the fetcher) wins over what the parser reads from the page.
    """
    if len(data) > max_bytes:
        raise TooLarge.for_file(name, f"{len(data):,} bytes is over the {max_bytes:,}-byte limit")
    if not data.strip():
        raise EmptyDocument.for_file(name)
    fmt = sniff(data, name)
    found: dict = {}
    if fmt == "pdf":
        from pipeline.parse.pdf import parse_pdf

        text, pages = parse_pdf(data, name)
    elif fmt == "html":
        from pipeline.parse.html import parse_html_page

        text, pages, found = parse_html_page(data, name)
    else:
        from pipeline.parse.text import parse_text

        text, pages = parse_text(data, name)
    if not text.strip():
        raise EmptyDocument.for_file(name, f"no text could be read from this {fmt.upper()} file")
    return Document(
        text=text,
        filename=Path(name).name,
        format=fmt,
        sha256=hashlib.sha256(data).hexdigest(),
        pages=pages,
        meta={**found, **(meta or {})},
    )


def parse_file(path: str | Path, meta: dict | None = None, max_bytes: int = MAX_BYTES) -> Document:
    """Read and parse one file from disk."""
    import stat

    path = Path(path)
    st = path.stat()
    if not stat.S_ISREG(st.st_mode):  # a FIFO or device would be read forever
        raise UnsupportedFormat.for_file(str(path), "not a regular file (a FIFO or device?)")
    size = st.st_size
    if size > max_bytes:
        raise TooLarge.for_file(str(path), f"{size:,} bytes is over the {max_bytes:,}-byte limit")
    return parse_bytes(path.read_bytes(), path.name, meta, max_bytes)
