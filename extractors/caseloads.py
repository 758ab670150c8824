"""Caseload figures: numbers of cases per worker stated in the text, read as a careful reader would.

Finding figures. A cheap prefilter picks the blocks (paragraphs, hard-wrapped lines re-joined)
that name caseloads, count cases or give a ratio; only those are split into sentences, by plain
punctuation, bullet and heading rules (spaCy's tokeniser over whole PDF pages cost more than
parsing them). In a sentence a figure is a number (digits or words), a range ("30-40", "30 to
55", "between 20 and 25"), a band ("high 20s", "low teens"), "25+" or a ratio ("1:18", "one
worker to 18 cases"). It counts when something ties it to cases per worker:

* a unit after it: "13.9 per FTE", "18 cases per social worker", "22 cases for full time staff";
* a holder before it: "managers are responsible for up to 240 cases";
* the word caseload in its sentence (or the sentence or heading just before), with nothing
  saying the number counts something else: a noun after it ("3 local authorities", "2 years"),
  "%", "£", a date, a page or section, a list number, a question, a count named nearer to it
  than the caseload ("referrals rose to 250").

Reading them. ``kind``, ``role``, ``period`` and the quoted clause come from the words around the
figure; see :mod:`extractors.caseloads_context`. A sentence repeated verbatim (a summary and the
body) gives its figures once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from core.dates import MONTH
from core.document import Document
from core.reading import Reading
from extractors.base import Record, provenance
from extractors.caseloads_context import (
    ROLE,
    ROLE_RE,
    clause_bounds,
    column_date,
    figure_kind,
    figure_period,
    figure_role,
    normal_role,
)

NAME = "caseloads"
VERSION = "0.2"
TABLE = "caseloads"


@dataclass(kw_only=True)
class Caseload(Record):
    KEY: ClassVar[tuple[str, ...]] = ("low", "high", "role", "kind", "period")

    low: float
    high: float | None
    role: str
    kind: str  # reported | maximum | target | benchmark
    period: str | None


RECORD = Caseload

# --- what a figure looks like -----------------------------------------------------------------

_TENS = dict(
    zip("twenty thirty forty fifty sixty seventy eighty ninety".split(), range(20, 100, 10), strict=True)
)
_UNITS = dict(zip("one two three four five six seven eight nine".split(), range(1, 10), strict=True))
_TEENS = dict(zip("ten eleven twelve thirteen fourteen fifteen sixteen".split(), range(10, 17), strict=True))
_TEENS |= dict(zip("seventeen eighteen nineteen".split(), range(17, 20), strict=True))
_WORD = (
    r"\b(?:(?:" + "|".join(_TENS) + r")(?:[\s-](?:" + "|".join(_UNITS) + r"))?|" + "|".join(_TEENS) + r")\b"
)
# A number of at most three digits that is not part of a bigger number, a date, a year range,
# a section number ("2.1" is kept but rejected later by what follows it) or a money amount.
_DIGITS = r"\d{1,3}(?:\.\d{1,2})?(?!\d|[.,]\d)"
_N = rf"(?:(?<![\w.,:£$€#/])(?<!\d[-–/]){_DIGITS}|{_WORD})"
_N2 = rf"(?:(?<![\w.,:£$€#/]){_DIGITS}|{_WORD})"  # the second number of a range follows a dash
_SUFFIX = r"(?P<suffix>\s*%|\s*per\s*cent\b|\s*percent\b|['’]s\b|[a-zA-Z]+|\+(?!\s*\d)|:\d)?"
_FIGURE = re.compile(
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
_MIN_VALUE, _MAX_VALUE = 4, 300  # outside this: "1 in 4", a score of 1-3, or a team's total

# --- what ties a figure to caseloads ----------------------------------------------------------

# Cheap test of a block before any sentence splitting: it names caseloads, or counts cases.
_PREFILTER = re.compile(
    r"\b(?=[cCpPrRhH1])(?:case[\s-]?load|cases\b|per\s+(?:fte|full[\s-]time|worker|social\s+worker|practitioner|head)\b"
    r"|ratio\b|1\s*:\s*\d|hold(?:s|ing)?\b|held\b|carr(?:y|ies|ied|ying)\b|responsible\s+for\b)",
    re.I,  # the lookahead skips most positions at once: this runs over every block
)
_KEYWORD = re.compile(r"\bcase[\s-]?loads?\b|\bcases\s+per\b|\bper\s+(?:social\s+)?worker\b", re.I)
_UNIT_AFTER = re.compile(
    r"\s*(?:(?:open|allocated|active|live|current|statutory|child\s+protection)\s+)?"
    r"(?:cases?|children|families|young\s+people|CIN|CP)?\s*"
    r"(?:per|each|for\s+each|for\s+every|a)\s+(?:qualified\s+|full[\s-]time\s+)?"
    rf"(?:{ROLE}|fte|full[\s-]time\s+equivalents?|head|post|case\s*holders?)\b|\s*cases\s+each\b",
    re.I,
)
_CASES_AFTER = re.compile(
    r"\s*(?:(?:open|allocated|active|live|current)\s+)?(?:cases|children|families|young\s+people)\b", re.I
)
_HOLDER_BEFORE = re.compile(
    r"\b(?:hold|holds|holding|held|carry|carries|carrying|carried|responsible\s+for|manag(?:e|es|ing)"
    r"|ha(?:ve|s|d|ving)|work(?:s|ing)?\s+with|allocated|keep(?:s|ing)?|oversee(?:s|ing)?|oversaw|supervis\w+"
    r"|(?:limited|capped|restricted)\s+(?:to|at))\s+(?:[\w-]+\s+){0,3}$",
    re.I,
)
_RATIO_WORDS = re.compile(rf"\b(?:one|1)\s+(?P<role>{ROLE})\s+(?:to|for|per)\s+(?:every\s+)?$", re.I)
_NOT_CASES_AFTER = re.compile(
    r"\s*(?:cases?\s+)?(?:files?|audit(?:s|ed)?|sampled|reviewed|examined|tracked|were\s+(?:audited|sampled|"
    r"reviewed|examined|looked))\b",
    re.I,
)
_AUDIT_BEFORE = re.compile(
    r"\b(?:audit\w*|sampl\w*|review(?:ed|ing)?|looked\s+at|examin\w*|track\w*|consider\w*|read)\s+(?:[\w-]+\s+){0,3}$",
    re.I,
)
# A number whose left neighbour word says it is a page, a section, an age, a change or a date.
_DENY_LEFT = re.compile(
    r"\b(?:pages?|pp?|paras?|paragraphs?|sections?|appendix|annex|items?|tables?|figures?|fig|charts?|"
    r"recommendations?|minutes?|no|number|questions?|phase|tier|level|stage|years?|aged?|ages|grade|band|"
    r"point|option|priority|version|chapter|part|step|act|clause|regulation|article|schedule|room|unit|by|"
    rf"{MONTH})\.?\s*$",
    re.I,
)
_CHANGE_OF = re.compile(r"\b(?:increase|decrease|reduction|rise|fall|drop|growth|change)\s+of\s*$", re.I)
_MONTH_AFTER = re.compile(rf"\s*{MONTH}\b")
# Words that may follow a caseload figure. Anything else (a noun) means the number counts that noun:
# "3 local authorities", "14 recommendations", "2 years", "10 inspectors".
_ALLOWED_NEXT = frozenset(
    """per each cases case for in at on to and or but was were is are be being been had has have now then
    currently previously presently with which that while whilst whereas compared against as than during
    when since before after so though although however across among amongst a an the respectively
    nationally locally regionally overall only still already would will should could may might must can
    did does do it they from until between within under over average approximately maximum max ideally
    seems seemed appears appeared remains remained remain reduced down up last this following where
    whereby according including excluding plus depending based reflecting representing rather not or
    by today yesterday recently here there compare compares comparing versus vs making meaning giving leaving
    too very quite far well much higher lower above below again also even just yet minimum min averaging
    open allocated active""".split()
)
_PHRASE_ENDS = re.compile(r"\s*(?:[.,;:)]|per\b|each\b|$)")
# "113 cases have been closed": cases being counted, not held
_CASES_COUNTED = re.compile(
    r"\s*cases\s+(?:have|has|had|were|are|been|being|closed|opened|open|transferred|referred|allocated|"
    r"await\w*|waiting|remain\w*|need\w*|requir\w*)\b",
    re.I,
)
# "20 had caseloads above 25": the first number counts the workers
_WORKERS_COUNTED = re.compile(
    r"\s*(?:of\s+(?:them|these|those)\s+)?(?:had|have|has|hold|held|holding|carry|carried|carrying|with)\s+"
    r"(?:a\s+|an\s+)?(?:case[\s-]?loads?|cases|more|over|fewer|less|between|above|below|under)\b",
    re.I,
)
# "16 and 17 year olds", "2 to 3 times": the next number names the unit of both
_PAIRED_UNIT = re.compile(
    r"\s*(?:and|or|to|-|–)\s*\d+\s*(?:years?|months?|weeks?|days?|hours?|times|per\s*cent|percent|%)", re.I
)
_IN_TOTAL = re.compile(r"\s*(?:cases\s+)?in\s+total\b|\s*in\s+all\b", re.I)
_NEXT_WORD = re.compile(r"\s*([A-Za-z][\w'’-]*)?")
# A count of something other than cases named nearer to the figure than the word caseload.
_OTHER_COUNT = re.compile(
    r"\b(?:referrals|vacanc(?:y|ies)|assessments|contacts|visits|posts|inspectors|recommendations|applications|"
    r"placements|complaints|audits|days|weeks|months|hours|minutes|meetings|numbers?\s+of|total\s+of|"
    r"team(?:'s|’s)?\s+caseloads?|total\s+caseloads?|overall\s+caseloads?)\b(?!\s+teams?\b)",
    re.I,
)
_MEASURE = re.compile(
    r"\b(?:rates?|use|usage|spend|budgets?|percentage|proportion|numbers?|score|vacanc\w+|turnover|sickness|"
    r"agency|referrals?|assessments?|visits?|plans?|population|costs?|hours|days|weeks|months|posts?|"
    r"teams?|children|families)\b",
    re.I,
)
_CHANGE_VERB = re.compile(
    r"\b(?:reduc\w*|fall\w*|fell|dropp?\w*|decreas\w*|increas\w*|ris\w*|rose|grow\w*|grew|gone|come|went|came|"
    r"cut|lower\w*|mov\w*|chang\w*|improv\w*)\b[^;]{0,40}\bfrom\s*$",
    re.I,
)
_ANY_NUMBER = re.compile(r"\d|teens\b|" + _WORD, re.I)
_BULLET_LEAD = re.compile(r"(?:[-•*▪●◦‣–]|\d+(?:\.\d+)+|\(?[a-z0-9]{1,3}[.)])\s+")
_TABLE_ROW_NUMBERS = re.compile(r"(?:^|\s{2,}|\t)\d[\d.,]*(?=\s{2,}|\t|$)", re.M)


def extract(reading: Reading) -> Iterator[Caseload]:
    """Every caseload figure in the document; a sentence repeated verbatim (summary and body) counts once."""
    doc = reading.document
    text = doc.text
    seen: set[tuple] = set()
    heading_kw = False  # the block before is a heading about caseloads ("2.5 Caseloads")
    for b_start, b_end in reading.blocks:
        block_heading_kw = heading_kw
        heading_kw = _is_heading(text, b_start, b_end) and bool(_KEYWORD.search(text, b_start, b_end))
        if not (block_heading_kw or _PREFILTER.search(text, b_start, b_end)) or not _ANY_NUMBER.search(
            text, b_start, b_end
        ):
            continue
        previous_kw = block_heading_kw
        for s_start, s_end in reading.sentences_in(b_start, b_end):
            has_kw = bool(_KEYWORD.search(text, s_start, s_end))
            if previous_kw or has_kw or _PREFILTER.search(text, s_start, s_end):
                for record in _sentence_figures(doc, s_start, s_end, context=previous_kw):
                    key = (" ".join(record.quote.split()), record.low, record.high, record.role, record.kind)
                    if key not in seen:
                        seen.add(key)
                        yield record
            previous_kw = has_kw


def _is_heading(text: str, start: int, end: int) -> bool:
    return end - start <= 100 and "\n" not in text[start:end] and text[end - 1] not in ".,;:"


def _value(token: str) -> float:
    token = token.strip().lower()
    if token[0].isdigit():
        return float(token)
    if token in _TEENS:
        return float(_TEENS[token])
    parts = re.split(r"[\s-]+", token)
    return float(_TENS[parts[0]] + (_UNITS[parts[1]] if len(parts) > 1 else 0))


def _parse(m: re.Match) -> list[tuple[float, float | None, int, int]]:
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
            lo, hi = _value(m.group(a)), _value(m.group(b))
            if (
                name == "range"
                and m.group("sep").lower() == "to"
                and _CHANGE_VERB.search(m.string, max(0, m.start() - 80), m.start())
            ):
                return [(lo, lo, m.start(a), m.end(a)), (hi, hi, m.start(b), m.end(b))]  # "from 38 to 20"
            return [(lo, hi, m.start(), m.end())] if lo < hi else []
    if m.group("suffix") == "+":
        n = _value(m.group("single"))
        return [(n, None, m.start(), m.end())]  # "25+": 25 or more
    if m.group("suffix"):
        return []
    n = _value(m.group("single"))
    return [(n, n, m.start(), m.end())]


def _sentence_figures(doc: Document, s_start: int, s_end: int, context: bool) -> Iterator[Caseload]:
    """The caseload figures of one sentence; ``context`` says the sentence (or heading) before it
    was about caseloads, so "20-25 was more usual" after "caseloads were 40" still counts."""
    text = doc.text
    sentence = text[s_start:s_end]
    if sentence.rstrip(" \"'”’)").endswith("?"):
        return  # numbers in a question are examples, not figures
    figures = []
    for m in _FIGURE.finditer(text, s_start, s_end):
        for low, high, start, end in _parse(m):
            if low < _MIN_VALUE or low > _MAX_VALUE or (high or 0) > _MAX_VALUE:
                continue
            named = _tie(text, s_start, s_end, start, end, bool(m.group("ratio")), context)
            if named is not None:
                figures.append((low, high, start, end, named))
    positions = [(f[2], f[3]) for f in figures]
    previous = None
    for low, high, start, end, named in figures:
        kind, low, high = figure_kind(text, s_start, s_end, start, end, low, high, previous)
        previous = (kind, end)
        role = named or figure_role(text, s_start, end, start)
        line_start, line_end = _line(text, s_start, s_end, start)
        if _is_table_row(text[line_start:line_end]):  # a table cell: its row, its column's date
            period = column_date(doc, s_start, line_start, start, end)
            q_start, q_end = line_start, line_end
        else:
            period = figure_period(doc, s_start, s_end, start, end, positions)
            q_start, q_end = clause_bounds(text, s_start, s_end, start, end)
        lead = _BULLET_LEAD.match(text, q_start, q_end)
        yield Caseload(
            low=low,
            high=high,
            role=role,
            kind=kind,
            period=period,
            **provenance(doc, lead.end() if lead and lead.end() <= start else q_start, q_end),
        )


def _tie(text: str, s_start: int, s_end: int, start: int, end: int, ratio: bool, context: bool) -> str | None:
    """Whether the figure at ``text[start:end]`` counts cases per worker: None when it does not,
    else the role the tie itself names ("one social worker to 14 cases"), or "" when it names none."""
    left = text[max(s_start, start - 80) : start]
    right = text[end : min(s_end, end + 80)]
    if ratio:
        sentence = text[s_start:s_end]
        about_cases = _KEYWORD.search(sentence) or re.search(r"\bcases?\b", sentence, re.I)
        about_workers = re.search(r"\bratio\b", sentence, re.I) and ROLE_RE.search(sentence)
        return "" if about_cases or about_workers else None
    if _DENY_LEFT.search(left) or _CHANGE_OF.search(left) or _MONTH_AFTER.match(right):
        return None
    if _NOT_CASES_AFTER.match(right):
        return None
    line_start = max(s_start, text.rfind("\n", 0, start) + 1)
    if re.fullmatch(r"[\s\-•*(]*", text[line_start:start]) and re.match(r"[.)]", right):
        return None  # the number of a list item: "4. Officers continue to ..."
    words = _RATIO_WORDS.search(left)
    if words and _CASES_AFTER.match(right):
        return normal_role(words.group("role"))
    if _UNIT_AFTER.match(right):
        return ""
    if _AUDIT_BEFORE.search(left) and _CASES_AFTER.match(right):
        return None  # "inspectors audited 25 cases": cases looked at, not held
    holder = _CASES_AFTER.match(right) and _HOLDER_BEFORE.search(left)
    if holder and figure_role(text, s_start, end, start, default=None):
        return ""
    return "" if _keyword_tie(text, s_start, s_end, start, end, right, context) else None


def _keyword_tie(
    text: str, s_start: int, s_end: int, start: int, end: int, right: str, context: bool
) -> bool:
    """Whether a bare number sits in a caseload sentence (or just after one) as a caseload figure."""
    kw = list(_KEYWORD.finditer(text, max(s_start, start - 300), min(s_end, end + 300)))
    if not kw and (not context or _MEASURE.search(text, s_start, start)):
        return False  # after a caseload sentence, "agency use is at 20" is still about something else
    if _IN_TOTAL.match(right):
        return False
    line = text[slice(*_line(text, s_start, s_end, start))]
    caption = text[slice(*_line(text, s_start, s_end, s_start))]
    if _is_table_row(line):  # a table cell: the caption (or the row) must say caseload
        return bool(_KEYWORD.search(line) or _KEYWORD.search(caption))
    word = _NEXT_WORD.match(right)
    nxt = word.group(1)
    if nxt and nxt[0].isupper() and not nxt.isupper():
        return False  # "4.3 The service ...", "3 Local Authorities": a section number or a count
    if nxt and nxt.lower() in ("children", "families") and _PHRASE_ENDS.match(right, word.end()):
        nxt = None  # "caseloads of 12 to 15 children." (but not "27 children waiting")
    if nxt and nxt.lower() not in _ALLOWED_NEXT:
        return False
    if _CASES_COUNTED.match(right) or _WORKERS_COUNTED.match(right) or _PAIRED_UNIT.match(right):
        return False
    if nxt and nxt.lower() in ("open", "allocated", "active") and not _CASES_AFTER.match(right):
        return False
    # the nearest thing named before the figure: the word caseload or a count of something else
    before_kw = [k for k in kw if k.end() <= start]
    other = list(_OTHER_COUNT.finditer(text, max(s_start, start - 300), start))
    if other and (not before_kw or other[-1].end() >= before_kw[-1].end()):
        return False
    return True


def _line(text: str, s_start: int, s_end: int, pos: int) -> tuple[int, int]:
    """The span of the line holding ``pos``, inside the sentence."""
    start = max(s_start, text.rfind("\n", s_start, pos) + 1)
    end = text.find("\n", pos, s_end)
    return start, end if end != -1 else s_end


def _is_table_row(line: str) -> bool:
    return len(_TABLE_ROW_NUMBERS.findall(line)) >= 3
