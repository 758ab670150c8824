"""The one resolver of a document's council: which authority a paper belongs to.

``documents.council``, the Ofsted ratings' subject and the witnesses' council organisation all
come from here (through :attr:`core.reading.Reading.council`), so they agree. The council is
the authority the paper belongs to, not every authority it mentions: every mention of a
council on the shipped list (full name, area name, short form) scores, printed full names
("Kent County Council") score more, mentions in the header count triple, and web or e-mail
domains ("kent.gov.uk") count more, and a letterhead (the one council the first lines name,
"KENT COUNTY COUNCIL") outweighs every other mention. A printed
council name that is not on the list is kept as printed when it wins.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from core.councils import (
    _NAME_START,
    Council,
    _initialisms,
    _pick,
    councils,
    find_council,
    mentions,
)
from core.dates import MONTH_NAMES, WEEKDAYS
from core.scan.alternations import trie_regex
from core.scan.folding import folded
from core.scan.places import find_all
from core.scan.scanners import finditer_in_runs

_NAME_CHARS = r"\w'’&-"  # what a word of a council's name is made of (the hyphen last)
_NAMEWORD = rf"[A-Z][{_NAME_CHARS}]*"
#: The shapes of a council's full name as printed, each around the word every such name holds
#: (what stands before it, the word, what follows): "London Borough of Merton", "City of York
#: Council", "Devon County Council".
_PRINTED_SHAPES = (
    (
        r"(?:(?:London|Royal|Metropolitan)\s+)?",
        "Borough",
        rf"\s+of\s+{_NAMEWORD}(?:\s+(?:and\s+)?{_NAMEWORD})?(?:\s+Council)?",
    ),
    (rf"City\s+of\s+{_NAMEWORD}(?:\s+{_NAMEWORD}){{0,3}}\s+", "Council", ""),
    (
        rf"{_NAMEWORD}(?:\s+(?:and\s+|upon\s+|on\s+)?{_NAMEWORD}){{0,3}}\s+"
        r"(?:Metropolitan\s+Borough\s+|County\s+Borough\s+|County\s+|City\s+|Borough\s+|District\s+)?",
        "Council",
        "",
    ),
)
#: A council's full name as printed: "Devon County Council", "London Borough of Merton".
PRINTED_COUNCIL = re.compile(
    r"(?=[A-Z])\b(?:" + "|".join(before + word + after for before, word, after in _PRINTED_SHAPES) + r")\b"
)
_PRINTED_WORDS = tuple(dict.fromkeys(word for _, word, _ in _PRINTED_SHAPES))
#: A run of name characters and white space: a printed name lies inside one.
_NAME_RUN = re.compile(rf"[\s{_NAME_CHARS}]*")
_DOMAIN = re.compile(r"\b([a-z][a-z-]+)\.gov\.uk\b", re.I)
#: Words that may open a printed council name without being part of the place.
_NOT_A_PLACE = set(
    "that the this at to by in on for from with members member chair chairman vice-chair vice meeting "
    "minutes report reports please both each a an of and & dear following since when where our its their "
    "agenda item councillor cllr papers copies also recommendation recommendations resolved if as all new "
    "draft annual joint whilst while under after before full county city borough parish town".split()
) | {m.lower() for m in MONTH_NAMES} | {d.lower() for d in WEEKDAYS}  # "31 March County Council": a date
_LETTERHEAD = 10
_LETTERHEAD_LINES = 8
_LETTERHEAD_REACH = 1000
_LETTERHEAD_WIDTH = 120
_COUNCIL_WORD = re.compile(r"\b(?:council|borough|corporation)\b", re.I)
_COUNCIL_REACH = 100_000  # a paper names its own council early and often; appendices add noise


@dataclass(frozen=True)
class CouncilNamed:
    """The document's council: ``name`` as the document prints it (or the list's canonical
    name), and the council on the shipped list (None for a council not on it)."""

    name: str
    council: Council | None


def is_council_name(s: str) -> bool:
    """True for a council's full name ("Kent County Council", "Merton Council")."""
    return bool(PRINTED_COUNCIL.fullmatch(s.strip()))


@lru_cache(maxsize=1)
def _council_pattern() -> tuple[re.Pattern, dict[str, list[Council]], dict[str, Council]]:
    """One regex of every council name, area and short form; the councils of each form; and each
    council by its area squashed as in a web domain ("eastsussex")."""
    forms: dict[str, list[Council]] = {}
    for c in councils():
        for form in (c.name, c.area, *c.short_forms):
            form = form.strip()
            if len(form) >= 4 and form[:1].isupper() and not form.isupper():  # "DCC": Devon's? Durham's?
                forms.setdefault(form, []).append(c)
    squashed = {re.sub(r"[^a-z]", "", c.area.lower()): c for c in councils() if not c.active_to}
    capitalised = [f for f in forms if re.match("[A-Z]", f)]  # a name starts with a capital
    return re.compile(rf"(?:{trie_regex(capitalised, _NAME_START)})(?![\w-])"), forms, squashed


