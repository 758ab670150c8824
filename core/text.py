"""Text helpers the reading is built from: lines, paragraphs, spaCy's pipeline.

spaCy runs as ``spacy.blank("en")`` with the rule-based sentencizer: fast (hundreds of thousands
of words a second), no model download, and good enough on committee prose. Structure (lines,
lists, tables) is read from the text itself, not from a statistical model. The one sentence
splitter built on it is :mod:`core.sentences`. Case folding (a lower-cased copy of the text to
search cheaply) and the other scanning shortcuts are in :mod:`core.scan`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
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
