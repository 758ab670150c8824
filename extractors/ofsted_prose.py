"""Ofsted judgements stated in prose: the sentence reader of :mod:`extractors.ofsted_ratings`.

"Children's services were judged to be inadequate", "rated 'requires improvement to be good'",
"the overall Ofsted judgement was ...", "'good' across all areas", "adequate in X and Y and
inadequate in Z". Only paragraphs holding a grade word near an Ofsted/inspection word are split
into sentences, so prose without ratings costs next to nothing.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from core.council_of import resolve_initialism
from core.councils import Council, mentions
from core.reading import Reading
from core.scan.scanners import keyed_search
from extractors import ofsted_vocabulary as V
from extractors.ofsted_tables import Found

OVERALL = V.OVERALL_NAME


class Context(Protocol):
    """What the reader needs to know of the document: its text, date and own council."""

    text: str
    as_of: str | None
    reading: Reading

    @property
    def own(self) -> Council | None: ...

    @property
    def own_names(self) -> re.Pattern | None: ...

    @property
    def headline_end(self) -> int: ...


def from_prose(ctx: Context, claimed: list[tuple[int, int]]) -> list[Found]:
    text = ctx.text
    found: list[Found] = []
    keys = V.grade_key_starts(text)  # a paragraph holding none of these cannot hold a grade word
    for ps, pe in ctx.reading.blocks:
        if keys is not None and bisect.bisect_left(keys, ps) == bisect.bisect_left(keys, pe):
            continue
        if not keyed_search(V.GRADE_WORD, text, ps, pe):
            continue
        if not keyed_search(V.OFSTED, text, max(0, ps - 800), pe):
            continue
        for s, e in ctx.reading.sentences_in(ps, pe):
            if keyed_search(V.GRADE_WORD, text, s, e):
                found += _sentence(ctx, s, e, claimed)
    return found


@dataclass
class _Grade:
    """One grade word in a sentence and the stretches of text around it that decide what it is.

    ``clause`` runs between semicolons; ``local`` is the text since the previous grade (its own
    subject, aims and negations); ``after`` the text up to the next grade (areas listed after
    it: "inadequate in X and Y").
    """

    match: re.Match
    clause_start: int
    clause_end: int
    local_start: int
    local: str
    after: str

    @property
    def printed(self) -> str:
        return self.match.group("grade")

    @property
    def quoted(self) -> bool:
        whole = self.match.group(0)
        return whole[0] in V.Q_OPEN and whole[-1] in V.Q_CLOSE


def _grades(text: str, s: int, e: int, claimed: list[tuple[int, int]]) -> Iterator[_Grade]:
    sent = text[s:e]
    matches = [m for m in V.GRADE.finditer(text, s, e) if not _claimed(claimed, m.start())]
    prev_end = s
    for i, m in enumerate(matches):
        clause_start = s + sent.rfind(";", 0, m.start() - s) + 1
        semi = sent.find(";", m.end() - s)
        clause_end = s + semi if semi != -1 else e
        nxt = matches[i + 1].start() if i + 1 < len(matches) else e
        local_start = max(prev_end, clause_start)
        prev_end = m.end()
        yield _Grade(
            m,
            clause_start,
            clause_end,
            local_start,
            text[local_start : m.start()],
            text[m.end() : min(nxt, clause_end)],
        )


def _sentence(ctx: Context, s: int, e: int, claimed: list[tuple[int, int]]) -> list[Found]:
    """The ratings stated in one sentence ``text[s:e]``.

    A grade needs a frame: a judging verb or noun ("judged", "the judgement was"; one earlier in
    the clause carries over: "judged adequate in X and inadequate in Y"), quotes in a sentence
    naming Ofsted, or, for the unmistakable grades and formally named areas, a plain "was" or
    "remains" near an Ofsted mention. Then it needs a subject: a judgement area, the authority
    as a whole, or a council.
    """
    text = ctx.text
    sent = text[s:e]
    has_ofsted = bool(keyed_search(V.OFSTED, text, s, e))  # "ofsted|inspect": no edge to care about
    near_ofsted = has_ofsted or bool(keyed_search(V.OFSTED, text, max(0, s - 300), s))
    if not has_ofsted and not keyed_search(V.OFSTED, text, max(0, s - 800), s):
        return []
    if V.OTHER_INSPECTORATE.search(sent) and "ofsted" not in sent.lower():
        return []
    out: list[Found] = []
    consumed = s  # where areas listed after an earlier grade end
    for g in _grades(text, s, e, claimed):
        m = g.match
        follow = _area_following(g.after)
        predicative = _predicative(g.after)
        if not (predicative or g.quoted or follow) or _ruled_out(g):
            continue
        pair = _INLINE_PAIR.search(g.local)
        strong = bool(
            pair or _framed(text, g.clause_start, m.start(), has_ofsted) or V.RATING_NOUN_AFTER.match(g.after)
        )
        weak = bool(V.WEAK_FRAME.search(text, max(g.clause_start, m.start() - 160), m.start()))
        weak = (weak or g.printed.lower().startswith("requir")) and near_ofsted
        framed = strong or (g.quoted and has_ofsted)
        if not (framed or weak) or (follow and not predicative and not framed):
            continue
        if follow and not predicative:
            areas, consumed_to = [follow], 0
        elif pair:
            group = pair.group("area")
            areas, consumed_to = [V.area_name(group) if V.AREA.fullmatch(group) else OVERALL], 0
        else:
            areas, consumed_to = _areas_after(g.after, m.end())
        if not areas:
            areas = _areas_before(text, max(g.local_start, consumed), m.start(), framed, ctx.own_names)
            if areas is None and V.ACROSS_ALL.match(g.after) and framed:
                areas = [OVERALL]
        consumed = consumed_to or consumed
        named = text[max(g.local_start, consumed) : m.start()] + (g.after if consumed_to else "")
        headline = s < ctx.headline_end and areas == [OVERALL]
        if not areas or not (framed or headline or _weak_grade_ok(g.printed, named)):
            continue
        subject = _subject(ctx, g.clause_start, m.start(), g.after)
        for area in areas:
            if not V.BOARD.search(area) or has_ofsted:
                out.append(
                    Found(area, g.printed, s, e, m.start("grade"), subject, (g.clause_start, g.clause_end))
                )
    return out


def _ruled_out(g: _Grade) -> bool:
    """True for grades of others (national figures, unnamed councils, schools, homes, raters
    other than Ofsted), partial findings, aims, hypotheses and negations."""
    before = g.local[-150:]
    return bool(
        V.OTHERS.search(before)
        or V.SETTING.search(before)
        or V.SETTING.match(g.after.strip(" ,"))
        or _RATED_BY_OTHERS.match(g.after)
        or _THRESHOLD_AFTER.match(g.after)
        or _THRESHOLD_BEFORE.fullmatch(g.local)
        or _THRESHOLD_BEFORE.fullmatch(g.after)  # "good or" and the next grade
        or _aim(g.local)
    )


#: "judged good or better", "good or outstanding": a class of grades, not one judgement.
_THRESHOLD_AFTER = re.compile(
    r"[\s"
    + V.Q_CLOSE
    + r"]*(?:or|and/or)\s+["
    + V.Q_OPEN
    + r"]?(?:"
    + V.phrases(V.terms()["threshold_words"])
    + "|"
    + V.GRADES
    + r")\b",
    re.I,
)
_THRESHOLD_BEFORE = re.compile(
    r"[\s" + V.Q_OPEN + V.Q_CLOSE + r",]*(?:or|and/or)[\s" + V.Q_OPEN + r"]*", re.I
)


def _claimed(claimed: list[tuple[int, int]], at: int) -> bool:
    """True when ``at`` lies in a span the table reader already took (spans sorted by start)."""
    i = bisect.bisect_right(claimed, (at, float("inf"))) - 1
    return i >= 0 and claimed[i][0] <= at < claimed[i][1]


_INLINE_PAIR = re.compile(
    r"(?P<area>"
    + V.AREA.pattern[2:-2]
    + r"|overall\s+judge?ment|(?:ofsted\s+)?(?:rating|judge?ment|grade|outcome|verdict)|20[0-3]\d)"
    r"\s*(?:[:–—=]|\s-)\s*[" + V.Q_OPEN + r"]?$",
    re.I,
)


def _framed(text: str, clause_start: int, at: int, has_ofsted: bool) -> bool:
    """True when a judging word frames the grade at ``at``: "was judged", "Ofsted rated the
    council", "the overall judgement was". An active verb needs an inspecting agent ("parents
    rated the service as good" is not Ofsted's); a noun needs Ofsted in the sentence."""
    start = max(clause_start, at - 160)
    frames = [*V.STRONG_FRAME.finditer(text, start, at), *V.FOUND_FRAME.finditer(text, start, at)]
    if not frames:
        return False
    frame = max(frames, key=lambda f: f.start())
    if not V.FRAME_VERB.match(frame.group(0)):
        return has_ofsted
    if _NO_OBJECT.fullmatch(text, frame.end(), at) or V.PASSIVE_BEFORE.search(
        text[clause_start : frame.start()]
    ):
        return True
    return bool(V.AGENT.search(text[max(clause_start, frame.start() - 80) : frame.start()]))


