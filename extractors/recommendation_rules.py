"""The small rules the recommendations extractor reads lines with, over its vocabulary.

The words come from ``extractors/vocabulary/recommendations.yml`` (compiled once, on import); what is
left here is grammar: where a heading word must stand, what a label looks like, when a line
carries on an unfinished item. Each predicate says why in its docstring.
"""

from __future__ import annotations

import bisect
import re

from core.scan.alternations import by_first_letter
from extractors.recommendation_vocabulary import alternation, alternatives, phrase_pattern

HEAD = re.compile(
    rf"^(?P<word>{alternation('recommendation_headings')}|{alternation('resolution_headings')})"
    rf"(?!\w)(?!\s+{alternation('not_after_heading')}\b)(?P<rest>.*)$",
    re.I | re.S,
)
RESOLUTION_HEAD = re.compile(alternation("resolution_headings"), re.I)
CLAUSE_HEAD = re.compile(alternation("clause_headings"), re.I)
#: A resolution formula in capitals inside a line: "The Committee AGREED to", "it was RESOLVED that".
FORMULA_IN_LINE = re.compile(
    rf"(?<![\w-]){alternation('formulas_in_capitals', upper=True)}"
    rf"(?=\s*(?:(?i:that)\b|(?i:to\s+{alternation('imperatives')})\b|[:\-–—,]))"
)
INSPECTORATE_HEAD = re.compile(alternation("inspectorate_headings"), re.I)
#: A table column of recommendations: "Recommendation", "Recommendations", "Recommendation(s)".
COLUMN_HEAD = re.compile(rf"(?:scrutiny\s+|panel\s+|committee\s+)?{alternation('column_headings')}", re.I)
#: A row's label in a table's first column: "1", "2.", "R3", "(iv)".
ROW_LABEL = re.compile(r"\(?(?:R?\d{1,2}(?:\.\d{1,2})?|[a-z]|[ivx]{1,5})[.)]?", re.I)
HEAD_NUMBER = re.compile(
    r"^\s*(?:no\.?\s*)?(?P<num>R?\d{1,2}(?:\.\d{1,2})?|[A-Z]|[ivx]{1,5})\b\s*[:.\-–—)]?\s*"
)
CONTENTS = re.compile(r"^[\s.…·_]*\d{1,3}$")
VOTE_NOTE = re.compile(r"^\s*\((?:unanimously|[^)]{0,60}\bvot[^)]*)\)\s*", re.I)
#: A clause opening "That ...", but not "That said," or "That is ...".
THAT = re.compile(
    r"^that\b(?!\s+(?:said|is|was|being|would|could|will|may|might|has|had|this|these|it)\b)", re.I
)
QUOTED_THAT = re.compile(r"^[“\"‘']\s*that\s", re.I)
_ASKED = alternation("asked_to")
RECOMMENDING = re.compile(
    rf"\b(?:is|are)\s+(?:therefore\s+)?{_ASKED}\s+to\b|(?<!\w){alternation('recommended_that')}\b", re.I
)
RECOMMENDED_TO = re.compile(
    rf"\b(?:is|are)\s+(?:therefore\s+)?{alternation('recommended_to')}\s+to\b"
    rf"|(?<!\w){alternation('recommended_that')}\b",
    re.I,
)
#: A body asked to decide: "The Board is requested to endorse", "Members are invited to note"
#: (not "Members are asked to declare any interests", the agenda's instructions).
ASKED_BODY = re.compile(
    rf"(?:the\s+)?(?:[\w'’&-]+\s+){{0,6}}?{alternation('asked_bodies')}\s+(?:is|are)\s+(?:therefore\s+)?"
    rf"{_ASKED}\s+to(?:\s+{alternation('imperatives')}\b|\s*:)",
    re.I,
)
#: A body recommending, at the start of a paragraph: "The Scrutiny Committee recommends that ...".
BODY_RECOMMENDS = re.compile(
    rf"(?:the\s+)?(?:[\w'’&-]+\s+){{0,6}}?{alternation('asked_bodies')}\s+(?:therefore\s+)?"
    r"(?:recommends?|proposes?)\b(?:\s+(?:to\s+\w+\s+)?that\b)?",
    re.I,
)
#: A body recommending, at the start of a paragraph: "The Scrutiny Committee recommends that ...".
BODY_RECOMMENDS = re.compile(
    rf"(?:the\s+)?(?:[\w'’&-]+\s+){{0,6}}?{alternation('asked_bodies')}\s+(?:therefore\s+)?"
    r"(?:recommends?|proposes?)\b(?:\s+(?:to\s+\w+\s+)?that\b)?",
    re.I,
)
MOTION_LEAD = phrase_pattern("motion_leads")
RECOMMENDING_LEAD = phrase_pattern("recommending_leads")
_IMPERATIVE = re.compile(rf"^{alternation('imperatives')}\s+[a-z(]", re.I)
#: Wording of a resolution or recommendation: "be noted", "approves".
SUBJUNCTIVE = re.compile(
    r"\bbe\s+\w+ed\b|\b(?:notes?|approves?|agrees?|endorses?|receives?|requests?)\b", re.I
)
NOT_A_HEADING = re.compile(r"\b(?:were|was|are|is|have|has|had|made|include|from)\b", re.I)
_LEAD_END = re.compile(r"(?:^that|\bto|\bthat|\bshould|\bwill|\bcommittee|\bcabinet|\bcouncil)\W*$", re.I)
#: "Voting: unanimous", "(Carried)", "For: 6, Against: 2": the vote, on a short line of its own.
VOTE_LINE = re.compile(rf"^\(?{alternation('vote_notes')}(?:\s*[:\-–—),]|\)?\.?$)", re.I)
#: A glyph of the Unicode symbol blocks (geometric shapes, arrows, dingbats) used as a bullet.
SYMBOL_BULLET = re.compile(r"[\u2190-\u21ff\u25a0-\u25ff\u2600-\u27bf\u2b00-\u2bff]\s+")
#: A note in brackets on a line of its own: "(outcome 3, national framework)".
NOTE = re.compile(r"^\([^()]*\)\.?$")
PAGE_LINE = re.compile(r"^(?:page\s+\d+(?:\s+of\s+\d+)?|\d+\s+of\s+\d+|-\s*\d+\s*-)$", re.I)
_CONNECTORS = set(
    "and or to of the a an with for that include including in on by as from be is are its their this these "
    "at into within between".split()
)
_VERBISH = re.compile(r"\b(?:is|are|be|been|should|will|shall|must|to)\b", re.I)
_PAST = re.compile(r"\b[a-z]{3,}ed\b")
_SECTION_ALONE = re.compile(alternation("section_alone"), re.I)
_SECTION_START = re.compile(rf"{alternation('section_starts')}(?!\w)", re.I)
_SECTION_END = re.compile(rf"(?<!\w){alternation('section_ends')}$", re.I)
#: A line opens a block only with one of these (lower-cased): a heading word, a recommending
#: or motion phrase, an "R1" label, a "That" clause (quoted or not), or an inspectorate heading.
_OPENER = re.compile(
    by_first_letter(
        [
            *r"recommend|resol|agreed|decision|that|r\d|propos|motion".split("|"),
            *alternatives("asked_to"),
            *alternatives("inspectorate_headings"),
        ]
    )
)


