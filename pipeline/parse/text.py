"""Plain text: decode with the right encoding (detected, not guessed), then clean."""

from __future__ import annotations

from charset_normalizer import from_bytes

from pipeline.document import Page
from pipeline.parse.common import ParseError, clean_text, join_pages


def decode(data: bytes, name: str) -> str:
    """Decode bytes as UTF-8 when they are, else as the encoding charset-normalizer detects.

    Repairs the classic mojibake ("â€™" for "’") left by a UTF-8 file once read as cp1252.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        best = from_bytes(data).best()
        if best is None:
            raise ParseError(f"{name}: binary data, not text; is it really a .txt file?") from None
        text = str(best)
    if "â€" in text:
        try:
            text = text.encode("cp1252").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return text


def parse_text(data: bytes, name: str) -> tuple[str, list[Page]]:
    if b"\x00" in data[:4096]:
        raise ParseError(f"{name}: binary data, not text; is it really a .txt file?")
    text = decode(data, name)
    if "\f" in text:  # a form feed is a page break in text exported from PDFs
        return join_pages(text.split("\f"))
    text = clean_text(text)
    return text, [Page(1, 0, len(text))]
