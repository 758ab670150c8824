"""Reading a compiled pattern's parse tree: what every match of it opens with, holds or is made of.

The scanners of :mod:`core.scan.scanners` try a pattern only where a match can be; where that is
comes from here, read off the pattern itself, so a word added to a pattern or a vocabulary file
is looked for at once and no list is kept by hand. Four readings, each for its own scanner:

- :func:`opening_keys`: strings one of which *opens* every match (lower-cased for an IGNORECASE
  pattern), found with ``str.find`` in folded text (:func:`core.scan.scanners.keyed_finditer`);
- :func:`required_literals`: strings one of which every match *holds* somewhere
  (:class:`core.scan.scanners.RunScanner`, :func:`core.scan.places.places`);
- :func:`first_chars`: a class of the characters a match can start with
  (:func:`core.scan.scanners.finditer_from`);
- :func:`run_chars`: the class of every character a match can hold (:class:`RunScanner`).

This is the one place that imports the regex parser (``re._parser``, a private module). A Python
without it gets None from :func:`parse`, every reading here answers "cannot tell", and the
scanners scan plainly: slower, never different.
"""

from __future__ import annotations

import re
from functools import lru_cache

try:  # the parser behind re.compile
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as P  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python < 3.11
    try:
        import sre_constants as C  # type: ignore[no-redef]
        import sre_parse as P  # type: ignore[no-redef]
    except ImportError:  # no parser at all: every pattern is scanned plainly
        C = P = None  # type: ignore[assignment]

