"""The bundled corpus: a valid manifest, the files it names, one document per seed, seed words kept."""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from core.councils import find_council
from pipeline.build import build
from pipeline.parse import parse_file, sniff

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
MANIFEST = CORPUS / "manifest.jsonl"
REQUIRED = {"path", "council", "body", "date", "title", "source", "licence", "format"}


def _entries() -> list[dict]:
    return [json.loads(line) for line in MANIFEST.read_text(encoding="utf-8").splitlines() if line.strip()]


ENTRIES = _entries()


def test_manifest_lists_one_document_per_seed():
    seeds = sorted(p.stem for p in (CORPUS / "seeds").glob("*.txt"))
    stems = sorted(Path(e["path"]).stem for e in ENTRIES)
    assert len(seeds) == 5 and stems == seeds


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: Path(e["path"]).stem[:3])
def test_manifest_entry_is_complete_and_its_file_is_what_it_says(entry):
    assert REQUIRED <= entry.keys()
    assert entry["licence"] == "Open Government Licence v3.0"
    for key in ("council", "body", "title", "source"):
        assert isinstance(entry[key], str) and entry[key].strip()
    assert entry["date"] is None or date.fromisoformat(entry["date"])
    path = CORPUS / entry["path"]
    assert path.is_file() and path.parent.name == "documents"
    assert path.suffix == "." + entry["format"]
    assert sniff(path.read_bytes(), path.name) == entry["format"]
    assert (CORPUS / entry["seed"]).is_file()


def test_renderings_cover_every_parser():
    assert Counter(e["format"] for e in ENTRIES) == {"pdf": 2, "html": 2, "txt": 1}


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("\u2019", "'"))


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: Path(e["path"]).stem[:3])
def test_rendering_keeps_the_words_of_its_seed(entry):
    seed = _words((CORPUS / entry["seed"]).read_text(encoding="utf-8"))
    rendered = _words(parse_file(CORPUS / entry["path"]).text)
    assert not Counter(seed) - Counter(rendered)
    assert len(rendered) <= len(seed) * 1.002  # nothing added but layout (a repeated table header)


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("corpus") / "corpus.db"
    summary = build([CORPUS], db)
    assert summary.failed == 0, summary.failures
    return db


def test_corpus_builds_into_five_documents_with_manifest_metadata(corpus_db):
    conn = sqlite3.connect(corpus_db)
    rows = conn.execute(
        "select filename, format, council, body, title, date, licence from documents"
    ).fetchall()
    assert len(rows) == 5
    by_stem = {Path(r[0]).stem: r for r in rows}
    for entry in ENTRIES:
        filename, fmt, council, body, title, day, licence = by_stem[Path(entry["path"]).stem]
        known = find_council(entry["council"])
        assert council == (known.name if known else entry["council"])
        assert (fmt, body, title, day, licence) == (
            entry["format"],
            entry["body"],
            entry["title"],
            entry["date"],
            entry["licence"],
        )


def test_pdf_renderings_keep_their_pages(corpus_db):
    conn = sqlite3.connect(corpus_db)
    pages = dict(conn.execute("select format, max(pages) from documents group by format").fetchall())
    assert pages["pdf"] > 10 and pages["html"] == 1
