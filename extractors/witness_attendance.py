"""Attendance lists of minutes: who was there, as a member of the body or not, and their posts.

"PRESENT:" lists the members of the body (the chair, councillors, co-opted members); "ALSO
PRESENT:" / "IN ATTENDANCE:" / "Officers:" list everyone else, usually with a post ("Jo Bell (Head
of X)", "Jo Bell, Head of X", "Jo Bell – Head of X", one a line or run together). The lists also
name people fully: "Dr Lee" or "the Director of Public Health" in the text is the "Dr A Lee
(Director of Public Health)" of the list, and "Anil Lee" where the text spells it out. Labels are
vocabulary (``extractors/vocabulary/attendance_labels.txt``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from core.scan.scanners import LineStartScanner
from core.text import paragraphs
from extractors.vocabulary import terms
from extractors.witness_parts import (
    HONORIFICS,
    TITLE_WORDS,
    is_org,
    is_person_name,
    name_tokens,
    similar,
    split_position_org,
    tidy,
)

_LABELS = dict(tuple(p.strip() for p in t.split("|")) for t in terms("attendance_labels"))
_LABEL = re.compile(
    r"^[ \t]*(?P<label>"
    + "|".join(r"[ \t]+".join(map(re.escape, k.split())) for k in sorted(_LABELS, key=len, reverse=True))
    + r")[ \t]*(?:\([^)\n]{1,30}\)[ \t]*)?:-?[ \t]*",  # "In attendance (officers):-"
    re.IGNORECASE | re.MULTILINE,
)
#: The same labels printed in capitals on a line of their own ("PRESENT", "IN ATTENDANCE").
_LABEL_LINE = re.compile(
    r"^[ \t]*(?P<label>"
    + "|".join(
        r"[ \t]+".join(map(re.escape, k.upper().split())) for k in sorted(_LABELS, key=len, reverse=True)
    )
    + r")[ \t]*(?=\n)",
    re.MULTILINE,
)
_LABEL_SCAN, _LABEL_LINE_SCAN = LineStartScanner(_LABEL), LineStartScanner(_LABEL_LINE)  # same matches
COUNCILLOR = re.compile(r"^(?:councillors?|cllrs?)\.?\s+", re.IGNORECASE)
_COUNCILLORS = re.compile(r"^(?:councillors|cllrs)\.?\s+", re.IGNORECASE)
HONORIFIC = re.compile(
    r"^(?:" + "|".join(sorted(HONORIFICS, key=len, reverse=True)) + r")\.?\s+", re.IGNORECASE
)


@dataclass
class Person:
    """Someone an attendance list names."""

    name: str
    position: str | None
    organisation: str | None
    member: bool
    councillor: bool = False
    full_names: list[str] = field(default_factory=list)
    posts: list[str] = field(default_factory=list)  # every post printed after the name, in brackets

    @property
    def surname(self) -> str:
        return name_tokens(self.name)[-1].lower().strip(".")

    @property
    def initial(self) -> str:
        tokens = name_tokens(self.name)
        return tokens[0][0].lower() if len(tokens) > 1 else ""


@dataclass
class Attendance:
    """The people a meeting's attendance lists name, and where the lists end."""

    people: list[Person]
    spans: list[tuple[int, int]]  # where the lists are: no witness is read inside them

    @property
    def members(self) -> list[Person]:
        return [p for p in self.people if p.member]

    @property
    def attendees(self) -> list[Person]:
        return [p for p in self.people if not p.member]

    def find(self, name: str, position: str | None = None) -> Person | None:
        """The listed person a mention names: same surname (spelling slips allowed) and initial, or
        the same post when the mention gives only a title and surname."""
        tokens = name_tokens(name)
        if not tokens:
            return None
        surname = tokens[-1].lower().strip(".")
        initial = tokens[0][0].lower() if len(tokens) > 1 else ""
        best = [
            p
            for p in self.people
            if _close(p.surname, surname) and (not initial or not p.initial or initial == p.initial)
        ]
        if len(best) > 1:
            exact = [p for p in best if p.surname == surname]
            best = exact or best
            if position:
                by_post = [p for p in best if p.position and same(p.position, position)]
                best = by_post or best
            attendees = [p for p in best if not p.member]
            best = attendees if len(attendees) == 1 else best
        if len(best) == 1:
            return best[0]
        if position and not best:
            by_post = [p for p in self.people if p.position and same(p.position, position)]
            near = [p for p in by_post if similar(p.surname, surname, 0.7)]
            if len(near) == 1:
                return near[0]
        return None

    def by_post(self, role: str) -> Person | None:
        posts = [p for p in self.attendees if p.position and same(p.position, role)]
        return posts[0] if len(posts) == 1 else None


def _close(a: str, b: str) -> bool:
    return a == b or (len(a) > 3 and len(b) > 3 and similar(a, b, 0.85))


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


@lru_cache(maxsize=4096)
def same(a: str, b: str) -> bool:
    a, b = _words(a), _words(b)
    return bool(a and b) and (a == b or similar(a, b, 0.85))


