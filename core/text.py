"""Text helpers the reading is built from: lines, paragraphs, case folding, spaCy's pipeline.

spaCy runs as ``spacy.blank("en")`` with the rule-based sentencizer: fast (hundreds of thousands
of words a second), no model download, and good enough on committee prose. Structure (lines,
lists, tables) is read from the text itself, not from a statistical model. The one sentence
splitter built on it is :mod:`core.sentences`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

_WS = re.compile(r"\s+")


def collapse(text: str) -> str:
    """Collapse every run of white space (hard wraps, padded bullets, NBSP) to one space."""
    if "  " not in text and text.isprintable():  # no white space but single spaces: nothing to do
        return text.strip()
    return _WS.sub(" ", text).strip()


_PARA_BREAK = re.compile(r"\n[ \t\u00a0]*\n\s*")


@lru_cache(maxsize=1)
def nlp() -> Language:
    """The shared blank English pipeline with a sentencizer (built once per process).

    spaCy is imported here, not at module level: loading it takes most of a second, and a build
    whose documents need no sentence splitting (or a re-run with nothing to do) never pays it.
    """
    import spacy
    from spacy.symbols import ORTH

    from core.vocabulary import entries

    pipeline = spacy.blank("en")
    for _, abbreviation in entries("abbreviations"):  # not sentence ends ("Cllr. Smith")
        pipeline.tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])
    pipeline.add_pipe("sentencizer")
    pipeline.max_length = 5_000_000
    return pipeline


def paragraphs(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """Spans of blank-line separated paragraphs in ``text[start:end]``, white space trimmed.

    The whole text's paragraphs are found once and cached: every extractor reads them.
    """
    if start == 0 and (end is None or end == len(text)):
        return iter(_all_paragraphs(text))
    return _paragraphs(text, start, len(text) if end is None else end)


def lines(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """Spans of the non-blank lines in ``text[start:end]``, white space trimmed.

    The whole text's lines are found once (by one regex pass) and cached: every extractor reads them.
    """
    if start == 0 and (end is None or end == len(text)):
        return iter(_all_lines(text))
    return _lines(text, start, len(text) if end is None else end)


def enclosing(separators: re.Pattern, text: str, lo: int, hi: int, start: int, end: int) -> tuple[int, int]:
    """The piece of ``text[lo:hi]`` between the separators on either side of ``[start, end)``:
    the clause holding a figure between semicolons, the part of a sentence a time phrase is in."""
    piece_start, piece_end = lo, hi
    for m in separators.finditer(text, lo, hi):
        if m.end() <= start:
            piece_start = m.end()
        elif m.start() >= end:
            piece_end = m.start()
            break
    return piece_start, piece_end


def folded(text: str) -> str | None:
    """``text`` lower-cased, for cheap case-insensitive keyword prefilters; None when unsafe.

    Searching many keywords case-insensitively in the original costs ten times more than
    searching them in a lower-cased copy. The copy keeps every character in place, and holds a
    keyword wherever a ``re.IGNORECASE`` pattern could match it, unless the text has one of the
    three characters that break that ("İ" lower-cases to two characters; "ı" and "ſ" match "i"
    and "s" only under IGNORECASE): then this is None and callers read everything.
    """
    return _folded(text)


def match_at(pattern: re.Pattern, text: str, starts: Iterable[int], pos: int = 0) -> Iterator[re.Match]:
    """What ``pattern.finditer(text, pos)`` yields, trying the pattern only at ``starts`` (ascending).

    Exact when no match can start anywhere else (say every match opens with a keyword, and
    ``starts`` are the keyword's places), and far cheaper than letting the regex engine try every
    position of a long text: a pattern opening with ``\\b`` or an IGNORECASE alternation costs
    50 to 150 ns a character to scan.
    """
    for start in starts:
        if start >= pos:
            m = pattern.match(text, start)
            if m:
                yield m
                pos = max(m.end(), start + 1)


def finditer_in_word_runs(pattern: re.Pattern, text: str, keys: re.Pattern) -> Iterator[re.Match]:
    """What ``pattern.finditer(text)`` yields, for a pattern whose every match is made of word
    characters and white space only and holds a match of ``keys`` (lower-case words, searched in
    :func:`folded` text). Such a match lies inside one run of words and spaces between two other
    characters, so only the runs holding a key are searched."""
    low = folded(text)
    if low is None:
        yield from pattern.finditer(text)
        return
    done = 0
    for key in keys.finditer(low):
        if key.start() < done:
            continue
        start = key.start()
        while True:  # back to the character before the run (a run is short: a clause or so)
            reach = max(0, start - 256)
            back = _RUN.match(text[reach:start][::-1]).end()
            start -= back
            if start == 0 or back < 256:
                break
        done = _RUN.match(text, key.start()).end()
        yield from pattern.finditer(text, start, done)


_RUN = re.compile(r"[\w\s]*")


@lru_cache(maxsize=2)
def _folded(text: str) -> str | None:
    return None if _UNFOLDABLE.search(text) else text.lower()


_UNFOLDABLE = re.compile("[\u0130\u0131\u017f]")
_LINE = re.compile(r"[^\S\n]*(\S(?:[^\n]*\S)?)")


@lru_cache(maxsize=2)
def _all_lines(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(m.span(1) for m in _LINE.finditer(text))


@lru_cache(maxsize=2)
def _all_paragraphs(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(_paragraphs(text, 0, len(text)))


def _paragraphs(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    pos = start
    for m in _PARA_BREAK.finditer(text, start, end):
        yield from trimmed(text, pos, m.start())
        pos = m.end()
    yield from trimmed(text, pos, end)


def _lines(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl == -1 else nl
        yield from trimmed(text, pos, stop)
        pos = stop + 1


def trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """``(start, end)`` with surrounding white space removed, or nothing for a blank span."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        yield start, end
