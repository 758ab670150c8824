"""The words of Ofsted judgements: grades, judgement areas, framing verbs and the cues that rule a grade out.

Kept apart from :mod:`extractors.ofsted_ratings` so the reading logic stays short and the
vocabulary (which grows as new frameworks and phrasings turn up) can be read in one place.
Everything here is generic English/Ofsted wording from the inspection frameworks of 2009-2025
(safeguarding and looked after children, child protection 2012-13, SIF 2013-18, ILACS 2018-);
nothing names a council or quotes one document.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import yaml

from core.dates import MONTH as _MONTH
from core.scan.scanners import keyed_finditer
from extractors.vocabulary import load_yaml

Q_OPEN = "\"'“‘"
Q_CLOSE = "\"'”’"

_DATA = Path(__file__).with_name("vocabulary") / "ofsted.yml"


@lru_cache(maxsize=1)
def terms() -> dict:
    """The vocabulary file (grades, areas, fieldwork labels, earlier-inspection cues), read once."""
    try:
        data = load_yaml(_DATA.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise RuntimeError(f"{_DATA}: cannot read the Ofsted vocabulary ({e}); reinstall the package") from e
    for key, value in data.items():
        if isinstance(value, str):  # a block of single words
            data[key] = value = value.split()
        entries = [f for forms in value.values() for f in forms] if isinstance(value, dict) else value
        odd = [e for e in entries if not isinstance(e, str)]
        if odd:  # YAML reads a bare on/off/yes/no as a boolean
            raise RuntimeError(f"{_DATA}: {key} holds {odd!r}, not words; put quotes around them")
    return data


def phrase(p: str) -> str:
    """A regex for one vocabulary phrase: any white space between words (text wraps), ' or ’ for an
    apostrophe, a hyphen or a space between hyphenated words, an optional comma after a word."""
    out = []
    for word in p.split():
        w = re.escape(word.rstrip(","))
        w = w.replace("'", "['’]").replace("\\-", "[\\s-]+")
        out.append(w + (",?" if word.endswith(",") else ""))
    return r"[\s-]+".join(out)


def phrases(items: list[str]) -> str:
    """One alternation of ``items``, longest first so "requires improvement to be good" wins over
    "requires improvement"."""
    return "|".join(phrase(p) for p in sorted(set(items), key=len, reverse=True))


def words(key: str, flags: int = re.I) -> re.Pattern:
    """Any phrase of the vocabulary list ``key``, on word boundaries."""
    return re.compile(r"(?<![\w-])(?:" + phrases(terms()[key]) + r")(?![\w-])", flags)


#: printed grade form (lower case) -> the judgement it stands for.
GRADE_OF: dict[str, str] = {f.lower(): j for j, forms in terms()["grades"].items() for f in forms}
GRADES = phrases(list(GRADE_OF))

#: A grade word as printed, optionally quoted.
GRADE = re.compile(
    r"(?<![\w-])[" + Q_OPEN + r"]?(?P<grade>" + GRADES + r")(?![\w-])[" + Q_CLOSE + r"]?", re.I
)
GRADE_WORD = re.compile(r"(?<![\w-])(?:" + GRADES + r")(?![\w-])", re.I)


def grade_key_starts(text: str) -> list[int]:
    """Where a grade word starts in ``text``: prose skips paragraphs holding none, tables rows."""
    return list(_grade_starts(text))


@lru_cache(maxsize=2)
def _grade_starts(text: str) -> tuple[int, ...]:
    # Found once per document: the prose and table readers both ask, and the case-insensitive
    # scan of a whole report is one of the dearer steps of extraction.
    return tuple(m.start() for m in keyed_finditer(GRADE_WORD, text))


def grade_words(text: str) -> Iterator[re.Match]:
    """``GRADE_WORD.finditer(text)``, tried only where a grade word's first letters stand."""
    return keyed_finditer(GRADE_WORD, text)


#: A line (or cell) that is nothing but a grade.
GRADE_ONLY = re.compile(
    r"[\s\-–—•*|]*[" + Q_OPEN + r"]?(" + GRADES + r")[" + Q_CLOSE + r"]?\s*[.;|]?\s*", re.I
)


def normalise_grade(printed: str) -> str:
    """The judgement a printed grade stands for: "required improvement" -> "Requires improvement"."""
    return GRADE_OF.get(" ".join(printed.lower().split()), printed.strip().capitalize())


#: Judgement areas as printed (the vocabulary file's ``overall_areas`` and ``areas``), "the" optional.
AREA = re.compile(
    r"\b(?:(?:the\s+)?(?:" + phrases(terms()["overall_areas"] + terms()["areas"]) + r"))\b", re.I
)
OVERALL_NAME = "Overall effectiveness"


