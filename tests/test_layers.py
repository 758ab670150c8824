"""Imports run one way down the flow: storage never imports publishing or the reference data.

Publishing (pipeline/publish/) calls into storage to finish a database; the build composes
storage, reference data and the publishing summary's table (pipeline.build.open_database). A
storage module importing upwards would make every build load what only a published site needs.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STORAGE = ["pipeline/store.py", "pipeline/record_tables.py"]
ABOVE_STORAGE = ("pipeline.publish", "pipeline.reference", "pipeline.build", "pipeline.cli")


def imported(path: Path) -> set[str]:
    """Every module a file imports, at any depth (imports inside functions count too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names}
    return found


def test_storage_imports_nothing_above_it():
    for name in STORAGE:
        upward = {m for m in imported(ROOT / name) if m.startswith(ABOVE_STORAGE)}
        assert not upward, f"{name} imports {sorted(upward)}"


def test_publishing_calls_into_storage():
    assert "pipeline.store" in imported(ROOT / "pipeline/publish/site.py")
