"""An interrupted build resumes: killed with SIGKILL at random moments, the next run completes
and the database equals a clean build."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from conftest import ROOT, SEEDS
from helpers import make_corpus, snapshot

from pipeline.build import build

TRIALS = 10


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("resume") / "corpus"
    make_corpus(folder, sorted(SEEDS.glob("*.txt")), copies=4)
    return folder


@pytest.fixture(scope="module")
def clean(corpus, tmp_path_factory):
    db = tmp_path_factory.mktemp("clean") / "clean.db"
    build([corpus], db)
    return snapshot(db)


def _start_build(corpus, db):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", "build", str(corpus), "--db", str(db), "--silent"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_sigkill_at_random_points_then_resume_equals_clean_build(corpus, clean, tmp_path):
    total = len(clean["documents"])
    rng = random.Random(20261122)
    killed_mid_write = 0
    for trial in range(TRIALS):
        db = tmp_path / f"trial{trial}.db"
        proc = _start_build(corpus, db)
        # Wait until a random number of documents is stored, then kill at a random instant
        # soon after: the kill lands while the build is writing, whatever the machine's speed.
        target = rng.randint(1, total - 1)
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline and _documents(db) < target:
            time.sleep(0.005)
        time.sleep(rng.uniform(0, 0.03))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        if 0 < _documents(db) < total:
            killed_mid_write += 1
        build([corpus], db)
        assert snapshot(db) == clean, f"trial {trial}: resumed build differs from a clean build"
    assert killed_mid_write >= TRIALS - 2, "too few kills landed while documents were being written"


def _documents(db) -> int:
    if not db.exists():
        return 0
    conn = sqlite3.connect(db)
    try:
        return conn.execute("select count(*) from documents").fetchone()[0]
    except sqlite3.Error:
        return 0
    finally:
        conn.close()
