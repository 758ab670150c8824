"""Scanners: the matches of ``pattern.finditer`` (or ``search``), trying the pattern only where one can be.

All of them yield exactly what the plain call yields; they differ in how they know where a match
can be. Which to use:

- :func:`match_at`: you know the places (ascending) where every match must start; the others
  are built on it.
- :func:`finditer_from`: every match starts with one of a few characters
  (:func:`core.scan.parse_tree.first_chars` reads them off a case-sensitive pattern); the
  engine skips to each.
- :func:`search_where`: every match starts where a quicker pattern matches (say the branches of
  a prefilter grouped by :func:`core.scan.alternations.by_first_letter`, without their ``\\b``).
- :func:`keyed_finditer` / :func:`keyed_search` / :func:`keyed_starts`: every match *opens*
  with one of a few literal words (read off the pattern, :func:`opening_keys`); they are found
  with ``str.find`` in folded text, for a pattern asked about many windows of one text.
- :class:`RunScanner`: every match *holds* one of a few literals somewhere and is made of a
  small set of characters (words, spaces): only the runs of those characters around a literal
  are searched, the literals and the characters read off the pattern; :func:`finditer_in_runs`
  is the same search for a caller that gives them (``core.council_of``, printed council names).
- :class:`LineStartScanner`: a multi-line pattern opening with ``^``: only line starts.

Each falls back to the plain scan when its shortcut cannot be read off the pattern, or when the
text cannot be folded safely (:func:`core.scan.folding.folded`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

from core.scan.folding import folded, folded_twin
from core.scan.parse_tree import (
    opening_keys,
    opens_at_line_start,
    parse,
    required_literals,
    run_chars,
)
from core.scan.places import every_place, find_all, run_span

__all__ = [
    "LineStartScanner",
    "RunScanner",
    "finditer_from",
    "finditer_in_runs",
    "keyed_finditer",
    "keyed_search",
    "keyed_starts",
    "match_at",
    "search_where",
]


def match_at(
    pattern: re.Pattern, text: str, starts: Iterable[int], pos: int = 0, endpos: int | None = None
) -> Iterator[re.Match]:
    """What ``pattern.finditer(text, pos, endpos)`` yields, trying the pattern only at ``starts``
    (ascending).

    Exact when no match can start anywhere else (say every match opens with a keyword, and
    ``starts`` are the keyword's places), and far cheaper than letting the regex engine try every
    position of a long text: a pattern opening with ``\\b`` or an IGNORECASE alternation costs
    50 to 150 ns a character to scan.
    """
    endpos = len(text) if endpos is None else endpos
    for start in starts:
        if start >= pos:
            m = pattern.match(text, start, endpos)
            if m:
                yield m
                pos = max(m.end(), start + 1)


def finditer_from(
    pattern: re.Pattern, first: re.Pattern | None, text: str, start: int, end: int
) -> Iterator[re.Match]:
    """What ``pattern.finditer(text, start, end)`` yields, trying the pattern only where a
    character of ``first`` (see :func:`core.scan.parse_tree.first_chars`) stands: nowhere else
    can a match start."""
    if first is None:
        return pattern.finditer(text, start, end)
    return match_at(pattern, text, map(re.Match.start, first.finditer(text, start, end)), start, end)


def search_where(quick: re.Pattern, pattern: re.Pattern, text: str, start: int, end: int) -> re.Match | None:
    """``pattern.search(text, start, end)``, tried only where ``quick`` matches: exact when
    ``quick`` matches wherever ``pattern`` does, and far cheaper when ``quick`` lets the engine
    skip most places."""
    return next(match_at(pattern, text, _where(quick, text, start, end), start, end), None)


def _where(quick: re.Pattern, text: str, start: int, end: int) -> Iterator[int]:
    """Every place in ``text[start:end]`` where ``quick`` matches (overlapping ones too), ascending."""
    candidate = quick.search(text, start, end)
    while candidate is not None:
        yield candidate.start()
        candidate = quick.search(text, candidate.start() + 1, end)


# --- keyed: the words that open every match, found in folded text ----------------------------


class _Places:
    """Where one pattern's keys stand in one text. Stretches (windows around cues) are searched
    for their keys directly until they add up to half the text; from then on, and for any
    long stretch, the whole text's places are found once and looked up."""

    def __init__(self, found: tuple[str, ...], hay: str) -> None:
        self.keys = found
        self.hay = hay  # the text, lower-cased for an IGNORECASE pattern
        self.budget = len(hay) // 2
        self.whole: tuple[int, ...] | None = None

    def within(self, pos: int, endpos: int) -> Sequence[int]:
        """The places in ``[pos, endpos)``; a stretch searched directly leaves out a key running
        past ``endpos`` (a match must hold its key before ``endpos``)."""
        if self.whole is None and endpos - pos < self.budget:
            self.budget -= endpos - pos
            return find_all(self.hay, self.keys, pos, endpos)
        if self.whole is None:
            self.whole = tuple(find_all(self.hay, self.keys))
        return self.whole[bisect.bisect_left(self.whole, pos) : bisect.bisect_left(self.whole, endpos)]


@lru_cache(maxsize=16)
def _keyed_places(pattern: re.Pattern, text: str) -> _Places | None:
    """The places of ``pattern``'s keys in ``text`` (cached: a document is asked about many
    times), or None when the pattern must be scanned plainly."""
    found = opening_keys(pattern)
    if found is None:
        return None
    hay = folded(text) if pattern.flags & re.I else text
    return None if hay is None else _Places(found, hay)


def keyed_starts(pattern: re.Pattern, text: str) -> Sequence[int] | None:
    """Every place in ``text`` where one of the pattern's opening keys stands (the only places a
    match can start), ascending; None when the pattern must be scanned plainly."""
    places = _keyed_places(pattern, text)
    return None if places is None else places.within(0, len(text))


def keyed_finditer(
    pattern: re.Pattern, text: str, pos: int = 0, endpos: int | None = None
) -> Iterator[re.Match]:
    """What ``pattern.finditer(text, pos, endpos)`` yields, trying the pattern only where one of
    its opening keys (:func:`core.scan.parse_tree.opening_keys`) stands."""
    endpos = len(text) if endpos is None else min(endpos, len(text))
    pos = max(0, pos)
    places = _keyed_places(pattern, text)
    if places is None:
        return pattern.finditer(text, pos, endpos)
    return match_at(pattern, text, places.within(pos, endpos), pos, endpos)


def keyed_search(pattern: re.Pattern, text: str, pos: int = 0, endpos: int | None = None) -> re.Match | None:
    """``pattern.search(text, pos, endpos)``, tried only where one of its opening keys stands."""
    return next(keyed_finditer(pattern, text, pos, endpos), None)


# --- runs: the stretches of a few characters that hold a required literal --------------------


class RunScanner:
    """``pattern.finditer(text)``, searching only the runs of the characters the pattern can match
    that hold one of its required literals (found with ``str.find``, many times faster than the
    regex engine trying every position of a long text).

    For a pattern made of a small set of characters (words, spaces and some punctuation: checked
    when built, and a pattern that is not is refused at import). Its matches are the same, in the
    same order, as a scan of the whole text: no match can cross a character outside that set,
    nor lie in a run without one of the literals. A Python that cannot parse patterns scans plainly.
    """

    def __init__(self, pattern: re.Pattern):
        self.pattern = pattern
        self.literals: list[str] | None = None
        parsed = parse(pattern)
        if parsed is None:  # no parser: scan plainly
            return
        ignore_case = bool(pattern.flags & re.IGNORECASE)
        literals = required_literals(pattern)
        chars = run_chars(pattern)
        if literals is None or chars is None or parsed.getwidth()[0] < 1:
            raise ValueError(f"RunScanner: not a pattern of short runs of text: {pattern.pattern[:80]!r}")
        body = "".join(c if c.startswith("\\") else re.escape(c) for c in sorted(chars))
        self._run = re.compile(f"[{body}]*")
        # a literal holding another is found wherever that one is: look for the shorter only
        self.literals = sorted(x for x in literals if not any(y != x and y in x for y in literals))
        self.ignore_case = ignore_case
        self.twin = folded_twin(pattern) if ignore_case else pattern

    def finditer(self, text: str) -> Iterator[re.Match]:
        """The matches of the pattern in ``text`` (in folded text for a case-insensitive pattern)."""
        hay = None if self.literals is None else folded(text) if self.ignore_case else text
        if hay is None:
            yield from self.pattern.finditer(text)
            return
        places = sorted(at for literal in self.literals for at in every_place(hay, literal))
        # one character past the run: no match holds it, but "$" and "\\b" read it
        yield from finditer_in_runs(self.twin, hay, self._run, places, len(hay), past=1)


def finditer_in_runs(
    pattern: re.Pattern, text: str, run: re.Pattern, places: Iterable[int], endpos: int, past: int = 0
) -> Iterator[re.Match]:
    """What ``pattern.finditer(text, 0, endpos)`` yields, searched only in the runs of ``run``'s
    characters (``[...]*``) around ``places`` (ascending): exact when every match lies in such a
    run and holds a place. ``past`` characters after each run are let in the search for checks
    that read beyond a match (``$``, ``\\b``); a run cut by ``endpos`` ends there."""
    done = 0
    for at in places:
        if at < done:
            continue  # in a run already searched
        start, done = run_span(run, text, at)
        done = min(endpos, done)
        yield from pattern.finditer(text, start, min(endpos, done + past))


# --- line starts ------------------------------------------------------------------------------


class LineStartScanner:
    """``pattern.finditer(text)`` for a multi-line pattern that opens with ``^``: the scan looks
    for a new line followed by the rest of the pattern (a literal first character lets the regex
    engine skip to each line instead of trying every position), then matches the pattern itself
    at the line's start, so the matches are the very same. A Python that cannot parse patterns
    scans plainly."""

    def __init__(self, pattern: re.Pattern):
        opens = opens_at_line_start(pattern)
        if opens is False:
            raise ValueError(f"LineStartScanner: not a pattern of line starts: {pattern.pattern[:80]!r}")
        self.pattern = pattern
        self._scan = re.compile("\n" + pattern.pattern[1:], pattern.flags) if opens else None

    def finditer(self, text: str) -> Iterator[re.Match]:
        """The matches of the pattern in ``text``, in order."""
        if self._scan is None:
            yield from self.pattern.finditer(text)
            return
        m = self.pattern.match(text)
        if m:
            yield m
        done = m.end() if m else 0
        while hit := self._scan.search(text, max(0, done - 1)):
            m = self.pattern.match(text, hit.start() + 1)  # the scan matched there: so does it
            if m is None:
                return
            yield m
            done = m.end()
