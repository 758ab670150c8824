"""Shared pieces of the witnesses extractor: what a name, a job title and an organisation look like.

Why a module of its own: tables, lists and minutes prose all need the same judgements ("is this a
person's name or a heading?", "where does the job title end and the employer begin?"), and keeping
them in one place keeps the three readers consistent. Every rule here is about the shape of English
committee papers in general; none names a council, a person or a phrase from one document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Titles printed before a name. The scorer strips them; tables keep them as printed.
HONORIFICS = frozenset(
    "councillor cllr dr mr mrs ms miss mx professor prof sir dame lord lady rev revd reverend".split()
)

#: Words a job title starts with (or contains) and a personal name never does.
TITLE_WORDS = frozenset(
    """head director assistant deputy manager officer chief interim acting lead senior principal strategic
    executive corporate service team operations operational group independent chair chairman chairperson
    vice-chair cabinet portfolio detective superintendent inspector sergeant constable commander designated
    named consultant coordinator co-ordinator advisor adviser project programme policy business practice
    headteacher headmaster headmistress teacher nurse paediatrician commissioner commissioning specialist
    analyst locality area regional divisional general associate partnership safeguarding social worker
    member leader mayor clerk solicitor registrar matron therapist psychologist practitioner administrator
    secretary president trustee governor founder volunteer representative commercial finance former
    temporary joint quality performance improvement""".split()
)

#: Capitalised words that start headings or name things, never people.
NOT_NAME_WORDS = frozenset(
    """the a an and of for in on to at by with from this that these those our their its all any some
    council county city borough district committee panel board group task working report reports
    review findings steps background introduction summary conclusion conclusions recommendation
    recommendations methodology appendix annex contents purpose scope terms reference format evidence
    overview context issues actions progress key next financial legal implications risk risks equality
    consultation options proposals outcomes update foreword membership members witnesses witness
    sources bibliography glossary meeting meetings visits visit session sessions children children's
    childrens people services service social care health education safeguarding ofsted
    inspection plan plans strategy policy data table date total agenda item minutes resolved
    position organisation organization name role title job agency officers staff family families
    school schools police nhs trust department office section part chapter note notes early help youth
    offending support protection looked after adoption fostering disability disabilities mental housing
    public adult adults learning skills development workforce assessment referral response unit hub
    mash also however furthermore further additionally then when while whilst following before during
    it there here he she they we i if as so but thanks thank dear yours""".split()
)

_GROUP_NOUNS = re.compile(
    r"\b(?:staff|carers|workers|practitioners|parents|representatives|pupils|students|volunteers|"
    r"young people|care leavers|managers|officers|teams|headteachers|governors|families)\b",
    re.IGNORECASE,
)

_ORG_WORDS = re.compile(
    r"\b(?:council|constabulary|police|nhs|trust|board|commissioning group|ccg|school|academy|college|"
    r"university|partnership|agency|foundation|ltd|limited|plc|authority|ofsted|cafcass|nspcc|"
    r"barnardo['’]?s|hospital|federation|association|institute|society|charity|diocese|probation|"
    r"fire and rescue|ambulance|healthcare|llp|consulting|consultancy|company|commission|"
    r"department for|home office|government)\b",
    re.IGNORECASE,
)
_ACRONYM = re.compile(r"^[A-Z&]{2,7}$")

#: Employers other than the council: an officer with one of these in the title is not the council's.
_EXTERNAL = re.compile(
    r"\b(?:police|constabulary|detective|nhs|health|clinical|nurse|doctor|gp|hospital|ccg|school|"
    r"headteacher|head teacher|college|university|ofsted|inspector|probation|cafcass|trust|"
    r"independent|lscb|safeguarding (?:children|adults)['’]? board|commissioner|barnardo|nspcc|"
    r"charity|voluntary)\b",
    re.IGNORECASE,
)

_NAME_TOKEN = re.compile(r"^[A-ZÀ-Þ][\w'’\-]*\.?$")
_PARTICLES = frozenset("de da di du van von der den la le bin al".split())
_INITIAL = re.compile(r"^[A-Z]\.?$")
_BULLET = re.compile(r"^\s*(?:[•·Ø▪◦●○■□➢►\-–—*]|o(?=\s)|\(?[0-9ivx]{1,4}[.)]|\(?[a-h][.)])\s*")
_COUNCIL_NAME = re.compile(
    r"\b((?:[A-Z][a-z]+(?:[ -](?:upon|on|under|le|in|and|&|[A-Z][a-z]+)){0,3})\s+"
    r"(?:County |City |Borough |Metropolitan Borough |District )?Council)\b"
)
_NOT_COUNCIL_START = frozenset(
    "the full county city borough district parish town children youth care our this that your a each "
    "every lsc school and in of".split()
)


@dataclass
class Found:
    """A witness candidate before de-duplication: ``rank`` says how much its source is trusted.

    0 = a witness table, 1 = a witness list, 2 = prose naming a person, 3 = prose naming only a role,
    4 = a mere mention that only completes another's organisation. ``assumed_org`` marks an
    organisation inferred (the document's council) rather than printed.
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
    lowered = [t.lower().rstrip(".") for t in tokens]
    if any(t in TITLE_WORDS or t in NOT_NAME_WORDS for t in lowered):
        return False
    return not (len(tokens) == 1 and tokens[0].isupper())


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


def _has_title_word(text: str) -> bool:
    return any(w.lower().strip(",()") in TITLE_WORDS for w in text.split())


def is_external(role: str) -> bool:
    """True when a job title says its holder works for someone other than the council."""
    return bool(_EXTERNAL.search(role))


def council_name(text: str, meta: dict) -> str | None:
    """The document's council: the manifest's, else the full council name the text uses most."""
    if meta.get("council"):
        return str(meta["council"])
    counts: dict[str, int] = {}
    for m in _COUNCIL_NAME.finditer(text):
        name = re.sub(r"\s+", " ", m.group(1))
        if name.split()[0].lower() in _NOT_COUNCIL_START:
            continue
        counts[name] = counts.get(name, 0) + 1
    return max(counts, key=lambda k: counts[k]) if counts else None


def person_key(name: str) -> tuple[str, str] | None:
    """(first initial, surname) of a person, so "Carol Payne" and "Ms C. Payne" meet; None for groups."""
    tokens = name_tokens(name)
    if not tokens or is_group(name) or not is_person_name(name):
        return None
    first = tokens[0][0].lower() if len(tokens) > 1 else ""
    return first, tokens[-1].lower().strip(".")
