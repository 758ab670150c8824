"""The text helpers' shortcuts find exactly what the plain regex scans find."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from core.text import _lines, lines, paragraphs
from extractors import ofsted_vocabulary as V
from extractors.witness_prose import _EVIDENCE_FROM, _ROLE_ONLY

WORDS = (
    "The Head of Service reported evidence from heard met with spoke to interviewed presentation update "
    "briefing Council's County Authority Deputy Director requires improvement good Outstanding inadequate "
    "adequate Ofsted judged the council to be 2019 ſpoke İnadequate ı Kelvin"
).split()
GLUE = [" ", "  ", "\n", "\n\n", ", ", ". ", "; ", " - ", " \u2022 ", "\t", "(", ")", ": "]
TEXTS = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(GLUE)), max_size=60).map(
    lambda pairs: "".join(w + g for w, g in pairs)
)


def _spans(matches) -> list[tuple[int, int]]:
    return [m.span() for m in matches]


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_cached_lines_and_paragraphs_equal_the_plain_walk(text):
    assert list(lines(text)) == list(_lines(text, 0, len(text)))
    assert list(paragraphs(text)) == list(paragraphs(text + " ", 0, len(text)))


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_grade_words_tried_at_their_keywords_only(text):
    assert _spans(V.grade_words(text)) == _spans(V.GRADE_WORD.finditer(text))


SAMPLE = (
    "Minutes\n\nThe Deputy Director reported that caseloads fell. Members asked, the Head of Service\n"
    "answered. \u2022 The Council's Head of Early Help explained the plan.\n"
    "The panel received oral evidence from Jo Bell, heard from staff and met with carers; it spoke to\n"
    "parents. Services were judged to be Good in 2019 and inadequate; requires\nimprovement now."
)


def test_the_shortcuts_find_something_in_a_sample_of_minutes():
    # the witness patterns are scanned plainly (no shortcut to keep in step with their words)
    assert len(_spans(_ROLE_ONLY.finditer(SAMPLE))) == 3
    assert len(_spans(_EVIDENCE_FROM.finditer(SAMPLE))) == 4
    assert len(_spans(V.grade_words(SAMPLE))) == 3
    assert _spans(V.grade_words(SAMPLE)) == _spans(V.GRADE_WORD.finditer(SAMPLE))
