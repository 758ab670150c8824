"""The keyed scans find exactly what the plain regex scans find.

:func:`core.scan.scanners.keyed_finditer` tries a pattern only where one of its first words
stands, with the keys read from the compiled pattern (:func:`core.scan.parse_tree.opening_keys`);
the Ofsted readers use it on their vocabulary's patterns. These tests compare it with
``pattern.finditer`` on texts made of the vocabulary's own words, at window edges (a key or a
match cut by ``endpos``, a look-behind reaching before ``pos``, a look-ahead at ``endpos``), and
on the real reports.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.scan import scanners as scan
from core.scan.parse_tree import opening_keys
from extractors import ofsted_vocabulary as V
from extractors.ofsted_inspection import is_date_year

ROOT = Path(__file__).resolve().parents[1]
REALDOCS = ROOT.parent / "shared" / "realdocs"

WORDS = (
    "inspection inspected INSPECTORS Ofsted OFSTED's SIF sift ILACS visit revisit Visiting in during between "
    "on of from dated held took place carried out the last Ofsted inspection March Mar. May may June "
    "sept September 2016 2019 2031 2045 1999 20 2016/17 2016-17 2016% £2016 2014-2015 Act 2006 Children "
    "good Good GOOD outstanding inadequate adequate requires improvement to be good required improvement "
    "requiring-improvement judged rated 'good' “inadequate” x-good goodness Inadequately ſif İnspection "
    "ı Kelvin judgement judgment next future"
).split()
GLUE = [" ", "  ", "\n", "\n\n", ", ", ". ", "; ", " - ", "-", "(", ")", ": ", "", "/", "%"]
TEXTS = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(GLUE)), max_size=50).map(
    lambda pairs: "".join(w + g for w, g in pairs)
)
PATTERNS = [
    V.GRADE_WORD,
    V.DATE_CUE,
    V.YEAR,
    V.INSPECTION_DATE,
    V.OFSTED,
    V.INSPECTION_CUE,
    V.OTHER_INSPECTORATE,
]


def _spans(matches) -> list[tuple[int, int]]:
    return [m.span() for m in matches if m]


def _same(pattern: re.Pattern, text: str, pos: int = 0, endpos: int | None = None) -> bool:
    endpos = len(text) if endpos is None else endpos
    keyed = scan.keyed_finditer(pattern, text, pos, endpos)
    return _spans(keyed) == _spans(pattern.finditer(text, pos, endpos))


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.integers(0, 400), st.integers(0, 400))
def test_keyed_scan_is_the_plain_scan_in_any_window(text, a, b):
    pos, endpos = min(a, b), max(a, b)
    for pattern in PATTERNS:
        assert _same(pattern, text), pattern.pattern[:60]
        assert _same(pattern, text, pos, endpos), pattern.pattern[:60]


@settings(max_examples=100, deadline=None)
@given(TEXTS, st.integers(0, 400))
def test_long_windows_look_their_keys_up_in_the_whole_text(text, pos):
    text = text * 40  # a window over most of the text: the whole text's places are found
    for pattern in PATTERNS:
        assert _same(pattern, text, pos, len(text) - pos)


@settings(max_examples=100, deadline=None)
@given(TEXTS, st.integers(1, 60))
def test_many_windows_then_the_whole_texts_places(text, width):
    # windows searched one by one until they add up to half the text, then looked up
    text = text + " " + str(width)  # a text of its own: its places are not cached yet
    for pattern in PATTERNS:
        for pos in range(0, len(text), max(1, width // 3)):
            assert _same(pattern, text, pos, pos + width), (pattern.pattern[:40], pos)


@pytest.mark.parametrize(
    ("text", "pos", "endpos"),
    [
        ("the Ofsted inspection in May 2016 found", 0, 19),  # a key cut by endpos ("inspec|tion")
        ("the Ofsted inspection in May 2016 found", 0, 32),  # the year cut: "201|6"
        ("inspected in 2016% of cases, then in 2017", 0, 17),  # the look-ahead meets endpos, not "%"
        ("inspected in 2016/17 and in 2018", 0, 17),
        ("revisit 2016; sif 2019; the SIF 2019", 3, 40),  # a look-behind reaching before pos
        ("x2016 inspection", 1, 16),
        ("inadequate adequate", 2, 19),  # a key inside another key's word
        ("ofstedofsted inspection 2016 inspection 2017", 0, 44),  # matches resume after each match
    ],
)
def test_window_edges(text, pos, endpos):
    for pattern in PATTERNS:
        assert _same(pattern, text, pos, endpos)
        first = pattern.search(text, pos, endpos)
        assert _spans([scan.keyed_search(pattern, text, pos, endpos)]) == _spans([first])


def test_text_that_cannot_be_lower_cased_is_scanned_plainly():
    text = "İnspection in May 2016: ſif 2016 judged good"
    assert scan.keyed_starts(V.DATE_CUE, text) is None
    assert _same(V.DATE_CUE, text)
    assert scan.keyed_starts(V.YEAR, text) is not None  # digits: searched as printed


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (re.compile(r"\bvisit|inspect\w*", re.I), ("visit", "inspec")),
        (re.compile(r"(?<![\d])20[0-1]\d"), ("200", "201")),
        (re.compile(r"(?:January|Jan)\.?\s+\d", re.I), ("jan",)),  # "january" is opened by "jan"
        (re.compile(r"ab|ac"), ("ab", "ac")),  # the parser folds these into "a[bc]"
        (re.compile(r"(?:x+)y"), ("x",)),  # a repeat's first round must match
        (re.compile(r"GOOD", re.I), ("good",)),
    ],
)
def test_opening_keys_are_read_from_the_pattern(pattern, expected):
    assert sorted(opening_keys(pattern)) == sorted(expected)


@pytest.mark.parametrize(
    "source",
    [
        r"[A-Z]\w+",  # a class too large to list
        r"x?y",  # an optional first word: no key opens every match
        r"(?i:good)",  # flags changed inside
        r"ſif",  # not ASCII: IGNORECASE folds it in ways lower() does not show
        r"\d+",
        r"a|\w",
    ],
)
def test_patterns_without_readable_keys_are_scanned_plainly(source):
    pattern = re.compile(source, re.I)
    assert opening_keys(pattern) is None
    assert _same(pattern, "Good x y ſif SIF 12 Ab")


def _plain_inspection_dates(text: str) -> list[tuple[int, int]]:
    """The inspection dates as read before the keyed scan: every window scanned at every place."""
    found: dict[int, int] = {}
    for cue in V.DATE_CUE.finditer(text):
        start, end = max(0, cue.start() - 60), min(len(text), cue.end() + 150)
        if not V.YEAR.search(text, start, end):
            continue
        for m in V.INSPECTION_DATE.finditer(text, start, end):
            year_at = next(i for i in range(1, len(m.groups()) + 1) if m.group(i))
            if not V.NOT_THE_INSPECTION.search(m.group(0)) and is_date_year(text, m.start(year_at)):
                found.setdefault(m.start(), int(m.group(year_at)))
    return sorted(found.items())


def _keyed_inspection_dates(text: str) -> list[tuple[int, int]]:
    from extractors.ofsted_ratings import _Context

    ctx = _Context.__new__(_Context)  # only the text is needed to list the dated inspections
    ctx.text = text
    return ctx.inspection_dates


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_inspection_dates_are_those_of_the_plain_window_scan(text):
    assert _keyed_inspection_dates(text) == _plain_inspection_dates(text)


def test_inspection_dates_of_the_real_reports_are_those_of_the_plain_scan():
    if not REALDOCS.is_dir():
        pytest.skip(f"{REALDOCS} is absent: the shared real documents are not beside the repository")
    from pipeline.parse import parse_bytes

    pdfs = sorted(REALDOCS.rglob("*.pdf"))[:12]
    assert pdfs
    for pdf in pdfs:
        text = parse_bytes(pdf.read_bytes(), pdf.name, {}).text
        assert _keyed_inspection_dates(text) == _plain_inspection_dates(text), pdf.name
        for pattern in (V.GRADE_WORD, V.DATE_CUE, V.OFSTED):
            assert _same(pattern, text), pdf.name
