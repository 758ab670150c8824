"""Re-runs never duplicate: identical tables, stable ids, incremental updates, pruning."""

from __future__ import annotations

import shutil

from conftest import SEEDS
from helpers import snapshot

from pipeline.build import build


def test_building_twice_gives_identical_tables(tmp_path, seeds_db):
    db = tmp_path / "twice.db"
    first = build([SEEDS], db)
    before = snapshot(db)
    second = build([SEEDS], db)
    assert first.new == 5 and second.new == 0 and second.unchanged == 5
    assert snapshot(db) == before
    # A separate clean build gives the same rows and the same ids: ids come from content.
    assert snapshot(seeds_db) == before


def test_a_changed_document_is_replaced_whole(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    db = tmp_path / "inc.db"
    build([corpus], db)
    target = corpus / "003_d4e1d8d7eb75ade5.txt"
    target.write_text(
        target.read_text(encoding="utf-8").replace(
            "10.1 The Cabinet is recommended to note", "10.1 The Cabinet is recommended to approve"
        ),
        encoding="utf-8",
    )
    summary = build([corpus], db)
    assert (summary.new, summary.unchanged) == (1, 4)
    rows = snapshot(db)
    assert len(rows["documents"]) == 5
    texts = [r for r in rows["recommendations"] if any("recommended to approve" in str(c) for c in r)]
    assert texts and not [
        r for r in rows["recommendations"] if any("recommended to note the 3" in str(c) for c in r)
    ]


def test_prune_removes_documents_gone_from_the_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    db = tmp_path / "prune.db"
    build([corpus], db)
    (corpus / "002_77acf7283681ed53.txt").unlink()
    kept = build([corpus], db)
    assert kept.pruned == 0 and len(snapshot(db)["documents"]) == 5
    pruned = build([corpus], db, prune=True)
    assert pruned.pruned == 1
    rows = snapshot(db)
    assert len(rows["documents"]) == 4
    assert not any("002_77acf7283681ed53" in str(r) for r in rows["documents"])
