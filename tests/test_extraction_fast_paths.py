"""The extractors' fast paths find exactly what the plain searches they stand for find.

Each one skips text that cannot hold what is searched for, by a rule derived from the pattern or
the vocabulary itself (never a hand-kept word list): a body's name is looked for only on lines
that hold a body word; the lines that could open a recommendations block are found with the
vocabulary's branches grouped by first letter; a paragraph too long to be a minute heading is
not collapsed; the caseload keywords are searched in the reading's lower-cased copy. These tests
run each against its plain counterpart on the text of every real document in ../shared/realdocs
(and on made-up text at the edges of the rule).
"""

from __future__ import annotations

import bisect
import re
import sqlite3
from pathlib import Path

import pytest

from core.document import Document
from core.reading import read
from core.text import collapse
from extractors import caseloads, caseloads_period, document_metadata, minute_items, recommendations
from extractors import recommendation_rules as rules


@pytest.fixture(scope="module")
def real_texts(realdocs_db) -> list[str]:
    with sqlite3.connect(realdocs_db) as db:
        texts = [t for (t,) in db.execute("select text from documents where text is not null")]
    assert len(texts) > 50
    return texts


def test_body_names_are_found_as_by_the_plain_search(real_texts):
    for text in real_texts:
        plain = [m.span() for m in document_metadata._BODY_NAME.finditer(text)]
        assert [m.span() for m in document_metadata._body_names(text)] == plain


def test_body_names_on_made_up_lines():
    text = (
        "Cabinet\nThe Children's Scrutiny Committee met.\nnothing here\n"
        "Audit and Governance Committee (Item 4)"
    )
    plain = [m.group(0) for m in document_metadata._BODY_NAME.finditer(text)]
    assert [m.group(0) for m in document_metadata._body_names(text)] == plain
    assert plain == ["Cabinet", "The Children's Scrutiny Committee", "Audit and Governance Committee"]


def test_grouped_branches_match_as_the_plain_alternation(real_texts):
    plain = re.compile("|".join(_branches(rules._OPENER.pattern)))
    for text in real_texts:
        folded = text.lower()
        assert [m.span() for m in rules._OPENER.finditer(folded)] == [
            m.span() for m in plain.finditer(folded)
        ]


def _branches(grouped: str) -> list[str]:
    """The plain branches back from a grouped alternation "r(?:a|b)|c" (one level of groups)."""
    out = []
    for part in re.findall(r"[^|(]*\(\?:[^()]*\)|[^|]+", grouped):
        m = re.fullmatch(r"(\w)\(\?:(.*)\)", part)
        out.extend(m.group(1) + b for b in m.group(2).split("|")) if m else out.append(part)
    return out


def test_no_long_paragraph_of_real_minutes_could_be_a_heading(real_texts):
    """A paragraph passed over for its length has a title too long for a heading, however its
    number and item marker are taken off."""
    for text in real_texts:
        for start, end in read(Document.from_text(text)).paragraphs:
            if minute_items._short(text, start, end) is None:
                title = minute_items._TRAILING_MARKER.sub("", collapse(text[start:end]))
                numbered = minute_items._NUMBERED.match(title)
                title = numbered.group("title") if numbered else title
                assert len(title.split()) > minute_items._MAX_CONFIRMED_WORDS


def test_the_longest_heading_is_still_read():
    """A confirmed title of the most words, with its minute number and the widest item marker."""
    title = " ".join(["Children's"] + ["Services"] * (minute_items._MAX_CONFIRMED_WORDS - 1))
    text = f"85. Apologies\n\n86. {title} ( Agenda item 12a )\n\nRESOLVED that the report be noted.\n"
    found = minute_items.MinuteItems(text, read(Document.from_text(text)).paragraphs).items
    assert [(h.number, text[h.start : h.end][:14]) for h in found] == [
        ("85", "85. Apologies"),
        ("86", "86. Children's"),
    ]
    longer = text.replace("Children's", "Children's Social", 1)
    found = minute_items.MinuteItems(longer, read(Document.from_text(longer)).paragraphs).items
    assert [h.number for h in found] == ["85"]