def area_name(printed: str) -> str:
    """The area as printed, white space collapsed and a leading article dropped; any "overall
    ..." phrase is the overall judgement."""
    area = re.sub(r"^(?:the|its|our|their)\s+", "", " ".join(printed.split()), flags=re.I)
    return OVERALL_NAME if OVERALL_AREA.match(area) else area


#: The formal names of judgement areas: with these even "found to be good" is a judgement.
FORMAL_AREA = re.compile(
    r"overall\s+(?:effectiveness|judge?ment)|capacity|experiences?\s+and\s+progress|impact\s+of\s+leaders|leadership,?\s+management"
    r"|need\s+help\s+and\s+protection|effectiveness\s+of|achieving\s+permanence|adoption\s+performance",
    re.I,
)
BOARD = re.compile(r"\b(?:LSCB|safeguarding\s+children(?:['’]s)?\s+(?:board|partnership))\b", re.I)
#: The overall judgement itself (not "overall effectiveness of safeguarding services", which the
#: 2009-12 framework gave beside one for looked after children).
OVERALL_AREA = re.compile(
    r"^overall(?:\s+(?:effectiveness|judge?ments?|grade|rating|ofsted\s+judge?ment))?(?:\s+of\s+(?:the\s+)?"
    r"(?:council(?:['’]s\s+children['’]s\s+services)?|(?:local\s+)?authority|children['’]s\s+services"
    r"|services\s+for\s+children(?:\s+and\s+(?:young\s+people|families))?))?\W*$",
    re.I,
)

#: Subjects that make a grade the overall judgement of the authority's children's services.
OVERALL = re.compile(
    r"\b(?:"
    + phrases(terms()["overall_subjects"])
    + r"|all\s+(?:\w+\s+)?(?:"
    + phrases(terms()["all_of"])
    + r"))\b",
    re.I,
)

#: Pronouns: the overall subject unless an area was just named ("the fostering service ... rated it").
PRONOUN = re.compile(r"\b(?:it|they|them)\b", re.I)

#: Verbs and nouns that make a grade a judgement ("judged to be", "rated", "the judgement was").
STRONG_FRAME = re.compile(r"\b(?:" + phrases(terms()["judging_words"]) + r")\b", re.I)
#: The judging verbs (the rest of STRONG_FRAME are nouns, which need "Ofsted" in the sentence).
#: "found the local authority to be good": "found" frames a grade only with "to be"/"as" after its object.
FOUND_FRAME = re.compile(r"\bfound\b(?=(?:\s+[\w’']+){0,6}?\s+(?:to\s+be|as)\b)", re.I)
FRAME_VERB = re.compile(
    r"^(?:found|(?:ad)?judged|re-?rated|rated|graded|deemed|assessed|class(?:ed|ified)|categori[sz]ed)\b",
    re.I,
)
#: A passive or participle before the verb: "was judged", "has been rated", "a council, rated".
PASSIVE_BEFORE = re.compile(
    r"(?:\b(?:was|were|is|are|be|been|being|get|got|now|previously|currently|recently|last|since|once|when"
    r"|subsequently|originally|initially|first|latterly|also|both|again|which|that)\s+|[,(]\s*|^\s*)$",
    re.I,
)
#: Who may judge in the active voice: "Ofsted rated the council good", "inspectors judged leadership ...".
AGENT = re.compile(
    r"\b(?:ofsted|inspect\w*|report|it|they|which|that|who|HMI|SIF|ILACS|framework)(?:['’]s)?"
    r"(?:\s+[\w’'()]+){0,6}\s*$",
    re.I,
)

#: Weaker frames: only with an inspection cue in the sentence and a graded subject.
WEAK_FRAME = re.compile(
    r"\b(?:found(?:\s+(?:to\s+be|that))?|remain(?:s|ed|ing)?|(?:is|are|was|were|be|being|been)|outcome\s+(?:was|of))\b",
    re.I,
)
RATING_NOUN_AFTER = re.compile(
    r"\s*(?:overall\s+)?(?:rating|judge?ment|grade|grading|verdict|outcome|category|status)\b", re.I
)
#: Words that may follow a predicative grade ("judged good in 2014", "good across all areas").
ALLOWED_AFTER = frozenset(w.lower() for w in terms()["words_after_grade"])