def opener_lines(folded: str | None, spans: tuple[tuple[int, int], ...]) -> list[int]:
    """The lines that could open a block, found in the lower-cased text (every line when the text
    cannot be searched lower-cased: see :func:`core.scan.folding.folded`)."""
    if folded is None:
        return list(range(len(spans)))
    starts = [s for s, _ in spans]
    return sorted({bisect.bisect_right(starts, m.start()) - 1 for m in _OPENER.finditer(folded)})


def mid_sentence(text: str, start: int) -> bool:
    """Does the line at ``start`` carry on a sentence from the line above ("... held on 29th
    January 2024," then "Decision - 24/00097 ...")? Then a heading word there is not a heading."""
    before = text[max(0, start - 200) : start]
    if re.search(r"\n[^\S\n]*\n\s*$", before) or not before.strip():
        return False
    last = before.rstrip()
    return last.endswith((",", "(", "-", "–")) or last.rsplit(None, 1)[-1].lower() in _CONNECTORS


def wrapped(text: str, start: int, sentence: bool = False) -> bool:
    """Does the line at ``start`` carry on the sentence of the line above it ("... ensures" then
    "that vulnerable children receive help")? Then it is not a clause of its own. With
    ``sentence``: does it carry on the paragraph above it, even after a full stop?"""
    before = text[max(0, start - 200) : start]
    if re.search(r"\n[^\S\n]*\n\s*$", before) or not before.strip():
        return False
    return sentence or not before.rstrip().endswith((".", ":", ";", "!", "?", ")", "-", "–", "—"))


def starts_item(line: str) -> bool:
    """Does ``line`` open a recommendation on its own: "That ...", or a verb of decision
    ("Note the report", "APPROVE the proposal")?"""
    return bool(THAT.match(line) or _IMPERATIVE.match(line))


def continues(item: str, line: str) -> bool:
    """Does ``line`` (a new paragraph) carry on the unfinished ``item`` (a lost list item, the verb
    after "That the Committee"), rather than start new prose after a recommendation printed
    without a full stop?"""
    if not line[:1].isupper() or item.endswith((",", ":", "(", "-", "–")):
        return True
    last = item.split()[-1].lower()
    subject_only = len(item.split()) <= 8 and not (SUBJUNCTIVE.search(item) or _VERBISH.search(item))
    return last in _CONNECTORS or subject_only or bool(_IMPERATIVE.match(line))


def introduces_list(lead: str, item: str) -> bool:
    """Does ``lead`` introduce a list of recommendations (not a list inside one recommendation)?"""
    if _LEAD_END.search(lead) or RECOMMENDING.search(lead):
        return True
    return starts_item(item)


def is_section(t: str) -> bool:
    """A report section heading ("Background", "11. Suggested reasons for decision"): ends a block."""
    if not t[:1].isupper() or len(t.split()) > 10 or t.endswith((".", ";")):
        return False
    t = t.rstrip(" :")
    return bool(_SECTION_ALONE.fullmatch(t) or _SECTION_START.match(t) or _SECTION_END.search(t))


def acceptable_first(t: str, kind: str) -> bool:
    """Is this unlabelled line, first under a heading, a recommendation (or its lead-in)?"""
    if RECOMMENDING.search(t) or _IMPERATIVE.match(t):
        return True
    if t.endswith(":") and len(t.split()) <= 25:
        return True
    if kind == "resolution":  # "Members noted the report", not "Non-key decision affecting all wards"
        return len(t.split()) >= 3 and bool(SUBJUNCTIVE.search(t) or _VERBISH.search(t) or _PAST.search(t))
    return len(t.split()) >= 5 and t.endswith((".", ";")) and bool(SUBJUNCTIVE.search(t) or " should " in t)
