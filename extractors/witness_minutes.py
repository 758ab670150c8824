"""Witnesses in minutes: who presented or answered, read against the meeting's attendance lists.

Minutes open with who was there: "PRESENT:" lists the members of the body (the chair, councillors,
co-opted members), "ALSO PRESENT:" / "IN ATTENDANCE:" / "Officers:" list everyone else, usually
with a post in brackets. A witness is someone who is not a member and who, in the minutes, is the
subject of a verb of giving evidence ("Jo Bell, Head of X, presented the report", "In response,
Ms Bell explained", "the Director of Finance confirmed", "The Audit Commission representatives
introduced the reports"). Being listed, or "in attendance for this item", is not giving evidence.

Names and posts are completed from the lists (see ``witness_attendance``). Vocabulary (verbs of
giving evidence, sentence openers) lives in ``extractors/vocabulary``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from core.reading import Reading
from core.scan.alternations import trie_regex
from extractors.vocabulary import alternation, terms
from extractors.witness_attendance import (
    COUNCILLOR,
    HONORIFIC,
    Attendance,
    Person,
    canonical_name,
    fullest_post,
    item_spans,
    list_item,
    same,
    split_items,
)
from extractors.witness_officers import is_member_role
from extractors.witness_parts import (
    TITLE_WORDS,
    Found,
    is_external,
    is_group,
    split_position_org,
    tidy,
)

_VERBS = trie_regex(terms("evidence_verbs"))  # the vocabulary's verbs, as a trie (same matches)
_VERB = re.compile(rf"(?<![\w-])(?:then\s+|also\s+|further\s+|had\s+)?{_VERBS}\b")
_OPENER = re.compile(rf"(?:{alternation('subject_openers')})\b[^,.;:]{{0,150}},\s*", re.IGNORECASE)
_LIST_LABEL = re.compile(r"\s*(?:\(?[0-9]{1,3}[.)]|\(?[a-z]{1,3}[.)]|[•·▪*–-])\s+")


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
    for a, b in item_spans(subject):
        item = tidy(subject[a:b])
        parsed = list_item(item)
        if parsed is None:
            return
        name, post, _ = parsed
        if name is None:
            if not people:
                titled = _titled_surname(item, att)  # "Chief Inspector Dee", "Director Lee"
                if titled:
                    if not titled.member:
                        yield _found(titled.name, item.rsplit(None, 1)[0], titled, start, end)
                    continue
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
            if not HONORIFIC.match(name):
                name, position = _split_name_post(name)
            if not position:
                continue  # a name the lists do not know, with no post: not enough to call a witness
        if person is not None and person.member:
            continue
        if person is None and (COUNCILLOR.match(name) or _is_member_post(position)):
            continue
        yield _found(name, position, person, start, end)


def _titled_surname(item: str, att: Attendance) -> Person | None:
    """The listed person a job title and a surname name ("Chief Inspector Dee")."""
    tokens = item.split()
    if len(tokens) < 2 or tokens[-2].lower() not in TITLE_WORDS or not tokens[-1][:1].isupper():
        return None
    return att.find(tokens[-1])


def _split_name_post(text: str) -> tuple[str, str | None]:
    """ "Jo Bell Head of X": the name and the post after it (the post opens with a job-title word)."""
    from extractors.witness_lists import parse_item

    item = parse_item(text)
    return (item[0], item[1]) if item and item[1] else (text, None)


def _is_member_post(position: str | None) -> bool:
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
        of_org = [p for p in att.attendees if p.organisation and org and same(p.organisation, org)]
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
    items = split_items(para)
    if not items or any(list_item(i) is None for i in items):
        return
    named = [list_item(i) for i in items]
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


