"""Shared pieces of the witnesses extractor: what a name, a job title and an organisation look like.

Why a module of its own: tables, lists and minutes prose all need the same judgements ("is this a
person's name or a heading?", "where does the job title end and the employer begin?"), and keeping
them in one place keeps the three readers consistent. Every rule here is about the shape of English
committee papers in general; none names a council, a person or a phrase from one document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from extractors.vocabulary import alternation, words

#: Titles printed before a name (the scorer strips them; tables keep them as printed), job-title
#: words, words that start headings and never people: vocabulary files, see extractors/vocabulary.
HONORIFICS = words("honorifics")
TITLE_WORDS = words("job_title_words")
NOT_NAME_WORDS = words("not_name_words")

#: Nouns that make a phrase a group of witnesses ("Social care staff", "Foster carers").
GROUP_NOUNS = alternation("group_nouns")
_GROUP_NOUNS = re.compile(rf"\b{GROUP_NOUNS}\b", re.IGNORECASE)
_ORG_WORDS = re.compile(rf"\b{alternation('organisation_words')}(?![\w'’])", re.IGNORECASE)
_ACRONYM = re.compile(r"^[A-Z&]{2,7}$")

#: Employers other than the council: an officer with one of these in the title is not the council's.
_EXTERNAL = re.compile(rf"\b{alternation('external_employer_words')}(?![\w'’])", re.IGNORECASE)

#: A line that is only a page number ("12", "Page 3 of 9"): skipped inside tables and lists.
PAGE_NO = re.compile(r"^(?:page\s+)?\d{1,3}(?:\s+of\s+\d{1,3})?$", re.IGNORECASE)
_NAME_TOKEN = re.compile(r"^[A-ZÀ-Þ][\w'’\-]*\.?$")
_PARTICLES = frozenset("de da di du van von der den la le bin al".split())
_INITIAL = re.compile(r"^[A-Z]\.?$")
_BULLET = re.compile(r"^\s*(?:[•·Ø▪◦●○■□➢►\-–—*]|o(?=\s)|\(?[0-9ivx]{1,4}[.)]|\(?[a-h][.)])\s*")


@dataclass
class Found:
    """A witness candidate before de-duplication: ``rank`` says how much its source is trusted.

    0 = a witness table, 1 = a witness list, 2 = prose naming a person, 3 = prose naming only a role,
    4 = a mere mention that only completes another's organisation, 5 = an officer listed as present
    who only puts a name to a rank-3 role. ``assumed_org`` marks an organisation inferred (the
    document's council) rather than printed.
    """

    name: str
    position: str | None
    organisation: str | None
    start: int
    end: int
    rank: int
    assumed_org: bool = False


def tidy(text: str) -> str:
    """Collapse white space and trim the punctuation a cell or list item trails (";", ",", ".")."""
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"(?:\s*[;,:.]|\s+and)+$", "", text).strip()
    return text


def strip_bullet(text: str) -> tuple[int, str]:
    """Drop a leading bullet or list number; returns (characters dropped, rest)."""
    m = _BULLET.match(text)
    if not m:
        return 0, text
    return m.end(), text[m.end() :]


def name_tokens(name: str) -> list[str]:
    """The tokens of a name without leading honorifics ("Councillor Dr Jane Doe" -> Jane, Doe)."""
    tokens = name.replace(",", " ").split()
    while tokens and tokens[0].lower().rstrip(".") in HONORIFICS:
        tokens = tokens[1:]
    return tokens


def is_person_name(text: str) -> bool:
    """True for "Jane Doe", "Ms J. Doe", "Councillor C Potts", "Professor Ray O'Neill-Jones".

    Two to four capitalised tokens (one is enough after an honorific), the last a real word, none
    of them a job-title word or a heading word.
    """
    text = text.strip()
    if not text or len(text) > 60:
        return False
    raw = text.split()
    tokens = name_tokens(text)
    has_honorific = len(tokens) < len(raw)
    if not 1 <= len(tokens) <= 4 or (len(tokens) == 1 and not has_honorific):
        return False
    inner = tokens[1:-1]
    if not (_NAME_TOKEN.match(tokens[0]) and _NAME_TOKEN.match(tokens[-1])) or _INITIAL.match(tokens[-1]):
        return False
    if not all(_NAME_TOKEN.match(t) or t in _PARTICLES for t in inner):
        return False
    lowered = [t.lower().rstrip(".") for t in tokens if not _INITIAL.match(t)]  # "A" is an initial
    if any(t in TITLE_WORDS or t in NOT_NAME_WORDS for t in lowered) or _ORG_WORDS.search(text):
        return False
    if any(len(t) > 3 and t.isupper() for t in tokens[1:]) and len(tokens) < 3:
        return False  # "Anytown CCG", "Westshire NSPCC": an organisation, not "Jane DOE"
    return not (len(tokens) == 1 and tokens[0].isupper())


_CAPITAL = "A-ZÀ-Þ"  # what a name token opens with (``_NAME_TOKEN``)
_HONORIFIC_WORDS = "|".join(sorted(map(re.escape, HONORIFICS), key=len, reverse=True))
#: Text holding a person's name holds a match of this, as ``is_person_name`` reads names (tokens
#: split at white space and commas): two name tokens apart by at most two others, an honorific
#: before one, or one beside a lone comma (a token it drops, as it drops an honorific). A cheap
#: test that a stretch of text names nobody; a test checks it never says no where
#: ``is_person_name`` says yes.
MAY_NAME = re.compile(
    rf"[{_CAPITAL}][^\s,]*[\s,]+(?:[^\s,]+[\s,]+){{0,2}}[{_CAPITAL}]"
    rf"|(?i:{_HONORIFIC_WORDS})\.*[\s,]+[{_CAPITAL}]"
    rf"|[{_CAPITAL}][^\s,]*,*\s+,|,\s+,*[{_CAPITAL}]"
)


def is_group(text: str) -> bool:
    """True for a group that gave evidence together: "Social care staff", "Foster carers"."""
    text = text.strip()
    words = text.split()
    return (
        0 < len(words) <= 6
        and text[:1].isupper()
        and bool(_GROUP_NOUNS.search(text))
        and not re.search(r"[\d:;]", text)
    )


def is_table_name_cell(text: str) -> bool:
    """A witness table's first cell: a person, a group, or a short capitalised organisation name."""
    if is_person_name(text) or is_group(text):
        return True
    words = text.split()
    if not 1 <= len(words) <= 6 or len(text) > 70 or re.search(r"\d|[.:;]$", text):
        return False
    if words[0].lower() in ("appendix", "annex", "page", "table", "source", "note", "total"):
        return False
    return text[:1].isupper() and bool(_ORG_WORDS.search(text) or _ACRONYM.match(text))


def starts_with_title(text: str) -> bool:
    """True when ``text`` opens with a job-title word ("Head of ...", "Interim Director ...")."""
    first = text.split()[0].lower().strip(",;:") if text.split() else ""
    return first in TITLE_WORDS


def is_org(text: str) -> bool:
    """True when a comma-separated part reads as an employer: "Anytown Police", "NHS Trust", "DCC"."""
    text = text.strip()
    return bool(text) and (bool(_ORG_WORDS.search(text)) or bool(_ACRONYM.match(text)))


def split_position_org(text: str) -> tuple[str | None, str | None]:
    """Split "Head of Service, Early Help, Anytown Council" into position and organisation.

    Positions themselves contain commas ("Team Manager, Initial Response"), so only a last part that
    reads as an organisation is moved out; a single part that is only an organisation is one too.
    """
    text = tidy(text)
    if not text:
        return None, None
    parts = [p.strip() for p in re.split(r",\s+|\s+[–—-]\s+", text) if p.strip()]
    if len(parts) > 1 and is_org(parts[-1]) and not starts_with_title(parts[-1]):
        cut = text.rfind(parts[-1])
        position = tidy(text[:cut])
        return position or None, parts[-1]
    if len(parts) == 1 and is_org(text) and not starts_with_title(text) and not _has_title_word(text):
        return None, text
    return text, None


#: Words inside organisation names that are also title or heading words ("Clinical Commissioning
#: Group", "Anytown Borough Council"): an organisation may grow leftwards over them.
_ORG_INNER = words("organisation_inner_words")
#: Subject words that belong to an organisation name only next to its end ("Safeguarding Children Board").
_ORG_TOPIC = frozenset("children children's childrens safeguarding adults".split())
_ORG_END = words("organisation_end_words")
_CONNECTORS = frozenset("& and of for the".split())


def split_trailing_org(text: str) -> tuple[str | None, str | None]:
    """Split "Head of Early Help Anytown Borough Council" (no comma: PDF text) into position and employer.

    The organisation ends the text with an organisation word (Council, Police, Trust, Board ...) and
    grows leftwards over organisation words, connectors and at most one other capitalised word (or
    words joined by "and"/"&"), stopping at a job-title word, a heading word or a comma.
    """
    tokens = text.split()
    anchor = len(tokens) - 1
    if anchor > 0 and tokens[anchor].startswith("(") and tokens[anchor].endswith(")"):
        anchor -= 1  # a place in brackets after the name: "Improvement Board (Anyshire)"
    last = tokens[anchor].strip("()") if tokens else ""
    if not tokens or not (last.lower() in _ORG_END or _ACRONYM.match(last)):
        return split_position_org(text)
    start, unknown, after_connector = anchor, 0, False
    while start > 0:
        word = tokens[start - 1]
        low = word.lower().strip("()")
        if _ACRONYM.match(last) and not (low in _ORG_INNER or _ACRONYM.match(word)):
            break  # "Team Manager DCC": an abbreviation stands alone
        if word.endswith((",", ";", ":")) or not (word[:1].isupper() or low in _CONNECTORS):
            break
        if word == "The":  # "Headteacher The Priory Academy": "The" opens an organisation's name
            start -= 1
            break
        if low in _CONNECTORS:
            if start < 2 or not tokens[start - 2][:1].isupper() or tokens[start - 2].lower() in TITLE_WORDS:
                break
        elif _ACRONYM.match(word):  # "NEW Devon CCG", "NHS"
            pass
        elif low in _ORG_TOPIC:
            if unknown:
                break
        elif low not in _ORG_INNER:
            if low in TITLE_WORDS or low in NOT_NAME_WORDS or (unknown and not after_connector):
                break
            unknown += 1
        after_connector = low in _CONNECTORS
        start -= 1
    if start == anchor and not _ACRONYM.match(last):
        return split_position_org(text)  # a lone "Board" or "Council" names no one's employer
    if start > 0 and tokens[start - 1] in _CONNECTORS:
        return split_position_org(text)  # "Head of the Virtual School": the school is the post
    position = tidy(" ".join(tokens[:start]))
    return position or None, " ".join(tokens[start:])


def _has_title_word(text: str) -> bool:
    return any(w.lower().strip(",()") in TITLE_WORDS for w in text.split())


def is_external(role: str) -> bool:
    """True when a job title says its holder works for someone other than the council."""
    return bool(_EXTERNAL.search(role))


def person_key(name: str) -> tuple[str, str] | None:
    """(first initial, surname) of a person, so "Carol Payne" and "Ms C. Payne" meet; None for groups."""
    tokens = name_tokens(name)
    if not tokens or is_group(name) or not is_person_name(name):
        return None
    first = tokens[0][0].lower() if len(tokens) > 1 else ""
    return first, tokens[-1].lower().strip(".")


def is_prose(cell: str) -> bool:
    """A sentence or paragraph of running text, not a table cell or list item."""
    return len(cell) > 150 or (cell.rstrip().endswith(".") and len(cell.split()) >= 10)


def similar(a: str, b: str, bar: float) -> bool:
    """``SequenceMatcher(None, a, b).ratio() >= bar``, answered by its cheap upper bounds first
    (lengths, then shared letters) when they already fall short: most pairs compared are far apart."""
    matcher = SequenceMatcher(None, a, b)
    return matcher.real_quick_ratio() >= bar and matcher.quick_ratio() >= bar and matcher.ratio() >= bar
