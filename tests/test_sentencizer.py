"""The spaCy-free sentencizer gives exactly spaCy's sentences (blank English + sentencizer)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import spacy
from conftest import ROOT, SEEDS
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.sentencizer import DATA, Sentencizer, rules_from_spacy
from extractors.text import paragraphs

NLP = spacy.blank("en")
NLP.add_pipe("sentencizer")
PORT = Sentencizer(json.loads(DATA.read_text(encoding="utf-8")))


def spacy_spans(text: str) -> list[tuple[int, int]]:
    return [(s.start_char, s.end_char) for s in NLP(text).sents]


def test_the_shipped_rules_are_the_installed_spacys():
    assert json.loads(DATA.read_text(encoding="utf-8")) == rules_from_spacy(), (
        "spaCy's rules changed: run `python -m extractors.sentencizer` to refresh the shipped copy"
    )


TRICKY = [
    "Ofsted judged services to be good. The next inspection is due in 2025.",
    "Dr. Jones, Mr. Smith and Mrs. Patel attended at 10a.m. and left at 2 p.m. on the 3rd.",
    "See e.g. the plan (i.e. the improvement plan) etc. and no. 4 in the U.K. report.",
    "It was rated 'inadequate'. (See para. 2.3.) Then \u201cgood\u201d. Why? Because!",
    "Caseloads fell to 18.5 per worker... down from 22. Next year?! We hope so.",
    "Contact www.example.gov.uk/ofsted. or email a.b@example.org. Thanks :) OK",
    "The score was 3.5/4.It rose.Next steps\nfollow below.\n(a) one; (b) two.",
    "Temperature 20\u00b0C. Next. The council's plan can't wait \u2013 it won't.",
    "  Leading space. Trailing space.   ",
    "Double  space.  New\tsentence\u00a0here. Line\nbreak.",
]


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_texts(text):
    assert PORT.spans(text) == spacy_spans(text)


def test_every_paragraph_of_the_seed_documents():
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    paras = [t[s:e] for t in texts for s, e in paragraphs(t)]
    assert paras
    assert [PORT.spans(p) for p in paras] == [spacy_spans(p) for p in paras]


PIECES = st.sampled_from(
    list("aZ9 .,;:!?'\"()[]-/&%\u00a3*#\u2013\u2014\u2019\u201c\u201d\u2026\u00b0\n\t")
    + ["e.g.", "i.e.", "Dr.", "No.", "U.K.", "etc.", "a.m.", "10a.m.", "vs.", "www.gov.uk", ":)", "'s"]
    + ["n't", "can't", "3.5", "...", "?!", "  ", "\u00a0", "Ofsted", "good", "The", "http://a.org/b.c"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, min_size=1, max_size=30).map("".join))
def test_random_texts(text):
    assert PORT.spans(text) == spacy_spans(text)


def test_a_build_never_imports_spacy(tmp_path):
    code = (
        "import sys; from pipeline.build import build; "
        f"build([{str(SEEDS)!r}], {str(tmp_path / 'x.db')!r}); "
        "print('spacy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
