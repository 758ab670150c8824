"""Witnesses in minutes: who presented or answered, read against the meeting's attendance lists.

Minutes open with who was there: "PRESENT:" lists the members of the body (the chair, councillors,
co-opted members), "ALSO PRESENT:" / "IN ATTENDANCE:" / "Officers:" list everyone else, usually
with a post in brackets. A witness is someone who is not a member and who, in the minutes, is the
subject of a verb of giving evidence ("Jo Bell, Head of X, presented the report", "In response,
Ms Bell explained", "the Director of Finance confirmed", "The Audit Commission representatives
introduced the reports"). Being listed, or "in attendance for this item", is not giving evidence.

The lists also name people fully: "Dr Lee" or "the Director of Public Health" in the text is the
"Dr A Lee (Director of Public Health)" of the list, and "Anil Lee" where the text spells it out.
Vocabulary (labels, verbs, sentence openers) lives in ``extractors/vocabulary``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

from core.reading import Reading
from core.text import paragraphs
from extractors.vocabulary import alternation, terms
from extractors.witness_parts import (
    HONORIFICS,
    TITLE_WORDS,
    Found,
    is_external,
    is_group,
    is_org,
    is_person_name,
    name_tokens,
    split_position_org,
    tidy,
)

_LABELS = dict(tuple(p.strip() for p in t.split("|")) for t in terms("attendance_labels"))
_LABEL = re.compile(
    r"^[ \t]*(?P<label>"
    + "|".join(r"[ \t]+".join(map(re.escape, k.split())) for k in sorted(_LABELS, key=len, reverse=True))
    + r")[ \t]*:[ \t]*",
    re.IGNORECASE | re.MULTILINE,
)
_VERB = re.compile(rf"(?<![\w-])(?:then\s+|also\s+|further\s+|had\s+)?{alternation('evidence_verbs')}\b")
_OPENER = re.compile(rf"(?:{alternation('subject_openers')})\b[^,.;:]{{0,150}},\s*", re.IGNORECASE)
_LIST_LABEL = re.compile(r"\s*(?:\(?[0-9]{1,3}[.)]|\(?[a-z]{1,3}[.)]|[•·▪*–-])\s+")
_COUNCILLOR = re.compile(r"^(?:councillors?|cllrs?)\.?\s+", re.IGNORECASE)
_COUNCILLORS = re.compile(r"^(?:councillors|cllrs)\.?\s+", re.IGNORECASE)
_HONORIFIC = re.compile(
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
                by_post = [p for p in best if p.position and _same(p.position, position)]
                best = by_post or best
            attendees = [p for p in best if not p.member]
            best = attendees if len(attendees) == 1 else best
        if len(best) == 1:
            return best[0]
        if position and not best:
            by_post = [p for p in self.people if p.position and _same(p.position, position)]
            near = [p for p in by_post if SequenceMatcher(None, p.surname, surname).ratio() >= 0.7]
            if len(near) == 1:
                return near[0]
        return None

    def by_post(self, role: str) -> Person | None:
        posts = [p for p in self.attendees if p.position and _same(p.position, role)]
        return posts[0] if len(posts) == 1 else None


def _close(a: str, b: str) -> bool:
    return a == b or (len(a) > 3 and len(b) > 3 and SequenceMatcher(None, a, b).ratio() >= 0.85)


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


@lru_cache(maxsize=4096)
def _same(a: str, b: str) -> bool:
    a, b = _words(a), _words(b)
    return bool(a and b) and (a == b or SequenceMatcher(None, a, b).ratio() >= 0.85)


def attendance(text: str) -> Attendance | None:
    """The attendance lists at the head of minutes, or None when the text has none.

    A list runs from its label to the end of its paragraph; unlabelled paragraphs right after it
    that are themselves lists of people (officers, then guests) continue it.
    """
    people: list[Person] = []
    where: list[tuple[int, int]] = []
    for m in _LABEL.finditer(text):
        kind = _LABELS[" ".join(m.group("label").lower().split())]
        para = next(paragraphs(text, m.end()), None)
        if para is None:
            continue
        nxt = _LABEL.search(text, m.end(), para[1])
        spans = [(m.end(), nxt.start() if nxt else para[1])]
        if nxt:  # the next label starts on the next line of the same paragraph
            continue_from = None
        else:
            continue_from = para[1]
        for s, e in paragraphs(text, continue_from) if continue_from is not None else ():
            if _LABEL.match(text, s) or not _people_paragraph(text[s:e]):
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
    items = _split_items(" ".join(para.split()))
    parsed = [_list_item(i) for i in items]
    return len(items) >= 1 and all(p is not None for p in parsed) and any(p and p[0] for p in parsed)


def _split_items(text: str) -> list[str]:
    """Top-level pieces of a list: split at commas, semicolons and "and" outside brackets."""
    return [tidy(text[a:b]) for a, b in _item_spans(text) if tidy(text[a:b])]


def _item_spans(text: str) -> list[tuple[int, int]]:
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


_FINITE = re.compile(r"\b(?:was|were|is|are|had|has|have|been|being|will|would)\b")


def _list_item(item: str) -> tuple[str | None, str | None, bool] | None:
    """(name, post, councillor) of one list piece: "Jo Bell (Head of X)", "Jo Bell Head of X",
    "Dr Bell"; (None, post, False) for a post that continues the previous name ("Head of X");
    None when the piece is neither (a clause: "were in attendance for this item")."""
    if _FINITE.search(item):
        return None
    councillor = bool(_COUNCILLOR.match(item))
    item = _COUNCILLORS.sub("", item)  # "Councillors A and B": the plural title is the list's
    m = re.match(r"^(?P<name>[^()]+?)\s*\((?P<post>[^()]*(?:\([^()]*\)[^()]*)*)\)$", item)
    name, post = (m.group("name").strip(), m.group("post").strip()) if m else (item, None)
    if is_person_name(name) or (post and re.fullmatch(r"[A-Z][\w'’-]+", name)):
        return name, post, councillor
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
    out: list[Person] = []
    bare: list[Person] = []  # names with nothing after them, waiting for a shared "(Organisation)"
    councillors = False
    for item in _split_items(" ".join(text.split())):
        parsed = _list_item(item)
        if parsed is None:
            continue
        name, post, councillor = parsed
        if name is None:
            if post and out and out[-1].position is None and out[-1].organisation is None:
                out[-1].position, out[-1].organisation = split_position_org(post)  # "Jo Bell, Head of X"
                bare = []
            continue
        councillors = councillors or councillor  # "Councillors A, B and C"
        councillor = councillor or (councillors and post is None)
        position, organisation = split_position_org(post) if post else (None, None)
        # a councillor listed as also present is not a member of this body: a cabinet member or a
        # ward councillor who presents or answers to it gives evidence like an officer
        person = Person(name, position, organisation, member=member, councillor=councillor)
        if post and position is None and organisation and bare and is_org(organisation):
            for b in bare:  # "Jo Bell, Sam Cole and Al Dee (Audit Agency)"
                b.organisation = organisation
        bare = bare + [person] if post is None else []
        out.append(person)
    return out


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
        if _FINITE.search(post):
            continue
        for p in by_surname.get(m.group(1), ()):
            p.posts.append(post)


def fullest_post(person: Person, position: str | None) -> str | None:
    """The post as printed most fully: the prose's ("Head of X") unless the document prints the same
    post longer elsewhere ("Head of X, West Area" in the attendance list)."""
    if not position:
        return person.position
    same = [p for p in [person.position or "", *person.posts] if p and _similar(p, position, 0.7)]
    return max([position, *same], key=len)


def _similar(a: str, b: str, bar: float) -> bool:
    return SequenceMatcher(None, _words(a), _words(b)).ratio() >= bar


def minutes_witnesses(reading: Reading, att: Attendance, council: str | None) -> Iterator[Found]:
    """Non-members who are the subject of a verb of giving evidence, with names and posts completed
    from the attendance lists; and the people listed under an item heading as presenting it.

    An officer whose post names no outside employer is taken to work for the document's council.
    """
    for found in _minutes_witnesses(reading, att):
        if found.organisation is None and council and not is_external(found.position or ""):
            found.organisation, found.assumed_org = council, True
        yield found


def _minutes_witnesses(reading: Reading, att: Attendance) -> Iterator[Found]:
    text = reading.text
    for bs, be in reading.blocks:
        if any(s < be and bs < e for s, e in att.spans):
            continue
        if not _VERB.search(text, bs, be):
            yield from _presenters(text, bs, be, att)
            continue
        for ss, se in reading.sentences_in(bs, be):
            if bs <= ss < be:
                yield from _subjects(text, ss, se, att)


_CLAUSE_BREAK = re.compile(r"(?:[,;]\s+|\s+)(?:and|while|whilst|whereas|but|then)\s+|;\s+")


def _subjects(text: str, s: int, e: int, att: Attendance) -> Iterator[Found]:
    """The people who are the subject of each clause's verb of giving evidence: "Jo Bell presented
    the report and Sam Cole answered questions"."""
    verbs = list(_VERB.finditer(text, s, e))
    if not verbs:
        return
    yield from _clause_subjects(text, s, verbs[0], att)
    for before, verb in zip(verbs, verbs[1:], strict=False):
        breaks = list(_CLAUSE_BREAK.finditer(text, before.end(), verb.start()))
        if breaks:
            yield from _clause_subjects(text, breaks[-1].end(), verb, att)