#: "rated good by 85% of parents", "judged good by young people": not Ofsted's grade; "inadequate in
#: places", "good at times": a partial finding, not a judgement.
_RATED_BY_OTHERS = re.compile(
    r"[^.;]{0,40}?(?:%|\bper\s*cent\b)|\s*by\s+(?!ofsted|inspectors?|the\s+inspect|HMI|the\s+regulator)"
    r"|\W*(?:in\s+(?:some|places|parts|a\s+(?:number|minority)|many|most|too\s+many|a\s+few)|for\s+some"
    r"|at\s+times|on\s+occasions?|sometimes|mostly|largely)\b"
    r"|[^.;]{0,40}\btheir\b[^.;]{0,40}\binspections\b",
    re.I,
)
_NO_OBJECT = re.compile(
    r"(?:[\W\d]|\b(?:as|to|be|being|been|by|ofsted|inspectors?|overall|in|on|at|again|both|all|now|then"
    r"|previously|currently|consistently|once|more)\b)*",
    re.I,
)


def _weak_grade_ok(printed: str, named: str) -> bool:
    """Without a judging verb only the unmistakable grades count ("services remain inadequate"),
    or any grade of a formally named area ("found overall effectiveness to be adequate")."""
    return printed.lower().startswith(("inadequate", "requir")) or bool(V.FORMAL_AREA.search(named))


