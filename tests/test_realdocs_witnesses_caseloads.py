"""Witnesses and caseloads on real papers nobody on the team wrote (../shared/realdocs).

The gate the extraction is held to: on a build of the real Kent and Merton minutes and the Ofsted
reports, witnesses and caseloads F1 >= 0.90 and their field accuracies (caseload role and kind,
witness position) >= 0.95, as the independent scorer counts them.
"""

from __future__ import annotations

import pytest
from conftest import independent_scores


@pytest.fixture(scope="module")
def scores(realdocs_db) -> dict:
    return independent_scores(realdocs_db)


@pytest.mark.parametrize("record_type", ["witnesses", "caseloads"])
def test_f1_on_real_documents(scores, record_type):
    assert scores[record_type]["f1"] >= 0.9, scores[record_type]


@pytest.mark.parametrize("field", ["caseload_role_ok", "caseload_kind_ok", "witness_position_ok"])
def test_field_accuracy_on_real_documents(scores, field):
    assert scores[field] is not None and scores[field] >= 0.95, (field, scores[field])
