"""Plain text parsing: encodings detected, mojibake repaired, form feeds as pages, binary refused."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.parse import BinaryData, EmptyDocument, parse_bytes
from pipeline.parse.encoding import fix_mojibake

SAMPLE = (
    "Minutes \u2013 Children\u2019s Scrutiny Committee\n\n"
    "The Director said caseloads were \u201cstill too high\u201d at 24 per worker; \u00a31.2m was agreed.\n"
)


@pytest.mark.parametrize(
    "data",
    [
        SAMPLE.encode("utf-8"),
        codecs.BOM_UTF8 + SAMPLE.encode("utf-8"),
        SAMPLE.encode("utf-16"),  # with its byte-order mark, as Windows Notepad saves it
        SAMPLE.encode("cp1252"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16", "cp1252"],
)
def test_encodings_are_detected(data):
    assert parse_bytes(data, "minutes.txt").text == SAMPLE


def test_latin_1_text_is_read():
    text = "Caf\u00e9 provision for looked after children: \u00a3300 per week.\n"
    assert parse_bytes(text.encode("latin-1"), "old.txt").text == text


@pytest.mark.parametrize("times", [1, 2])
def test_mojibake_is_repaired(times):
    broken = SAMPLE.replace("\u201d", "\u2019")
    for _ in range(times):
        broken = broken.encode("utf-8").decode("cp1252")
    assert "\u00e2\u20ac" in broken
    doc = parse_bytes(broken.encode("utf-8"), "exported.txt")
    assert doc.text == SAMPLE.replace("\u201d", "\u2019")


def test_good_accented_text_is_left_alone():
    text = "Na\u00efve caf\u00e9 r\u00e9sum\u00e9 \u00c9cole \u00c2ge \u00c3 \u00e2 \u2013 fa\u00e7ade"
    assert fix_mojibake(text) == text


def test_mixed_good_text_and_mojibake():
    assert (
        fix_mojibake("caf\u00e9 and Council\u00e2\u20ac\u2122s plan") == "caf\u00e9 and Council\u2019s plan"
    )


def test_form_feeds_are_page_breaks():
    data = b"Agenda\nItem 1\fReport on item 1\fAppendix A\nFigures\f"
    doc = parse_bytes(data, "pdftotext.txt")
    assert [doc.text[p.start : p.end] for p in doc.pages] == [
        "Agenda\nItem 1",
        "Report on item 1",
        "Appendix A\nFigures",
    ]
    assert doc.page_at(doc.text.index("Figures")) == 3


def test_windows_line_endings_and_stray_controls_are_cleaned():
    doc = parse_bytes(b"Line one\r\nLine two\x07\r\n\r\nNext\xc2\xa0paragraph\xe2\x80\x8b\r\n", "crlf.txt")
    assert doc.text == "Line one\nLine two\n\nNext paragraph\n"


def test_word_symbol_bullets_become_bullets():
    doc = parse_bytes("\uf0b7 Staffing levels\n\uf0a7 Caseloads\n".encode(), "bullets.txt")
    assert doc.text == "\u2022 Staffing levels\n\u2022 Caseloads\n"


@pytest.mark.parametrize(
    "data, what",
    [
        (b"PK\x03\x04" + b"\x14\x00\x06\x00" * 50, "ZIP archive"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "Microsoft Office"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" * 20, "PNG image"),
        (bytes(range(256)) * 8, "binary data"),
    ],
    ids=["docx", "doc", "png", "bytes"],
)
def test_binary_named_txt_is_refused_with_what_it_is(data, what):
    with pytest.raises(BinaryData) as info:
        parse_bytes(data, "minutes.txt")
    assert info.value.kind == "binary"
    message = str(info.value)
    assert message.startswith("minutes.txt: ") and what in message and "convert it" in message


@pytest.mark.parametrize("data", [b"", b"   \n\t\n", b"\f\f"])
def test_empty_text_is_refused(data):
    with pytest.raises(EmptyDocument) as info:
        parse_bytes(data, "blank.txt")
    assert info.value.kind == "empty" and str(info.value).startswith("blank.txt: ")


_PAGE = st.text(st.characters(whitelist_categories=("L", "N", "P", "S", "Zs")), max_size=60).map(str.strip)


@settings(max_examples=60, deadline=None)
@given(st.lists(_PAGE.filter(bool), min_size=1, max_size=5))
def test_page_spans_tile_the_text(pages):
    doc = parse_bytes("\f".join(pages).encode("utf-8"), "pages.txt")
    assert doc.page_count == len(pages)
    assert doc.pages[0].start == 0 and doc.pages[-1].end == len(doc.text)
    for before, after in zip(doc.pages, doc.pages[1:], strict=False):
        assert after.start == before.end + 2 and doc.text[before.end : after.start] == "\n\n"
