"""PDF: text per page from pypdfium2 (fast, C++), page numbers kept."""

from __future__ import annotations

import pypdfium2 as pdfium

from pipeline.document import Page
from pipeline.parse.common import ParseError, join_pages


def parse_pdf(data: bytes, name: str) -> tuple[str, list[Page]]:
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ParseError(
            f"{name}: the PDF could not be opened ({exc}); it may be truncated or corrupt"
        ) from exc
    try:
        texts = []
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            texts.append(textpage.get_text_bounded())
            textpage.close()
            page.close()
    finally:
        pdf.close()
    return join_pages(texts)
