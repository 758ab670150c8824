"""Councils: the English authorities with children's services duties, shipped as data.

``core/data/councils.csv`` holds one row per authority with children's services duties
(upper tier: counties, unitaries, metropolitan and London boroughs, the City of London and the
Isles of Scilly), historical ones kept with an ``active_to`` date, because a 2013 paper may name
a council that no longer exists. Columns: a slug ``id``, the canonical ``name`` ("Devon County
Council"), the ONS/GSS code (``former_gss_codes`` keeps codes an unchanged council used before a
recoding), the DfE LA number, the bare ``area``, ``;``-separated usual ``short_forms``,
``region``, ``active_from``, ``active_to`` and ``former_names`` ("NAME until YYYY-MM-DD": what a
renamed council was called before). Documents and ratings link to it by
``council_id``; a council not on the list is kept by name with a null id, never dropped.

Initialisms ("DCC", "KCC") are deliberately not short forms: several councils share them
(Devon, Durham, Derbyshire, Dorset County Councils are all "DCC"), so
``core.council_of.resolve_initialism`` reads them in the context of a document instead.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from core.scan.alternations import char_trie
from core.vocabulary import entries, matcher


@dataclass(frozen=True)
class Council:
    id: str
    name: str
    gss_code: str | None
    dfe_code: str | None
    area: str
    short_forms: tuple[str, ...]
    region: str | None
    active_to: str | None
    active_from: str | None = None
    former_gss_codes: tuple[str, ...] = ()
    former_names: tuple[tuple[str, str], ...] = ()  # (name, last day it was used), oldest first

    def name_on(self, date: str | None) -> str:
        """The council's name on ISO ``date`` ("Southend-on-Sea Borough Council" before its
        city status in 2022); the current name without a date."""
        if date:
            day = _full_date(date)
            for name, until in self.former_names:
                if day <= until:
                    return name
        return self.name

    def active_on(self, date: str) -> bool:
        """True when the council existed on ISO ``date``; a bare year means its middle."""
        day = _full_date(date)
        return (not self.active_from or day >= self.active_from) and (
            not self.active_to or day <= self.active_to
        )


def _full_date(date: str) -> str:
    date = date.strip()
    if re.fullmatch(r"\d{4}", date):
        return f"{date}-07-01"
    if re.fullmatch(r"\d{4}-\d{2}", date):
        return f"{date}-15"
    return date[:10]


def _former(entry: str) -> tuple[str, str]:
    """ "Southend-on-Sea Borough Council until 2022-02-28" -> (name, "2022-02-28")."""
    name, sep, until = entry.rpartition(" until ")
    if not sep or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", until.strip()):
        raise ValueError(f"core/data/councils.csv: former name {entry!r} should read 'NAME until YYYY-MM-DD'")
    return name.strip(), until.strip()


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(s.strip() for s in (value or "").split(";") if s.strip())


@lru_cache(maxsize=1)
def councils() -> tuple[Council, ...]:
    """Every council in the shipped list (read once per process)."""
    with resources.files("core").joinpath("data/councils.csv").open(encoding="utf-8") as f:
        return tuple(
            Council(
                id=r["id"],
                name=r["name"],
                gss_code=r["gss_code"] or None,
                dfe_code=r["dfe_code"] or None,
                area=r["area"],
                short_forms=_split(r["short_forms"]),
                region=r.get("region") or None,
                active_to=r.get("active_to") or None,
                active_from=r.get("active_from") or None,
                former_gss_codes=_split(r.get("former_gss_codes")),
                former_names=tuple(_former(f) for f in _split(r.get("former_names"))),
            )
            for r in csv.DictReader(f)
        )


def current_councils() -> tuple[Council, ...]:
    """The councils that exist today (no ``active_to`` date)."""
    return tuple(c for c in councils() if not c.active_to)


def _key(name: str) -> str:
    name = re.sub(r"['’]s\b", "", name.lower())
    return re.sub(r"[^a-z0-9]+", " ", name.replace("&", " and ")).strip()


_GENERIC = re.compile(r"\b(the|council|county|city|borough|metropolitan|district|of|london|royal)\b")


@lru_cache(maxsize=1)
def _index() -> dict[str, list[tuple[int, Council]]]:
    """Every written form's key -> (priority, council): name 0, short form 1, area 2."""
    index: dict[str, list[tuple[int, Council]]] = {}
    for c in councils():
        forms = [(0, c.name), *((1, s) for s in c.short_forms), (2, c.area)]
        for prio, form in forms:
            index.setdefault(_key(form), []).append((prio, c))
    return index


