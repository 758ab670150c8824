"""Witnesses in minutes prose: officers who presented, attended, reported or answered questions.

Minutes name a witness by role and name together ("The Head of Planning, Jane Doe, added that",
"Jane Doe, Service Manager, presented the report", "the Council's Head of X, Jane Doe who was in
attendance"), or by role alone ("The Deputy Director reported that"). A name and role are only
taken next to a verb of giving evidence, so people merely mentioned (appointed, chairing a board)
are left out. Councillors and the chair are members of the body, never witnesses in prose.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from core.scan.alternations import trie_regex
from core.scan.parse_tree import first_chars, required_words
from core.scan.places import holds_place, places
from core.scan.scanners import RunScanner, finditer_from
from core.sentences import split
from core.text import paragraphs
from extractors.vocabulary import terms
from extractors.witness_lists import AND_PERSON, parse_item, split_people
from extractors.witness_officers import CAP, MEMBER_ROLE, councillor_keys, officer, title_like
from extractors.witness_parts import (
    HONORIFICS,
    MAY_NAME,
    TITLE_WORDS,
    Found,
    is_external,
    is_person_name,
    split_position_org,
    tidy,
)

if TYPE_CHECKING:
    from core.reading import Reading

_CAP = CAP
_HON = trie_regex(h.capitalize() for h in HONORIFICS)
_NAME = rf"(?:(?:{_HON})\.?\s+){{0,2}}{_CAP}\.?(?:\s+(?:{_CAP}\.?|de|van|von|der|la|le|da|di|du)){{0,3}}"
_TITLE = trie_regex(w.capitalize() for w in TITLE_WORDS)
_GAP = r"(?:,?[ \t]+|,?[ \t]*\n[ \t]*)"  # one way only to match each gap: no backtracking blow-up
_ROLE = (
    rf"\b(?:{_TITLE})\b(?:{_GAP}(?:{_CAP}|of|for|and|&|the|in|to|on|with|at|\([^()\n]{{1,40}}\)))"
    r"{0,14}?"
)
_OWN = r"(?:(?:County\s+|City\s+|Borough\s+)?Council|Authority|Department)['’]s\s+"
_VERBS = trie_regex(terms("evidence_verbs"))  # the verbs of giving evidence (vocabulary file)
# Verbs that also describe things other than giving evidence ("attended a conference", "joined
# the council in 2019", "gave notice") count only with the object that makes them evidence.
_MEETING = r"(?:the\s+|this\s+)?(?:meeting|committee|panel|session|item|board|group|sub-committee)\b"
_VERB_WITH_OBJECT = (
    r"(?:attended|joined)\s+(?:the\s+meeting\s+)?to\s+(?:present|introduce|update|speak|give|outline|answer)"
    r"|gave\s+(?:a\s+|an\s+|the\s+)?(?:\w+\s+)?(?:presentation|update|overview|briefing|evidence|report|"
    r"summary|introduction)"
    r"|(?:was\s+|were\s+)?(?:invited|asked|in\s+attendance)\s+to\s+(?:present|introduce|update|speak|give|outline)"
    r"|to\s+(?:present|introduce|update|outline)\b"
)
_VERB = (
    r"(?:who\s+(?:attended|(?:was|were)\s+(?:in\s+attendance|present))[^,.;\n]{0,40},\s*)?"
    r"(?:who\s+)?(?:(?:was|were)\s+(?:in\s+attendance|present)\s+and\s+)?"
    rf"(?:then\s+|also\s+|further\s+|subsequently\s+|had\s+)?(?:{_VERBS}|{_VERB_WITH_OBJECT})\b"
)  # being in attendance or present is not giving evidence: "in attendance to present" is
_FLAGS = re.UNICODE
# A name matched "atomically" (lookahead + backreference): once found it is never re-split, which
# keeps runs of capitalised words from costing a retry per way of cutting them.
_ATOMIC_NAME = rf"(?=(?P<name>{_NAME}))(?P=name)"
_OF_ORG = rf"(?:,?\s+(?:of|from)\s+(?P<org>(?:the\s+)?{_CAP}(?:\s+(?:{_CAP}|and|&|of|for|the)){{0,8}}?))?"
_SEP = r"(?:\s*,|\s+[–—-])\s+"
_SEP_END = r"(?:\s*,\s*|\s+[–—-]\s+|\s+)"
_ROLE_NAME = re.compile(
    rf"(?:\b[Tt]he\s+)?(?P<own>{_OWN})?(?P<role>{_ROLE}){_SEP}{_ATOMIC_NAME}"
    rf"{_OF_ORG}{_SEP_END}(?:{_VERB})",
    _FLAGS,
)
_ROLE_NAME_TIGHT = re.compile(
    rf"(?:\b[Tt]he\s+)?(?P<own>{_OWN})?(?P<role>{_ROLE})[ \t]+{_ATOMIC_NAME}"
    rf"{_OF_ORG}{_SEP_END}(?:{_VERB})",
    _FLAGS,
)
_MENTION = re.compile(
    rf"(?P<role>{_ROLE})[ \t]+{_ATOMIC_NAME}\s+(?:of|from)\s+(?P<org>(?:the\s+)?{_CAP}"
    rf"(?:\s+(?:{_CAP}|and|&|of|for|the)){{0,8}}?)(?=\s*[,.;)]|\s+(?:who|and|to)\b)",
    _FLAGS,
)
_NAME_ROLE = re.compile(
    rf"(?P<name>{_NAME}){_SEP}(?:the\s+)?(?P<own>{_OWN})?(?P<role>{_ROLE}){_SEP_END}(?:{_VERB})",
    _FLAGS,
)
_ROLE_PAREN = re.compile(
    rf"(?:\b[Tt]he\s+)?(?P<own>{_OWN})?(?P<role>{_ROLE})"
    rf"\s+\((?P<name>{_NAME})\)\s*,?\s*(?:{_VERB})",
    _FLAGS,
)
_NAME_PAREN = re.compile(
    rf"(?P<name>{_NAME})\s+\((?P<role>[^()\n]{{3,120}})\)\s*,?\s*(?:{_VERB})", _FLAGS
)
_BY = r"\b(?:presented|introduced|given|delivered|[Pp]resentation)\s+by\s+"
_BY_ROLE_NAME = re.compile(
    rf"{_BY}(?:the\s+)?(?P<own>{_OWN})?(?P<role>{_ROLE}),\s+(?P<name>{_NAME})(?![\w'’])", _FLAGS
)
_BY_NAME_ROLE = re.compile(
    rf"{_BY}(?P<name>{_NAME})(?:,\s+(?:the\s+)?(?P<own>{_OWN})?(?P<role>{_ROLE})"
    rf"(?=\s*[,.;)]|\s+(?:and|who|to|at|on|which|that)\b)|\s+\((?P<prole>[^()\n]{{3,120}})\))",
    _FLAGS,
)
_ROLE_ONLY = re.compile(
    rf"(?:(?:^|(?<=\n)|(?<=[.!?;:]\s)|(?<=[.!?;:]\s\s))[ \t]*(?:[•·*–-]\s*)?The|(?<=,\s)the)\s+"
    rf"(?P<own>{_OWN})?(?P<role>{_ROLE})\s+"
    r"(?:then\s+|also\s+|further\s+)?(?:reported|explained|responded|replied|presented|introduced|informed|"
    r"advised|confirmed|stated|outlined|highlighted|added|gave|clarified|updated|answered|noted|summarised|"
    r"told|assured|acknowledged)\b",
    _FLAGS,
)
_EVIDENCE_FROM = re.compile(
    r"\b(?:(?:received|heard|took|gathered|considered|taken)\s+(?:\w+\s+){0,2}evidence\s+from"
    r"|heard\s+from|interviewed|met\s+with|spoke\s+(?:to|with)"
    r"|(?:a\s+|an\s+)?(?:presentations?|update|briefing)\s+from)\s+",
    re.IGNORECASE,
)
_MINUTES = re.compile(
    r"(?:^\s*(?:minutes|resolved|agreed)\s*(?::|that\b|$)|\bRESOLVED\b"
    r"|\b(?:Members|Councillors?(?:\s+[A-Z][\w'’\-]*){1,2})\s+(?:asked|queried|enquired|questioned)\b)",
    re.IGNORECASE | re.MULTILINE,
)
_EVIDENCE_FROM_RUNS = RunScanner(_EVIDENCE_FROM)
_MINUTES_RUNS = RunScanner(_MINUTES)
_SUBJECT_VERB_SOURCE = (
    r"(?:,\s*|\s+)(?:who\s+)?(?:(?:jointly\s+)?presented"
    r"|introduced|gave\s+(?:a\s+)?presentations?|(?:then\s+)?(?:reported|explained|responded|answered))"
)
_SUBJECT_VERB = re.compile(_SUBJECT_VERB_SOURCE + r"\b")
#: The same without its closing word boundary: it matches wherever _SUBJECT_VERB matches in a
#: sentence, searched over the whole paragraph after its first " and " (see ``_anchors``).
_SUBJECT_VERB_ANYWHERE = re.compile(_SUBJECT_VERB_SOURCE)
_SUBJECT_WORDS = required_words(_SUBJECT_VERB_ANYWHERE)  # one is in every match
_BY_WORDS = required_words(re.compile(_BY))  # the same for "presented by"
_SENTENCE_END = re.compile(r"\.(?=\s+[A-Z]|\s*$)|\n[ \t]*\n|:")
_ROLE_WORD = re.compile(rf"(?:{_TITLE})\b")
#: Matches in a span exactly when ``\b(?:{_VERB})|{_BY}`` does: each optional opening of _VERB
#: ends in white space or a comma, so the verb after it starts a word and matches on its own.
_VERB_GATE = re.compile(rf"\b(?:{_VERBS}|{_VERB_WITH_OBJECT})\b|{_BY}")


def prose_witnesses(text: str, council: str | None, reading: Reading | None = None) -> Iterator[Found]:
    """Named witnesses (rank 2), in minutes witnesses known only by role (rank 3), and mentions (rank 4).

    A mention ("Detective Sergeant Jane Doe of Anyshire Police" with no verb of giving evidence)
    never makes a witness; it only completes the organisation of one found elsewhere.
    """
    members = councillor_keys(text)
    # Only paragraphs with a verb of giving evidence can hold a witness: skipping the rest keeps
    # long tables of capitalised words (performance data, contents) from costing regex time.
    role_at = [m.start() for m in _ROLE_WORD.finditer(text)]
    words = {"by": places(text, _BY_WORDS), "subject": places(text, _SUBJECT_WORDS)}
    blocks = set(reading.blocks) if reading is not None else set()
    paras = []
    for s, e in paragraphs(text):
        anchors = _anchors(text, s, e, role_at, words)
        if anchors and _VERB_GATE.search(text, s, e):
            paras.append((s, e, anchors))
    found: list[Found] = []
    for pattern, needs, first in _NAMED:
        for s, e, anchors in paras:
            if not needs <= anchors:
                continue
            for m in finditer_from(pattern, first, text, s, e):
                named = _named(m, council, members, tight=pattern is _ROLE_NAME_TIGHT)
                found += [named] if named else []
    subjects = [(s, e) for s, e, a in paras if "subject" in a]
    found += _subject_lists(text, subjects, council, members, reading if blocks else None, blocks)
    found += _evidence_lists(text, council, members)
    yield from found
    surnames = {f.name.split()[-1] for f in found if f.organisation is None or f.assumed_org}
    for s, e in paragraphs(text):  # rank 4: mentions only complete the employer of a witness above
        if any(n in text[s:e] for n in surnames) and _ROLE_WORD.search(text, s, e):
            for m in _MENTION.finditer(text, s, e):
                mention = _named(m, council, members)
                if mention:
                    mention.rank = 4
                    yield mention
    if _is_minutes(text):
        yield from _role_only(text, council)


#: Each named pattern with what it cannot match without (see ``_anchors``) and its first characters.
_NAMED = tuple(
    (pattern, needs, first_chars(pattern))
    for pattern, needs in (
        (_ROLE_NAME, {"role"}),
        (_ROLE_NAME_TIGHT, {"role"}),
        (_ROLE_PAREN, {"role", "paren"}),
        (_NAME_ROLE, {"role"}),
        (_NAME_PAREN, {"paren"}),
        (_BY_ROLE_NAME, {"role", "by"}),
        (_BY_NAME_ROLE, {"by"}),
    )
)


def _anchors(text: str, start: int, end: int, role_at: list[int], words: dict) -> set[str]:
    """Which named patterns could match in ``text[start:end]``: a job title word there ("role",
    given where the title words are), a bracket ("paren"), a verb of "presented by" ("by"), and
    for a run of subjects ("Jo Bell and Sam Cole presented") a subject verb after an "and" and
    something that may be a name before it ("subject", what ``_subject_lists`` needs of a sentence).

    Each is something the pattern cannot match without (the words are read off the patterns, see
    ``words`` in ``prose_witnesses``), so a paragraph without it is skipped unread and a new word
    in a pattern can never be missed by the filter.
    """
    found = set()
    if bisect.bisect_left(role_at, start) < bisect.bisect_left(role_at, end):
        found.add("role")
    if text.find("(", start, end) != -1:
        found.add("paren")
    if holds_place(words["by"], start, end):
        found.add("by")
    first_and = text.find(" and ", start, end)
    if first_and != -1 and holds_place(words["subject"], first_and + 5, end):
        verbs = list(_SUBJECT_VERB_ANYWHERE.finditer(text, first_and + 5, end))
        if verbs and MAY_NAME.search(text, start, verbs[-1].end()):  # a subject names someone
            found.add("subject")
    return found


def _named(m: re.Match, council: str | None, members: set, tight: bool = False) -> Found | None:
    """The witness a match of a named pattern holds (None for a member or a role that is no job title).

    Capitalised words the name pattern took before the name are role words when they are titles
    ("Head of Service Jane Doe", "Superintendent Jo Lee (Anyshire Police)").
    """
    role = m.group("role") or m.groupdict().get("prole") or ""
    role_end = _role_end(m)
    cut = AND_PERSON.search(role)  # "Jane Doe, Head of X and John Smith, Director of Y, presented"
    if cut:
        role_end -= len(role) - cut.start()
        role = role[: cut.start()]
    raw = tidy(m.group("name"))
    name = _trim_name(raw)
    if not name:
        return None
    prefix = raw[: len(raw) - len(name)].strip()
    if tight and prefix:
        role = f"{role} {prefix}"
    position, organisation = split_position_org(role)
    if position is None and prefix and title_like(prefix):
        position = prefix
    if m.groupdict().get("org"):
        organisation = tidy(m.group("org"))
    start = min(m.start("name"), _role_start(m))
    end = max(m.end("org") if m.groupdict().get("org") else m.end("name"), role_end)
    own = bool(m.groupdict().get("own"))
    return officer(name, position, organisation, start, end, council, members, own=own)


def _is_minutes(text: str) -> bool:
    """Whether the text reads as minutes: a match of ``_MINUTES`` anywhere."""
    return next(_MINUTES_RUNS.finditer(text), None) is not None


def _role_only(text: str, council: str | None) -> Iterator[Found]:
    """Minutes' officers known only by role: "The Deputy Director reported that ..." (rank 3)."""
    for m in _ROLE_ONLY.finditer(text):
        role = tidy(m.group("role"))
        if len(role.split()) < 2 or MEMBER_ROLE.search(role):
            continue
        if any(is_person_name(part) for part in role.split(", ")[1:]):
            continue  # "The Head of X, Jane Doe added": the named pattern has it
        organisation = council if council and not is_external(role) else None
        yield Found(role, role, organisation, m.start("role"), m.end("role"), rank=3)


