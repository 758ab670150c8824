"""Witnesses in minutes prose: officers who presented, attended, reported or answered questions.

Minutes name a witness by role and name together ("The Head of Planning, Jane Doe, added that",
"Jane Doe, Service Manager, presented the report", "the Council's Head of X, Jane Doe who was in
attendance"), or by role alone ("The Deputy Director reported that"). A name and role are only
taken next to a verb of giving evidence, so people merely mentioned (appointed, chairing a board)
are left out. Councillors and the chair are members of the body, never witnesses in prose.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from extractors.text import paragraphs
from extractors.witness_parts import (
    HONORIFICS,
    TITLE_WORDS,
    Found,
    is_external,
    is_person_name,
    name_tokens,
    split_position_org,
    tidy,
)
from extractors.witness_tables import parse_item, split_people

_UP = "A-ZÀ-Þ"
_CAP = rf"[{_UP}][\w'’\-]*"
_HON = "|".join(sorted((h.capitalize() for h in HONORIFICS), key=len, reverse=True))
_NAME = rf"(?:(?:{_HON})\.?\s+){{0,2}}{_CAP}\.?(?:\s+(?:{_CAP}\.?|de|van|von|der|la|le|da|di|du)){{0,3}}"
_TITLE = "|".join(sorted((w.capitalize() for w in TITLE_WORDS), key=len, reverse=True))
_GAP = r"(?:,?[ \t]+|,?[ \t]*\n[ \t]*)"  # one way only to match each gap: no backtracking blow-up
_ROLE = (
    rf"(?:{_TITLE})\b(?:{_GAP}(?:{_CAP}|of|for|and|&|the|in|to|on|with|at|\([^()\n]{{1,40}}\)))"
    r"{0,14}?"
)
_OWN = r"(?:(?:County\s+|City\s+|Borough\s+)?Council|Authority|Department)['’]s\s+"
_VERBS = (
    r"added|reported|explained|responded|replied|presented|introduced|informed|advised|confirmed|stated|"
    r"said|highlighted|outlined|gave|commented|clarified|updated|summarised|summarized|indicated|told|"
    r"answered|noted|acknowledged|assured|described|emphasised|emphasized|referred|delivered|attended|"
    r"spoke|provided|circulated|reiterated|undertook|tabled|talked|set\s+out|joined"
)
_VERB = (
    rf"(?:who\s+)?(?:then\s+|also\s+|further\s+|subsequently\s+|had\s+)?(?:{_VERBS})\b"
    r"|(?:who\s+)?(?:was|were)\s+(?:in\s+attendance|present)\b"
)
_FLAGS = re.UNICODE
_OF_ORG = rf"(?:,?\s+(?:of|from)\s+(?P<org>(?:the\s+)?{_CAP}(?:\s+(?:{_CAP}|and|&|of|for|the)){{0,8}}?))?"
_SEP = r"(?:\s*,|\s+[–—-])\s+"
_SEP_END = r"(?:\s*,\s*|\s+[–—-]\s+|\s+)"
_ROLE_NAME = re.compile(
    rf"(?:\b[Tt]he\s+)?(?P<own>{_OWN})?(?P<role>{_ROLE}){_SEP}(?P<name>{_NAME}){_OF_ORG}{_SEP_END}(?:{_VERB})",
    _FLAGS,
)
_ROLE_NAME_TIGHT = re.compile(
    rf"(?:\b[Tt]he\s+)?(?P<own>{_OWN})?(?P<role>{_ROLE})[ \t]+(?P<name>{_NAME})"
    rf"{_OF_ORG}{_SEP_END}(?:{_VERB})",
    _FLAGS,
)
_MENTION = re.compile(
    rf"(?P<role>{_ROLE})[ \t]+(?P<name>{_NAME})\s+(?:of|from)\s+(?P<org>(?:the\s+)?{_CAP}"
    rf"(?:\s+(?:{_CAP}|and|&|of|for|the)){{0,8}}?)(?=\s*[,.;)]|\s+(?:who|and|to)\b)",
    _FLAGS,
)
_NAME_ROLE = re.compile(
    rf"(?P<name>{_NAME}){_SEP}(?:the\s+)?(?P<own>{_OWN})?(?P<role>{_ROLE}){_SEP_END}(?:{_VERB})", _FLAGS
)
_NAME_PAREN = re.compile(rf"(?P<name>{_NAME})\s+\((?P<role>[^()\n]{{3,120}})\)\s*,?\s*(?:{_VERB})", _FLAGS)
_BY = r"\b(?:presented|introduced|given|delivered|led)\s+by\s+"
_BY_ROLE_NAME = re.compile(
    rf"{_BY}(?:the\s+)?(?P<own>{_OWN})?(?P<role>{_ROLE}),\s+(?P<name>{_NAME})(?![\w'’])", _FLAGS
)
_BY_NAME_ROLE = re.compile(
    rf"{_BY}(?P<name>{_NAME})(?:,\s+(?:the\s+)?(?P<own>{_OWN})?(?P<role>{_ROLE})"
    rf"(?=\s*[,.;)]|\s+(?:and|who|to|at|on|which|that)\b)|\s+\((?P<prole>[^()\n]{{3,120}})\))",
    _FLAGS,
)
_ROLE_ONLY = re.compile(
    rf"(?:^|(?<=\n)|(?<=[.!?;:]\s)|(?<=[.!?;:]\s\s))[ \t]*The\s+(?P<own>{_OWN})?(?P<role>{_ROLE})\s+"
    r"(?:then\s+|also\s+|further\s+)?(?:reported|explained|responded|replied|presented|introduced|informed|"
    r"advised|confirmed|stated|outlined|highlighted|added|gave|clarified|updated|answered|noted|summarised|"
    r"told|assured|acknowledged)\b",
    _FLAGS,
)
_EVIDENCE_FROM = re.compile(
    r"\b(?:(?:received|heard|took|gathered|considered|taken)\s+(?:\w+\s+){0,2}evidence\s+from"
    r"|heard\s+from|interviewed)\s+",
    re.IGNORECASE,
)
_MINUTES = re.compile(
    r"(?im)^\s*(?:minutes|resolved|agreed)\s*(?::|that\b|$)|\bRESOLVED\b"
    r"|\b(?:Members|Councillors?(?:\s+[A-Z][\w'’\-]*){1,2})\s+(?:asked|queried|enquired|questioned)\b"
)
_MEMBER_ROLE = re.compile(
    r"^(?:vice[- ])?chair(?:man|person|woman)?(?:\s+of\s+(?:the\s+)?(?:committee|panel|meeting|sub-committee|"
    r"task\s+group|working\s+group|scrutiny.*))?$"
    r"|^(?:deputy\s+)?leader\b|\bleader\s+of\s+the\s+council\b"
    r"|\b(?:cabinet\s+member|portfolio\s+holder|mayor|councillor|member|clerk|democratic|"
    r"committee\s+(?:services\s+)?(?:officer|administrator|clerk|manager)|scrutiny\s+(?:officer|manager|"
    r"support|co-?ordinator|adviser|advisor)|governance|legal|solicitor|monitoring\s+officer)\b",
    re.IGNORECASE,
)
_VERB_WORD = re.compile(rf"\b(?:{_VERBS}|attendance|present|by)\b")
_SENTENCE_END = re.compile(r"\.(?=\s+[A-Z]|\s*$)|\n[ \t]*\n|:")
_COUNCILLOR = re.compile(rf"\b(?:Councillor|Cllr)\.?\s+((?:{_CAP}\.?\s+){{0,3}}{_CAP})")


def prose_witnesses(text: str, council: str | None) -> Iterator[Found]:
    """Named witnesses (rank 2), in minutes witnesses known only by role (rank 3), and mentions (rank 4).

    A mention ("Detective Sergeant Jane Doe of Anyshire Police" with no verb of giving evidence)
    never makes a witness; it only completes the organisation of one found elsewhere.
    """
    members = _councillor_keys(text)
    # Only paragraphs with a verb of giving evidence can hold a witness: skipping the rest keeps
    # long tables of capitalised words (performance data, contents) from costing regex time.
    paras = [(s, e) for s, e in paragraphs(text) if _VERB_WORD.search(text, s, e)]
    found_named: list[Found] = []
    for pattern in (_ROLE_NAME, _ROLE_NAME_TIGHT, _NAME_ROLE, _NAME_PAREN, _BY_ROLE_NAME, _BY_NAME_ROLE):
        for s, e in paras:
            for m in pattern.finditer(text, s, e):
                found = _named(m, council, members, tight=pattern is _ROLE_NAME_TIGHT)
                if found:
                    found_named.append(found)
    yield from found_named
    surnames = {f.name.split()[-1] for f in found_named if f.organisation is None or f.assumed_org}
    for s, e in paragraphs(text):  # rank 4: mentions only complete the employer of a witness above
        if any(n in text[s:e] for n in surnames):
            for m in _MENTION.finditer(text, s, e):
                found = _named(m, council, members)
                if found:
                    found.rank = 4
                    yield found
    yield from _evidence_lists(text, members)
    if _MINUTES.search(text):
        for m in _ROLE_ONLY.finditer(text):
            role = tidy(m.group("role"))
            if len(role.split()) < 2 or _MEMBER_ROLE.search(role):
                continue
            if any(is_person_name(part) for part in role.split(", ")[1:]):
                continue  # "The Head of X, Jane Doe added": the named pattern has it
            organisation = council if council and not is_external(role) else None
            yield Found(role, role, organisation, m.start("role"), m.end("role"), rank=3)


def _named(m: re.Match, council: str | None, members: set, tight: bool = False) -> Found | None:
    """A witness from a match of one of the named patterns, or None for a member or a non-title."""
    role = m.group("role") or m.groupdict().get("prole")
    name = tidy(m.group("name"))
    if tight and role:  # "Head of Service Jane Doe": capitalised words before the name are role
        trimmed = _trim_name(name) or ""
        role = f"{role} {name[: len(name) - len(trimmed)]}".strip() if trimmed else role
    name = _trim_name(name)
    if not name or not role or _is_member(name, members):
        return None
    position, organisation = split_position_org(role)
    if not position or _MEMBER_ROLE.search(position) or not _title_like(position):
        return None
    if m.groupdict().get("org"):
        organisation = tidy(m.group("org"))
    assumed = False
    if organisation is None and council and (m.groupdict().get("own") or not is_external(position)):
        organisation, assumed = council, not m.groupdict().get("own")
    start = min(m.start("name"), _role_start(m))
    end = max(m.end("org") if m.groupdict().get("org") else m.end("name"), _role_end(m))
    return Found(name, position, organisation, start, end, rank=2, assumed_org=assumed)


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


def _title_like(position: str) -> bool:
    return any(w.lower().strip(",()") in TITLE_WORDS for w in position.split()[:4])


def _councillor_keys(text: str) -> set[tuple[str, str]]:
    """(first initial or "", surname) of everyone the text calls Councillor: members of the body."""
    keys = set()
    for m in _COUNCILLOR.finditer(text):
        tokens = name_tokens(m.group(1))
        if tokens:
            keys.add((tokens[0][0].lower() if len(tokens) > 1 else "", tokens[-1].lower().strip(".")))
    return keys


def _is_member(name: str, members: set) -> bool:
    first = name.split()[0].lower().rstrip(".")
    if first in ("councillor", "cllr"):
        return True
    tokens = name_tokens(name)
    surname = tokens[-1].lower().strip(".")
    initial = tokens[0][0].lower() if len(tokens) > 1 else ""
    return (initial, surname) in members or ("", surname) in members


def _evidence_lists(text: str, members: set) -> Iterator[Found]:
    """People named after "received evidence from" in a sentence: "... from Jane Doe, Head of X, and ..."."""
    for m in _EVIDENCE_FROM.finditer(text):
        end_m = _SENTENCE_END.search(text, m.end(), min(len(text), m.end() + 500))
        end = end_m.start() if end_m else min(len(text), m.end() + 500)
        for s, e in split_people(text, m.end(), end):
            item = parse_item(text[s:e])
            if item is None or not is_person_name(item[0]) or _is_member(item[0], members):
                continue
            yield Found(item[0], item[1], item[2], s, e, rank=2)
