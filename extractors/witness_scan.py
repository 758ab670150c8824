"""Cheap scanning for the witness readers: the same matches as the plain patterns, for less.

Why: the witness readers scan every document, and most documents (inspection reports, long
committee reports) hold no witness at all, so the cost of a build is the cost of scanning text
that yields nothing. Python's regex engine tries a pattern at every position of a text, and each
branch of an alternation in turn, unless the pattern opens with a literal. So:

- a word list becomes a trie (``a(?:dded|dvised)|...``): a few comparisons a character, not a
  hundred (:func:`trie_alternation`);
- a case-insensitive pattern runs case-sensitively over the text lower-cased once
  (:func:`folded_twin`, :func:`core.text.folded`);
- a pattern is searched only in the stretches of text that hold one of the literals every match
  must hold, found with ``str.find`` (:func:`required_literals`, :class:`RunScanner`), only where
  its first character stands (:func:`first_chars`), or only at line starts (:class:`LineStartScanner`).

Everything is read off the very words and patterns the readers use (their parse trees), so a new
word in a vocabulary file or a pattern is scanned for like the others: nothing here is kept by
hand, and a pattern a shortcut cannot serve exactly is refused at import. ``tests/test_witness_scan``
checks each shortcut against the plain pattern.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from re import _constants as _c
from re import _parser

from core.text import folded


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


def required_literals(pattern: re.Pattern) -> frozenset[str] | None:
    """Strings one of which every match of ``pattern`` holds (lower-cased for a case-insensitive
    pattern, to be looked for in folded text), or None when the pattern requires no literal.

    Read off the pattern itself (its parse tree), so a word added to the pattern is a word looked
    for: a literal run of the pattern, a mandatory group's requirement, or each branch's. Where a
    sequence has several, the one whose strings look rarer is kept (see ``_better``).
    """
    return _required(_parser.parse(pattern.pattern, pattern.flags), bool(pattern.flags & re.IGNORECASE))


def required_words(pattern: re.Pattern) -> frozenset[str]:
    """``required_literals`` of a pattern that must have some (refused at import otherwise)."""
    found = required_literals(pattern)
    if not found or "" in found:
        raise ValueError(f"required_words: this pattern requires no literal: {pattern.pattern[:80]!r}")
    return found


def _required(seq, ignore_case: bool) -> frozenset[str] | None:
    best: frozenset[str] | None = None
    run: list[str] = []
    for op, av in [*seq.data, (None, None)]:
        if op is _c.LITERAL and (av < 128 or not ignore_case):
            run.append(chr(av).lower() if ignore_case else chr(av))
            continue
        if run:
            best = _better(best, frozenset({"".join(run)}))
            run = []
        if op is _c.SUBPATTERN and not av[1] and not av[2]:  # a group without inline flags
            best = _better(best, _required(av[3], ignore_case))
        elif op is _c.ATOMIC_GROUP:
            best = _better(best, _required(av, ignore_case))
        elif op is _c.BRANCH:
            alternatives = [_required(a, ignore_case) for a in av[1]]
            if all(a is not None for a in alternatives):
                best = _better(best, frozenset().union(*alternatives))
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT) and av[0] >= 1:
            best = _better(best, _required(av[2], ignore_case))
    return best


def _better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    """The rarer-looking of two requirements, ``a`` coming first in the pattern: the one whose
    shortest string is longer, but ``a`` when that is by one letter at most (phrases open with
    their content word and end with a small one: "met with", "heard from")."""
    if a is None or b is None:
        return a or b
    return b if min(map(len, b)) > min(map(len, a)) + 1 else a


def _run_chars(seq, ignore_case: bool, chars: set[str]) -> bool:
    """Collect (into ``chars``) every character class a parsed pattern's matches can hold; False
    when that is not a small class (a negated set, any character, a look-ahead, a back reference).

    Looking behind and ``^`` read the text before a match, which a search from a run's start
    still sees; ``$`` and ``\\b`` read one character past it, which the scan lets them see.
    """
    for op, av in seq.data:
        if op is _c.LITERAL:
            chars.update(_cased(chr(av), ignore_case))
        elif op is _c.IN:
            for o, a in av:
                if o is _c.LITERAL:
                    chars.update(_cased(chr(a), ignore_case))
                elif o is _c.RANGE and a[1] - a[0] < 256:
                    for c in range(a[0], a[1] + 1):
                        chars.update(_cased(chr(c), ignore_case))
                elif o is _c.CATEGORY and a in _CATEGORIES:
                    chars.add(_CATEGORIES[a])
                else:
                    return False
        elif op is _c.AT:
            if av not in _ATS and not (av is _c.AT_END and seq.state.flags & re.MULTILINE):
                return False  # "$" of a multi-line pattern is an end of line, which reads one character
        elif op is _c.ASSERT or op is _c.ASSERT_NOT:
            if av[0] >= 0:  # a look-ahead reads past the match
                return False
        elif op is _c.SUBPATTERN:
            if av[1] or av[2] or not _run_chars(av[3], ignore_case, chars):
                return False
        elif op is _c.BRANCH:
            if not all(_run_chars(a, ignore_case, chars) for a in av[1]):
                return False
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            if not _run_chars(av[2], ignore_case, chars):
                return False
        else:
            return False
    return True


def _cased(ch: str, ignore_case: bool) -> set[str]:
    return {ch, ch.lower(), ch.upper()} if ignore_case else {ch}


_CATEGORIES = {_c.CATEGORY_WORD: r"\w", _c.CATEGORY_SPACE: r"\s", _c.CATEGORY_DIGIT: r"\d"}
_ATS = (_c.AT_BOUNDARY, _c.AT_NON_BOUNDARY, _c.AT_BEGINNING, _c.AT_BEGINNING_LINE, _c.AT_END_LINE)


class RunScanner:
    """``pattern.finditer(text)``, searching only the runs of the characters the pattern can match
    that hold one of its required literals (found with ``str.find``, many times faster than the
    regex engine trying every position of a long text).

    For a pattern made of a small set of characters (words, spaces and some punctuation: checked
    when built, and a pattern that is not is refused at import). Its matches are the same, in the
    same order, as a scan of the whole text: no match can cross a character outside that set,
    nor lie in a run without one of the literals.
    """

    def __init__(self, pattern: re.Pattern):
        ignore_case = bool(pattern.flags & re.IGNORECASE)
        parsed = _parser.parse(pattern.pattern, pattern.flags)
        literals = required_literals(pattern)
        chars: set[str] = set()
        if literals is None or parsed.getwidth()[0] < 1 or not _run_chars(parsed, ignore_case, chars):
            raise ValueError(f"RunScanner: not a pattern of short runs of text: {pattern.pattern[:80]!r}")
        body = "".join(c if c.startswith("\\") else re.escape(c) for c in sorted(chars))
        self._run = re.compile(f"[{body}]*")
        self.pattern = pattern
        # a literal holding another is found wherever that one is: look for the shorter only
        self.literals = sorted(x for x in literals if not any(y != x and y in x for y in literals))
        self.ignore_case = ignore_case
        self.twin = folded_twin(pattern) if ignore_case else pattern

    def finditer(self, text: str) -> Iterator[re.Match]:
        """The matches of the pattern in ``text`` (in folded text for a case-insensitive pattern)."""
        hay = folded(text) if self.ignore_case else text
        if hay is None:
            yield from self.pattern.finditer(text)
            return
        done = 0
        for at in sorted(_occurrences(hay, self.literals)):
            if at < done:
                continue
            start = at
            while True:  # back to the first character of the run
                reach = max(0, start - 256)
                back = self._run.match(hay[reach:start][::-1]).end()
                start -= back
                if start == 0 or back < 256:
                    break
            done = self._run.match(hay, at).end()
            # one character past the run: no match holds it, but "$" and "\\b" read it
            yield from self.twin.finditer(hay, start, min(len(hay), done + 1))


def _occurrences(hay: str, literals: list[str]) -> Iterator[int]:
    for literal in literals:
        yield from _found(hay, literal)


@lru_cache(maxsize=128)
def _found(hay: str, literal: str) -> tuple[int, ...]:
    """Every place of ``literal`` in ``hay``: kept for the document, as the readers share words."""
    out, at = [], hay.find(literal)
    while at != -1:
        out.append(at)
        at = hay.find(literal, at + 1)
    return tuple(out)


def places(text: str, literals: Iterable[str]) -> list[tuple[int, int]]:
    """Every (start, end) of every literal in ``text``, in order: where words are, found once."""
    return sorted((at, at + len(literal)) for literal in literals for at in _occurrences(text, [literal]))


def holds_place(found: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether one of ``found`` (see :func:`places`) lies wholly inside ``[start, end)``."""
    k = bisect.bisect_left(found, (start, start))
    while k < len(found) and found[k][0] < end:
        if found[k][1] <= end:
            return True
        k += 1
    return False


