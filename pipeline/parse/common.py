"""What every parser shares: the errors it raises and the text clean-up it applies."""

from __future__ import annotations

import unicodedata

from pipeline.document import Page


class ParseError(Exception):
    """A document could not be read. ``kind`` is a short machine-readable reason."""

    kind = "parse_error"


class EmptyDocument(ParseError):
    kind = "empty"


class TooLarge(ParseError):
    kind = "too_large"


class UnsupportedFormat(ParseError):
    kind = "unsupported_format"


def clean_text(text: str) -> str:
    """Normalise what every format shares: NFC, Unix newlines, no NBSP or control characters."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "")
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")


def join_pages(page_texts: list[str]) -> tuple[str, list[Page]]:
    """Join page texts with a blank line between them, recording each page's span."""
    parts, pages, pos = [], [], 0
    for number, page_text in enumerate(page_texts, start=1):
        page_text = clean_text(page_text).strip("\n")
        pages.append(Page(number, pos, pos + len(page_text)))
        parts.append(page_text)
        pos += len(page_text) + 2
    return "\n\n".join(parts), pages
