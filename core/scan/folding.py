"""Folded text: a document lower-cased once, searched case-sensitively instead of case-insensitively.

Searching a case-insensitive pattern in a text costs up to ten times more than searching its
lower-case twin in a lower-cased copy of the text: the engine folds each character's case at
each try. :func:`folded` makes the copy (once per text) and :func:`folded_twin` the pattern.
"""

from __future__ import annotations

import re
from functools import lru_cache


def folded(text: str) -> str | None:
    """``text`` lower-cased, for cheap case-insensitive keyword searches; None when unsafe.

    The copy keeps every character in place, and holds a keyword wherever a ``re.IGNORECASE``
    pattern could match it, unless the text has one of the three characters that break that
    ("İ" lower-cases to two characters; "ı" and "ſ" match "i" and "s" only under IGNORECASE):
    then this is None and callers search the text itself.
    """
    return _folded(text)


@lru_cache(maxsize=2)
def _folded(text: str) -> str | None:
    return None if _UNFOLDABLE.search(text) else text.lower()


_UNFOLDABLE = re.compile("[\u0130\u0131\u017f]")
_CASED_ESCAPE = re.compile(r"\\[A-Z]|\(\?P|\(\?[a-zA-Z]*-")


def folded_twin(pattern: re.Pattern) -> re.Pattern:
    """A case-sensitive copy of a case-insensitive ``pattern`` that matches :func:`folded` text
    exactly where ``pattern`` matches the original text (same places, same groups).

    The pattern is lower-cased, so it must hold no escape or syntax that lower-casing changes
    (``\\S``, ``\\W``, ``\\B``, ``(?P<..>``, scoped flags): such a pattern is refused at import,
    as is a pattern that is not case-insensitive (it has no twin).
    """
    if not pattern.flags & re.IGNORECASE or _CASED_ESCAPE.search(pattern.pattern):
        raise ValueError(f"folded_twin: cannot lower-case this pattern safely: {pattern.pattern[:80]!r}")
    return re.compile(pattern.pattern.lower(), pattern.flags & ~re.IGNORECASE)
