"""Vocabulary as data: term lists the reading and the extractors match, one file per list.

Each ``*.tsv`` file here holds one entry a line: a label, a tab, and a phrase as printed
(matched case-insensitively, white space flexible); ``#`` starts a comment. A new phrasing is one
line in the right file plus a test sentence; no code changes. Lists are read once per process.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources


@cache
def entries(name: str) -> tuple[tuple[str, str], ...]:
    """The ``(label, phrase)`` lines of ``core/vocabulary/<name>.tsv``, in file order."""
    path = resources.files("core.vocabulary").joinpath(f"{name}.tsv")
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        label, sep, phrase = line.partition("\t")
        if not sep or not phrase.strip():
            raise ValueError(
                f"core/vocabulary/{name}.tsv line {number}: expected 'label<TAB>phrase', got {line!r}"
            )
        out.append((label.strip(), phrase.strip()))
    return tuple(out)


def phrase_pattern(phrase: str) -> str:
    """A regex for ``phrase`` as printed: words in order, any white space between, "'" or "’"."""
    words = [re.sub("['’]", "['’]", re.escape(w)) for w in phrase.split()]
    return r"\s+".join(words)


@cache
def matcher(name: str) -> tuple[re.Pattern, dict[str, str]]:
    """One case-insensitive pattern matching any phrase of the list (longest first), and the label
    of each phrase keyed by its lower-cased, space-collapsed form."""
    items = entries(name)
    labels: dict[str, str] = {}
    for label, phrase in items:
        labels.setdefault(_key(phrase), label)
    ordered = sorted({p for _, p in items}, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(phrase_pattern(p) for p in ordered) + r")(?!\w)", re.I)
    return pattern, labels


def alternation(name: str, label: str | None = None) -> str:
    """A regex alternation (no flags) of the phrases of list ``name`` (only those labelled
    ``label`` when given), longest first, for embedding in a larger pattern."""
    phrases = sorted({p for lab, p in entries(name) if label is None or lab == label}, key=len, reverse=True)
    return "(?:" + "|".join(phrase_pattern(p) for p in phrases) + ")"


def label_of(name: str, printed: str) -> str | None:
    """The label of the phrase ``printed`` (a match of :func:`matcher`) in list ``name``."""
    return matcher(name)[1].get(_key(printed))


def _key(phrase: str) -> str:
    return re.sub(r"\s+", " ", phrase.replace("’", "'").lower()).strip()
