"""Plain text: refuse binary data, decode with the right encoding, form feeds as page breaks."""

from __future__ import annotations

from core.document import Page
from pipeline.parse import encoding
from pipeline.parse.common import BinaryData, clean_text, join_pages

# Magic numbers of files that are often saved or served under the wrong name.
_MAGIC = [
    (b"PK\x03\x04", "a ZIP archive (a .docx, .xlsx or .odt document?)"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file (.doc or .xls?)"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"%PDF-", "a PDF"),
]
# C0 control bytes that never occur in text (tab, newlines, form feed and escape do).
_CONTROL = frozenset(range(0x00, 0x20)) - set(b"\t\n\r\f\x0b\x1b")


def sniff_binary(data: bytes) -> str | None:
    """What the bytes are if they are not text (None when they look like text)."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    if encoding.bom_encoding(data) or encoding.utf16_encoding(data):
        return None
    head = data[:8192]
    controls = sum(b in _CONTROL for b in head)
    if controls > 8 and controls / len(head) > 0.01:  # a stray control character is not binary
        return "binary data"
    return None


def decode(data: bytes, name: str) -> str:
    """Decode text bytes (kept for callers that only need the string)."""
    return encoding.decode(data)


def parse_text(data: bytes, name: str) -> tuple[str, list[Page]]:
    what = sniff_binary(data)
    if what:
        raise BinaryData.for_file(name, f"this is {what}, not text")
    text = encoding.decode(data)
    if "\f" in text:  # a form feed is a page break in text exported from PDFs (pdftotext)
        pages = text.split("\f")
        if len(pages) > 1 and not pages[-1].strip():
            pages.pop()  # pdftotext ends every page, the last one too, with a form feed
        return join_pages(pages)
    text = clean_text(text)
    return text, [Page(1, 0, len(text))]