_NONE = object()  # stands for an opcode this Python's parser does not have
LITERAL, IN, RANGE, CATEGORY = (getattr(C, n, _NONE) for n in ("LITERAL", "IN", "RANGE", "CATEGORY"))
AT, ASSERT, ASSERT_NOT = (getattr(C, n, _NONE) for n in ("AT", "ASSERT", "ASSERT_NOT"))
SUBPATTERN, BRANCH, ATOMIC_GROUP = (getattr(C, n, _NONE) for n in ("SUBPATTERN", "BRANCH", "ATOMIC_GROUP"))
REPEATS = frozenset(getattr(C, n, _NONE) for n in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")) - {_NONE}
ZERO_WIDTH = frozenset({AT, ASSERT, ASSERT_NOT})
AT_BEGINNING = getattr(C, "AT_BEGINNING", _NONE)


@lru_cache(maxsize=256)
def parse(pattern: re.Pattern):
    """The parse tree of ``pattern`` (a ``SubPattern``), or None when this Python cannot give it."""
    if P is None:
        return None
    try:
        return P.parse(pattern.pattern, pattern.flags)
    except Exception:  # noqa: BLE001 - a parser of another Python version: scan plainly
        return None


def item_codes(kind, value, widest: int) -> list[int] | None:
    """The code points one literal or one item of a class (``[...]``) matches, counting a range
    only when narrower than ``widest`` characters; None for anything else (a category, a negation)."""
    if kind is LITERAL:
        return [value]
    if kind is RANGE and value[1] - value[0] < widest:
        return list(range(value[0], value[1] + 1))
    return None


def cased(ch: str, ignore_case: bool) -> set[str]:
    """``ch`` and, for an IGNORECASE pattern, its other cases: what it matches in the original text."""
    return {ch, ch.lower(), ch.upper()} if ignore_case else {ch}


# --- opening keys: one of them opens every match ---------------------------------------------

_MAX_KEYS = 200  # more alternatives than this: scan plainly
_KEY_LENGTH = 6  # long enough to be rare in prose; a longer key would seldom find fewer places


@lru_cache(maxsize=64)
def opening_keys(pattern: re.Pattern) -> tuple[str, ...] | None:
    """Strings one of which opens every match of ``pattern`` (lower case for an IGNORECASE
    pattern), read from the pattern's parse; None when they cannot be read."""
    parsed = parse(pattern)
    if parsed is None:
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
        if op in ZERO_WIDTH:
            continue  # a boundary or lookaround only narrows where a match starts
        if all(len(p) >= _KEY_LENGTH for p in prefixes):
            return prefixes, False
        chars = _key_chars(op, av, nocase)
        if chars is not None:
            prefixes = {p + c for p in prefixes for c in chars}
        elif op is SUBPATTERN:
            if av[1] or av[2]:  # (?i:...) and the like: flags change inside
                return None
            got = _sequence(list(av[3]), prefixes, nocase)
            if got is None or not got[1]:
                return got
            prefixes = got[0]
        elif op is BRANCH:
            got = [_sequence(list(alt), prefixes, nocase) for alt in av[1]]
            if any(g is None for g in got):
                return None
            prefixes = set().union(*(g[0] for g in got))
            if not all(g[1] for g in got):
                return prefixes, False
        elif op in REPEATS and av[0] >= 1:  # the first round must match: read it, then stop
            got = _sequence(list(av[2]), prefixes, nocase)
            return None if got is None else (got[0], False)
        else:
            return prefixes, False
        if len(prefixes) > _MAX_KEYS:
            return None
    return prefixes, True


def _key_chars(op, av, nocase: bool) -> set[str] | None:
    """The characters one literal or small class item matches (lower case under IGNORECASE, as
    the key is looked for in folded text); None for anything else. Only ASCII: other characters
    fold in ways lower() does not show."""
    if op is LITERAL:
        codes: list[int] | None = [av]
    elif op is IN:
        codes = []
        for kind, value in av:
            got = item_codes(kind, value, 10)
            if got is None:
                return None
            codes.extend(got)
    else:
        return None
    if any(c > 127 for c in codes):
        return None
    return {chr(c).lower() if nocase else chr(c) for c in codes}


# --- required literals: one of them is in every match ----------------------------------------


def required_literals(pattern: re.Pattern) -> frozenset[str] | None:
    """Strings one of which every match of ``pattern`` holds (lower-cased for a case-insensitive
    pattern, to be looked for in folded text), or None when the pattern requires no literal (or
    its parse cannot be read).

    A literal run of the pattern, a mandatory group's requirement, or each branch's. Where a
    sequence has several, the one whose strings look rarer is kept (see ``_better``).
    """
    parsed = parse(pattern)
    return None if parsed is None else _required(parsed, bool(pattern.flags & re.IGNORECASE))


def required_words(pattern: re.Pattern) -> frozenset[str] | None:
    """``required_literals`` of a pattern that must have some (refused at import otherwise);
    None only when this Python cannot parse patterns (then every place may hold them)."""
    if parse(pattern) is None:
        return None
    found = required_literals(pattern)
    if not found or "" in found:
        raise ValueError(f"required_words: this pattern requires no literal: {pattern.pattern[:80]!r}")
    return found


def _required(seq, ignore_case: bool) -> frozenset[str] | None:
    best: frozenset[str] | None = None
    run: list[str] = []
    for op, av in [*seq.data, (None, None)]:
        if op is LITERAL and (av < 128 or not ignore_case):
            run.append(chr(av).lower() if ignore_case else chr(av))
            continue
        if run:
            best = _better(best, frozenset({"".join(run)}))
            run = []
        if op is SUBPATTERN and not av[1] and not av[2]:  # a group without inline flags
            best = _better(best, _required(av[3], ignore_case))
        elif op is ATOMIC_GROUP:
            best = _better(best, _required(av, ignore_case))
        elif op is BRANCH:
            alternatives = [_required(a, ignore_case) for a in av[1]]
            if all(a is not None for a in alternatives):
                best = _better(best, frozenset().union(*alternatives))
        elif op in REPEATS and av[0] >= 1:
            best = _better(best, _required(av[2], ignore_case))
    return best


def _better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    """The rarer-looking of two requirements, ``a`` coming first in the pattern: the one whose
    shortest string is longer, but ``a`` when that is by one letter at most (phrases open with
    their content word and end with a small one: "met with", "heard from")."""
    if a is None or b is None:
        return a or b
    return b if min(map(len, b)) > min(map(len, a)) + 1 else a


# --- first characters: one of them starts every match ----------------------------------------


def first_chars(pattern: re.Pattern) -> re.Pattern | None:
    """A character class holding the first character of every match of a case-sensitive
    ``pattern`` (read off its parse tree), or None when any character may start one."""
    chars: set[str] = set()
    ignore_case = bool(pattern.flags & re.IGNORECASE)
    parsed = parse(pattern)
    if parsed is None or ignore_case or parsed.getwidth()[0] < 1 or not _first(parsed, ignore_case, chars):
        return None  # a match may start anywhere (or be empty)
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]")


