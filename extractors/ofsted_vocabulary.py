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

from core.dates import MONTH as _MONTH
from core.dates import MONTH_NAME as _MONTH_NAME
from core.text import folded, match_at

Q_OPEN = "\"'“‘"
Q_CLOSE = "\"'”’"

#: A grade word as printed, optionally quoted. Longest alternatives first.
GRADE = re.compile(
    r"(?<![\w-])["
    + Q_OPEN
    + r"]?(?P<grade>requir(?:es|ed|ing|e)\s+improvement(?:\s+to\s+be(?:come)?\s+good)?"
    r"|outstanding|inadequate|adequate|good)(?![\w-])[" + Q_CLOSE + r"]?",
    re.I,
)
GRADE_WORD = re.compile(r"\b(?:requir\w*\s+improvement|outstanding|inadequate|adequate|good)\b", re.I)
#: Every GRADE_WORD match opens with one of these (in the lower-cased text). All are letters, so a
#: start hidden inside another occurrence ("adequate" in "inadequate") lacks the word boundary.
GRADE_KEYS = re.compile("requir|outstanding|inadequate|adequate|good")


@lru_cache(maxsize=2)
def grade_key_starts(text: str) -> list[int] | None:
    """Where a GRADE_WORD match may start; None when the text cannot be searched lower-cased."""
    low = folded(text)
    return None if low is None else [m.start() for m in GRADE_KEYS.finditer(low)]


def grade_words(text: str) -> Iterator[re.Match]:
    """``GRADE_WORD.finditer(text)``, trying the pattern only where a grade word may start."""
    starts = grade_key_starts(text)
    return GRADE_WORD.finditer(text) if starts is None else match_at(GRADE_WORD, text, starts)


#: A line (or cell) that is nothing but a grade.
GRADE_ONLY = re.compile(
    r"[\s\-–—•*|]*[" + Q_OPEN + r"]?(requires?\s+improvement(?:\s+to\s+be(?:come)?\s+good)?|outstanding"
    r"|inadequate|adequate|good)[" + Q_CLOSE + r"]?\s*[.;|]?\s*",
    re.I,
)


def normalise_grade(printed: str) -> str:
    """The judgement a printed grade stands for: "required improvement" -> "Requires improvement"."""
    low = printed.lower()
    if low.startswith("requir"):
        return "Requires improvement"
    return low.capitalize()


#: Judgement areas of the Ofsted frameworks, as they are printed. Board forms before "safeguarding".
_AREA_ALTERNATIVES = [
    r"overall\s+(?:effectiveness|judge?ments?|grade|rating)(?:\s+of\s+(?:the\s+)?(?:council['’]s\s+)?"
    r"(?:children['’]s\s+services|safeguarding(?:\s+services)?|services\s+for\s+(?:looked\s+after\s+)?children"
    r"|looked\s+after\s+children(?:['’]s\s+services)?))?",
    r"(?:the\s+)?(?:experiences?\s+and\s+progress\s+of\s+)?children\s+(?:who\s+need|in\s+need\s+of|needing)\s+"
    r"help\s+and\s+protection",
    r"(?:the\s+)?(?:effectiveness\s+of\s+(?:the\s+)?)?help\s+and\s+protection(?:\s+(?:services|arrangements))?",
    r"(?:the\s+)?(?:experiences?\s+and\s+progress\s+of\s+)?children\s+in\s+care(?:\s+and\s+care\s+leavers)?",
    r"(?:the\s+)?(?:experiences?\s+and\s+progress\s+of\s+)?care\s+leavers",
    r"children\s+looked\s+after(?:\s+and\s+achieving\s+permanence)?",
    r"(?:services\s+for\s+)?looked[\s-]+after\s+children(?:['’]s)?(?:\s+services)?",
    r"achieving\s+permanence",
    r"adoption(?:\s+(?:performance|services?|agency|support))?",
    r"fostering(?:\s+(?:services?|agency))?",
    r"(?:the\s+)?impact\s+of\s+leaders(?:\s+on\s+social\s+work\s+practice(?:\s+with\s+children\s+and\s+families)?)?",
    r"leadership(?:,?\s+management(?:,?\s+and\s+governance)?|\s+and\s+(?:management|governance))?",
    r"(?:the\s+)?(?:local\s+safeguarding\s+children(?:['’]s)?\s+board|LSCB|safeguarding\s+children(?:['’]s)?\s+"
    r"(?:board|partnership))",
    r"capacity\s+(?:for|to)\s+improve(?:ment)?",
    r"safeguarding(?:\s+(?:services|arrangements))?",
    r"(?:the\s+)?quality\s+of\s+(?:social\s+work\s+)?practice",
    r"child\s+protection(?:\s+(?:services|arrangements))?",
]
AREA = re.compile(r"\b(?:" + "|".join(_AREA_ALTERNATIVES) + r")\b", re.I)
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
    r"\b(?:overall|children['’]s\s+services|children['’]s\s+social\s+care|(?:social\s+care|social\s+work)\s+services"
    r"|services\s+for\s+children|the\s+(?:local\s+)?authority|(?:the|this|our)\s+council|council['’]s\s+services"
    r"|(?:the|our|its)\s+services?|services|provision|all\s+(?:\w+\s+)?(?:domains|areas|judge?ments|aspects"
    r"|categories)|across\s+the\s+board|every\s+(?:area|domain|judge?ment)|we|our|us"
    r"|(?:local\s+authority\s+)?arrangements\s+(?:for\s+(?:the\s+)?protection\s+of\s+children|to\s+protect\s+children))\b",
    re.I,
)

