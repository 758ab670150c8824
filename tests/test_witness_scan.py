"""The witness readers' cheap scans find exactly what the plain regex scans find.

Each shortcut (a word list as a trie, a case-insensitive pattern on folded text, a search only in
the runs of text holding a pattern's required words, a scan only where a match's first character
or a line start stands) is checked against the plain pattern on generated texts made of the words
and punctuation the patterns care about, and on every real document when ../shared is present.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.text import folded, lines, paragraphs
from extractors import witness_attendance as A
from extractors import witness_lists as L
from extractors import witness_prose as P
from extractors import witness_tables as T
from extractors.vocabulary import alternation, terms
from extractors.witness_parts import MAY_NAME, is_person_name, similar
from extractors.witness_scan import (
    LineStartScanner,
    RunScanner,
    finditer_from,
    first_chars,
    folded_twin,
    required_literals,
    trie_alternation,
)

WORDS = (
    "The the Head of Service Deputy Director reported presented introduced explained and by given "
    "evidence from heard met with spoke to interviewed witnesses contributors presentation update "
    "briefing Council's County Authority Jo Bell Sam Cole Mr Dr Members Councillor Cllr asked RESOLVED "
    "Minutes agreed that PRESENT Present In attendance Also present Name Role Position Organisation "
    "Job title ſpoke İnadequate ı Kelvin"
).split()
GLUE = [" ", "  ", "\n", "\n\n", ", ", ". ", "; ", " - ", " \u2022 ", "\t", "(", ")", ": ", ":\n", " / ", "*"]
TEXTS = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(GLUE)), max_size=60).map(
    lambda pairs: "".join(w + g for w, g in pairs)
)
SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "realdocs"


def _spans(matches) -> list[tuple[int, int]]:
    return [m.span() for m in matches]


def _same_scans(text: str) -> None:
    for pattern in (L.TRIGGER, P._EVIDENCE_FROM, P._MINUTES):
        assert _spans(RunScanner(pattern).finditer(text)) == _spans(pattern.finditer(text))
    for pattern in (A._LABEL, A._LABEL_LINE):
        assert _spans(LineStartScanner(pattern).finditer(text)) == _spans(pattern.finditer(text))
    low = folded(text)
    if low is not None:
        assert _spans(T._HEADER_LINES.finditer(low)) == _spans(T._HEADER_LINE.finditer(low))
        assert _spans(folded_twin(L.TRIGGER).finditer(low)) == _spans(L.TRIGGER.finditer(text))
    for pattern, _, first in P._NAMED:
        for s, e in paragraphs(text):
            assert _spans(finditer_from(pattern, first, text, s, e)) == _spans(pattern.finditer(text, s, e))
    verb_word = re.compile(rf"\b(?:{P._VERB})|{P._BY}")
    for s, e in paragraphs(text):
        assert bool(P._VERB_GATE.search(text, s, e)) == bool(verb_word.search(text, s, e))
    spans = list(lines(text))
    per_line = {k for k, (s, e) in enumerate(spans) if L.TRIGGER.search(text, s, e)}
    assert per_line <= set(L._trigger_lines(text, spans))
    if low is not None:  # every header cell and "name" line is among the lines a table may start at
        heads = {k for k, (s, e) in enumerate(spans) if T.header_category(text[s:e]) is not None}
        named = re.compile("|".join(map(re.escape, T._HEADER_PHRASES["name"])))
        heads |= {k for k, (s, e) in enumerate(spans) if named.search(low, s, e)}
        assert heads == set(T._header_lines(text, spans))
    _subject_runs_only_where_kept(text)


def _subject_runs_only_where_kept(text: str) -> None:
    """A paragraph ``_anchors`` does not keep for subject runs yields none when read anyway."""
    words = {"by": P.places(text, P._BY_WORDS), "subject": P.places(text, P._SUBJECT_WORDS)}
    for s, e in paragraphs(text):
        if "subject" in P._anchors(text, s, e, [], words):
            continue
        if " and " in text[s:e] and P._SUBJECT_VERB_ANYWHERE.search(text, s, e):
            assert P._subject_lists(text, [(s, e)], "Anyshire Council", set()) == [], text[s:e]


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_cheap_scans_find_what_the_plain_patterns_find(text):
    _same_scans(text)


def test_cheap_scans_on_real_documents():
    if not SHARED.is_dir():
        pytest.skip("../shared/realdocs is absent: the generated texts above still check every scan")
    from pipeline.ingest import discover
    from pipeline.process import process

    for source in discover([SHARED]):
        doc = process(source).doc
        if doc is not None:
            _same_scans(doc.text)


NAME_WORDS = "Jo jo Bell BELL van der J. A Dr dr. Mr MR Ms Councillor Head Service ( ) , ; - O'Neill".split()
NAME_GLUE = [" ", ",", ", ", "\n", "  "]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(NAME_WORDS), st.sampled_from(NAME_GLUE)), max_size=6))
def test_may_name_holds_wherever_a_name_is(pairs):
    text = "".join(w + g for w, g in pairs)
    if is_person_name(text):
        assert MAY_NAME.search(text)


@pytest.mark.parametrize("name", ["evidence_verbs", "member_posts", "group_nouns", "subject_openers"])
def test_a_word_list_as_a_trie_matches_what_its_alternation_matches(name):
    plain, trie = re.compile(alternation(name)), re.compile(trie_alternation(terms(name)))
    for term in terms(name):
        for text in (term, term + " and more", term.replace(" ", " \n ") + "s", term[:-1]):
            a, b = plain.match(text), trie.match(text)
            assert (a and a.group()) == (b and b.group()), text


def test_required_literals_are_read_off_the_pattern():
    assert required_literals(re.compile(r"\bmet\s+with\b|\bheard\s+from\b")) == {"met", "heard"}
    assert required_literals(re.compile(r"(?:a|b)?c")) == {"c"}
    assert required_literals(re.compile(r"(?:ab|c)?\w")) is None
    assert required_literals(re.compile(r"Jo(?:hn)?\s+Bell", re.IGNORECASE)) == {"bell"}
    with pytest.raises(ValueError):
        RunScanner(re.compile(r"evidence[^.]*from"))  # any character may be in a match: refused


def test_first_characters_of_a_pattern():
    assert first_chars(re.compile(r"(?:\b[Tt]he\s+)?Head")).pattern == "[HTt]"
    assert first_chars(re.compile(r"x?\w")) is None
    assert first_chars(re.compile("a", re.IGNORECASE)) is None


@pytest.mark.parametrize("a, b", [("Bell", "Bel"), ("Payne", "Paine"), ("Head of X", "Director"), ("", "a")])
def test_similar_is_the_ratio(a, b):
    from difflib import SequenceMatcher

    for bar in (0.7, 0.8, 0.85):
        assert similar(a, b, bar) == (SequenceMatcher(None, a, b).ratio() >= bar)
