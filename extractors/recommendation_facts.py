"""Facts about a recommendation beyond its text: who made it, and whether it is procedural.

Who made it (``made_by``), so a user can tell a committee's recommendations from an
inspectorate's and filter on it:

- in an inspection report, the inspectorate ("Ofsted"): its "what needs to improve" list and
  its recommendations are made to the council, not by a committee;
- in a decision record, the decision-maker who signs it ("As Cabinet Member for Children's
  Services I agree to: ...");
- in a committee paper, the body the resolution names when it names one in full ("That the
  Audit Committee notes ...", "RESOLVED that Cabinet agree ..."), else the body the paper is for
  (its meeting, as the document's header names it).

Procedural: the business of running a meeting (minutes approved, apologies, declarations,
elections of a chair, the next meeting, the work programme) or a resolution that only notes,
receives or comments on what the body was told, with no verb of decision ("that the update be
noted" is procedural; "to note the report and support the actions" is not).
"""

from __future__ import annotations

import re
from functools import cached_property

from core.reading import Reading
from extractors import document_metadata
from extractors.recommendation_vocabulary import phrase_pattern, value, words

_PROCEDURAL = phrase_pattern("procedural_phrases")
_NOTING = phrase_pattern("noting_verbs")
_DECIDING = re.compile(phrase_pattern("decision_verbs").pattern)  # lower case: "Delegated Budgets" is a name
_NAME_WORD = r"[A-Z][\w’'&-]*"
#: A body named as the subject of a resolution: "the Audit Committee", "Cabinet".
_BODY_WORD = "|".join(re.escape(w.title()) for w in words("body_words"))
_SUBJECT_BODY = re.compile(
    rf"^(?i:that\s+|to\s+)?(?i:the\s+)?(?P<body>(?:{_NAME_WORD}\s+(?:(?:and|of|for|&)\s+)?){{0,6}}"
    rf"(?:{_BODY_WORD}))(?!\w)"
)
#: A decision-maker signing a decision: "As Cabinet Member for Children's Services I agree to:".
_DECISION_MAKER = re.compile(r"^As\s+(?:the\s+)?(?P<who>[A-Z][^,:;]{2,80}?),?\s+I\s+(?:have\s+)?\w+", re.I)


def procedural(text: str) -> bool:
    """Is this resolution the business of the meeting, or only noting what the body was told?"""
    if _PROCEDURAL.search(text):
        return True
    return bool(_NOTING.search(text)) and not _DECIDING.search(_verbs_lowered(text))


def _verbs_lowered(text: str) -> str:
    """``text`` with its first word and its upper-case words lower-cased ("APPROVE", "Delegate
    authority"), and capitalised words (names: "Delegated Budgets") left as they are."""
    text = re.sub(r"\b[A-Z]{2,}\b", lambda m: m.group().lower(), text)
    return re.sub(r"^\W*\w+", lambda m: m.group().lower(), text)


class Facts:
    """What the extractor needs to know about the document as a whole, each worked out once."""

    def __init__(self, reading: Reading) -> None:
        self.reading = reading

    @property
    def inspection_report(self) -> bool:
        """An inspectorate's report, as the reading's ``kind`` tells it: its own header labels
        ("Inspection dates", "Lead inspector") decide, and a committee paper titled "Ofsted
        inspection of local authority children's services" is the committee's, and so are its
        recommendations (see :func:`core.document_facts.kind`)."""
        return self.reading.kind == "inspection_report"

    @cached_property
    def body(self) -> str | None:
        """The body the paper is for: as the fetcher or corpus manifest knew it, else as the
        document's header names it."""
        meta = self.reading.document.meta
        if meta.get("body"):
            return str(meta["body"])
        return document_metadata.metadata(self.reading).body

    def made_by(self, text: str, kind: str, lead: str | None = None) -> str | None:
        """Who made the recommendation or resolution ``text``, under the lead-in ``lead`` if any
        (see the module docstring)."""
        if self.inspection_report:
            return value("inspectorate")
        maker = _DECISION_MAKER.match(lead or "")
        if maker:  # "As Cabinet Member for Children's Services I agree to:"
            return maker.group("who")
        m = _SUBJECT_BODY.match(text)
        if m and kind == "resolution" and (len(m.group("body").split()) > 1 or self.body is None):
            return m.group("body")
        return self.body
