"""The shortcuts of :mod:`core.scan` find exactly what the plain regex scans find.

Each shortcut (a word list as a trie, branches grouped by first letter, a case-insensitive
pattern's twin on folded text, a search only in the runs of text holding a pattern's required
words, a scan only where a match's first character, a quicker pattern or a line start stands) is
checked against the plain pattern, on the patterns of the readers that use it (the witness
readers above all), on generated texts made of the words and punctuation those patterns care
about, and on every real document when ../shared is present. The keyed scans of the Ofsted
readers are checked in ``test_scan_keyed``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.councils import councils
from core.scan.alternations import by_first_letter, trie_regex
from core.scan.folding import folded, folded_twin
from core.scan.parse_tree import first_chars, required_literals
from core.scan.scanners import LineStartScanner, RunScanner, finditer_from, match_at, search_where
from core.text import lines, paragraphs
from extractors import witness_attendance as A
from extractors import witness_lists as L
from extractors import witness_prose as P
from extractors import witness_tables as T
from extractors.vocabulary import alternation, terms
from extractors.witness_parts import MAY_NAME, is_person_name, similar

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
    plain, trie = re.compile(alternation(name)), re.compile(trie_regex(terms(name)))
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


def test_match_at_is_finditer_when_matches_start_only_there():
    text = "cat catalogue concat cat"
    starts = [m.start() for m in re.finditer("cat", text)]
    assert _spans(match_at(re.compile(r"\bcat\w*"), text, starts)) == [(0, 3), (4, 13), (21, 24)]
    assert _spans(match_at(re.compile(r"\bcat\w*"), text, starts, 1, 12)) == [(4, 12)]


def test_folded_refuses_text_where_lower_casing_would_mislead():
    assert folded("The Ofsted REPORT") == "the ofsted report"
    assert folded("\u0130nadequate") is None  # "İ" lower-cases to two characters
    assert folded("\u017fpoke") is None  # "ſ" matches "s" only under IGNORECASE


def test_council_names_trie_matches_as_the_plain_alternation():
    forms = sorted({c.area for c in councils()} | {c.name for c in councils()})
    plain = re.compile(
        r"(?:" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + r")(?![\w-])"
    )
    trie = re.compile(rf"(?:{trie_regex(forms)})(?![\w-])")
    text = " ".join(forms[::7]) + " Bath and North East Somersetshire, Devon-based Kent. Barnet Council"
    assert _spans(trie.finditer(text)) == _spans(plain.finditer(text))


def test_grouping_keeps_order_and_leaves_escapes_and_quantifiers_alone():
    assert by_first_letter(["ab", r"a\d", "x+y", "ac", r"\dq", "a"]) == r"a(?:b|\d|c|)|x+y|\dq"
    for text in ["a1 ac ab xxy 7q", "acab a"]:
        grouped = re.compile(by_first_letter(["ab", r"a\d", "x+y", "ac", r"\dq", "a"]))
        plain = re.compile("|".join(["ab", r"a\d", "x+y", "ac", r"\dq", "a"]))
        assert [m.span() for m in grouped.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_search_where_and_folded_twin():
    pattern = re.compile(r"\b(?:held|hold(?:s|ing)?\b|cases\b)", re.I)
    quick = re.compile(by_first_letter(["held", r"hold(?:s|ing)?\b", r"cases\b"]))
    text = "upheld, showcases; the teams HOLDING cases"
    low = text.lower()
    found = search_where(quick, folded_twin(pattern), low, 0, len(low))
    assert found is not None and found.span() == pattern.search(text).span() == (29, 36)
    assert search_where(quick, folded_twin(pattern), low, 0, 20) is None
    assert folded_twin(re.compile(r"[A-Z]\w+ Committee", re.I)).pattern == r"[a-z]\w+ committee"
    for refused in (r"\S+ Committee", r"(?P<Name>x)", r"(?-i:x)"):
        with pytest.raises(ValueError, match="cannot lower-case"):
            folded_twin(re.compile(refused, re.I))
    with pytest.raises(ValueError, match="cannot lower-case"):
        folded_twin(re.compile("x"))  # not case-insensitive: no twin to make


@pytest.fixture
def no_parser(monkeypatch):
    """A Python without ``re._parser`` (and the caches of what was read with it emptied)."""
    from core.scan import parse_tree, scanners

    def clear():
        for cached in (parse_tree.parse, parse_tree.opening_keys, scanners._keyed_places):
            cached.cache_clear()

    clear()
    monkeypatch.setattr(parse_tree, "P", None)
    yield
    monkeypatch.undo()
    clear()


def test_a_python_without_the_regex_parser_scans_plainly(no_parser):
    from core.scan.parse_tree import opening_keys, required_words, run_chars
    from core.scan.places import holds_place, places
    from core.scan.scanners import keyed_finditer, keyed_starts

    text = "PRESENT: Jo Bell\nThe panel received evidence from the Head of Service. RESOLVED that"
    for pattern in (L.TRIGGER, P._EVIDENCE_FROM, P._MINUTES):
        scanner = RunScanner(pattern)
        assert scanner.literals is None
        assert _spans(scanner.finditer(text)) == _spans(pattern.finditer(text))
    for pattern in (A._LABEL, A._LABEL_LINE):
        assert _spans(LineStartScanner(pattern).finditer(text)) == _spans(pattern.finditer(text))
    assert first_chars(P._ROLE_NAME) is None and run_chars(L.TRIGGER) is None
    assert opening_keys(L.TRIGGER) is None and keyed_starts(L.TRIGGER, text) is None
    assert _spans(keyed_finditer(L.TRIGGER, text)) == _spans(L.TRIGGER.finditer(text))
    words = required_words(P._SUBJECT_VERB_ANYWHERE)
    assert words is None and places(text, words) is None and holds_place(None, 0, 1)  # may hold: read


@pytest.mark.parametrize("a, b", [("Bell", "Bel"), ("Payne", "Paine"), ("Head of X", "Director"), ("", "a")])
def test_similar_is_the_ratio(a, b):
    from difflib import SequenceMatcher

    for bar in (0.7, 0.8, 0.85):
        assert similar(a, b, bar) == (SequenceMatcher(None, a, b).ratio() >= bar)
