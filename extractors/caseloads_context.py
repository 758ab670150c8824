"""What a caseload figure is, read from the words around it: its kind, role, period and clause.

Kept apart from :mod:`extractors.caseloads` (which finds the figures) so each stays small. Every
function takes the document text and absolute offsets, so the quote of a record can always be
found again at the same place.
"""

from __future__ import annotations

import re

from core.scan.folding import folded_twin
from core.text import enclosing
from extractors.vocabulary import terms

# --- roles ------------------------------------------------------------------------------------

def _role_entries() -> tuple[dict[str, str], str]:
    """(printed role -> stored name, regex of every role) from ``vocabulary/caseload_roles.txt``."""
    names: dict[str, str] = {}
    for term in terms("caseload_roles"):
        printed, _, name = (p.strip() for p in term.partition("|"))
        names[printed] = name or printed
    patterns = []
    for printed in sorted((p for p in names if p != "fte"), key=len, reverse=True):
        words = [re.escape(w) for w in printed.split()]
        patterns.append(r"[\s-]+".join(words) + "s?")
    return names, r"\b(?:" + "|".join(patterns) + r")\b"


_ROLE_NAMES, ROLE = _role_entries()
ROLE_RE = re.compile(ROLE, re.I)
_LOWER_ROLE = folded_twin(ROLE_RE)
DEFAULT_ROLE = "social worker"
_HOLDING = (
    r"(?:['’]s?)?\s*(?:[\w-]+\s+){0,3}?(?:have|has|had|having|hold|holds|holding|held|carry|carries|carrying|"
    r"carried|keep|keeps|keeping|responsible\s+for|manag(?:e|es|ing)|work(?:s|ing)?\s+with|with|"
    r"oversee(?:s|ing)?|oversaw|supervis\w+|(?:limited|capped|restricted)\s+(?:to|at)|case[\s-]?loads?)\b"
)
_ROLE_HOLDS = re.compile(_HOLDING, re.I)
_ROLE_AFTER_FIGURE = re.compile(
    r"\s*(?:(?:open|allocated|active|live|current)\s+)?(?:cases?|children|families)?\s*"
    r"(?:per|for|for\s+each|for\s+every|each|a|among|amongst)\s+"
    r"(?:the\s+majority\s+of\s+|most\s+|all\s+|some\s+|each\s+|every\s+|our\s+|an?\s+|the\s+)?(?P<role>"
    + ROLE
    + r"|fte\b)",
    re.I,
)
_CASELOAD_OF = re.compile(
    r"\bcase[\s-]?loads?\s+(?:of|for|among|amongst|held\s+by|carried\s+by)\s+(?:the\s+)?"
    r"(?:majority\s+of\s+|all\s+|some\s+|most\s+|our\s+|a\s+|an\s+|each\s+|every\s+)?(?:the\s+)?$",
    re.I,
)
_PRONOUN_HOLDS = re.compile(
    r"\b(?:they|we|some|many|most|several|each|others)\s+(?:\w+\s+){0,2}?(?:have|has|had|hold|holds|held|"
    r"holding|carry|carries|carried|carrying|manage|managed|managing)\s+(?:[\w-]+\s+){0,3}$",
    re.I,
)
_SPEAKER = re.compile(
    r"\s*(?:\([^)]{0,40}\)\s*)?(?:,[^,]{0,60},\s*)?(?:\w+\s+){0,2}?(?:explained|said|noted|reported|advised|"
    r"confirmed|told|stated|informed|responded|replied|added|commented|highlighted|indicated|agreed|"
    r"acknowledged|emphasi[sz]ed|stressed|suggested|felt|believed|asked|presented|outlined|described)\b",
    re.I,
)


def normal_role(printed: str) -> str:
    """The role as a reader names it: lower case, singular, abbreviations spelt out (see the
    vocabulary file)."""
    role = " ".join(printed.lower().replace("-", " ").split())
    for key in (role, role[:-1] if role.endswith("s") else role):
        if key in _ROLE_NAMES:
            return _ROLE_NAMES[key]
    return role


def _is_title_or_speaker(text: str, s_start: int, m: re.Match) -> bool:
    """A singular capitalised role mid-sentence is a person's job title ("the Team Manager"), and a
    role followed by "explained"/"said" is the speaker; neither holds the cases."""
    printed = m.group(0)
    at_start = not text[s_start : m.start()].strip(" -•*\t\n")
    capitalised = any(w[0].isupper() and not w.isupper() for w in printed.split())
    if capitalised and not at_start and not printed.lower().endswith("s"):
        return True
    return bool(_SPEAKER.match(text, m.end(), m.end() + 80))


_SUBJECT_LEAD = re.compile(
    r"(?:\(?[\w.]{1,4}[.)]\s+)?(?:(?:the|our|all|most|many|some|[A-Z][\w-]*(?:['’]s)?|case[\s-]?loads?\s+(?:for|of))\s+){0,3}"
)