def _first(seq, ignore_case: bool, chars: set[str]) -> bool | None:
    """Add the possible first characters of ``seq`` to ``chars``: True when that is all of them,
    False when ``seq`` may also match nothing (what follows it may start the match), None when
    any character may start it."""
    for op, av in seq.data:
        if op is LITERAL:
            chars.update(cased(chr(av), ignore_case))
            return True
        if op is IN:
            for o, a in av:
                codes = item_codes(o, a, 256)
                if codes is None:
                    return None  # a category or a negated set: any character may start a match
                for c in codes:
                    chars.update(cased(chr(c), ignore_case))
            return True
        if op in ZERO_WIDTH:
            continue  # reads no character of the match
        if op is SUBPATTERN and not av[1] and not av[2]:
            found = _first(av[3], ignore_case, chars)
        elif op in REPEATS:
            found = _first(av[2], ignore_case, chars)
            found = found and av[0] > 0
        elif op is BRANCH:
            each = [_first(a, ignore_case, chars) for a in av[1]]
            found = None if None in each else all(each)
        else:
            return None
        if found is None or found:
            return found
    return False


# --- run characters: every character a match can hold ----------------------------------------

_CATEGORIES = {
    getattr(C, name, _NONE): escape
    for name, escape in (("CATEGORY_WORD", r"\w"), ("CATEGORY_SPACE", r"\s"), ("CATEGORY_DIGIT", r"\d"))
}
_ATS = frozenset(
    getattr(C, n, _NONE)
    for n in ("AT_BOUNDARY", "AT_NON_BOUNDARY", "AT_BEGINNING", "AT_BEGINNING_LINE", "AT_END_LINE")
)
_AT_END = getattr(C, "AT_END", _NONE)


def run_chars(pattern: re.Pattern) -> set[str] | None:
    """Every character (or class escape: ``\\w``, ``\\s``, ``\\d``) a match of ``pattern`` can
    hold, in every case an IGNORECASE pattern matches; None when that is no small class (a
    negated set, any character, a look-ahead, a back reference) or the parse cannot be read.

    Looking behind and ``^`` read the text before a match, which a search from a run's start
    still sees; ``$`` and ``\\b`` read one character past it, which :class:`RunScanner` lets them see.
    """
    parsed = parse(pattern)
    chars: set[str] = set()
    if parsed is None or not _run_chars(parsed, bool(pattern.flags & re.IGNORECASE), chars):
        return None
    return chars


def _run_chars(seq, ignore_case: bool, chars: set[str]) -> bool:
    for op, av in seq.data:
        if op is LITERAL:
            chars.update(cased(chr(av), ignore_case))
        elif op is IN:
            for o, a in av:
                if o is CATEGORY and a in _CATEGORIES:
                    chars.add(_CATEGORIES[a])
                    continue
                codes = item_codes(o, a, 256)
                if codes is None:
                    return False
                for c in codes:
                    chars.update(cased(chr(c), ignore_case))
        elif op is AT:
            if av not in _ATS and not (av is _AT_END and seq.state.flags & re.MULTILINE):
                return False  # "$" of a multi-line pattern is an end of line, which reads one character
        elif op is ASSERT or op is ASSERT_NOT:
            if av[0] >= 0:  # a look-ahead reads past the match
                return False
        elif op is SUBPATTERN:
            if av[1] or av[2] or not _run_chars(av[3], ignore_case, chars):
                return False
        elif op is BRANCH:
            if not all(_run_chars(a, ignore_case, chars) for a in av[1]):
                return False
        elif op in REPEATS:
            if not _run_chars(av[2], ignore_case, chars):
                return False
        else:
            return False
    return True


def opens_at_line_start(pattern: re.Pattern) -> bool | None:
    """Whether ``pattern`` is a multi-line pattern whose every match opens with ``^`` and is not
    empty; None when the parse cannot be read."""
    parsed = parse(pattern)
    if parsed is None:
        return None
    opens = parsed.data[:1] == [(AT, AT_BEGINNING)] and pattern.pattern.startswith("^")
    return bool(pattern.flags & re.MULTILINE) and opens and parsed.getwidth()[0] >= 1
