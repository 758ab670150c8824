"""The council readers' fast scans find exactly what their plain regex scans find.

``core.councils.mentions`` walks a trie of the council forms where a capital stands, instead of
one regex of 1,300 names; ``core.council_of`` starts its name regex only at a capital and reads
web domains only before ".gov.uk". Each is compared here with the plain regex it replaced, on
texts made of council names, their pieces and the characters at their edges.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core import council_of
from core import councils as C
from core.scan.alternations import trie_regex
from core.scan.folding import folded

_TRIE, _FORMS = C._mention_forms()
#: The mention regex as it was: a trie alternation of every form, checks first.
_PLAIN_MENTION = re.compile(r"(?=[A-Z])(?<![\w\-])" + trie_regex(list(_FORMS)) + r"(?![\w]|-\w)")
_COUNCIL, _COUNCIL_FORMS, _ = council_of._council_pattern()
_PLAIN_COUNCIL = re.compile(rf"(?=[A-Z])(?<![\w-])(?:{trie_regex(list(_COUNCIL_FORMS))})(?![\w-])")


def _plain_mentions(text: str, start: int = 0, end: int | None = None):
    end = len(text) if end is None else end
    found = []
    for m in _PLAIN_MENTION.finditer(text, start, end):
        form = C._WS.sub(" ", m.group(0))
        if form in C._NEEDS_SUFFIX and not C._SUFFIX_AFTER.match(text, m.end()):
            continue
        if C._TITLE_BEFORE.search(text, max(0, m.start() - 40), m.start()):
            continue
        if C._inside_other_place(text, m.start(), m.end()):
            continue
        found.append((m.start(), m.end(), C._pick(_FORMS[form], None)))
    return found


_SAMPLE = sorted(_FORMS)[::9]
PIECES = [
    *_SAMPLE,
    *(f.split()[0] for f in _SAMPLE),
    "Bath and North East\nSomerset",
    "Kingston upon  Hull",
    "New York",
    "York",
    "Devon-based",
    "Kent’s",
    "KENT",
    "Cllr Kent",
    "Reading",
    "Reading Borough Council",
    "St Helens",
    "kent",
    "Kentish",
    "Bury",
    "County",
    "Council",
]
GLUE = [" ", "  ", "\n", "-", "_", "'", ", ", ".", "x", "(", "", "\u00a0", "-x", "- "]
TEXTS = st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(GLUE)), max_size=25).map(
    lambda pairs: "".join(w + g for w, g in pairs)
)


def test_every_form_is_spaced_as_the_trie_reads_it():
    # the trie walk reads a space of a form as a whole run of white space, as the regex did
    # with r"\s+": that holds for single spaces between printed characters
    for form in _FORMS:
        assert form == " ".join(form.split()) and not any(ch.isspace() and ch != " " for ch in form), form


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.integers(0, 300), st.integers(0, 300))
def test_mentions_are_those_of_the_plain_regex(text, a, b):
    assert C.mentions(text) == _plain_mentions(text)
    start, end = min(a, b), max(a, b)
    assert C.mentions(text, None, start, end) == _plain_mentions(text, start, end)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Bath and North East Somerset", 0, 20),  # the window cuts the longer name: the shorter one
        ("Devon-based and Kent-x and Kent-", 0, 32),
        ("xKent, -Kent, _Kent, Kent_", 0, 26),
        ("Lancashire-x", 0, 11),  # the hyphen's word cut off by the window's end
        ("Kent", 1, 4),  # a window starting inside a name
        ("North Yorkshire", 0, 5),
    ],
)
def test_mention_window_edges(text, start, end):
    assert C.mentions(text, None, start, end) == _plain_mentions(text, start, end)


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.integers(0, 300), st.integers(0, 300))
def test_council_names_start_only_at_a_capital_as_before(text, a, b):
    start, end = min(a, b), max(a, b)
    spans = [m.span() for m in _COUNCIL.finditer(text, start, end)]
    assert spans == [m.span() for m in _PLAIN_COUNCIL.finditer(text, start, end)]


DOMAINS = [
    "kent.gov.uk",
    "www.east-sussex.gov.uk",
    "KENT.GOV.UK",
    "x.gov.uk",
    "-kent.gov.uk",
    "_kent.gov.uk",
    "café-kent.gov.uk",
    "kent.gov.ukx",
    "kent.gov.uk.gov.uk",
    "k1ent.gov.uk",
    ".gov.uk",
    "see devon.gov.uk/children",
]


@pytest.mark.parametrize("text", [*DOMAINS, " ".join(DOMAINS), "ſuffolk.gov.uk and kent.gov.uk"])
def test_domains_are_read_as_the_plain_regex_reads_them(text):
    found = [m.span() for m in council_of._domains(text, folded(text))]
    assert found == [m.span() for m in council_of._DOMAIN.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*DOMAINS, " ", "-", ".", "a", "Gov", "uk", "\n"]), max_size=20).map("".join))
def test_domains_in_any_text(text):
    found = [m.span() for m in council_of._domains(text, folded(text))]
    assert found == [m.span() for m in council_of._DOMAIN.finditer(text)]


NAME_PIECES = [
    "Devon County Council",
    "London Borough of Merton",
    "Royal Borough of Kingston upon Thames",
    "Borough of Poole",
    "City of York Council",
    "Kingston upon Hull City Council",
    "Bath and North East Somerset Council",
    "Stoke-on-Trent City Council",
    "Brighton & Hove City Council",
    "St Helens Metropolitan Borough Council",
    "the County Council",
    "Council",
    "Borough",
    "Devon",
    "O’Brien",
    "x" * 300,  # a run longer than a chunk of the look back
    "X" + "x" * 300,
]
NAME_GLUE = [" ", "\n", "  ", ". ", ", ", "-", "(", ")", ": ", "", "’", "/", "1", "_"]
NAME_TEXTS = st.lists(st.tuples(st.sampled_from(NAME_PIECES), st.sampled_from(NAME_GLUE)), max_size=20).map(
    lambda pairs: "".join(w + g for w, g in pairs)
)


@settings(max_examples=300, deadline=None)
@given(NAME_TEXTS, st.integers(0, 2000))
def test_printed_names_are_read_in_runs_as_the_plain_regex_reads_them(text, end):
    for stop in (len(text), end):
        found = [m.span() for m in council_of._printed_councils(text, stop)]
        assert found == [m.span() for m in council_of.PRINTED_COUNCIL.finditer(text, 0, stop)]


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("Devon County Council", 17),  # the window cuts the word every name holds
        ("Devon County Council meets", 20),
        ("-Devon County Council.", 22),
        ("(London Borough of\nMerton)", 26),
        pytest.param("x" * 600 + " Devon County Council", 621, id="long-run"),
        pytest.param("A" + "x" * 600 + " County Council", 700, id="name-opening-further-back-than-a-chunk"),
    ],
)
def test_printed_name_edges(text, end):
    found = [m.span() for m in council_of._printed_councils(text, end)]
    assert found == [m.span() for m in council_of.PRINTED_COUNCIL.finditer(text, 0, end)]


def test_a_printed_name_holds_only_characters_of_a_name_run():
    # _printed_councils reads only runs of these characters: were the pattern to take another
    # character (a full stop, say), this fails rather than names going missing
    from re import _constants as K
    from re import _parser as P

    def consumed(items):
        for op, av in items:
            if op is K.LITERAL:
                yield chr(av)
            elif op is K.IN:
                for kind, value in av:
                    if kind is K.LITERAL:
                        yield chr(value)
                    elif kind is K.RANGE:
                        yield from map(chr, range(value[0], value[1] + 1))
                    elif kind is K.CATEGORY:
                        assert value in (K.CATEGORY_WORD, K.CATEGORY_SPACE), value
                    else:
                        raise AssertionError(f"unexpected class item {kind}")
            elif op is K.SUBPATTERN:
                yield from consumed(av[3])
            elif op is K.BRANCH:
                for alternative in av[1]:
                    yield from consumed(alternative)
            elif op in (K.MAX_REPEAT, K.MIN_REPEAT):
                yield from consumed(av[2])
            elif op is K.ASSERT or op is K.AT:
                continue  # zero width
            else:
                raise AssertionError(f"unexpected element {op}")

    characters = set(consumed(P.parse(council_of.PRINTED_COUNCIL.pattern)))
    assert characters and all(council_of._NAME_RUN.fullmatch(ch) for ch in characters)
