"""What a caseload figure looks like: a number (digits or words), a range ("30-40", "30 to 55",
"between 20 and 25"), a band ("high 20s", "low teens"), "25+" or a ratio ("1:18").

Kept apart from :mod:`extractors.caseloads` (which decides whether a figure counts cases per
worker) so each stays small.
"""

from __future__ import annotations

import re

_TENS = dict(
    zip("twenty thirty forty fifty sixty seventy eighty ninety".split(), range(20, 100, 10), strict=True)
)
_UNITS = dict(zip("one two three four five six seven eight nine".split(), range(1, 10), strict=True))
_TEENS = dict(zip("ten eleven twelve thirteen fourteen fifteen sixteen".split(), range(10, 17), strict=True))
_TEENS |= dict(zip("seventeen eighteen nineteen".split(), range(17, 20), strict=True))
NUMBER_WORD = (
    r"\b(?:(?:" + "|".join(_TENS) + r")(?:[\s-](?:" + "|".join(_UNITS) + r"))?|" + "|".join(_TEENS) + r")\b"
)
# A number of at most three digits that is not part of a bigger number, a date, a year range,
# a section number ("2.1" is kept but rejected later by what follows it) or a money amount.
_DIGITS = r"\d{1,3}(?:\.\d{1,2})?(?!\d|[.,]\d)"
_N = rf"(?:(?<![\w.,:£$€#/])(?<!\d[-–/]){_DIGITS}|{NUMBER_WORD})"
_N2 = rf"(?:(?<![\w.,:£$€#/]){_DIGITS}|{NUMBER_WORD})"  # the second number of a range follows a dash
_SUFFIX = r"(?P<suffix>\s*%|\s*per\s*cent\b|\s*percent\b|['’]s\b|[a-zA-Z]+|\+(?!\s*\d)|:\d)?"
FIGURE = re.compile(
    rf"""
    (?<!\w)(?:  # every figure starts a word: skip the inside of words at once
    (?P<ratio>\b(?:1|one)\s*:\s*(?P<rn>\d{{1,3}})\b(?!\s*:))
  | (?P<band>(?P<bq>low|lower|mid|middle|high|upper|early|late)[\s-]*
             (?:(?P<dec>[1-9]0)['’]?s\b|(?P<teens>teens)\b))
  | (?P<decade>\bthe\s+(?P<dec2>[1-9]0)['’]?s\b)
  | (?P<between>\bbetween\s+(?P<b1>{_N})\s+and\s+(?P<b2>{_N2}){_SUFFIX.replace("suffix", "bsuf")})
  | (?P<range>(?P<r1>{_N})\s*(?P<sep>-|–|—|to)\s*(?P<r2>{_N2}){_SUFFIX.replace("suffix", "rsuf")})
  | (?P<single>{_N}){_SUFFIX}
    )""",
    re.I | re.X,
)
MIN_VALUE, MAX_VALUE = 4, 300  # outside this: "1 in 4", a score of 1-3, or a team's total

_CHANGE_VERB = re.compile(
    r"\b(?:reduc\w*|fall\w*|fell|dropp?\w*|decreas\w*|increas\w*|ris\w*|rose|grow\w*|grew|gone|come|went|came|"
    r"cut|lower\w*|mov\w*|chang\w*|improv\w*)\b[^;]{0,40}\bfrom\s*$",
    re.I,
)


def value(token: str) -> float:
    token = token.strip().lower()
    if token[0].isdigit():
        return float(token)
    if token in _TEENS:
        return float(_TEENS[token])
    parts = re.split(r"[\s-]+", token)
    return float(_TENS[parts[0]] + (_UNITS[parts[1]] if len(parts) > 1 else 0))


def parse(m: re.Match) -> list[tuple[float, float | None, int, int]]:
    """The figure(s) a match states as (low, high, start, end); empty when it is not a count."""
    if m.group("ratio"):
        n = float(m.group("rn"))
        return [(n, n, m.start(), m.end())] if n >= 2 else []
    if m.group("band"):
        q = m.group("bq").lower()
        if m.group("teens"):
            lo = {"low": 13, "lower": 13, "early": 13, "mid": 15, "middle": 15}.get(q, 17)
        else:
            base = int(m.group("dec"))
            lo = base + {"low": 1, "lower": 1, "early": 1, "mid": 4, "middle": 4}.get(q, 7)
        return [(float(lo), float(lo + 2), m.start(), m.end())]
    if m.group("decade"):
        base = int(m.group("dec2"))
        return [(float(base), float(base + 9), m.start("dec2"), m.end())]
    for name, a, b, suffix in (("between", "b1", "b2", "bsuf"), ("range", "r1", "r2", "rsuf")):
        if m.group(name):
            if m.group(suffix):
                return []
            lo, hi = value(m.group(a)), value(m.group(b))
            if (
                name == "range"
                and m.group("sep").lower() == "to"
                and _CHANGE_VERB.search(m.string, max(0, m.start() - 80), m.start())
            ):
                return [(lo, lo, m.start(a), m.end(a)), (hi, hi, m.start(b), m.end(b))]  # "from 38 to 20"
            return [(lo, hi, m.start(), m.end())] if lo < hi else []
    if m.group("suffix") == "+":
        n = value(m.group("single"))
        return [(n, None, m.start(), m.end())]  # "25+": 25 or more
    if m.group("suffix"):
        return []
    n = value(m.group("single"))
    return [(n, n, m.start(), m.end())]


