"""Witnesses and caseloads on real papers nobody on the team wrote (../shared/realdocs).

The gate the extraction is held to: on a build of the real Kent and Merton minutes and the Ofsted
reports, witnesses and caseloads F1 >= 0.90 and their field accuracies (caseload role and kind,
witness position) >= 0.95, as the independent scorer counts them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SHARED

from pipeline.build import build

REALDOCS = SHARED / "realdocs"
SCORER = SHARED / "tools" / "score.py"


@pytest.fixture(scope="module")
def scores(tmp_path_factory) -> dict:
    if not (REALDOCS / "gold").exists():
        pytest.skip(f"real documents with gold not found at {REALDOCS}")
    if not SCORER.exists():
        pytest.skip(f"independent scorer not found at {SCORER}")
    db: Path = tmp_path_factory.mktemp("realdocs") / "real.db"
    build([REALDOCS / "committee", REALDOCS / "ofsted"], db)
    out = subprocess.run(
        [sys.executable, str(SCORER), str(db), str(REALDOCS / "gold"), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    return json.loads(out.stdout[: out.stdout.rindex("}") + 1])["types"]


@pytest.mark.parametrize("record_type", ["witnesses", "caseloads"])
def test_f1_on_real_documents(scores, record_type):
    assert scores[record_type]["f1"] >= 0.9, scores[record_type]


@pytest.mark.parametrize("field", ["caseload_role_ok", "caseload_kind_ok", "witness_position_ok"])
def test_field_accuracy_on_real_documents(scores, field):
    assert scores[field] is not None and scores[field] >= 0.95, (field, scores[field])
