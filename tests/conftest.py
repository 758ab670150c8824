"""Shared fixtures: paths to the sample material and a database built once per session."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
GOLD = SHARED / "gold"
REALDOCS = SHARED / "realdocs"
REAL_GOLD = REALDOCS / "gold"
SCORER = SHARED / "tools" / "score.py"


@pytest.fixture(scope="module")
def loop():
    """An event loop for a module's in-process Datasette requests (``ds.client``)."""
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


def _built_once(tmp_path_factory, folder: Path, name: str) -> Path:
    from pipeline.build import build

    db = tmp_path_factory.mktemp(name) / f"{name}.db"
    build([folder], db)
    return db


@pytest.fixture(scope="session")
def seeds_db(tmp_path_factory) -> Path:
    """The five sample documents built once into a database."""
    if not SEEDS.exists():
        pytest.skip(f"sample documents not found at {SEEDS}")
    return _built_once(tmp_path_factory, SEEDS, "seeds")


@pytest.fixture(scope="session")
def realdocs_db(tmp_path_factory) -> Path:
    """The real documents of ../shared/realdocs (Ofsted reports, committee papers) built once."""
    if not REAL_GOLD.exists():
        pytest.skip(f"real documents with gold not found at {REALDOCS}")
    return _built_once(tmp_path_factory, REALDOCS, "realdocs")


def independent_scores(db: Path, gold_dir: Path = REAL_GOLD) -> dict:
    """The independent scorer's figures (../shared/tools/score.py --json) for ``db``: per record
    type precision/recall/F1, and the field accuracies (``caseload_role_ok``, ``doc_date_ok`` ...)."""
    if not SCORER.exists():
        pytest.skip(f"independent scorer not found at {SCORER}")
    out = subprocess.run(
        [sys.executable, str(SCORER), str(db), str(gold_dir), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    return json.loads(out.stdout[: out.stdout.rindex("}") + 1])["types"]