def subject_role(text: str, s_start: int, s_end: int, low: str | None = None) -> str | None:
    """The workers a sentence is about when they open it: "Stockport's IROs also chair ...",
    "Caseloads for IROs are too high" (plural or abbreviated roles only, not a person's title).
    ``low`` is the text lower-cased (:func:`core.scan.folding.folded`), cheaper to search, if known."""
    if low is None:
        m = ROLE_RE.search(text, s_start, min(s_end, s_start + 60))
    else:
        m = _LOWER_ROLE.search(low, s_start, min(s_end, s_start + 60))
    if not m or not _SUBJECT_LEAD.fullmatch(text, s_start, m.start()):
        return None
    printed = text[m.start() : m.end()]
    if not (printed.lower().endswith("s") or printed.isupper()):
        return None
    return normal_role(printed)


def figure_role(
    text: str, s_start: int, end: int, start: int, default: str | None = DEFAULT_ROLE
) -> str | None:
    """The worker whose cases the figure counts.

    Named after the figure ("per social worker", "for part time staff") or, before it in the
    sentence, a worker who holds caseloads ("managers are responsible for", "social worker
    caseloads", "caseloads of newly qualified social workers"). Workers merely mentioned do not
    count. ``default`` when none is named.
    """
    after = _ROLE_AFTER_FIGURE.match(text, end, end + 120)
    if after:
        return normal_role(after.group("role"))
    named = list(ROLE_RE.finditer(text, s_start, start))
    for m in reversed(named):
        if _is_title_or_speaker(text, s_start, m):
            continue
        if _ROLE_HOLDS.match(text, m.end(), start) or _CASELOAD_OF.search(
            text, max(s_start, m.start() - 60), m.start()
        ):
            return normal_role(m.group(0))
    # "Workers told us they carried 30 cases": the holder is a pronoun for the workers named
    if named and _PRONOUN_HOLDS.search(text, named[-1].end(), start):
        return normal_role(named[-1].group(0))
    return default


# --- kind -------------------------------------------------------------------------------------

# A clause ends at a semicolon, a colon or a contrast; "compared with"/"against" open the next one.
_BOUNDARY = re.compile(
    r";|:\s|\b(?:but|however|whereas|while|whilst|although|though|than(?!\s+(?:around\s+|about\s+)?\d))\b"
    r"|(?=\b(?:compar\w+|against|versus|vs)\b)|,\s*(?=(?:when|where|which)\b)",
    re.I,
)
_TARGET = re.compile(
    r"\b(?:targets?|targeted|aim(?:s|ed|ing)?|aspiration\w*|ambition\w*|goals?|ideal(?:ly)?|optimum|optimal|"
    r"reasonable|preferred|recommend(?:s|ed|ing)?|protected|capped|cap\s+of|limit(?:ed)?\s+(?:to|of|at)|no\s+more\s+than|"
    r"not\s+(?:to\s+)?(?:be\s+)?(?:more|greater|higher)\s+than|(?:not|never)\s+(?:to\s+)?exceed\w*|"
    r"reduce\s+(?:\w+\s+){0,3}to|bring\w*\s+(?:\w+\s+){0,3}down\s+to|(?:manageable|safe)\s+(?:level|number)s?)\b",
    re.I,
)
_TARGET_WEAK = re.compile(r"\b(?:should|would|must|will|expected\s+to|plan(?:ned|s)?\s+to|intend\w*)\b", re.I)
_BENCHMARK = re.compile(
    r"\b(?:comparable|comparators?|benchmark\w*|national(?:ly)?|nation[\s-]?wide|england|"
    r"regional(?:ly)?|statistical\s+neighbours?|other\s+(?:local\s+)?(?:authorities|councils|las)|"
    r"similar\s+(?:local\s+)?(?:authorities|councils)|neighbouring|elsewhere|sector\s+average)\b",
    re.I,
)
# "compared with 22": the other side of a comparison; which side is ours depends on the figure before
_CONTRAST = re.compile(
    r"\b(?:compar(?:ed|es|e|ing|ison)|against|versus|vs)\.?(?:\s+(?:with|to|an?|the|average|averages|of|around|about|"
    r"approximately|only|just|over|under|case[\s-]?loads?|figures?|levels?))*\s*$",
    re.I,
)
_LISTED_AFTER = re.compile(
    r"\s*(?:(?:cases|children)\s+)?(?:(?:in|for|at)\s+[\w'’ -]{1,40}?)?\s*(?:,|,?\s*and|,?\s*or|&)\s*"
)
_LOCAL = re.compile(
    r"\s*(?:cases\s+)?(?:per\s+[\w ]{1,20}?\s+)?"
    r"(?:here|locally|in\s+(?:this|our)\s+(?:authority|council|area|"
    r"county|borough|city|service)|for\s+(?:this|the)\s+(?:authority|council))\b",
    re.I,
)
_ACTUAL = re.compile(
    r"\b(?:currently|at\s+present|presently|now|in\s+reality|actual(?:ly)?|at\s+the\s+moment|today)\b", re.I
)
_RIGHT_BENCHMARK = re.compile(
    r"\s*(?:cases\s+)?(?:per\s+[\w ]{1,20}?\s+)?(?:(?:is|was|being|as)\s+(?:the\s+)?)?"
    r"(?:(?:national|regional|england|"
    r"statistical\s+neighbour|comparator)\s+average|nationally\b|regionally\b)"
    r"|\s*(?:cases\s+)?(?:in|across|for|among)\s+(?:the\s+)?(?:only\s+)?(?:\d+\s+)?(?:other|comparable|similar|"
    r"neighbouring|comparator|statistical|local\s+authorities|authorities|councils|las)\b",
    re.I,
)
_RIGHT_TARGET = re.compile(
    r"\s*(?:cases\s+)?(?:per\s+[\w ]{1,20}?\s+)?(?:is|was|being|as|would\s+be)\s+(?:the|a|our)\s+"
    r"(?:target|aim|goal|ideal|recommended|reasonable|manageable)\b",
    re.I,
)
_OPEN_ABOVE = re.compile(
    r"(?:in\s+excess\s+of|more\s+than|greater\s+than|over|above|exceed(?:ing|ed|s)?)\s+"
    r"(?:around\s+|about\s+|approximately\s+)?$",
    re.I,
)
_AT_LEAST = re.compile(r"at\s+least\s+$", re.I)
_MAXIMUM = re.compile(
    r"(?:up\s+to|as\s+(?:many|high)\s+as|maximum(?:\s+case[\s-]?loads?)?(?:\s+(?:of|was|is))?"
    r"|highest(?:\s+case[\s-]?loads?)?\s+(?:of|was|is|at))\s+(?:around\s+|about\s+|approximately\s+)?$",
    re.I,
)