def _subject_lists(
    text: str,
    paras: list[tuple[int, int]],
    council: str | None,
    members: set,
    reading: Reading | None = None,
    blocks: set[tuple[int, int]] = frozenset(),
) -> list[Found]:
    """Several officers as one subject: "Jo Bell (Team Manager) and Sam Cole (Head of X) attended".

    A paragraph that is also a block of the reading is split through it, so a block split for
    another reader (minutes, recommendations) is not split again.
    """
    out: list[Found] = []
    for ps, pe in paras:
        shared = reading is not None and (ps, pe) in blocks
        for sent_start, sent_end in reading.sentences_in(ps, pe) if shared else split(text, ps, pe):
            verb = _SUBJECT_VERB.search(text, sent_start, sent_end)
            if not verb or " and " not in text[sent_start : verb.start()]:
                continue
            for s, e in split_people(text, sent_start, verb.start()):
                out += _people_in(text, s, e, council, members)
    return out


def _evidence_lists(text: str, council: str | None, members: set) -> list[Found]:
    """People named after "received evidence from" in a sentence: "... from Jane Doe, Head of X, and ..."."""
    out: list[Found] = []
    for m in _EVIDENCE_FROM_RUNS.finditer(text):
        end_m = _SENTENCE_END.search(text, m.end(), min(len(text), m.end() + 500))
        end = end_m.start() if end_m else min(len(text), m.end() + 500)
        for s, e in split_people(text, m.end(), end):
            out += _people_in(text, s, e, council, members, evidence=True)
    return out


