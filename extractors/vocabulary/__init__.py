"""Vocabulary as data: the words extraction rules are made of, all in this folder.

Plain lists are ``*.txt`` files, one term a line, read by :func:`terms`: lines are lower-case
terms (words or phrases); ``#`` starts a comment. Vocabularies with structure (grades with their
spellings, judgement areas per framework, resolution formulas) are ``*.yml`` files read by their
extractor's vocabulary module (``ofsted_vocabulary``, ``recommendation_vocabulary``). A new
phrasing is one line in a file plus a test sentence, not a regex edit. Each file is read once per
process. Turning a list into a regex the engine scans cheaply (a trie, branches grouped by first
letter, a twin for lower-cased text) is :mod:`core.scan`'s job.
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
