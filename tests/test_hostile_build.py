"""Building against a hostile but realistic user (issue 13): bombs, huge files, FIFOs, odd
names, links out of the folder, two builds at once, killed builds. Every input here is made by
the test in its own temporary folder; limits are set small so each case stays quick.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import time
from dataclasses import asdict

import pytest
from click.testing import CliRunner
from conftest import ROOT
from hostile import alive, bomb_pdf, children, make_named, papers, rows

from pipeline.cli import cli


def scrutiny(
    *args: str, limit_memory: int | None = None, timeout: float = 120
) -> subprocess.CompletedProcess:
    """``scrutiny ARGS`` in a child process (optionally under an address-space limit)."""

    def limit() -> None:
        if limit_memory:
            resource.setrlimit(resource.RLIMIT_AS, (limit_memory, limit_memory))

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        preexec_fn=limit,
        cwd=ROOT,
    )


def build(*args: str):
    return CliRunner().invoke(cli, ["build", *args, "--silent"])


# --- 3. memory and time per document -------------------------------------------------------------


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_decompression_bomb_is_an_error_row_and_the_build_goes_on(tmp_path, workers):
    folder = tmp_path / "corpus"
    papers(folder, 2)
    (folder / "bomb.pdf").write_bytes(bomb_pdf(2_000_000))  # ~20 KB, over 1 GB in pdfium
    papers(folder, 2, start=2)
    db = tmp_path / "b.db"
    args = [str(folder), "--db", str(db), "--max-memory", "300", "--workers", workers]
    result = build(*args)
    assert result.exit_code == 0, result.output
    assert "bomb.pdf" in result.output and "memory" in result.output
    assert rows(db, "select count(*) from documents where status = 'ok'") == [(4,)]
    ((error_type, message),) = rows(db, "select error_type, message from errors")
    assert error_type == "crashed" and "300 MB" in message
    # Remembered with its hash and the limits: a re-run does not try it again...
    started = time.monotonic()
    again = build(*args)
    assert "0 new" in again.output and "unchanged since the last run" in again.output
    assert time.monotonic() - started < 5
    # ... until the limits change.
    retried = build(str(folder), "--db", str(db), "--max-memory", "310", "--workers", workers)
    assert "1 failed" in retried.output and "310 MB" in retried.output


def test_a_document_over_its_time_budget_is_an_error_row(tmp_path):
    folder = tmp_path / "corpus"
    papers(folder, 1)
    (folder / "slow.pdf").write_bytes(bomb_pdf(2_000_000))  # several seconds to parse
    db = tmp_path / "t.db"
    started = time.monotonic()
    result = build(str(folder), "--db", str(db), "--doc-timeout", "1", "--max-memory", "0")
    assert result.exit_code == 0, result.output
    assert time.monotonic() - started < 6
    assert rows(db, "select error_type from errors") == [("timeout",)]
    assert "1-second limit" in rows(db, "select message from errors")[0][0]
    assert rows(db, "select count(*) from documents where status = 'ok'") == [(1,)]


# --- 5. size and file type checked before reading ------------------------------------------------


def test_a_huge_file_over_max_bytes_is_never_read(tmp_path):
    folder = tmp_path / "corpus"
    papers(folder, 1)
    with open(folder / "huge.txt", "wb") as f:  # 2 GB, sparse: no disk used
        f.truncate(2 * 1024**3)
    db = tmp_path / "h.db"
    # Under a 1.5 GB address-space limit, reading the file whole would kill the build.
    done = scrutiny("build", str(folder), "--db", str(db), "--max-bytes", "1000000", "--silent",
                    limit_memory=1536 * 1024**2)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert rows(db, "select error_type from errors where filename = 'huge.txt'") == [("too_large",)]
    assert "1,000,000-byte limit" in done.stderr


def test_a_too_large_file_is_remembered_until_the_limit_changes(tmp_path):
    folder = tmp_path / "corpus"
    papers(folder, 2)
    db = tmp_path / "l.db"
    first = build(str(folder), "--db", str(db), "--max-bytes", "50")
    assert "2 failed" in first.output
    before = rows(db, "select id, at from errors")
    again = build(str(folder), "--db", str(db), "--max-bytes", "50")
    assert "unchanged since the last run" in again.output
    assert rows(db, "select id, at from errors") == before  # nothing rewritten
    bigger = build(str(folder), "--db", str(db), "--max-bytes", "100000")
    assert "2 new" in bigger.output and rows(db, "select count(*) from errors") == [(0,)]


def test_a_fifo_and_a_device_are_refused_not_read(tmp_path):
    folder = tmp_path / "corpus"
    papers(folder, 1)
    os.mkfifo(folder / "pipe.txt")
    db = tmp_path / "f.db"
    done = scrutiny("build", str(folder), "--db", str(db), "--silent", timeout=60)
    assert done.returncode == 0, done.stderr
    assert rows(db, "select error_type, path from errors") == [("not_a_file", "corpus/pipe.txt")]
    zero = scrutiny("build", "/dev/zero", "--db", str(tmp_path / "z.db"), "--silent", timeout=60)
    assert zero.returncode != 0 and "not a regular file" in zero.stderr


# --- 6 and 13. file names, paths, links ---------------------------------------------------------------


def test_a_file_name_that_is_not_utf8_is_stored_escaped(tmp_path):
    folder = tmp_path / "corpus"
    papers(folder, 1)
    make_named(folder, b"caf\xe9-report.txt", b"That the committee notes the caf\xc3\xa9 report.\n")
    db = tmp_path / "n.db"
    done = scrutiny("build", str(folder), "--db", str(db), "--silent")
    assert done.returncode == 0, done.stderr
    names = {r[0] for r in rows(db, "select filename from documents where status = 'ok'")}
    assert "caf\\xe9-report.txt" in names
    again = scrutiny("build", str(folder), "--db", str(db), "--silent")
    assert "0 new, 2 unchanged" in again.stderr


def test_a_file_name_cannot_forge_terminal_lines(tmp_path):
    folder = tmp_path / "corpus"
    papers(folder, 1)
    make_named(folder, b"evil\n  failed: \x1b[32mall fine\x1b[0m.txt", b"PK\x03\x04" + bytes(range(256)) * 4)
    done = scrutiny("build", str(folder), "--db", str(tmp_path / "e.db"), "--silent")
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stderr
    failed = [line for line in done.stderr.splitlines() if "failed:" in line]
    assert len(failed) == 1 and "evil\\x0a" in failed[0] and "\\x1b[32m" in failed[0]


def test_links_out_of_the_folder_are_not_followed_unless_asked(tmp_path):
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("That the secret be kept.\n")
    folder = tmp_path / "corpus"
    papers(folder, 1)
    (folder / "passwd.txt").symlink_to(secret)
    (folder / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (folder / "inside.txt").symlink_to(folder / "paper000.txt")
    db = tmp_path / "s.db"
    result = build(str(folder), "--db", str(db))
    assert result.exit_code == 0, result.output
    texts = " ".join(r[0] for r in rows(db, "select text from documents"))
    assert "secret" not in texts
    errors = dict(rows(db, "select path, error_type from errors"))
    assert errors == {"corpus/passwd.txt": "symlink", "corpus/gone.txt": "dangling_link"}
    assert "--follow-links" in result.output
    followed = build(str(folder), "--db", str(db), "--follow-links")
    assert followed.exit_code == 0, followed.output
    assert "secret" in " ".join(r[0] for r in rows(db, "select text from documents"))


def test_an_unreadable_folder_is_recorded(tmp_path, monkeypatch):
    from pipeline.ingest import discover

    folder = tmp_path / "corpus"
    papers(folder, 1)
    (folder / "locked").mkdir()
    papers(folder / "locked", 1, start=5)
    real = os.scandir

    def scandir(path="."):
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    sources = discover([folder])
    problems = [s.problem for s in sources if s.problem]
    assert problems == [("unreadable_folder", "corpus/locked: cannot be listed (Permission denied); skipped")]


def test_stored_paths_are_relative_to_the_corpus(tmp_path):
    folder = tmp_path / "corpus"
    papers(folder / "sub", 2)
    db = tmp_path / "p.db"
    assert build(str(folder), "--db", str(db)).exit_code == 0
    paths = sorted(r[0] for r in rows(db, "select path from documents"))
    assert paths == ["corpus/sub/paper000.txt", "corpus/sub/paper001.txt"]


def test_utf16_text_without_a_byte_order_mark_is_read(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    text = "Children\u2019s services: that the committee notes the report on caseloads.\n"
    (folder / "le.txt").write_bytes(text.encode("utf-16-le"))
    (folder / "be.txt").write_bytes(text.encode("utf-16-be"))
    db = tmp_path / "u.db"
    assert build(str(folder), "--db", str(db)).exit_code == 0
    stored = rows(db, "select distinct text from documents where status = 'ok'")
    assert [t.strip() for (t,) in stored] == [text.strip()]


# --- 10. one build at a time ---------------------------------------------------------------------


def test_a_second_build_on_the_same_database_is_refused(tmp_path):
    from pipeline.lock import build_lock

    folder = tmp_path / "corpus"
    papers(folder, 1)
    db = tmp_path / "lock.db"
    with build_lock(db):
        result = build(str(folder), "--db", str(db))
    assert result.exit_code != 0 and f"another build is running on {db}" in result.output
    assert build(str(folder), "--db", str(db)).exit_code == 0  # released


def test_two_builds_at_once_on_a_new_database(tmp_path):
    folder = tmp_path / "corpus"
    papers(folder, 20)
    db = tmp_path / "race.db"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "pipeline.cli", "build", str(folder), "--db", str(db), "--silent"]
    runs = [subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [(p.wait(timeout=120), p.stderr.read()) for p in runs]
    for code, err in outputs:
        assert "Traceback" not in err, err
        assert code == 0 or "another build is running" in err, err
    assert any(code == 0 for code, _ in outputs)
    assert rows(db, "select count(*) from documents where status = 'ok'") == [(20,)]


# --- 11. workers die with the build -------------------------------------------------------------


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_workers_die_with_a_killed_build(tmp_path, how):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for n in range(4):
        (folder / f"slow{n}.pdf").write_bytes(bomb_pdf(2_000_000 + n))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "pipeline.cli", "build", str(folder), "--db", str(tmp_path / "k.db")]
    build_process = subprocess.Popen(
        [*command, "--workers", "2", "--max-memory", "0", "--silent"], env=env, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 30
    while len(children(build_process.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    workers = children(build_process.pid)
    assert len(workers) == 2
    build_process.send_signal(how)
    build_process.wait(timeout=10)
    deadline = time.monotonic() + 5
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(alive(w) for w in workers)


# --- 12. the errors table says exactly what fails now ------------------------------------------------


def test_errors_hold_one_row_per_failing_file_and_only_while_it_fails(tmp_path):
    folder = tmp_path / "corpus"
    papers(folder, 1)
    bad = b"PK\x03\x04" + bytes(range(256)) * 4
    for name in ("a.txt", "b.txt", "c.txt"):
        (folder / name).write_bytes(bad)
    db = tmp_path / "e.db"
    first = build(str(folder), "--db", str(db))
    assert sorted(rows(db, "select path from errors")) == [
        ("corpus/a.txt",),
        ("corpus/b.txt",),
        ("corpus/c.txt",),
    ]
    for name in ("a.txt", "b.txt", "c.txt"):
        assert sum(f"{name}:" in line for line in first.output.splitlines()) == 1, first.output
    # A re-run names each file, not the first one with the same bytes.
    again = build(str(folder), "--db", str(db))
    for name in ("a.txt", "b.txt", "c.txt"):
        assert sum(f"{name}:" in line for line in again.output.splitlines()) == 1, again.output
    # Fix one, delete one: their rows go (with or without --prune).
    (folder / "a.txt").write_text("That the committee notes the fixed report.\n")
    (folder / "b.txt").unlink()
    build(str(folder), "--db", str(db))
    assert rows(db, "select path from errors") == [("corpus/c.txt",)]
    (folder / "c.txt").unlink()
    build(str(folder), "--db", str(db), "--prune")
    assert rows(db, "select count(*) from errors") == [(0,)]
    assert rows(db, "select count(*) from documents where status != 'ok'") == [(0,)]


def test_a_database_with_absolute_paths_takes_the_relative_ones(tmp_path):
    """Databases built before paths were relative keep working: rows move to the relative path."""
    import sqlite3

    folder = tmp_path / "corpus"
    papers(folder, 2)
    past = time.time_ns() - 60 * 10**9
    for path in folder.iterdir():
        os.utime(path, ns=(past, past))
    db = tmp_path / "old.db"
    assert build(str(folder), "--db", str(db)).exit_code == 0
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("update documents set path = ? || substr(path, 7)", [str(folder) + "/"])
    conn.close()
    assert all(p.startswith("/") for (p,) in rows(db, "select path from documents"))
    again = build(str(folder), "--db", str(db))
    assert "0 new, 2 unchanged" in again.output
    assert sorted(rows(db, "select path from documents")) == [
        ("corpus/paper000.txt",),
        ("corpus/paper001.txt",),
    ]


# --- scrutiny extract reads one file under the same limits ---------------------------------------


def test_extract_prints_one_documents_records_as_the_build_stores_them(tmp_path):
    from core.reading import read
    from extractors import REGISTRY
    from pipeline.parse import parse_file

    paper = papers(tmp_path, 1)[0]
    result = CliRunner().invoke(cli, ["extract", str(paper)])
    assert result.exit_code == 0, result.output
    printed = [json.loads(line) for line in result.output.splitlines()]
    reading = read(parse_file(paper))
    expected = [{"type": name, **asdict(r)} for name, ex in REGISTRY.items() for r in ex.extract(reading)]
    assert printed == json.loads(json.dumps(expected))
    assert any(r["type"] == "recommendations" for r in printed)
    only = CliRunner().invoke(cli, ["extract", str(paper), "--only", "recommendations"])
    assert {json.loads(line)["type"] for line in only.output.splitlines()} == {"recommendations"}


def test_extract_of_a_decompression_bomb_ends_with_a_message_not_a_crash(tmp_path):
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(bomb_pdf(2_000_000))
    result = scrutiny("extract", str(bomb), "--max-memory", "300")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "bomb.pdf" in result.stderr and "300 MB memory limit" in result.stderr
    slow = scrutiny("extract", str(bomb), "--max-memory", "0", "--doc-timeout", "0.5")
    assert slow.returncode == 1 and "0.5-second limit" in slow.stderr, slow.stderr