def _clause_subjects(text: str, s: int, verb: re.Match, att: Attendance) -> Iterator[Found]:
    subj_start = s
    label = _LIST_LABEL.match(text, s, verb.start())
    if label:
        subj_start = label.end()
    opener = _OPENER.match(text, subj_start, verb.start())
    if opener:
        subj_start = opener.end()
    subject = " ".join(text[subj_start : verb.start()].split())
    subject = re.sub(r"[,\s]*(?:who\s+)?(?:had\s+)?$", "", subject)
    if not subject or len(subject) > 300:
        return
    yield from _subject_people(subject, subj_start, verb.start(), att)


def _subject_people(subject: str, start: int, end: int, att: Attendance) -> Iterator[Found]:
    people: list[list] = []  # [name, start of post, end of post]
    for a, b in _item_spans(subject):
        item = tidy(subject[a:b])
        parsed = _list_item(item)
        if parsed is None:
            return
        name, post, _ = parsed
        if name is None:
            if not people:
                yield from _role_or_group(item, start, end, att)
                return
            people[-1][1] = a if people[-1][1] is None else people[-1][1]
            people[-1][2] = b
            continue
        people.append([name, None, None, post])
    for name, a, b, bracket in people:
        position = tidy(subject[a:b]) if a is not None else bracket
        person = att.find(name, position)
        if person is None and not position:
            if not _HONORIFIC.match(name):
                name, position = _split_name_post(name)
            if not position:
                continue  # a name the lists do not know, with no post: not enough to call a witness
        if person is not None and person.member:
            continue
        if person is None and (_COUNCILLOR.match(name) or _is_member_post(position)):
            continue
        yield _found(name, position, person, start, end)


