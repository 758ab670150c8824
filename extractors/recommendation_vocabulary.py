"""The recommendations extractor's vocabulary, read from ``extractors/vocabulary/recommendations.yml``.

Why a data file: the phrasings councils use to resolve, recommend and head their sections are
many and open-ended; keeping them as lists means a new phrasing is one line of data (and a test
sentence), not an edit to a regular expression. Each list is compiled here, once, into a
whole-word, case-insensitive pattern where white space between words may be any run of white
space (hard wraps included). The rules in :mod:`extractors.recommendations` use the patterns.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from extractors.vocabulary import load_yaml

DATA = Path(__file__).parent / "vocabulary" / "recommendations.yml"


@cache
def vocabulary() -> dict:
    """The data file's lists, read once."""
    try:
        return load_yaml(DATA.read_text(encoding="utf-8"))
    except OSError as e:
        raise RuntimeError(
            f"cannot read the recommendations vocabulary {DATA}: {e}; reinstall the package"
        ) from e


def words(name: str) -> list[str]:
    """One list of the data file (a KeyError names a list the file lacks)."""
    return list(vocabulary()[name])


def alternation(name: str, upper: bool = False) -> str:
    """The entries of list ``name`` as one regex alternation (longest first, so "decisions" is
    tried before "decision"), each word escaped and any white space between words allowed.
    Entries are lower case (callers compile with ``re.I``), or capitals with ``upper``."""
    return "(?:" + "|".join(alternatives(name, upper)) + ")"


def alternatives(name: str, upper: bool = False) -> list[str]:
    """The branches of :func:`alternation`, in its order, to build a larger alternation from."""
    entries = sorted({e.upper() if upper else e for e in words(name)}, key=lambda e: (-len(e), e))
    return [r"\s+".join(_word(w) for w in e.split()) for e in entries]


def _word(w: str) -> str:
    """One word of an entry, escaped; an apostrophe matches a straight or a curly one."""
    return re.escape(w).replace("'", "['’]")


def phrase_pattern(name: str, *, anchored: bool = False, whole: bool = False) -> re.Pattern:
    """List ``name`` as a case-insensitive whole-word pattern: found anywhere, at the start of the
    text (``anchored``), or as the whole text (``whole``)."""
    body = alternation(name)
    if whole:
        return re.compile(rf"{body}", re.I)
    before = "^" if anchored else r"(?<![\w-])"
    return re.compile(before + body + r"(?![\w-])", re.I)


def value(name: str) -> str:
    """A single value of the data file (the inspectorate's name)."""
    return str(vocabulary()[name])
