"""The one sentence splitter: layout first, then spaCy's sentencizer.

A block of committee-paper text is cut where its layout says a sentence ends even without a
full stop (a line that starts with a bullet or a list label, a short heading line before a new
line), then spaCy's rule-based sentencizer on ``spacy.blank("en")`` splits the prose of each
piece (its tokenizer knows "Mr." and "e.g." are not sentence ends). Page breaks are not
sentence breaks: the reading splits blocks, which run across them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from core.text import nlp, trimmed

_LAYOUT_BREAK = re.compile(
    r"(?P<bullet>[ \t]*\n[ \t]*)(?=(?:[-•*▪●◦‣–]|\(?[a-z0-9]{1,3}[.)])[ \t])"
    r"|(?P<heading>[ \t]*\n\s*)(?=[A-Z0-9])"
)
_ENDS_MID_PHRASE = re.compile(
    r"\b(?:for|of|the|and|or|to|in|a|an|with|by|on|at|is|are|was|were|that|which|from|than|as)$", re.I
)
_COLUMNS = re.compile(r"\S(?: {2,}|\t)\S")


def split(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The sentences of ``text[start:end]`` as absolute, trimmed spans, in order."""
    for p_start, p_end in _pieces(text, start, end):
        if "\n" not in text[p_start:p_end] and not re.search(r"[.!?]\s", text[p_start:p_end]):
            yield from trimmed(text, p_start, p_end)  # one line, one sentence: no need for spaCy
            continue
        for sent in nlp()(text[p_start:p_end]).sents:
            yield from trimmed(text, p_start + sent.start_char, p_start + sent.end_char)


def _pieces(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """``text[start:end]`` cut before a bulleted or labelled line and after a heading line."""
    pos = start
    widest = None  # the block's widest line, measured once (per line it made splitting quadratic)
    for m in _LAYOUT_BREAK.finditer(text, start, end):
        if m.group("heading") is not None and widest is None:
            widest = max(len(x.strip()) for x in text[start:end].split("\n"))
        if m.group("heading") is not None and not _heading_line(text, start, end, m, widest or 0):
            continue
        if m.start() > pos:
            yield pos, m.start()
        pos = m.end()
    if end > pos:
        yield pos, end


def _heading_line(text: str, start: int, end: int, newline: re.Match, widest: int) -> bool:
    """Whether the line ending at ``newline`` is a heading: short (well short of the block's
    widest line), capitalised, unpunctuated, no bracket left open, and neither it nor the next
    line laid out in columns (a table's caption and rows stay together)."""
    line = text[max(start, text.rfind("\n", start, newline.start()) + 1) : newline.start()].strip()
    next_end = text.find("\n", newline.end(), end)
    next_line = text[newline.end() : next_end if next_end != -1 else end]
    return (
        bool(line)
        and len(line) < 0.75 * widest  # a line as wide as the block is wrapped prose
        and line.count("(") <= line.count(")")  # "Nick Abrahams (Assistant / Director ..."
        and not _ENDS_MID_PHRASE.search(line)
        and len(line) <= 80
        and line[-1] not in ".,;:!?"
        and (line[0].isupper() or line[0].isdigit())
        and not _COLUMNS.search(line)
        and not _COLUMNS.search(next_line)
    )
