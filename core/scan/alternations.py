"""Building alternations the regex engine can reject cheaply: word lists as a trie, branches by letter.

Python's regex engine tries each branch of an alternation in turn at every position, so a plain
``word1|word2|...`` of a few hundred words costs a few hundred comparisons a character. Two
rewrites match exactly what the plain alternation matches, for a few comparisons a character:

- :func:`trie_regex` for a list of literal words or phrases (a vocabulary file, council names):
  shared prefixes factored out, longest first;
- :func:`by_first_letter` for a list of regex branches (which may hold classes and quantifiers,
  so no trie can be built of them): branches that begin with the same letter grouped under it.

:func:`char_trie` is the trie itself, for a caller that walks it in Python
(``core.councils.mentions``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def char_trie(words: Iterable[str]) -> dict:
    """The words as a trie of characters: each node maps a character to the next node, and
    holds ``""`` where a word ends."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return trie


def trie_regex(words: Iterable[str], after_first: str = "") -> str:
    """One regex matching any of ``words``, with the same preference as a longest-first
    alternation of them, shared prefixes factored out.

    A plain alternation of ~900 names is tried name by name at every position; a trie lets the
    regex engine reject most positions on their first character (~10x faster on long texts).
    Where several words match at one place they are prefixes of one another, and the trie, like
    the longest-first alternation, tries the longest first (each continuation is a greedy
    optional group). A space in a word matches any run of white space (phrases wrap across
    lines in PDFs). ``after_first`` (a zero-width check, say a look back at what precedes the
    word) follows each word's first character: a regex that opens with a character, not a
    check, is started by the engine only where that character stands.
    """
    trie = char_trie(" ".join(word.split()) for word in words)
    return _branches(trie, after_first)


def _branches(node: dict, guard: str = "") -> str:
    alts = [
        (r"\s+" if ch == " " else re.escape(ch)) + guard + _branches(node[ch]) for ch in sorted(node) if ch
    ]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    return f"(?:{body})?" if "" in node else body


def by_first_letter(branches: list[str]) -> str:
    """One alternation of regex ``branches`` (each without a ``|`` of its own outside brackets,
    as a vocabulary list's entries are) with those that begin with the same letter grouped
    under it ("r(?:ecommend|esol)|that"), each group where its first branch stood and in their
    order: the same matches as the plain alternation (branches that begin with different letters
    never match at one place), but the engine tries at each place only the group of the letter
    there, and skips places no branch can begin at. Branches that do not begin with a plain
    letter (an escape, a group, a letter under a quantifier) stay as they are. For case-sensitive
    patterns: under ``re.I`` an "R" group and an "r" group could both match at one place.

    Use :func:`trie_regex` instead for plain words: it factors out every shared prefix."""
    groups: dict[str, list[str]] = {}
    for i, branch in enumerate(branches):
        plain = branch[:1].isalpha() and branch[1:2] not in ("*", "+", "?", "{")
        key = branch[0] if plain else f"#{i}"
        groups.setdefault(key, []).append(branch)
    out = []
    for key, members in groups.items():
        if len(members) == 1:
            out.append(members[0])
        else:
            out.append(key + "(?:" + "|".join(m[1:] for m in members) + ")")
    return "|".join(out)