def test_the_metadata_is_worked_out_once_per_reading(monkeypatch):
    """The build extracts the metadata record; the recommendations read its body from the same
    reading without working it out again."""
    calls = []
    plain = document_metadata._metadata
    monkeypatch.setattr(document_metadata, "_metadata", lambda reading: calls.append(1) or plain(reading))
    text = "Children's Scrutiny Committee\n\nRecommendations\n\n1. That the Committee notes the plan.\n"
    reading = read(Document.from_text(text))
    (record,) = document_metadata.extract(reading)
    (rec,) = recommendations.extract(reading)
    assert record.body == rec.made_by == "Children's Scrutiny Committee"
    assert len(calls) == 1


def _unfolded(text: str):
    """A reading of ``text`` whose lower-cased copy is unavailable (as for a text with "İ"), so
    every search runs case-insensitively on the text itself."""
    reading = read(Document.from_text(text))
    reading.__dict__["folded"] = None
    return reading


def test_caseloads_and_recommendations_are_the_same_searched_lower_cased_or_not(real_texts):
    for text in real_texts:
        for extractor in (caseloads, recommendations):
            folded = list(extractor.extract(read(Document.from_text(text))))
            assert folded == list(extractor.extract(_unfolded(text)))


def test_the_caseload_prefilter_finds_the_blocks_the_plain_search_finds(real_texts):
    for text in real_texts:
        reading = read(Document.from_text(text))
        for start, end in reading.blocks:
            plain = bool(caseloads._PREFILTER.search(text, start, end))
            assert caseloads._names_cases(text, reading.folded, start, end) == plain


def test_vocabulary_files_load_the_same_with_either_yaml_parser():
    import yaml

    from extractors.vocabulary import load_yaml

    folder = Path(__file__).resolve().parent.parent / "extractors" / "vocabulary"
    files = sorted(folder.glob("*.yml"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert load_yaml(text) == yaml.load(text, Loader=yaml.SafeLoader), path.name


_PLAIN_MINUTES_LINES = [re.compile("^" + line, re.I | re.M) for line in minute_items._MINUTES_LINES]


def test_minutes_are_told_as_by_the_multi_line_search(real_texts):
    made_up = [
        "Resolved that the report be noted.",
        "Introduction\n\n  12.\n  RESOLVED: that the plan be agreed.",
        "The Panel resolved that ... (Item 4)",
        "The Panel resolved that ...\n(item 4)\n",
        "Report\nagreed\n",
        "Report\nnot agreed\n",
    ]
    for text in [*real_texts, *made_up]:
        plain = any(p.search(text) for p in _PLAIN_MINUTES_LINES)
        assert minute_items._is_minutes(text) == plain
    assert [minute_items._is_minutes(t) for t in made_up] == [True, True, False, True, True, False]


def _plain_heading_dates(text: str) -> tuple[list[int], list[str | None]]:
    """Every heading line of the text judged up front, as caseloads_period did it before."""
    from collections import Counter

    from core.document_facts import heading_level

    found = [(m.start(), m.end(), m.group(0).strip()) for m in caseloads_period._LINE.finditer(text)]
    counts = Counter(line for _, _, line in found)
    starts, dates = [], []
    for start, end, line in found:
        lead = len(text[start:end]) - len(text[start:end].lstrip())
        if counts[line] >= 3 or not heading_level(text, start + lead, start + lead + len(line)):
            continue
        named = caseloads_period._HEADING_DATE.findall(line)
        starts.append(start)
        dates.append(" ".join(named[-1].split()) if named else None)
    return starts, dates


def test_heading_dates_judged_as_asked_are_those_judged_up_front(real_texts):
    for text in real_texts[::3]:
        starts, dates = _plain_heading_dates(text)
        headings = caseloads_period._Headings(text)
        for pos in [*range(0, len(text), 997), *(s + 1 for s in starts), *starts]:
            i = bisect.bisect_left(starts, pos)
            plain = next((d for d in reversed(dates[max(0, i - 3) : i]) if d), None)
            assert headings.date_above(pos, 3) == plain