def _split_name_post(text: str) -> tuple[str, str | None]:
    """ "Jo Bell Head of X": the name and the post after it (the post opens with a job-title word)."""
    from extractors.witness_lists import parse_item

    item = parse_item(text)
    return (item[0], item[1]) if item and item[1] else (text, None)


def _is_member_post(position: str | None) -> bool:
    from extractors.witness_prose import is_member_role

    return bool(position) and is_member_role(position or "")


def _role_or_group(item: str, start: int, end: int, att: Attendance) -> Iterator[Found]:
    """ "the Director of Finance" (the listed officer with that post) or "The Audit Agency
    representatives" (every listed person of that organisation)."""
    the = [t.end() for t in re.finditer(r"(?:^|\s)(?i:the)\s+", item)]
    role = tidy(re.sub(r"^(?i:(?:council|authority)['’]s\s+)", "", item[the[-1] :] if the else item))
    if not role[:1].isupper() or _is_member_post(role):
        return
    if is_group(role):
        org = tidy(re.sub(rf"\b{alternation('group_nouns')}\b", "", role, flags=re.IGNORECASE))
        of_org = [p for p in att.attendees if p.organisation and org and _same(p.organisation, org)]
        for p in of_org:
            yield _found(p.name, None, p, start, end)
        return
    person = att.by_post(role)
    if person is not None:
        yield _found(person.name, role, person, start, end)


def _presenters(text: str, s: int, e: int, att: Attendance) -> Iterator[Found]:
    """A line under an item heading naming who presented it: "Jo Bell, Head of X and Sam Cole (Y)"."""
    para = " ".join(text[s:e].split())
    if para.endswith(".") or len(para) > 400:
        return
    items = _split_items(para)
    if not items or any(_list_item(i) is None for i in items):
        return
    named = [_list_item(i) for i in items]
    if not named[0] or not named[0][0]:
        return
    found = list(_subject_people(para, s, e, att))
    if any(att.find(f.name) for f in found):
        yield from found


def _found(name: str, position: str | None, person: Person | None, start: int, end: int) -> Found:
    if person is not None:
        name = canonical_name(person, name)
        position = fullest_post(person, position)
        organisation = person.organisation
    else:
        position, organisation = split_position_org(position) if position else (None, None)
    return Found(name, position, organisation, start, end, rank=2)


def canonical_name(person: Person, mention: str) -> str:
    """The fullest form of a listed person's name: the list's own when it gives a first name
    ("Jo Bell"), else one the text spells out ("Anil Lee" for "Dr A Lee"), else the mention."""
    tokens = name_tokens(person.name)
    if len(tokens) > 1 and not re.fullmatch(r"[A-Z]\.?", tokens[0]):
        return " ".join(tokens)
    if person.full_names:
        return max(person.full_names, key=len)
    return " ".join(tokens) if tokens else mention