@lru_cache(maxsize=1)
def _codes() -> dict[str, Council]:
    codes: dict[str, Council] = {}
    for c in councils():
        for code in (c.gss_code, *c.former_gss_codes):
            if code:
                codes[code.upper()] = c
    return codes


def _pick(candidates: list[tuple[int, Council]], as_of: str | None) -> Council:
    """The best candidate: the most specific form, then one active on ``as_of`` (else current)."""
    best = min(p for p, _ in candidates)
    pool = list(dict.fromkeys(c for p, c in candidates if p == best))
    if as_of:
        active = [c for c in pool if c.active_on(as_of)]
        pool = active or pool
    current = [c for c in pool if not c.active_to]
    return (current or pool)[0]


def by_code(code: str | None) -> Council | None:
    """The council with this GSS code (current or former) or DfE LA number, or None."""
    if not code:
        return None
    code = code.strip().upper()
    if code in _codes():
        return _codes()[code]
    matches = [c for c in councils() if c.dfe_code == code]
    return _pick([(0, c) for c in matches], None) if matches else None


def find_council(name: str | None, as_of: str | None = None) -> Council | None:
    """The council a printed name refers to ("Devon County Council", "Devon", "E10000008"), or None.

    ``as_of`` (an ISO date) decides between councils sharing a form: "Dorset" in 2015 is Dorset
    County Council, in 2020 Dorset Council. Without it the current council wins.
    """
    if not name:
        return None
    if re.fullmatch(r"\s*E\d{8}\s*", name):
        return by_code(name)
    key = _key(name)
    index = _index()
    if key in index:
        return _pick(index[key], as_of)
    stripped = re.sub(r"\s+", " ", _GENERIC.sub(" ", key)).strip()
    if stripped and stripped in index:
        return _pick(index[stripped], as_of)
    return None


# --- initialisms -------------------------------------------------------------------------------

_SMALL = {"and", "of", "the", "upon", "on", "with", "in", "under"}


def _initialism(form: str) -> str | None:
    words = [w for w in re.split(r"[\s\-,]+", form.replace("&", " ")) if w and w.lower() not in _SMALL]
    if len(words) < 2:
        return form if re.fullmatch(r"[A-Z&]{3,6}", form) else None
    return "".join(w[0].upper() for w in words)


@lru_cache(maxsize=1)
def _initialisms() -> dict[str, tuple[Council, ...]]:
    table: dict[str, list[Council]] = {}
    for c in councils():
        for form in (c.name, *c.short_forms):
            init = _initialism(form)
            if init and len(init) >= 3 and c not in table.setdefault(init, []):
                table[init].append(c)
    return {k: tuple(v) for k, v in table.items()}


def initialisms() -> dict[str, tuple[Council, ...]]:
    """Every council initialism ("DCC", "LBH", "WMBC") and the councils it may stand for."""
    return _initialisms()


# --- councils named in running text ------------------------------------------------------------