def figure_kind(
    text: str,
    s_start: int,
    s_end: int,
    start: int,
    end: int,
    low: float,
    high: float | None,
    previous: tuple[str, int] | None = None,
) -> tuple[str, float, float | None]:
    """(kind, low, high): "in excess of 50" is 51 upwards, unless it is a limit ("should not be
    more than 20" is a target of 20). ``previous`` is (kind, end) of the figure before in the
    sentence: after "compared with" a figure is the other side of that comparison, and a figure
    listed after it ("18 in Somerset and 16 in Torbay") is of the same kind."""
    if (
        previous
        and previous[0] in ("target", "benchmark")
        and _LISTED_AFTER.fullmatch(text, previous[1], start)
    ):
        return previous[0], low, high
    clause = s_start
    for b in _BOUNDARY.finditer(text, s_start, s_end):  # to s_end: "than" looks ahead for a number
        if b.end() > start:
            break
        clause = b.end()
    comma = max(clause, text.rfind(",", clause, start) + 1)
    cues = [(m.end(), "target") for m in _TARGET.finditer(text, clause, start)]
    cues += [(m.end(), "target") for m in _TARGET_WEAK.finditer(text, comma, start)]
    cues += [(m.end(), "benchmark") for m in _BENCHMARK.finditer(text, clause, start)]
    cues += [(m.end(), "contrast") for m in _CONTRAST.finditer(text, clause, start)]  # only right before
    kind = "reported"
    if cues:
        at, kind = max(cues)
        if kind == "target" and _ACTUAL.search(text, at, start):
            kind = "reported"
    if kind in ("reported", "contrast") and _LOCAL.match(text, end, s_end):
        kind = "reported"
    elif kind in ("reported", "contrast") and _RIGHT_BENCHMARK.match(text, end, s_end):
        kind = "benchmark"
    elif kind == "contrast":
        kind = "reported" if previous and previous[0] == "benchmark" else "benchmark"
    elif kind == "reported" and _RIGHT_TARGET.match(text, end, s_end):
        kind = "target"
    if high is None and kind == "reported":
        return "maximum", low, high  # "25+"
    if low != high:
        return kind, low, high
    left = text[max(s_start, start - 40) : start]
    if _OPEN_ABOVE.search(left) or _AT_LEAST.search(left):
        if kind == "target":
            return kind, low, high
        bottom = low + 1 if _OPEN_ABOVE.search(left) and low.is_integer() else low
        return ("maximum" if kind == "reported" else kind), bottom, None
    if _MAXIMUM.search(left) and kind == "reported":
        return "maximum", low, high
    return kind, low, high


# --- quote ------------------------------------------------------------------------------------

_CLAUSE = re.compile(r";|:\s")


def clause_bounds(text: str, s_start: int, s_end: int, start: int, end: int) -> tuple[int, int]:
    """The clause (between semicolons or after a colon) holding the figure; a long one is cut to
    its comma-delimited parts around the figure."""
    c_start, c_end = enclosing(_CLAUSE, text, s_start, s_end, start, end)
    if c_end - c_start <= 300:
        return c_start, c_end
    comma = text.rfind(",", c_start, start)
    cut_start = comma + 1 if comma != -1 else c_start
    while start - cut_start < 60 and cut_start > c_start:
        comma = text.rfind(",", c_start, cut_start - 1)
        cut_start = comma + 1 if comma != -1 else c_start
    cut_end = text.find(",", end, c_end)
    return cut_start, (cut_end if cut_end != -1 else c_end)
