"""Vocabulary as data: the words extraction rules are made of, all in this folder.

Plain lists are ``*.txt`` files, one term a line, read by :func:`terms`: lines are lower-case
terms (words or phrases); ``#`` starts a comment. Vocabularies with structure (grades with their
spellings, judgement areas per framework, resolution formulas) are ``*.yml`` files read by their
extractor's vocabulary module (``ofsted_vocabulary``, ``recommendation_vocabulary``). A new
phrasing is one line in a file plus a test sentence, not a regex edit. Each file is read once per
process.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import yaml


def load_yaml(text: str) -> object:
    """A ``*.yml`` vocabulary file's data, with libyaml's parser when PyYAML has it (ten times
    faster than the pure-Python one, and the files are read on import, before a build's workers
    fork), else PyYAML's own; both are safe loaders and give the same data."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@cache
def terms(name: str) -> tuple[str, ...]:
    """The terms of ``<name>.txt``, in file order, comments and blank lines dropped."""
    text = resources.files(__package__).joinpath(f"{name}.txt").read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(" ".join(line.split()))
    return tuple(out)


def words(name: str) -> frozenset[str]:
    """The terms of ``<name>.txt`` as a set, for membership tests on single words."""
    return frozenset(terms(name))


def alternation(name: str, *, plural: bool = False) -> str:
    """A regex alternation of the terms (longest first, spaces matching any white space).

    ``plural`` lets each term take a plural "s". Callers compile it once, at import.
    """
    parts = sorted(terms(name), key=len, reverse=True)
    body = "|".join(r"\s+".join(re.escape(w) for w in t.split()) for t in parts)
    return f"(?:{body}){'s?' if plural else ''}"


def by_first_letter(branches: list[str]) -> str:
    """One alternation of regex ``branches`` (each without a ``|`` of its own outside brackets,
    as a vocabulary list's entries are) with those that begin with the same letter grouped
    under it ("r(?:ecommend|esol)|that"), each group where its first branch stood and in their
    order: the same matches as the plain alternation (branches that begin with different letters
    never match at one place), but the engine tries at each place only the group of the letter
    there, and skips places no branch can begin at. Branches that do not begin with a plain
    letter (an escape, a group, a letter under a quantifier) stay as they are. For case-sensitive
    patterns: under ``re.I`` an "R" group and an "r" group could both match at one place."""
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


def search_where(quick: re.Pattern, pattern: re.Pattern, text: str, start: int, end: int) -> re.Match | None:
    """``pattern.search(text, start, end)``, tried only where ``quick`` matches: exact when
    ``quick`` matches wherever ``pattern`` does (its branches without a leading ``\\b``, grouped by
    :func:`by_first_letter`), and far cheaper when ``quick`` lets the engine skip most places."""
    candidate = quick.search(text, start, end)
    while candidate is not None:
        found = pattern.match(text, candidate.start(), end)
        if found is not None:
            return found
        candidate = quick.search(text, candidate.start() + 1, end)
    return None


def lower_case(pattern: re.Pattern) -> re.Pattern:
    """A case-insensitive ``pattern`` written in lower case, made case-sensitive for a text's
    lower-cased copy (:func:`core.text.folded`), where it matches wherever it matched the text."""
    if re.search(r"(?<!\\)[A-Z]", pattern.pattern):
        raise ValueError(f"pattern has capitals, so it cannot search a lower-cased text: {pattern.pattern!r}")
    return re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)