def first_chars(pattern: re.Pattern) -> re.Pattern | None:
    """A character class holding the first character of every match of a case-sensitive
    ``pattern`` (read off its parse tree), or None when any character may start one."""
    chars: set[str] = set()
    ignore_case = bool(pattern.flags & re.IGNORECASE)
    parsed = _parser.parse(pattern.pattern, pattern.flags)
    if ignore_case or parsed.getwidth()[0] < 1 or not _first(parsed, ignore_case, chars):
        return None  # a match may start anywhere (or be empty)
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]")


def _first(seq, ignore_case: bool, chars: set[str]) -> bool | None:
    """Add the possible first characters of ``seq`` to ``chars``: True when that is all of them,
    False when ``seq`` may also match nothing (what follows it may start the match), None when
    any character may start it."""
    for op, av in seq.data:
        if op is _c.LITERAL:
            chars.update(_cased(chr(av), ignore_case))
            return True
        if op is _c.IN:
            for o, a in av:
                if o is _c.LITERAL:
                    chars.update(_cased(chr(a), ignore_case))
                elif o is _c.RANGE and a[1] - a[0] < 256:
                    for c in range(a[0], a[1] + 1):
                        chars.update(_cased(chr(c), ignore_case))
                else:
                    return None  # a category or a negated set: any character may start a match
            return True
        if op is _c.AT or op is _c.ASSERT or op is _c.ASSERT_NOT:
            continue  # reads no character of the match
        if op is _c.SUBPATTERN and not av[1] and not av[2]:
            found = _first(av[3], ignore_case, chars)
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            found = _first(av[2], ignore_case, chars)
            found = found and av[0] > 0
        elif op is _c.BRANCH:
            each = [_first(a, ignore_case, chars) for a in av[1]]
            found = None if None in each else all(each)
        else:
            return None
        if found is None or found:
            return found
    return False


