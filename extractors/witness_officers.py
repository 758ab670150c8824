"""Who of the people minutes prose names is an officer giving evidence, and who a member of the body.

Why a module of its own: the prose patterns and the run-on lists ("Jo Bell and Sam Cole presented",
"received evidence from ...") make the same judgement of each person they find: a councillor or
the chair is a member, never a witness; an officer needs a job title or an employer; an officer
whose title names no outside employer works for the document's council.
"""

from __future__ import annotations

import re

from core.scan.scanners import match_at
from extractors.vocabulary import alternation
from extractors.witness_parts import TITLE_WORDS, Found, is_external, name_tokens

#: A capitalised word (a name or title word), accents included.
CAP = r"[A-ZÀ-Þ][\w'’\-]*"
MEMBER_ROLE = re.compile(
    r"^(?:vice[- ])?chair(?:man|person|woman)?(?:\s+of\s+(?:the\s+)?(?:committee|panel|meeting|sub-committee|"
    r"task\s+group|working\s+group|scrutiny.*))?$"
    r"|^(?:deputy\s+)?leader\b"
    rf"|\b{alternation('member_posts')}\b",
    re.IGNORECASE,
)
_COUNCILLOR_TITLES = "Councillor|Cllr"
_COUNCILLOR_TITLE = re.compile(_COUNCILLOR_TITLES)
_COUNCILLOR = re.compile(rf"\b(?:{_COUNCILLOR_TITLES})\.?\s+((?:{CAP}\.?\s+){{0,3}}{CAP})")


def is_member_role(role: str) -> bool:
    """True for a post held by a member of the body (chair, councillor, cabinet member) or its clerk."""
    return bool(MEMBER_ROLE.search(role))


def officer(
    name: str,
    position: str | None,
    organisation: str | None,
    start: int,
    end: int,
    council: str | None,
    members: set,
    own: bool = False,
    need_role: bool = True,
) -> Found | None:
    """A named witness, unless a member of the body or without a job title or employer.

    An officer whose title names no outside employer is taken to work for the document's council.
    """
    if is_member(name, members):
        return None
    if position and (MEMBER_ROLE.search(position) or not title_like(position)):
        return None
    if need_role and not position and not organisation:
        return None
    assumed = False
    if organisation is None and council and (own or not is_external(position or "")):
        organisation, assumed = council, not own
    return Found(name, position, organisation, start, end, rank=2, assumed_org=assumed)


def title_like(position: str) -> bool:
    return any(w.lower().strip(",()") in TITLE_WORDS for w in position.split()[:4])


def councillor_keys(text: str) -> set[tuple[str, str]]:
    """(first initial, surname) of everyone the text calls Councillor with a first name or initial.

    "Councillor Smith" alone is left out: an officer Jane Smith must not be lost to a namesake.
    """
    keys = set()
    starts = (m.start() for m in _COUNCILLOR_TITLE.finditer(text))  # where every match opens
    for m in match_at(_COUNCILLOR, text, starts):
        tokens = name_tokens(m.group(1))
        if len(tokens) > 1:
            keys.add((tokens[0][0].lower(), tokens[-1].lower().strip(".")))
    return keys


def is_member(name: str, members: set) -> bool:
    first = name.split()[0].lower().rstrip(".")
    if first in ("councillor", "cllr"):
        return True
    tokens = name_tokens(name)
    surname = tokens[-1].lower().strip(".")
    initial = tokens[0][0].lower() if len(tokens) > 1 else ""
    return (initial, surname) in members
