"""Where literal strings stand in a text, found with ``str.find``, and the runs of text around them.

``str.find`` looks for one literal at a gigabyte a second or so; the regex engine trying a pattern
at every position manages a few megabytes. The scanners (:mod:`core.scan.scanners`) find the
literals a pattern needs here (read off the pattern by :mod:`core.scan.parse_tree`), then try the
pattern only there.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from functools import lru_cache


def find_all(hay: str, literals: Iterable[str], pos: int = 0, endpos: int | None = None) -> list[int]:
    """Every place in ``hay[pos:endpos]`` where one of ``literals`` stands whole, ascending."""
    endpos = len(hay) if endpos is None else endpos
    found: set[int] = set()
    for literal in literals:
        at = hay.find(literal, pos, endpos)
        while at != -1:
            found.add(at)
            at = hay.find(literal, at + 1, endpos)
    return sorted(found)


@lru_cache(maxsize=128)
def every_place(hay: str, literal: str) -> tuple[int, ...]:
    """Every place of ``literal`` in the whole of ``hay``: kept for the document, as the readers
    of one document look for the same words."""
    out, at = [], hay.find(literal)
    while at != -1:
        out.append(at)
        at = hay.find(literal, at + 1)
    return tuple(out)


def places(text: str, literals: Iterable[str] | None) -> list[tuple[int, int]] | None:
    """Every (start, end) of every literal in ``text``, in order: where words are, found once.
    None for unknown ``literals`` (see :func:`core.scan.parse_tree.required_words`)."""
    if literals is None:
        return None
    return sorted((at, at + len(literal)) for literal in literals for at in every_place(text, literal))


def holds_place(found: list[tuple[int, int]] | None, start: int, end: int) -> bool:
    """Whether one of ``found`` (see :func:`places`) lies wholly inside ``[start, end)``; True
    when ``found`` is unknown (None): the span may hold one."""
    if found is None:
        return True
    k = bisect.bisect_left(found, (start, start))
    while k < len(found) and found[k][0] < end:
        if found[k][1] <= end:
            return True
        k += 1
    return False


_CHUNK = 256  # how far back a run is read at a time (a run is short: a clause or a name)


def run_span(run: re.Pattern, text: str, at: int) -> tuple[int, int]:
    """The run of characters around ``at`` that ``run`` (a repeated class, ``[...]*``) matches:
    from the first character after the last one it does not match before ``at``, to the first
    one it does not match from ``at`` on."""
    start = at
    while True:  # back to the first character of the run, a chunk at a time
        reach = max(0, start - _CHUNK)
        back = run.match(text[reach:start][::-1]).end()
        start -= back
        if start == 0 or back < _CHUNK:
            break
    return start, run.match(text, at).end()