def finditer_from(
    pattern: re.Pattern, first: re.Pattern | None, text: str, start: int, end: int
) -> Iterator[re.Match]:
    """What ``pattern.finditer(text, start, end)`` yields, trying the pattern only where a
    character of ``first`` (see :func:`first_chars`) stands: nowhere else can a match start."""
    if first is None:
        yield from pattern.finditer(text, start, end)
        return
    pos = start
    for c in first.finditer(text, start, end):
        at = c.start()
        if at < pos:
            continue
        m = pattern.match(text, at, end)
        if m:
            yield m
            pos = m.end()


class LineStartScanner:
    """``pattern.finditer(text)`` for a multi-line pattern that opens with ``^``: the scan looks
    for a new line followed by the rest of the pattern (a literal first character lets the regex
    engine skip to each line instead of trying every position), then matches the pattern itself
    at the line's start, so the matches are the very same."""

    def __init__(self, pattern: re.Pattern):
        parsed = _parser.parse(pattern.pattern, pattern.flags)
        opens = parsed.data[:1] == [(_c.AT, _c.AT_BEGINNING)] and pattern.pattern.startswith("^")
        if not pattern.flags & re.MULTILINE or not opens or parsed.getwidth()[0] < 1:
            raise ValueError(f"LineStartScanner: not a pattern of line starts: {pattern.pattern[:80]!r}")
        self.pattern = pattern
        self._scan = re.compile("\n" + pattern.pattern[1:], pattern.flags)

    def finditer(self, text: str) -> Iterator[re.Match]:
        """The matches of the pattern in ``text``, in order."""
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
