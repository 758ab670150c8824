"""Scanning a long text with a case-insensitive pattern only where one of its matches can start.

Python's regex engine tries an IGNORECASE pattern at every position of the text (60 to 400 ns a
character for the patterns here), and an Ofsted report is 50,000 characters or more. Every
pattern here opens with literal words ("inspect", "ofsted", a month, "20" of a year, a grade):
those words are read out of the compiled pattern itself (:func:`keys`), never kept by hand, so a
word added to the vocabulary is a key as soon as the pattern holds it. The keys are found with
``str.find`` in the lower-cased text (:func:`core.text.folded`), and the pattern is tried at
those places only, with the same ``pos``/``endpos`` as a plain search: the matches are exactly
those of ``pattern.finditer(text, pos, endpos)``. When the keys cannot be read (a pattern
opening with a character class, say) or the text cannot be lower-cased safely, the plain scan
runs.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

from core.text import folded

try:  # the parser behind re.compile; a Python without it simply scans plainly
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as P  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse as P  # type: ignore[no-redef]

_MAX_KEYS = 200  # more alternatives than this: scan plainly
_KEY_LENGTH = 6  # long enough to be rare in prose; a longer key would seldom find fewer places
_ZERO_WIDTH = {C.AT, C.ASSERT, C.ASSERT_NOT}
_REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT, *([C.POSSESSIVE_REPEAT] if hasattr(C, "POSSESSIVE_REPEAT") else [])}


@lru_cache(maxsize=64)
def keys(pattern: re.Pattern) -> tuple[str, ...] | None:
    """Strings one of which opens every match of ``pattern`` (lower case for an IGNORECASE
    pattern), read from the pattern's parse; None when they cannot be read."""
    try:
        parsed = P.parse(pattern.pattern, pattern.flags)
    except Exception:  # noqa: BLE001 - a parser of another Python version: scan plainly
        return None
    got = _sequence(list(parsed), {""}, bool(pattern.flags & re.I))
    if got is None or "" in got[0]:
        return None
    found = sorted(got[0], key=len)
    kept: list[str] = []
    for key in found:  # a key another key opens adds no place
        if not any(key.startswith(k) for k in kept):
            kept.append(key)
    return tuple(kept)


def _sequence(items: list, prefixes: set[str], nocase: bool) -> tuple[set[str], bool] | None:
    """``prefixes`` extended through the parsed ``items``: (prefixes, True) when the items were
    read to their end, (prefixes, False) when reading stopped early; None when unreadable."""
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue  # a boundary or lookaround only narrows where a match starts
        if all(len(p) >= _KEY_LENGTH for p in prefixes):
            return prefixes, False
        chars = _chars(op, av, nocase)
        if chars is not None:
            prefixes = {p + c for p in prefixes for c in chars}
        elif op is C.SUBPATTERN:
            if av[1] or av[2]:  # (?i:...) and the like: flags change inside
                return None
            got = _sequence(list(av[3]), prefixes, nocase)
            if got is None or not got[1]:
                return got
            prefixes = got[0]
        elif op is C.BRANCH:
            got = [_sequence(list(alt), prefixes, nocase) for alt in av[1]]
            if any(g is None for g in got):
                return None
            prefixes = set().union(*(g[0] for g in got))
            if not all(g[1] for g in got):
                return prefixes, False
        elif op in _REPEATS and av[0] >= 1:  # the first round must match: read it, then stop
            got = _sequence(list(av[2]), prefixes, nocase)
            return None if got is None else (got[0], False)
        else:
            return prefixes, False
        if len(prefixes) > _MAX_KEYS:
            return None
    return prefixes, True


def _chars(op, av, nocase: bool) -> set[str] | None:
    """The characters one literal or small class item matches (lower case under IGNORECASE);
    None for anything else. Only ASCII: other characters fold in ways lower() does not show."""
    if op is C.LITERAL:
        codes = [av]
    elif op is C.IN:
        codes = []
        for kind, value in av:
            if kind is C.LITERAL:
                codes.append(value)
            elif kind is C.RANGE and value[1] - value[0] < 10:
                codes.extend(range(value[0], value[1] + 1))
            else:
                return None
    else:
        return None
    if any(c > 127 for c in codes):
        return None
    return {chr(c).lower() if nocase else chr(c) for c in codes}


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
            return _find_all(self.keys, self.hay, pos, endpos)
        if self.whole is None:
            self.whole = tuple(_find_all(self.keys, self.hay, 0, len(self.hay)))
        return self.whole[bisect.bisect_left(self.whole, pos) : bisect.bisect_left(self.whole, endpos)]


@lru_cache(maxsize=16)
def _places(pattern: re.Pattern, text: str) -> _Places | None:
    """The places of ``pattern``'s keys in ``text`` (cached: a document is asked about many
    times), or None when the pattern must be scanned plainly."""
    found = keys(pattern)
    if found is None:
        return None
    hay = folded(text) if pattern.flags & re.I else text
    return None if hay is None else _Places(found, hay)


def _find_all(found: tuple[str, ...], hay: str, pos: int, endpos: int) -> list[int]:
    """Every place in ``hay[pos:endpos]`` where one of ``found`` stands whole, ascending."""
    places: set[int] = set()
    for key in found:
        at = hay.find(key, pos, endpos)
        while at != -1:
            places.add(at)
            at = hay.find(key, at + 1, endpos)
    return sorted(places)


def starts(pattern: re.Pattern, text: str) -> Sequence[int] | None:
    """Every place in ``text`` where one of the pattern's keys stands (the only places a match
    can start), ascending; None when the pattern must be scanned plainly."""
    places = _places(pattern, text)
    return None if places is None else places.within(0, len(text))


def finditer(pattern: re.Pattern, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match]:
    """What ``pattern.finditer(text, pos, endpos)`` yields, trying the pattern only where a
    match can start (see the module's docstring)."""
    endpos = len(text) if endpos is None else min(endpos, len(text))
    pos = max(0, pos)
    places = _places(pattern, text)
    if places is None:
        yield from pattern.finditer(text, pos, endpos)
        return
    for at in places.within(pos, endpos):
        if at >= pos:
            m = pattern.match(text, at, endpos)
            if m:
                yield m
                pos = max(m.end(), at + 1)


def search(pattern: re.Pattern, text: str, pos: int = 0, endpos: int | None = None) -> re.Match | None:
    """``pattern.search(text, pos, endpos)``, tried only where a match can start."""
    return next(finditer(pattern, text, pos, endpos), None)
