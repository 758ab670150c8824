"""Cheap scanning for the witness readers: word lists as tries, case-insensitive patterns on folded text.

Why: the witness readers scan every document, and most documents (inspection reports, long
committee reports) hold no witness at all, so the cost of a build is the cost of scanning text
that yields nothing. Python's regex engine tries each branch of an alternation in turn at every
position, so a list of a hundred words costs a hundred comparisons a character; the same words
as a trie (``a(?:dded|dvised)|...``) cost a few. A case-insensitive pattern lowers every
character it compares; the same pattern, case-sensitive, over the text lower-cased once
(:func:`core.text.folded`) does not. Both are built from the very same words or pattern, so a
new word in a vocabulary file is scanned for like the others: nothing here is kept by hand.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def trie_alternation(phrases: Iterable[str]) -> str:
    """A regex for the same phrases as ``vocabulary.alternation`` (spaces match any white space).

    It matches the same text with the same preference: where several phrases match at one place
    they are prefixes of one another, and the trie, like the longest-first alternation, tries the
    longest first (each continuation is a greedy optional group).
    """
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for ch in " ".join(phrase.split()):
            node = node.setdefault(ch, {})
        node[""] = {}
    return f"(?:{_branches(trie)})"


def _branches(node: dict) -> str:
    alts = [(r"\s+" if ch == " " else re.escape(ch)) + _branches(node[ch]) for ch in sorted(node) if ch]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    return f"(?:{body})?" if "" in node else body


_CASED_ESCAPE = re.compile(r"\\[A-Z]|\(\?P|\(\?[a-zA-Z]*-")


def folded_twin(pattern: re.Pattern) -> re.Pattern:
    """A case-sensitive copy of a case-insensitive ``pattern`` that matches :func:`core.text.folded`
    text exactly where ``pattern`` matches the original text (same places, same groups).

    The pattern is lower-cased, so it must hold no escape or syntax that lower-casing changes
    (``\\S``, ``\\W``, ``\\B``, ``(?P<..>``, scoped flags): such a pattern is refused at import.
    """
    if not pattern.flags & re.IGNORECASE or _CASED_ESCAPE.search(pattern.pattern):
        raise ValueError(f"folded_twin: cannot lower-case this pattern safely: {pattern.pattern[:80]!r}")
    return re.compile(pattern.pattern.lower(), pattern.flags & ~re.IGNORECASE)
