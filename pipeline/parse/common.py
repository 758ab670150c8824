"""What every parser shares: the errors it raises and the text clean-up it applies.

Every way a source file can fail to parse has its own :class:`ParseError` subclass with a short
machine-readable ``kind`` (stored in the ``errors`` table) and a message that names the file,
says what is wrong and says what to do. Raise them with ``Kind.for_file(name, detail)``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from core.document import Page


class ParseError(Exception):
    """A document could not be read. ``kind`` is a short machine-readable reason."""

    kind = "parse_error"
    problem = "the file could not be read"
    advice = "check that it opens in a viewer, or download it again"

    @classmethod
    def for_file(cls, name: str, detail: str | None = None, advice: str | None = None) -> ParseError:
        """The error for file ``name``: "<name>: <what is wrong>; <what to do>"."""
        return cls(f"{name}: {detail or cls.problem}; {advice or cls.advice}")


class EmptyDocument(ParseError):
    kind = "empty"
    problem = "the file is empty: there is no text to extract"
    advice = "download it again, or delete it from the corpus"


class TooLarge(ParseError):
    kind = "too_large"
    problem = "the file is over the size limit"
    advice = "raise --max-bytes if it is a genuine document"


class UnsupportedFormat(ParseError):
    kind = "unsupported_format"
    problem = "not a PDF, HTML or text file"
    advice = "only .pdf, .html/.htm and .txt are read; convert it to one of those"


class NotPDF(ParseError):
    kind = "not_pdf"
    problem = "named .pdf but its bytes are not a PDF"
    advice = "it is probably an error or login page saved in its place: download it again from the source"


class EncryptedPDF(ParseError):
    kind = "encrypted"
    problem = "the PDF is password-protected, so its text cannot be read"
    advice = "ask the publisher for an unprotected copy, or remove the password, and add that instead"


class CorruptPDF(ParseError):
    kind = "corrupt_pdf"
    problem = "the PDF is truncated or corrupt"
    advice = "download it again; if the new copy fails too, the publisher's file is damaged"


class NoPages(ParseError):
    kind = "no_pages"
    problem = "the PDF has no pages"
    advice = "download it again; if it still has no pages, there is nothing to extract"


class NeedsOCR(ParseError):
    kind = "needs_ocr"
    problem = "the PDF has pages but no text layer (a scan?)"
    advice = "run OCR on it first (for example `ocrmypdf in.pdf out.pdf`) and add the OCR'd copy"


class BinaryData(ParseError):
    kind = "binary"
    problem = "binary data, not text"
    advice = "convert it to PDF or plain text, or give it its real file extension"


#: Private-use code points that Word's Symbol and Wingdings bullets become in exported text.
_PUA_BULLETS = dict.fromkeys(map(ord, "\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf06e\uf0a8\uf0be"), "\u2022")
_PUA_BULLET = re.compile("[" + "".join(map(chr, _PUA_BULLETS)) + "]")


@cache
def _invisible() -> re.Pattern:
    """Controls (but tab and newline), format marks, lone surrogates and private-use characters.

    Built once from the Basic Multilingual Plane's categories, plus the astral tag characters
    and private-use planes: a regex is ~50x faster than a per-character category test. Built on
    first use, not at import: it takes a few milliseconds a re-run with nothing to do never needs.
    """
    bmp = [chr(c) for c in range(0x10000) if unicodedata.category(chr(c)) in ("Cc", "Cf", "Cs", "Co")]
    chars = "".join(re.escape(ch) for ch in bmp if ch not in "\n\t")
    return re.compile(f"[{chars}\U000e0000-\U000e007f\U000f0000-\U0010ffff]")


def clean_text(text: str) -> str:
    """Normalise what every format shares: NFC, Unix newlines, no NBSP, no invisible characters.

    Symbol-font bullets from Word (private-use code points) become "•" rather than vanishing.
    """
    text = unicodedata.normalize("NFC", text)
    if _PUA_BULLET.search(text):  # translating every character of every page is slow; few need it
        text = text.translate(_PUA_BULLETS)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    return _invisible().sub("", text)


def join_pages(page_texts: list[str]) -> tuple[str, list[Page]]:
    """Join page texts with a blank line between them, recording each page's span."""
    parts, pages, pos = [], [], 0
    for number, page_text in enumerate(page_texts, start=1):
        page_text = clean_text(page_text).strip("\n")
        pages.append(Page(number, pos, pos + len(page_text)))
        parts.append(page_text)
        pos += len(page_text) + 2
    return "\n\n".join(parts), pages
