"""Property-based tests: arbitrary text and markup never crash a parser or an extractor, and
every record's offsets lie inside the text with the quote equal to the text there."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import extractors
from core.document import Document
from core.reading import read
from pipeline.parse import ParseError, parse_bytes

FRAGMENTS = [
    "Recommendation 1",
    "Recommendations",
    "RESOLVED that",
    "Resolved:",
    "(i)",
    "(ii)",
    "10.1",
    "That the",
    "is recommended to",
    "Ofsted",
    "judged to be inadequate",
    "rated 'good'",
    "requires improvement",
    "Overall effectiveness - Good",
    "caseloads",
    "30-40 per social worker",
    "in excess of 50",
    "up to 240 cases",
    "high 20s",
    "Witness",
    "Position",
    "Organisation",
    "Head of Children's Services",
    "Councillor",
    "introduced the report",
    "Durham County Council",
    " | ",
    "\n",
    "\n\n",
    "•\u00a0\u00a0",
    "Ø",
    "–",
    "“",
    "”",
    "12",
    "3.5",
    "%",
    "£",
    "2016",
    "-",
    ";",
    ",",
    ".",
]

text_strategy = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=60).map(" ".join),
)

FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(text_strategy)
def test_extractors_never_raise_and_quotes_match_offsets(text):
    doc = Document.from_text(text)
    for extractor in extractors.REGISTRY.values():
        for record in extractor.extract(read(doc)):
            assert 0 <= record.char_start <= record.char_end <= len(text)
            assert record.quote == text[record.char_start : record.char_end]
            assert record.page in (None, 1)


markup = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "<p>",
                "</p>",
                "<div id='modgov'>",
                "</div>",
                "<table><tr><td>",
                "</td><td>",
                "</td></tr></table>",
                "<li>",
                "<br>",
                "<script>x</script>",
                "<nav>menu</nav>",
                "&nbsp;",
                "&amp;",
                "<h2>",
                "</h2>",
                "<!--",
                "-->",
                "<",
            ]
        ),
        st.sampled_from(FRAGMENTS),
        st.text(max_size=10),
    ),
    max_size=80,
).map("".join)


@FUZZ
@given(markup)
def test_html_parser_never_raises_unexpectedly(html):
    _parse_or_clean_error(("<html><body>" + html).encode("utf-8"), "page.html")


@FUZZ
@given(st.binary(max_size=2000), st.sampled_from(["a.txt", "a.pdf", "a.html", "a.htm"]))
def test_any_bytes_parse_or_fail_with_a_parse_error(data, name):
    _parse_or_clean_error(data, name)


@FUZZ
@given(st.binary(max_size=600))
def test_pdf_like_bytes_parse_or_fail_with_a_parse_error(tail):
    _parse_or_clean_error(b"%PDF-1.4\n" + tail, "broken.pdf")


def _parse_or_clean_error(data: bytes, name: str) -> None:
    try:
        doc = parse_bytes(data, name)
    except ParseError as exc:
        assert name in str(exc)
        return
    for page in doc.pages:
        assert 0 <= page.start <= page.end <= len(doc.text)
    for extractor in extractors.REGISTRY.values():
        for record in extractor.extract(read(doc)):
            assert record.quote == doc.text[record.char_start : record.char_end]