def attendance(text: str) -> Attendance | None:
    """The attendance lists at the head of minutes, or None when the text has none.

    A list runs from its label to the end of its paragraph; unlabelled paragraphs right after it
    that are themselves lists of people (officers, then guests) continue it.
    """
    people: list[Person] = []
    where: list[tuple[int, int]] = []
    labels = sorted([*_LABEL_SCAN.finditer(text), *_LABEL_LINE_SCAN.finditer(text)], key=lambda m: m.start())
    for m in labels:
        kind = _LABELS[" ".join(m.group("label").lower().split())]
        para = next(paragraphs(text, m.end()), None)
        if para is None:
            continue
        nxt = min(
            (
                x
                for x in (_LABEL.search(text, m.end(), para[1]), _LABEL_LINE.search(text, m.end(), para[1]))
                if x
            ),
            key=lambda x: x.start(),
            default=None,
        )
        spans = [(m.end(), nxt.start() if nxt else para[1])]
        if nxt:  # the next label starts on the next line of the same paragraph
            continue_from = None
        else:
            continue_from = para[1]
        for s, e in paragraphs(text, continue_from) if continue_from is not None else ():
            if _LABEL.match(text, s) or _LABEL_LINE.match(text, s) or not _people_paragraph(text[s:e]):
                break
            spans.append((s, e))
        for k, (s, e) in enumerate(spans):  # unlabelled paragraphs after a list name officers, guests
            people += _list_people(text[s:e], member=kind == "member" and k == 0)
            where.append((s, e))
    if not people:
        return None
    people = _merged(people)
    _complete(text, people)
    return Attendance(people, where)


def _merged(people: list[Person]) -> list[Person]:
    """One entry per name (minutes of joint sessions list people twice), first kind kept."""
    out: dict[str, Person] = {}
    for p in people:
        first = out.setdefault(" ".join(p.name.split()), p)
        first.position = first.position or p.position
        first.organisation = first.organisation or p.organisation
    return list(out.values())


def _people_paragraph(para: str) -> bool:
    items = split_items(" ".join(para.split()))
    parsed = [list_item(i) for i in items]
    return len(items) >= 1 and all(p is not None for p in parsed) and any(p and p[0] for p in parsed)


def split_items(text: str) -> list[str]:
    """Top-level pieces of a list: split at commas, semicolons and "and" outside brackets."""
    return [tidy(text[a:b]) for a, b in item_spans(text) if tidy(text[a:b])]


def item_spans(text: str) -> list[tuple[int, int]]:
    spans, depth, start, i = [], 0, 0, 0
    while i < len(text):
        c = text[i]
        if c == "(":
            depth += 1
        elif c == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and c in ",;":
            spans.append((start, i))
            start = i + 1
        elif depth == 0 and text.startswith(" and ", i):
            spans.append((start, i))
            start = i + 5
            i += 4
        i += 1
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if tidy(text[a:b])]


FINITE = re.compile(r"\b(?:was|were|is|are|had|has|have|been|being|will|would)\b")


def list_item(item: str) -> tuple[str | None, str | None, bool] | None:
    """(name, post, councillor) of one list piece: "Jo Bell (Head of X)", "Jo Bell Head of X",
    "Dr Bell"; (None, post, False) for a post that continues the previous name ("Head of X");
    None when the piece is neither (a clause: "were in attendance for this item")."""
    if FINITE.search(item):
        return None
    councillor = bool(COUNCILLOR.match(item))
    item = _COUNCILLORS.sub("", item)  # "Councillors A and B": the plural title is the list's
    m = re.match(r"^(?P<name>[^()]+?)\s*\((?P<post>[^()]*(?:\([^()]*\)[^()]*)*)\)$", item)
    name, post = (m.group("name").strip(), m.group("post").strip()) if m else (item, None)
    if is_person_name(name) or (post and re.fullmatch(r"[A-Z][\w'’-]+", name)):
        return name, post, councillor
    dash = re.split(r"\s+[–—-]\s+", item, maxsplit=1)  # "Jo Bell – Head of X"
    if len(dash) == 2 and is_person_name(dash[0]):
        return dash[0], dash[1], councillor
    tokens = name.split()
    for k in range(2, min(5, len(tokens))):  # "Jo Bell Co-Chair Anyshire Group (AG)"
        if is_person_name(" ".join(tokens[:k])) and tokens[k].lower().strip(",") in TITLE_WORDS:
            rest = " ".join(tokens[k:]) + (f" ({post})" if post else "")
            return " ".join(tokens[:k]), rest, councillor
    for k in range(max(1, len(tokens) - 4), len(tokens) - 1):  # "Detective Inspector Jo Bell (Police)"
        if tokens[k - 1].lower() in TITLE_WORDS and is_person_name(" ".join(tokens[k:])):
            lead = " ".join(tokens[:k])
            return " ".join(tokens[k:]), lead + (f", {post}" if post else ""), councillor
    if re.fullmatch(r"[A-Z]{2,5}", item):  # honours after a name: "OBE"
        return None, None, False
    if item[:1].isupper() and not is_person_name(item):
        return None, item, False
    return None