#: Pronouns: the overall subject unless an area was just named ("the fostering service ... rated it").
PRONOUN = re.compile(r"\b(?:it|they|them)\b", re.I)

#: Verbs and nouns that make a grade a judgement ("judged to be", "rated", "the judgement was").
STRONG_FRAME = re.compile(
    r"\b(?:(?:ad)?judged|judge?ments?|re-?rated|rated|ratings?|graded|grading|grades?|deemed|assessed\s+as"
    r"|class(?:ed|ified)\s+as|categori[sz]ed\s+as|verdict|received\s+an?|given\s+an?|awarded\s+an?"
    r"|achieved\s+an?|secured\s+an?|retained\s+(?:its|their|our)|inspection\s+outcome)\b",
    re.I,
)
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
ALLOWED_AFTER = frozenset(
    """
    to in for across overall by at and or with on since following after when as from under which but
    while whilst whereas last this again previously then now also too both during until before of
    that where there rating ratings judgement judgment grade grading verdict outcome category status
    judgements judgments
    """.split()
)

INSPECTION_CUE = re.compile(r"ofsted|inspect|\bsif\b|\bilacs\b|judge?ment|judged", re.I)
OFSTED = re.compile(r"ofsted|inspect", re.I)
OTHER_INSPECTORATE = re.compile(r"\b(?:HMIC\w*|CQC|Care\s+Quality\s+Commission|HMI\s*Probation|HMIP)\b")
#: Ofsted also grades settings (schools, homes, nurseries): those grades are not the council's.
SETTING = re.compile(
    r"\b(?:schools?|academ(?:y|ies)|nurser(?:y|ies)|colleges?|children['’]s\s+homes?|residential\s+homes?"
    r"|homes?|childminders?|pupil\s+referral|early\s+years\s+(?:settings?|providers?)|providers?|settings?"
    r"|children['’]s\s+centres?)\b",
    re.I,
)
#: Plural or unnamed authorities: "52% of LAs", "the only 3 local authorities rated", "another council".
OTHERS = re.compile(
    r"\b(?:local\s+authorities|authorities|councils|LAs|LSCBs|boards|partnerships)\b"
    r"|\b(?:an?|another|one|other|neighbouring|comparator|similar|some|many|most|few|several)\s+"
    r"(?:(?:local|similar|neighbouring|comparator|statistical)\s+)*(?:authority|council|LA)\b"
    r"|%|\bper\s*cent\b|\bnational(?:ly)?\b|\bmajority\b|\bproportion\b|\bin\s+England\b",
    re.I,
)
#: Aims, hypotheticals and negations: "aim to be judged good", "at risk of being judged inadequate".
NOT_A_FACT = re.compile(
    r"\b(?:not|n['’]t|never|no\s+longer|avoid\w*|aim\w*|aspir\w*|ambition\w*|target\w*|striv\w*|towards?"
    r"|journey|becom\w*|achiev(?:e|ing)|expect\w*|want\w*|hope\w*"
    r"|(?:will|would|could|should|shall|may|might|must)\s+(?:\w+\s+)?(?:be|become|get|achieve|remain|receive|move)"
    r"|ensure|risk|if|whether|unless|until|likely|potential\w*|at\s+least|better\s+than|than|move\s+to|moving\s+to"
    r"|get\s+to|next\s+inspection|future\s+inspection|required\s+to\s+be|need\s+to\s+be)\b",
    re.I,
)
#: Words that carry no subject of their own: a clause made only of them grades the authority.
NEUTRAL = re.compile(
    r"\b(?:the|a|an|and|that|which|who|was|were|is|are|has|have|had|been|being|be|it|its|their|also|then|when"
    r"|following|after|since|in|on|of|at|by|from|with|as|to|previously|recently|last|latest|most|recent"
    r"|subsequently|latterly|again|previous|it|they|them|ofsted|ofsted['’]s|inspectors?|inspection|inspectorate|report|sif|ilacs"
    r"|full|unannounced|single|framework|"
    + _MONTH_NAME
    + r"|\d+|overall|judge?ment|rating|grade|noted|reported|said|confirmed"
    r"|explained|stated|members|committee|cabinet|resolved|agreed|welcomed|note|heard|learned|told|informed"
    r"|acknowledged|found|this|there|here|year|years|ago|where|however|but|county|borough|city"
    r"|area|authority|council|now|currently|both|all|each|again|still|remains?|remained|deemed|judged|rated"
    r"|graded|assessed|considered|classed|classified|overall|services?|for|under|during)\b",
    re.I,
)
ACROSS_ALL = re.compile(
    r"^\W*(?:across|in|for)\s+(?:all|each|every)\b|^\W*overall\b|^\W*across\s+the\s+board", re.I
)

