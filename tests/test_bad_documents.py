"""A folder mixing good documents with every kind of bad one builds: each good document is
stored, each bad one is in ``errors`` with its reason, and nothing crashes."""

from __future__ import annotations

import shutil
import sqlite3

import pytest
from click.testing import CliRunner
from conftest import SEEDS
from test_parse_pdf import FAILURES

from pipeline.cli import cli

LEGACY_HTML = (
    "<html><head><meta charset='windows-1252'></head><body><h1>Children\u2019s Scrutiny</h1>"
    "<p>Resolved: That the report on agency staff be noted.</p></body></html>"
).encode("cp1252")


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("mixed")
    for seed in sorted(SEEDS.glob("*.txt")):
        shutil.copy(seed, folder / seed.name)
    for case, (make, name, _error, _hint) in FAILURES.items():
        (folder / f"{case}_{name}").write_bytes(make())
    (folder / "binary.txt").write_bytes(b"PK\x03\x04" + bytes(range(256)) * 8)
    (folder / "zero.txt").write_bytes(b"")
    (folder / "huge.txt").write_text("caseloads " * 60_000, encoding="utf-8")
    (folder / "legacy.html").write_bytes(LEGACY_HTML)
    (folder / "nested.html").write_text("<div>" * 30_000 + "Deep text" + "</div>" * 30_000, encoding="utf-8")
    db = folder / "mixed.db"
    result = CliRunner().invoke(
        cli, ["build", str(folder), "--db", str(db), "--silent", "--max-bytes", "500000"]
    )
    return folder, db, result


def test_run_goes_on_and_counts_failures(mixed):
    _folder, _db, result = mixed
    assert result.exit_code == 0, result.output
    assert "failed" in result.output and "see the errors table" in result.output


def test_every_good_document_is_stored(mixed):
    _folder, db, _ = mixed
    conn = sqlite3.connect(db)
    ok = {r[0] for r in conn.execute("select filename from documents where status = 'ok'")}
    assert {p.name for p in SEEDS.glob("*.txt")} <= ok
    assert {"legacy.html", "nested.html"} <= ok
    legacy = conn.execute("select text from documents where filename = 'legacy.html'").fetchone()[0]
    assert "Children\u2019s Scrutiny" in legacy and "â€" not in legacy
    nested = conn.execute("select text from documents where filename = 'nested.html'").fetchone()[0]
    assert "Deep text" in nested


def test_every_bad_document_is_in_errors_with_its_reason(mixed):
    _folder, db, _ = mixed
    conn = sqlite3.connect(db)
    errors = {
        r[0]: (r[1], r[2], r[3])
        for r in conn.execute("select filename, error_type, stage, message from errors")
    }
    expected = {f"{case}_{name}": error.kind for case, (_m, name, error, _h) in FAILURES.items()}
    expected |= {"binary.txt": "binary", "zero.txt": "empty", "huge.txt": "too_large"}
    assert {name: kind for name, (kind, _s, _m) in errors.items()} == expected
    for name, (_kind, stage, message) in errors.items():
        assert stage in ("read", "parse") and message.startswith(f"{name}: ")
    statuses = dict(conn.execute("select filename, status from documents where status != 'ok'").fetchall())
    assert statuses["needs_ocr_scan.pdf"] == "needs_ocr" and statuses["encrypted_locked.pdf"] == "encrypted"


def test_rerun_is_a_no_op_and_strict_fails(mixed):
    folder, db, _ = mixed
    runner = CliRunner()
    again = runner.invoke(cli, ["build", str(folder), "--db", str(db), "--silent", "--max-bytes", "500000"])
    assert (
        again.exit_code == 0 and " 0 new" in again.output and "unchanged since the last run" in again.output
    )
    strict = runner.invoke(
        cli, ["build", str(folder), "--db", str(db), "--silent", "--strict", "--max-bytes", "500000"]
    )
    assert strict.exit_code != 0


def test_nothing_readable_is_an_error(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = CliRunner().invoke(cli, ["build", str(tmp_path), "--db", str(tmp_path / "x.db"), "--silent"])
    assert result.exit_code != 0 and "no document could be read" in result.output
