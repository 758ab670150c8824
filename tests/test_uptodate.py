"""A re-run skips files by their stat, hashes them when the stat changed, and starts light."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time

from conftest import ROOT, SEEDS

import extractors
from pipeline.build import build
from pipeline.uptodate import RACY_NS

TARGET = "003_d4e1d8d7eb75ade5.txt"


def _age(folder, seconds: float = 60) -> None:
    """Date every file a minute back, so its mtime is old enough to be trusted."""
    past = time.time_ns() - int(seconds * 1e9)
    for path in folder.iterdir():
        os.utime(path, ns=(past, past))


def _stats(db) -> dict[str, tuple]:
    conn = sqlite3.connect(db)
    try:
        return {
            p.rsplit("/", 1)[-1]: (b, m)
            for p, b, m in conn.execute("select path, bytes, mtime_ns from documents")
        }
    finally:
        conn.close()


def test_an_unchanged_file_is_skipped_by_its_stat_without_being_read(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    _age(corpus)
    db = tmp_path / "stat.db"
    build([corpus], db)
    target = corpus / TARGET
    st = target.stat()
    assert _stats(db)[TARGET] == (st.st_size, st.st_mtime_ns)
    # Same size, same mtime, other bytes: only a read would notice, and a re-run reads nothing.
    original = target.read_bytes()
    target.write_bytes(original.replace(b"Cabinet", b"CABINET"))
    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))
    summary = build([corpus], db)
    assert (summary.new, summary.unchanged) == (0, 5)


def test_a_touched_file_is_hashed_once_then_skipped_again(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    _age(corpus)
    db = tmp_path / "touch.db"
    build([corpus], db)
    _age(corpus, seconds=30)  # new mtimes, same bytes
    summary = build([corpus], db)
    assert (summary.new, summary.unchanged) == (0, 5)
    target = corpus / TARGET
    assert _stats(db)[TARGET] == (target.stat().st_size, target.stat().st_mtime_ns)


def test_a_changed_file_with_a_new_mtime_is_rebuilt(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    _age(corpus)
    db = tmp_path / "change.db"
    build([corpus], db)
    target = corpus / TARGET
    target.write_bytes(target.read_bytes().replace(b"Cabinet", b"CABINET"))  # same size, new mtime
    summary = build([corpus], db)
    assert (summary.new, summary.unchanged) == (1, 4)


def test_a_file_modified_just_now_keeps_no_mtime(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    _age(corpus)
    (corpus / TARGET).touch()
    db = tmp_path / "racy.db"
    build([corpus], db)
    stats = _stats(db)
    assert stats[TARGET][1] is None, f"a file changed within {RACY_NS / 1e9:g}s must be hashed next time"
    assert all(m is not None for name, (_, m) in stats.items() if name != TARGET)


def test_versions_are_read_without_importing_the_extractors():
    code = (
        "import sys, extractors; print(extractors.versions());"
        " print('extractors.witnesses' in sys.modules or 'core.reading' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    versions, imported = out.stdout.split()
    assert imported == "False"
    from core import reading

    wanted = [f"{e.name}={e.version}" for e in extractors.REGISTRY.values()] + [f"reading={reading.VERSION}"]
    assert versions == ";".join(wanted)


def test_a_rerun_with_nothing_to_do_loads_no_parser_extractor_or_sqlite_utils(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    _age(corpus)
    db = tmp_path / "light.db"
    build([corpus], db)
    heavy = ["sqlite_utils", "pypdfium2", "bs4", "spacy", "extractors.witnesses", "pipeline.parse.pdf"]
    code = (
        "import sys; from pipeline.cli import cli\n"
        f"try:\n    cli(['build', {str(corpus)!r}, '--db', {str(db)!r}, '--silent'])\n"
        "except SystemExit:\n    pass\n"
        f"print([m for m in {heavy!r} if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert "5 unchanged" in out.stderr
    assert out.stdout.strip() == "[]"