#: Table header cells that are not judgement areas.
HEADER_CELL = re.compile(r"^(?:judge?ment\s+areas?|areas?|grades?|judge?ments?|ratings?|outcomes?)$", re.I)
#: What a table's area cell must look like (an Ofsted area, or something naming a judgement).
AREA_CELL_WORD = re.compile(
    r"\b(?:children|child|care|adoption|fostering|leadership|leaders|management|governance|help|protection"
    r"|overall|effectiveness|safeguarding|looked\s+after|permanence|leavers|LSCB|board|partnership"
    r"|experiences?|progress|impact|quality|practice|capacity|services?|judge?ment|rating|grade|inspection"
    r"|outcome)\b",
    re.I,
)
#: Cells of performance scorecards, which grade indicators, not inspection areas.
INDICATOR_CELL = re.compile(
    r"\b(?:timeliness|rates?|numbers?|average|days|weeks|months|scores?|indicators?|measures?|targets?|budget"
    r"|spend|costs?|RAG|percentage|ratio|survey|feedback|audits?)\b|%",
    re.I,
)
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
YEAR = re.compile(r"(?<![\d/£$.-])(20[0-3]\d)(?![\d%]|/\d|\s*[-–]\s*(?:20)?\d{2}\b)")
#: An inspection and its date: "inspection, carried out between 22 February and 16 March 2016",
#: "the Ofsted inspection in January 2013", "a 2016 SIF inspection", "inspected in May 2014".
INSPECTION_DATE = re.compile(
    r"(?:inspect\w*|ofsted|\bSIF\b|\bILACS\b|\bvisit)[^.;\n]{0,90}?\b(?:in|during|between|on|of|from|dated|held"
    r"|took\s+place|carried\s+out)\b[^.;\n]{0,45}?" + r"(?<![\d/£$.-])(20[0-3]\d)(?![\d%]|/\d)"
    r"|(?<![\d/£$.-])(20[0-3]\d)\s+(?:ofsted\s+)?(?:SIF\s+|ILACS\s+|unannounced\s+|full\s+|single\s+)?inspection"
    r"|" + MONTH + r"\s+(20[0-3]\d)\s*(?:\(|,)?\s*(?:ofsted\s+)?(?:inspection|SIF|ILACS)"
    r"|(?:inspect\w*|ofsted|\bSIF\b|\bILACS\b)(?:\s+[A-Za-z’']+){0,3}?\s*[(,:]?\s*(20[0-3]\d)\b(?![\d%]|/\d|\s*[-–])",
    re.I,
)
DATE_CUE = re.compile(r"ofsted|inspect|\bSIF\b|\bILACS\b|\bvisit", re.I)
NOT_THE_INSPECTION = re.compile(r"\b(?:next|future|forthcoming|expected|due|upcoming|planned)\b", re.I)
DOC_DATE = re.compile(
    r"\b\d{1,2}(?:st|nd|rd|th)?\s+" + MONTH + r"\s+(20[0-3]\d)\b|\b" + MONTH + r"\s+(20[0-3]\d)\b", re.I
)
