"""Shared fixtures: paths to the sample material and a database built once per session."""

from __future__ import annotations

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


@pytest.fixture(scope="session")
def seeds_db(tmp_path_factory) -> Path:
    """The five sample documents built once into a database."""
    if not SEEDS.exists():
        pytest.skip(f"sample documents not found at {SEEDS}")
    from pipeline.build import build

    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    build([SEEDS], db)
    return db


@pytest.fixture(scope="session")
def realdocs_db(tmp_path_factory) -> Path:
    """The real documents of ../shared/realdocs (Ofsted reports, committee papers) built once."""
    if not REAL_GOLD.exists():
        pytest.skip(f"real documents with gold not found at {REALDOCS}")
    from pipeline.build import build

    db = tmp_path_factory.mktemp("realdocs") / "realdocs.db"
    build([REALDOCS], db)
    return db
