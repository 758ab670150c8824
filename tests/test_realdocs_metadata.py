"""Document fields on real papers nobody on the team wrote (``../shared/realdocs``): council,
date and body of each document against its gold, as ``../shared/tools/score.py`` counts them."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from conftest import REALDOCS
from rapidfuzz import fuzz

_ALTERNATIVES = {"council": "council_aliases", "date": "date_alternatives"}


def _words(s: str | None) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", (s or "").lower()))


@pytest.fixture(scope="module")
def realdocs_rows(realdocs_db) -> tuple[dict[str, dict], list[dict]]:
    con = sqlite3.connect(realdocs_db)
    con.row_factory = sqlite3.Row
    rows = {Path(r["filename"]).name: dict(r) for r in con.execute("select * from documents")}
    golds = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((REALDOCS / "gold").glob("*.json"))]
    return rows, golds


def _share(realdocs_rows, key: str, ok) -> tuple[float, list[str]]:
    rows, golds = realdocs_rows
    right, wrong = 0, []
    scored = [g for g in golds if g.get(key)]
    for gold in scored:
        row = rows.get(Path(gold["document"]).name, {})
        wanted = [gold[key], *(gold.get(_ALTERNATIVES.get(key, "")) or [])]
        if any(ok(w, row.get(key)) for w in wanted):
            right += 1
        else:
            wrong.append(f"{gold['document']}: {row.get(key)!r}, want {gold[key]!r}")
    return right / len(scored), wrong


def test_every_real_document_is_built(realdocs_rows):
    rows, golds = realdocs_rows
    assert {Path(g["document"]).name for g in golds} <= set(rows)


def test_council_of_real_documents(realdocs_rows):
    share, wrong = _share(realdocs_rows, "council", lambda g, p: _words(g) == _words(p))
    assert share >= 0.95, wrong


def test_date_of_real_documents(realdocs_rows):
    share, wrong = _share(realdocs_rows, "date", lambda g, p: str(g) == str(p or "")[:10])
    assert share >= 0.95, wrong


def test_body_of_real_documents(realdocs_rows):
    share, wrong = _share(realdocs_rows, "body", lambda g, p: fuzz.ratio(_words(g), _words(p)) >= 80)
    assert share >= 0.90, wrong


def test_titles_are_headings_not_runs_of_lines(realdocs_rows):
    rows, _ = realdocs_rows
    for name, row in rows.items():
        title = row["title"] or ""
        assert not re.search(r"\b(?:Inspection dates?|Lead inspector)\s*:", title), (name, title)
        assert len(title.split()) <= 40, (name, title)
