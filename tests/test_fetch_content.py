"""What a downloaded body is: decided by its bytes, checked against what the link promised."""

from __future__ import annotations

import pytest
from fetch_site import DOCS

from pipeline.fetch.content import ContentError, check, sniff

PDF = (DOCS / "caseloads.pdf").read_bytes()


@pytest.mark.parametrize(
    "body, kind",
    [
        (PDF, "pdf"),
        (b"\n\n%PDF-1.7\n...", "pdf"),
        (b"<!DOCTYPE html><html><body>x</body></html>", "html"),
        (b"\xef\xbb\xbf<html><head><title>Error</title></head></html>", "html"),
        (b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body/></html>', "html"),
        (b'<?xml version="1.0"?><committees/>', "xml"),
        (b"PK\x03\x04....[Content_Types].xml....word/document.xml", "office"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old word file", "ole"),
        (b"{\\rtf1\\ansi hello}", "rtf"),
        (b"\x89PNG\r\n\x1a\n....", "image"),
        (b"Minutes of the meeting\nPresent: Councillor A\n", "txt"),
        (b"\x00\x01\x02binary", "binary"),
        (b"   \n", "empty"),
    ],
)
def test_sniff(body, kind):
    assert sniff(body) == kind


def test_a_pdf_link_that_serves_html_is_refused():
    with pytest.raises(ContentError, match="served as a PDF but the bytes are an HTML page"):
        check("https://x.gov.uk/documents/s1/Report.pdf", "text/html", b"<html><body>Not found</body></html>")


def test_a_pdf_content_type_with_html_bytes_is_refused_even_without_an_extension():
    with pytest.raises(ContentError, match="served as a PDF"):
        check("https://x.gov.uk/documents/s1/Report", "application/pdf", b"<!DOCTYPE html><html></html>")


def test_mgconvert2pdf_promises_a_pdf():
    with pytest.raises(ContentError, match="served as a PDF"):
        check("https://x.gov.uk/mgConvert2PDF.aspx?ID=4", "text/html", b"<html>Error</html>")
    assert check("https://x.gov.uk/mgConvert2PDF.aspx?ID=4", "text/html", PDF) == "pdf"


def test_bytes_decide_when_the_header_undersells():
    assert check("https://x.gov.uk/documents/s1/Report", "application/octet-stream", PDF) == "pdf"
    assert (
        check("https://x.gov.uk/mgAi.aspx?ID=3", "text/html", b"<html><body>Minutes</body></html>") == "html"
    )


def test_formats_the_build_cannot_read_are_not_stored():
    with pytest.raises(ContentError, match="Word/Excel/PowerPoint"):
        check("https://x.gov.uk/documents/s1/Report.docx", "application/octet-stream", b"PK\x03\x04 word/ x")
    with pytest.raises(ContentError, match="empty"):
        check("https://x.gov.uk/documents/s1/Report", "text/plain", b"")