#: Bare place names that are also everyday words: they count only with a council word after them.
_WS = re.compile(r"\s+")
_NEEDS_SUFFIX = frozenset(word for _, word in entries("everyday_place_names"))
_TITLE_BEFORE = re.compile(r"(?:Councillor|Cllr|Mr|Mrs|Ms|Miss|Dr|Sir)\.?\s+(?:[A-Z]\.?\s+)*$")
_SUFFIX_AFTER = re.compile(r"(?:['’]s\b|\s+(?:Council|County|City|Borough|Metropolitan|MBC)\b)")


#: Before a name: no letter, digit or hyphen. Written as a look back from the name's first
#: character (a capital), so the regex engine starts a match only at a capital letter.
_NAME_START = r"(?<![\w\-][A-Z])"
#: Where a mention can start: a capital with no letter, digit or hyphen before it.
_CAPITAL = re.compile("[A-Z]" + _NAME_START)


@lru_cache(maxsize=1)
def _mention_forms() -> tuple[dict, dict[str, list[tuple[int, Council]]]]:
    """Every written form a mention may take (name, short form, area, each also in capitals) with
    the (priority, council) pairs it stands for, and the forms as a trie of characters (a
    space in a form stands for any run of white space). Walking the trie at a capital costs a
    few dictionary lookups; a regex of the 1,300 forms cost 50 ms to build in each worker."""
    forms: dict[str, list[tuple[int, Council]]] = {}
    for c in councils():
        for prio, form in [(0, c.name), *((1, s) for s in c.short_forms), (2, c.area)]:
            if len(form) < 3 or re.search(r"[,;]", form) and prio == 1 and form != c.name:
                continue
            for variant in {form, form.upper()}:
                forms.setdefault(variant, []).append((prio, c))
    trie = char_trie(form for form in forms if re.match("[A-Z]", form))  # a mention starts with a capital
    return trie, forms


def _mention_end(text: str, at: int, end: int, trie: dict) -> int | None:
    """Where the longest form starting at ``at`` ends, reading no further than ``end``, when no
    letter, digit or underscore (nor a hyphen and one) follows it; else None. The same
    match as a regex alternation of the forms, longest first, tried at ``at``."""
    node, i, best = trie, at, None
    while True:
        if "" in node and not _word_follows(text, i, end):
            best = i
        if i >= end:
            return best
        if text[i].isspace():  # a space in a form: the whole run of white space
            node = node.get(" ")
            while i < end and text[i].isspace():
                i += 1
        else:
            node = node.get(text[i])
            i += 1
        if node is None:
            return best


def _word_follows(text: str, i: int, end: int) -> bool:
    r"""The regex check ``(?![\w]|-\w)`` at ``i`` in ``text[:end]``."""
    if i >= end:
        return False
    ch = text[i]
    if ch == "-" and i + 1 < end:
        ch = text[i + 1]
    return ch.isalnum() or ch == "_"


def mentions(text: str, as_of: str | None = None, start: int = 0, end: int | None = None):
    """Councils named in ``text[start:end]``: a list of (start, end, Council), in text order."""
    trie, forms = _mention_forms()
    end = len(text) if end is None else min(end, len(text))
    found: list[tuple[int, int, Council]] = []
    pos = max(0, start)
    for capital in _CAPITAL.finditer(text, pos, end):
        at = capital.start()
        stop = _mention_end(text, at, end, trie) if at >= pos else None
        if stop is None:
            continue
        pos = stop
        form = _WS.sub(" ", text[at:stop])
        if form in _NEEDS_SUFFIX and not _SUFFIX_AFTER.match(text, stop):
            continue
        if _TITLE_BEFORE.search(text, max(0, at - 40), at):
            continue
        if _inside_other_place(text, at, stop):
            continue
        found.append((at, stop, _pick(forms[form], as_of)))
    return found


def _inside_other_place(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` is part of another place's name ("York" in "New York"; see
    ``core/vocabulary/other_places.tsv``)."""
    pattern, _ = matcher("other_places")
    return any(
        m.start() <= start and end <= m.end()
        for m in pattern.finditer(text, max(0, start - 30), min(len(text), end + 30))
    )