def _area_following(after: str) -> str | None:
    """The area an attributive grade qualifies: "rated 'Good' with 'Outstanding' leadership"."""
    a = V.AREA.match(after.lstrip(" " + V.Q_CLOSE))
    return V.area_name(a.group(0)) if a else None


_WORD_AFTER = re.compile(r"[\s" + V.Q_CLOSE + r"]*([A-Za-z’']+)")


def _predicative(after: str) -> bool:
    """False for an attributive grade ("good practice", "inadequate recording")."""
    word = _WORD_AFTER.match(after)
    if not word:
        return True
    return word.group(1).lower() in V.ALLOWED_AFTER


_TO_BE = re.compile(r"\W*(?:in\s+order\s+)?to\s+(?:be(?:come)?|get|achieve)\b", re.I)


def _aim(local: str) -> bool:
    """True when the words just before a grade make it an aim, a hypothesis or a negation."""
    masked = V.OVERALL.sub("X", V.AREA.sub("X", local))
    return bool(V.NOT_A_FACT.search(masked[-50:]) or _TO_BE.match(local))


_AREA_LIST_START = re.compile(
    r"\s*(?:in|for|on|within)\s+(?:(?:both|each\s+of|all\s+of)\s+)?(?:the\s+)?(?:areas?\s+of\s+)?", re.I
)
_AREA_LIST_SEP = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+(?:in\s+|for\s+)?|\s*&\s*)", re.I)


def _areas_after(after: str, offset: int) -> tuple[list[str], int]:
    """Areas listed right after a grade ("inadequate in X, Y and Z" -> [X, Y, Z]) and where they end."""
    m = _AREA_LIST_START.match(after)
    if not m:
        return [], 0
    areas, pos = [], m.end()
    while a := V.AREA.match(after, pos):
        areas.append(V.area_name(a.group(0)))
        pos = a.end()
        sep = _AREA_LIST_SEP.match(after, pos)
        if not sep:
            break
        pos = sep.end()
    return areas, (offset + pos if areas else 0)


def _areas_before(
    text: str, start: int, end: int, framed: bool, own: re.Pattern | None = None
) -> list[str] | None:
    """Areas (or the overall judgement) the words before a grade name as its subject.

    The subject is the last area, overall phrase ("children's services", "the council"),
    pronoun or council name (the document's own council by any of its names: ``own``) before the
    grade; only framing words may stand between it and the
    grade, so "the council's response to missing children was inadequate" grades nothing.
    """
    segment = text[start:end]
    found = [(a.end(), V.area_name(a.group(0))) for a in V.AREA.finditer(segment)]
    marks = [t.end() for t in V.OVERALL.finditer(segment)]
    marks += [me - start for _, me, _ in mentions(text, None, start, end)]
    marks += [o.end() - start for o in own.finditer(text, start, end)] if own else []
    marks += [p.end() for p in V.PRONOUN.finditer(segment) if not found or found[-1][0] > p.end()]
    last_mark = max(marks, default=-1)
    if found and found[-1][0] >= last_mark:
        areas, last = [a for pos, a in found if pos > last_mark], found[-1][0]
    elif last_mark >= 0:
        areas, last = [OVERALL], last_mark
    else:
        areas, last = ([OVERALL] if framed else None), 0
    if areas and _content_words(segment[last:]):
        return None
    return areas


def _content_words(words: str) -> list[str]:
    """The words left once framing and function words are taken out."""
    for pattern in (V.STRONG_FRAME, V.WEAK_FRAME, V.NEUTRAL):
        words = pattern.sub(" ", words)
    return re.findall(r"[A-Za-z]{2,}", words)


_IN_COUNCIL = re.compile(r"\s*(?:in|for|at|by)\s+")
_INITIALISM = re.compile(r"\b[A-Z][A-Z&]{2,5}\b")


def _subject(ctx: Context, clause_start: int, at: int, after: str) -> Council | None:
    """The council a clause names before its grade (or right after it: "inadequate in X"), or
    None for the document's own council."""
    text = ctx.text
    named = mentions(text, ctx.as_of, clause_start, at)
    if named:
        return named[-1][2]
    tail = _IN_COUNCIL.match(after)
    if tail:
        later = mentions(after, ctx.as_of, tail.end(), min(len(after), tail.end() + 60))
        if later and later[0][0] == tail.end():
            return later[0][2]
    for m in _INITIALISM.finditer(text, clause_start, at):
        council = resolve_initialism(m.group(0), ctx.own, None, ctx.as_of)
        if council:
            return council
    return None
