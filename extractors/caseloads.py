"""Caseload figures: numbers of cases per worker stated in the text, read as a careful reader would.

Finding figures. A cheap prefilter picks the reading's blocks (paragraphs, hard-wrapped lines
re-joined) that name caseloads, count cases or give a ratio; only their sentences (the reading's
one splitter, each cut to at most ``MAX_SENTENCE`` characters so the work stays linear in the
text) are read. In a sentence a figure is a number, range, band or ratio (see
:mod:`extractors.caseloads_figures`). It counts when something ties it to cases per worker:

* a unit after it: "13.9 per FTE", "18 cases per social worker", "22 cases for full time staff";
* a holder before it: "managers are responsible for up to 240 cases";
* the word caseload in its sentence (or the sentence or heading just before), with nothing
  saying the number counts something else: a noun after it ("3 local authorities", "2 years"),
  "%", "£", a date, a page or section, a list number, a question, a count named nearer to it
  than the caseload ("referrals rose to 250").

Reading them. ``kind``, ``role``, ``period`` and the quoted clause come from the words around the
figure; see :mod:`extractors.caseloads_context` and :mod:`extractors.caseloads_period`. The
workers a paragraph opens with hold the figures of its later sentences that refer back ("IROs
... They have caseloads of 125"). A sentence repeated verbatim (a summary and the body) gives its
figures once. Roles and the words that deny or allow a figure are vocabulary files.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from core.dates import MONTH
from core.document import Document
from core.reading import Reading
from core.scan.alternations import by_first_letter
from core.scan.folding import folded_twin
from core.scan.scanners import search_where
from core.text import trimmed
from extractors.base import Record, provenance
from extractors.caseloads_context import (
    DEFAULT_ROLE,
    ROLE,
    ROLE_RE,
    clause_bounds,
    figure_kind,
    figure_role,
    normal_role,
    subject_role,
)
from extractors.caseloads_figures import FIGURE, MAX_VALUE, MIN_VALUE, NUMBER_WORD, parse
from extractors.caseloads_period import column_date, figure_period
from extractors.vocabulary import alternation, words

NAME = "caseloads"
VERSION = "0.7"
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

# --- what ties a figure to caseloads ----------------------------------------------------------

# Cheap test of a block before any sentence splitting: it names caseloads, or counts cases.
_PREFILTER_WORDS = [
    r"case[\s-]?load",
    r"cases\b",
    r"per\s+(?:fte|full[\s-]time|worker|social\s+worker|practitioner|head)\b",
    r"ratio\b",
    r"1\s*:\s*\d",
    r"hold(?:s|ing)?\b",
    r"held\b",
    r"carr(?:y|ies|ied|ying)\b",
    r"responsible\s+for\b",
]
_PREFILTER = re.compile(r"\b(?:" + "|".join(_PREFILTER_WORDS) + ")", re.I)
_KEYWORD = re.compile(r"\bcase[\s-]?loads?\b|\bcases\s+per\b|\bper\s+(?:social\s+)?worker\b", re.I)
_PRONOUN = re.compile(r"\b(?:they|their|them)\b", re.I)
# The same, for the reading's lower-cased copy (ten times cheaper to search); the prefilter tried
# only where one of its words begins.
_LOWER_PREFILTER = folded_twin(_PREFILTER)
_PREFILTER_STARTS = re.compile(by_first_letter(_PREFILTER_WORDS))
_LOWER_KEYWORD = folded_twin(_KEYWORD)
_LOWER_PRONOUN = folded_twin(_PRONOUN)
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
    r"\b(?:hold|holds|holding|held|carry|carries|carrying|carried|responsib(?:le|ility)\s+for|manag(?:e|es|ing)"
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
_DENY_LEFT = re.compile(rf"\b(?:{alternation('caseload_left_words')}|{MONTH})\.?\s*$", re.I)
_CHANGE_OF = re.compile(r"\b(?:increase|decrease|reduction|rise|fall|drop|growth|change)\s+of\s*$", re.I)
_MONTH_AFTER = re.compile(rf"\s*{MONTH}\b")
#: Words that may follow a caseload figure (anything else, a noun, means the number counts that noun).
_ALLOWED_NEXT = words("caseload_next_words")
_PHRASE_ENDS = re.compile(
    r"\s*(?:[.,;:)]|per\b|each\b|$|(?:and|or|but|compared|against|than|while|whilst|which)\b"
    r"|(?:in|at|as\s+at|as\s+of|during|by)\s+(?:the\s+)?(?:end\s+of\s+)?(?:(?:19|20)\d\d|Q[1-4]\b|"
    rf"{MONTH}|(?:previous|last|this|same)\s+(?:quarter|month|year)|spring|summer|autumn|winter))",
    re.I,
)  # "caseloads of 21 children in December 2024", "18 children and an increase"
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
_ANY_NUMBER = re.compile(r"\d|teens\b|" + NUMBER_WORD, re.I)
_LOWER_NUMBER = folded_twin(_ANY_NUMBER)
_BULLET_LEAD = re.compile(r"(?:[-•*▪●◦‣–]|\d+(?:\.\d+)+|\(?[a-z0-9]{1,3}[.)])\s+")
_TABLE_ROW_NUMBERS = re.compile(r"(?:^|\s{2,}|\t)\d[\d.,]*(?=\s{2,}|\t|$)", re.M)


def extract(reading: Reading) -> Iterator[Caseload]:
    """Every caseload figure in the document; a sentence repeated verbatim (summary and body) counts once."""
    doc = reading.document
    text = doc.text
    low = reading.folded
    keyword, prefilter, pronoun, number = (
        (_KEYWORD.search, _PREFILTER.search, _PRONOUN.search, _ANY_NUMBER.search)
        if low is None
        else (_LOWER_KEYWORD.search, _LOWER_PREFILTER.search, _LOWER_PRONOUN.search, _LOWER_NUMBER.search)
    )
    searched = text if low is None else low
    seen: set[tuple] = set()
    heading_kw = False  # the block before is a heading about caseloads ("2.5 Caseloads")
    for b_start, b_end in reading.blocks:
        block_heading_kw = heading_kw
        heading_kw = _is_heading(text, b_start, b_end) and bool(keyword(searched, b_start, b_end))
        if not (block_heading_kw or _names_cases(text, low, b_start, b_end)) or not number(
            searched, b_start, b_end
        ):
            continue
        previous_kw = block_heading_kw
        topic = None  # the workers the paragraph is about: "IROs ... They have caseloads of 125"
        for s_start, s_end in _bounded(text, reading.sentences_in(b_start, b_end)):
            topic = subject_role(text, s_start, s_end, low) or topic
            has_kw = bool(keyword(searched, s_start, s_end))
            if previous_kw or has_kw or prefilter(searched, s_start, s_end):
                refers = pronoun(searched, s_start, s_end)  # "they", "their": the workers before
                for record in _sentence_figures(
                    doc, s_start, s_end, context=previous_kw, topic=topic if refers else None
                ):
                    key = (" ".join(record.quote.split()), record.low, record.high, record.role, record.kind)
                    if key not in seen:
                        seen.add(key)
                        yield record
            previous_kw = has_kw


def _names_cases(text: str, low: str | None, start: int, end: int) -> bool:
    """Does ``text[start:end]`` hold a prefilter word? Searched in the lower-cased copy ``low``
    when there is one, only where a prefilter word begins."""
    if low is None:
        return bool(_PREFILTER.search(text, start, end))
    return search_where(_PREFILTER_STARTS, _LOWER_PREFILTER, low, start, end) is not None


def _is_heading(text: str, start: int, end: int) -> bool:
    return end - start <= 100 and "\n" not in text[start:end] and text[end - 1] not in ".,;:"


#: The longest stretch read as one sentence. A real sentence is far shorter; text without sentence
#: breaks (a table flattened to one line, a corrupt file) is read in pieces of this size, cut at a
#: clause mark or space, so the work per figure is bounded and extraction stays linear in the text.
MAX_SENTENCE = 800


def _bounded(text: str, sentences: Iterator[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """The sentences, each longer than ``MAX_SENTENCE`` cut into consecutive pieces."""
    for s, e in sentences:
        while e - s > MAX_SENTENCE:
            cut = max(text.rfind(";", s, s + MAX_SENTENCE), text.rfind(",", s, s + MAX_SENTENCE))
            if cut <= s + MAX_SENTENCE // 2:
                cut = text.rfind(" ", s, s + MAX_SENTENCE)
            if cut <= s + MAX_SENTENCE // 2:
                cut = s + MAX_SENTENCE
            yield from trimmed(text, s, cut)
            s = cut
        yield from trimmed(text, s, e)


def _sentence_figures(
    doc: Document, s_start: int, s_end: int, context: bool, topic: str | None = None
) -> Iterator[Caseload]:
    """The caseload figures of one sentence; ``context`` says the sentence (or heading) before it
    was about caseloads, so "20-25 was more usual" after "caseloads were 40" still counts.
    ``topic`` is the worker the paragraph is about, the role of a figure whose sentence names none.

    A figure listed after a caseload figure with the same noun ("65 children looked after and 33
    children on a plan") or counting part of it ("125 each, of which 50 ...") is one too."""
    text = doc.text
    sentence = text[s_start:s_end]
    if sentence.rstrip(" \"'”’)").endswith("?"):
        return  # numbers in a question are examples, not figures
    figures = []
    for m in FIGURE.finditer(text, s_start, s_end):
        for low, high, start, end in parse(m):
            if low < MIN_VALUE or low > MAX_VALUE or (high or 0) > MAX_VALUE:
                continue
            named = _tie(text, s_start, s_end, start, end, bool(m.group("ratio")), context)
            if named is None and figures and _continues_figure(text, figures[-1][3], start, end, s_end):
                named = figures[-1][4]
            if named is not None:
                figures.append((low, high, start, end, named))
    previous = None
    kinds = []
    for low, high, start, end, _named in figures:
        kind, low2, high2 = figure_kind(text, s_start, s_end, start, end, low, high, previous)
        previous = (kind, end)
        kinds.append((kind, low2, high2))
    # a target owns only a time printed right after it ("18 by March"): the rest of its clause
    # dates the figures it is compared with ("an increase from the previous quarter, when ... 20")
    positions = [(f[2], f[3]) for f, k in zip(figures, kinds, strict=True) if k[0] != "target"]
    for (_, _, start, end, named), (kind, low, high) in zip(figures, kinds, strict=True):
        role = named or figure_role(text, s_start, end, start, default=topic or DEFAULT_ROLE)
        line_start, line_end = _line(text, s_start, s_end, start)
        if _is_table_row(text[line_start:line_end]):  # a table cell: its row, its column's date
            period = column_date(doc, s_start, line_start, start, end)
            q_start, q_end = line_start, line_end
        else:
            period = figure_period(doc, s_start, s_end, start, end, positions, own_only=kind == "target")
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


_LISTED_FIGURE = re.compile(
    r"\s*(?P<noun>cases|children|families|young\s+people)\b[^.;:\d]{0,40}?\b(?:and|or)\s+"
    r"(?:(?:a\s+)?(?:further|another|more|also)\s+)?$",
    re.I,
)
_PART_OF = re.compile(r"\s+of\s+(?:these|them|those|which)\b", re.I)


def _continues_figure(text: str, previous_end: int, start: int, end: int, s_end: int) -> bool:
    """A figure listed after a caseload figure of the same noun, or counting part of it."""
    listed = _LISTED_FIGURE.fullmatch(text, previous_end, start)
    if listed:
        return bool(re.match(rf"\s*{listed.group('noun')}\b", text[end : min(s_end, end + 40)], re.I))
    return bool(_PART_OF.match(text, end, s_end)) and start - previous_end < 120


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
    line_start = text.rfind("\n", s_start, start) + 1 or s_start
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
