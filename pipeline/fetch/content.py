"""What a downloaded body really is, decided by its bytes rather than its name or headers.

Councils' servers often send an HTML error or login page with a ``.pdf`` name or an
``application/pdf`` header. Such a body must never be stored as a paper, so every download
is sniffed and checked against what was promised before it reaches the raw store.
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

#: Kinds the build can read, with the extension and media type they are stored under.
STORABLE = {"pdf": (".pdf", "application/pdf"), "html": (".html", "text/html"), "txt": (".txt", "text/plain")}

_NAMES = {
    "pdf": "a PDF",
    "html": "an HTML page",
    "xml": "an XML document",
    "txt": "plain text",
    "office": "a Word/Excel/PowerPoint (OOXML) file",
    "ole": "an old-style Office file",
    "rtf": "an RTF file",
    "zip": "a ZIP archive",
    "image": "an image",
    "binary": "unrecognised binary data",
    "empty": "empty",
}


class ContentError(Exception):
    """A body is not something we store; the message says what it was and what was promised.

    ``retry`` is True when another try may succeed (an error page served in place of a PDF).
    """

    def __init__(self, message: str, retry: bool = False):
        super().__init__(message)
        self.retry = retry


def sniff(body: bytes) -> str:
    """The kind of ``body``: pdf, html, xml, txt, office, ole, rtf, zip, image, binary or empty."""
    if not body.strip():
        return "empty"
    if b"%PDF-" in body[:1024]:
        return "pdf"
    head = body[:4096].lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n").lower()
    if head.startswith(b"pk\x03\x04"):
        return (
            "office"
            if any(m in body[:65536] for m in (b"word/", b"xl/", b"ppt/", b"[Content_Types]"))
            else "zip"
        )
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith((b"\x89png", b"\xff\xd8\xff", b"gif8")):
        return "image"
    if head.startswith(b"<?xml"):
        return "html" if b"<html" in head else "xml"
    if (
        head.startswith((b"<!doctype html", b"<html", b"<head", b"<body"))
        or b"<body" in head
        or b"<html" in head
    ):
        return "html"
    if b"\x00" in body[:4096]:
        return "binary"
    return "txt"


def promised_pdf(url: str, content_type: str) -> bool:
    """Did the link or the server say this is a PDF? (``mgConvert2PDF.aspx`` promises one too.)"""
    path = unquote(urlsplit(url).path).lower()
    return content_type == "application/pdf" or path.endswith(".pdf") or path.endswith("mgconvert2pdf.aspx")


def check(url: str, content_type: str, body: bytes) -> str:
    """The storable kind of ``body``, or :class:`ContentError` saying why it is not stored."""
    kind = sniff(body)
    if promised_pdf(url, content_type) and kind != "pdf":
        raise ContentError(
            f"{url}: served as a PDF but the bytes are {_NAMES[kind]} (an error or login page?); not stored",
            retry=True,
        )
    if kind not in STORABLE:
        raise ContentError(f"{url}: {_NAMES[kind]}, which the build cannot read; not stored")
    return kind