INSPECTION_CUE = re.compile(r"ofsted|inspect|\bsif\b|\bilacs\b|judge?ment|judged", re.I)
OFSTED = re.compile(r"ofsted|inspect", re.I)
OTHER_INSPECTORATE = words("other_inspectorates", 0)
#: Ofsted also grades settings (schools, homes, nurseries): those grades are not the council's.
SETTING = words("settings")
#: Plural or unnamed authorities: "52% of LAs", "the only 3 local authorities rated", "another council".
OTHERS = re.compile(
    r"\b(?:"
    + phrases(terms()["other_bodies"])
    + r")\b|\b(?:"
    + phrases(terms()["other_determiners"])
    + r")\s+(?:(?:"
    + phrases(terms()["other_qualifiers"])
    + r")\s+)*(?:"
    + phrases(terms()["body_nouns"])
    + r")\b|%|\b(?:"
    + phrases(terms()["figures_of_others"])
    + r")\b",
    re.I,
)
#: Aims, hypotheticals and negations: "aim to be judged good", "at risk of being judged inadequate".
NOT_A_FACT = re.compile(
    r"\b(?:"
    + phrases(terms()["not_a_fact"] + terms()["not_a_fact_phrases"])
    + r"|(?:"
    + phrases(terms()["modals"])
    + r")\s+(?:\w+\s+)?(?:"
    + phrases(terms()["after_modal"])
    + r"))\b",
    re.I,
)
#: Words that carry no subject of their own: a clause made only of them grades the authority.
NEUTRAL = re.compile(words("neutral_words").pattern + r"|\b\d+\b", re.I)
ACROSS_ALL = re.compile(
    r"^\W*(?:across|in|for)\s+(?:all|each|every)\b|^\W*overall\b|^\W*across\s+the\s+board", re.I
)

#: Table header cells that are not judgement areas.
HEADER_CELL = re.compile(r"^(?:judge?ment\s+areas?|areas?|grades?|judge?ments?|ratings?|outcomes?)$", re.I)
#: What a table's area cell must look like (an Ofsted area, or something naming a judgement).
AREA_CELL_WORD = words("area_cell_words")
#: Cells of performance scorecards, which grade indicators, not inspection areas.
INDICATOR_CELL = re.compile(words("indicator_words").pattern + "|%", re.I)
PROSE_VERB = re.compile(
    r"\b(?:was|were|is|are|been|being|judged|rated|has|have|had|will|would|should)\b", re.I
)
_OVERALL_CELL_WORDS = re.compile(
    r"\b(?:ofsted['’]?s?|overall|effectiveness|judge?ments?|ratings?|grades?|outcomes?|verdict|inspections?"
    r"|sif|ilacs|single|framework|standard|short|full|current|latest|most|recent|last|previous|the|of|in"
    r"|date|result|children['’]s\s+services|20[0-3]\d)\b|[\W_]+",
    re.I,
)


def is_overall_cell(cell: str) -> bool:
    """True for a table cell that names the overall judgement or an inspection rather than an area:
    "Overall effectiveness", "Current Ofsted rating", "Ofsted verdict", "SIF (2014)", "2019"."""
    return bool(OVERALL_AREA.match(cell.strip())) or not _OVERALL_CELL_WORDS.sub("", cell)


MONTH = _MONTH + r"\.?"
YEAR = re.compile(r"(?<![\d/£$.,-])(20[0-3]\d)(?![\d%]|/\d|\s*[-–]\s*(?:20)?\d{2}\b)")
#: An inspection and its date: "inspection, carried out between 22 February and 16 March 2016",
#: "the Ofsted inspection in January 2013", "a 2016 SIF inspection", "inspected in May 2014".
INSPECTION_DATE = re.compile(
    r"(?:inspect\w*|ofsted|\bSIF\b|\bILACS\b|\bvisit)[^.;]{0,90}?\b(?:in|during|between|on|of|from|dated|held"
    r"|took\s+place|carried\s+out)\b[^.;]{0,45}?" + r"(?<![\d/£$.,-])(20[0-3]\d)(?![\d%]|/\d)"
    r"|(?<![\d/£$.,-])(20[0-3]\d)\s+(?:ofsted\s+)?(?:SIF\s+|ILACS\s+|unannounced\s+|full\s+|single\s+)?inspection"
    r"|" + MONTH + r"\s+(20[0-3]\d)\s*(?:\(|,)?\s*(?:ofsted\s+)?(?:inspection|SIF|ILACS)"
    r"|(?:inspect\w*|ofsted|\bSIF\b|\bILACS\b)(?:\s+[A-Za-z’']+){0,3}?\s*[(,:]?\s*(20[0-3]\d)\b(?![\d%]|/\d|\s*[-–])",
    re.I,
)
DATE_CUE = re.compile(r"ofsted|inspect|\bSIF\b|\bILACS\b|\bvisit", re.I)
NOT_THE_INSPECTION = re.compile(r"\b(?:next|future|forthcoming|expected|due|upcoming|planned)\b", re.I)
DOC_DATE = re.compile(
    r"\b\d{1,2}(?:st|nd|rd|th)?\s+" + MONTH + r"\s+(20[0-3]\d)\b|\b" + MONTH + r"\s+(20[0-3]\d)\b", re.I
)