def _list_people(text: str, member: bool) -> list[Person]:
    """The people of one list: "Jo Bell (Head of X), Sam Cole, Head of Y and Al Dee (Z)", or one
    a line ("Jo Bell – Head of X, West Area")."""
    out: list[Person] = []
    posts: list[list[str]] = []
    bare: list[int] = []  # names with nothing after them, waiting for a shared "(Organisation)"
    councillors = False
    for item in _list_pieces(text):
        parsed = list_item(item)
        if parsed is None:
            continue
        name, post, councillor = parsed
        if name is None:
            if post and out:
                posts[-1].append(post)  # "Jo Bell, Head of X" / "Jo Bell – Head of X, West Area"
                bare = []
            continue
        councillors = councillors or councillor  # "Councillors A, B and C"
        councillor = councillor or (councillors and post is None)
        # a councillor listed as also present is not a member of this body: a cabinet member or a
        # ward councillor who presents or answers to it gives evidence like an officer
        out.append(Person(name, None, None, member=member, councillor=councillor))
        posts.append([post] if post else [])
        if post and bare:
            _, organisation = split_position_org(post)
            if organisation and is_org(organisation) and split_position_org(post)[0] is None:
                for k in bare:  # "Jo Bell, Sam Cole and Al Dee (Audit Agency)"
                    posts[k].append(organisation)
        bare = [*bare, len(out) - 1] if post is None else []
    for person, printed in zip(out, posts, strict=True):
        if printed:
            person.position, person.organisation = split_position_org(", ".join(printed))
    return out


def _list_pieces(text: str) -> list[str]:
    """The pieces of a list: one a line when every line starts with a name, else the whole list
    split at commas and "and" (a wrapped line then continues the piece before)."""
    rows = [" ".join(r.split()) for r in text.split("\n") if r.strip()]
    if len(rows) > 1 and all(_starts_with_name(r) for r in rows):
        return [piece for r in rows for piece in split_items(r)]
    return split_items(" ".join(text.split()))


def _starts_with_name(row: str) -> bool:
    head = re.split(r"\s*[,(]\s*|\s+[–—-]\s+", _COUNCILLORS.sub("", row), maxsplit=1)[0]
    return is_person_name(head)


#: Two capitalised words (a lookahead, so "Manager Jo Bell" yields "Jo Bell" too).
_FIRST_SURNAME = re.compile(r"\b(?=([A-Z][a-z][\w'’-]+)[ \t]*\n?[ \t]*([A-Z][\w'’-]+)\b)")
_SURNAME_POST = re.compile(r"\b([A-Z][\w'’-]+)\s*\(([^()]{3,150})\)")


def _complete(text: str, people: list[Person]) -> None:
    """Fill each listed person's full names ("Anil Lee" for "Dr A Lee") and the posts printed in
    brackets after their surname anywhere ("Lee (Director of X)"): one pass over the text for all."""
    by_surname: dict[str, list[Person]] = {}
    for p in people:
        by_surname.setdefault(name_tokens(p.name)[-1], []).append(p)
    for m in _FIRST_SURNAME.finditer(text):
        first, surname = m.group(1), m.group(2)
        for p in by_surname.get(surname, ()):
            full = f"{first} {surname}"
            if first.lower() in HONORIFICS or (p.initial and first[0].lower() != p.initial):
                continue
            if is_person_name(full) and full not in p.full_names:
                p.full_names.append(full)
    for m in _SURNAME_POST.finditer(text):
        post = " ".join(m.group(2).split())
        if FINITE.search(post):
            continue
        for p in by_surname.get(m.group(1), ()):
            p.posts.append(post)


def fullest_post(person: Person, position: str | None) -> str | None:
    """The post as printed most fully: the prose's ("Head of X") unless the document prints the same
    post longer elsewhere ("Head of X, West Area" in the attendance list)."""
    if not position:
        return person.position
    printed = [person.position or "", *(split_position_org(p)[0] or "" for p in person.posts)]
    position = split_position_org(position)[0] or position  # the employer is not part of the post
    same = [p for p in printed if p and _similar(p, position, 0.7)]
    return max([position, *same], key=len)


def _similar(a: str, b: str, bar: float) -> bool:
    return similar(_words(a), _words(b), bar)


def canonical_name(person: Person, mention: str) -> str:
    """The fullest form of a listed person's name: the list's own when it gives a first name
    ("Jo Bell"), else one the text spells out ("Anil Lee" for "Dr A Lee"), else the mention."""
    tokens = name_tokens(person.name)
    if len(tokens) > 1 and not re.fullmatch(r"[A-Z]\.?", tokens[0]):
        return " ".join(tokens)
    if person.full_names:
        return max(person.full_names, key=len)
    return " ".join(tokens) if tokens else mention