def council_of_text(text: str, head_end: int = 1500, as_of: str | None = None) -> CouncilNamed | None:
    """The council ``text`` belongs to; mentions before ``head_end`` (the header) count more."""
    pattern, forms, squashed = _council_pattern()
    head_end = max(head_end, min(len(text), 1500))
    scores: Counter[str] = Counter()
    by_id = {c.id: c for c in councils()}
    for m in pattern.finditer(text, 0, _COUNCIL_REACH):
        c = _pick([(0, c) for c in forms[" ".join(m.group(0).split())]], as_of)
        scores[c.id] += 3 if m.start() < head_end else 1
    printed: Counter[str] = Counter()  # full names not on the list
    as_printed: dict[str, Counter[str]] = {}  # how each listed council's full name is printed
    for m in _printed_councils(text, _COUNCIL_REACH):
        name = _tidy_council(m.group(0))
        if not name:
            continue
        c = find_council(name, as_of)
        if c:
            scores[c.id] += 2
            as_printed.setdefault(c.id, Counter())[name] += 1
        else:
            printed[name] += 3 if m.start() < head_end else 1
    for m in _domains(text, folded(text)):
        label = m.group(1).lower()
        listed = squashed.get(label.replace("-", "")) or find_council(label, as_of)
        if listed:
            scores[listed.id] += 4
    letterhead = _letterhead(text, as_of)
    if len(letterhead) == 1:  # the paper's own letterhead: other councils are ones it mentions
        scores[letterhead[0].id] += sum(scores.values()) + _LETTERHEAD
    best_id, best = scores.most_common(1)[0] if scores else (None, 0)
    best_printed, printed_score = printed.most_common(1)[0] if printed else (None, 0)
    if best_printed and printed_score > best:
        return CouncilNamed(best_printed, None)
    if best_id is None:
        return None
    council = by_id[best_id]
    name = as_printed[best_id].most_common(1)[0][0] if best_id in as_printed else council.name
    return CouncilNamed(name, council)


def _printed_councils(text: str, end: int) -> Iterator[re.Match]:
    """What ``PRINTED_COUNCIL.finditer(text, 0, end)`` yields, searched only in the runs of name
    characters and white space that hold one of the words every printed name holds ("Council",
    "Borough"): a few hundred places in a corpus, where the pattern opening with a check would
    be tried at every position. A run ends at a character no name holds, which is no word
    character either, so the pattern's closing word boundary reads the same inside the run."""
    end = min(end, len(text))
    return finditer_in_runs(PRINTED_COUNCIL, text, _NAME_RUN, find_all(text, _PRINTED_WORDS, 0, end), end)


def _domains(text: str, low: str | None) -> Iterator[re.Match]:
    """What ``_DOMAIN.finditer(text)`` yields, searched only in the run of letters and hyphens
    before each ".gov.uk" of the lower-cased text ``low`` (a domain's label can stand nowhere
    else). The case-insensitive pattern tried at every position costs more than the rest of
    the council's reading."""
    if low is None:
        yield from _DOMAIN.finditer(text)
        return
    pos = 0
    while (at := low.find(_GOV_UK, pos)) != -1:
        label = at
        while label > pos and low[label - 1] in _LABEL_CHARS:
            label -= 1
        m = _DOMAIN.search(text, label, min(len(text), at + len(_GOV_UK) + 1))  # + the char after
        if m:
            yield m
        pos = m.end() if m else at + 1


_GOV_UK = ".gov.uk"
_LABEL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz-")


def _letterhead(text: str, as_of: str | None) -> list[Council]:
    """Councils named in the first lines, where a paper prints its letterhead and title ("KENT
    COUNTY COUNCIL", "Inspection of Bath and North East Somerset local authority children's
    services"): a whole line or dash-separated part in any case, or a name or area as printed."""
    pattern, forms, _ = _council_pattern()
    found: list[Council] = []
    end = 0
    for count, m in enumerate(re.finditer(r"[^\n]+", text[:_LETTERHEAD_REACH])):
        line = m.group(0)
        if count >= _LETTERHEAD_LINES or len(line) > _LETTERHEAD_WIDTH:  # prose: the header is over
            break
        end = m.end()
        for part in re.split(r"\s[-–—|]\s|:", line):
            part = " ".join(part.split())
            if len(part.split()) >= 2 and _COUNCIL_WORD.search(part):
                found.append(find_council(part, as_of))
    for m in pattern.finditer(text, 0, end):  # a name may wrap: "Bath and North East / Somerset"
        found.append(_pick([(0, c) for c in forms[" ".join(m[0].split())]], as_of))
    return list(dict.fromkeys(c for c in found if c))


def _tidy_council(name: str) -> str | None:
    """ "Devon County Council" from "The Devon County Council"; None for "the County Council"."""
    words = name.split()
    while words and words[0].lower() in _NOT_A_PLACE:
        words = words[1:]
    if len(words) < 2:
        return None
    return " ".join(words)


def main_council(text: str, as_of: str | None = None) -> Council | None:
    """The listed council a text is about, by the one resolver of a document's council
    (:func:`council_of_text`); None when it names none on the list."""
    named = council_of_text(text, as_of=as_of)
    return named.council if named else None


def resolve_initialism(
    abbrev: str, context: Council | str | None = None, text: str | None = None, as_of: str | None = None
) -> Council | None:
    """The council an initialism means in a document, or None when the context cannot tell.

    ``context`` is the document's own council (a Council or a name); ``text`` the document text.
    "DCC" in a Devon document is Devon County Council, in a Durham one Durham County Council.
    Without a deciding context an ambiguous initialism stays unresolved rather than guessed.
    """
    candidates = _initialisms().get(abbrev.strip().replace(".", "").upper(), ())
    if not candidates:
        return None
    if as_of:
        candidates = tuple(c for c in candidates if c.active_on(as_of)) or candidates
    own = find_council(context, as_of) if isinstance(context, str) else context
    if own is None and text:
        own = main_council(text, as_of)
    if own in candidates:
        return own
    if text:
        named = {c for _, _, c in mentions(text, as_of) if c in candidates}
        if len(named) == 1:
            return named.pop()
    return candidates[0] if len(candidates) == 1 and text is None and context is None else None