def _people_in(
    text: str, s: int, e: int, council: str | None, members: set, evidence: bool = False
) -> list[Found]:
    """The named officer in one piece of a run-on list.

    In a subject ("The Chair welcomed Jo Bell (Team Manager)") words before the name are skipped and
    a job title is needed; after "received evidence from" the name comes first and may stand alone.
    """
    starts = [t.start() for t in re.finditer(r"\S+", text[s:e])][: 1 if evidence else 12]
    for k in starts:
        item = parse_item(text[s + k : e])
        piece = tidy(text[s + k : e])
        if item and is_person_name(item[0]) and (piece.startswith(item[0]) or piece.endswith(item[0])):
            name, position, organisation = item
            found = officer(name, position, organisation, s + k, e, council, members, need_role=not evidence)
            return [found] if found else []
    return []


def _role_start(m: re.Match) -> int:
    for g in ("own", "role", "prole"):
        if g in m.groupdict() and m.group(g):
            return m.start(g)
    return m.start("name")


def _role_end(m: re.Match) -> int:
    for g in ("prole", "role"):
        if g in m.groupdict() and m.group(g):
            return m.end(g)
    return m.end("name")


def _trim_name(name: str) -> str | None:
    """The person's name inside a match that may start with a sentence word ("Also Jane Doe")."""
    tokens = name.split()
    for k in range(len(tokens) - 1):
        candidate = " ".join(tokens[k:])
        if is_person_name(candidate):
            return candidate
    return None
