"""The published site and bundle against a hostile but realistic user (issue 13).

Publishing never deletes what it did not write; a crafted manifest URL cannot run script; one
query cannot make the server build a giant response; writes are refused with 405, not 500.
"""

from __future__ import annotations

import json
import sqlite3
import time

import pytest
from click.testing import CliRunner
from datasette.plugins import pm

from pipeline.cli import cli
from pipeline.publish import site as publish

PAPER = (
    "Children's Services Scrutiny Committee\n\nRecommendations\n\n"
    "1. That the committee notes the report on agency social workers.\n"
)


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory):
    """A build whose manifest gives one document a javascript: URL and another an https one."""
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "evil.txt").write_text(PAPER, encoding="utf-8")
    (folder / "fine.txt").write_text(PAPER + "\nA second paper.\n", encoding="utf-8")
    entries = [
        {"path": "evil.txt", "url": "javascript:alert(document.domain)", "title": "Evil"},
        {"path": "fine.txt", "url": "https://example.org/paper", "title": "Fine"},
    ]
    (folder / "manifest.jsonl").write_text("\n".join(json.dumps(e) for e in entries), encoding="utf-8")
    db = folder / "built.db"
    result = CliRunner().invoke(cli, ["build", str(folder), "--db", str(db), "--silent"])
    assert result.exit_code == 0, result.output
    served = publish.optimised_copy(db, folder / "served.db")
    publish.write_inspect(served)
    return db, served


def get(ds, loop, path, **params):
    return loop.run_until_complete(ds.client.get(path, params=params or None))


def test_only_web_addresses_become_source_links(hostile_db, loop):
    _db, served = hostile_db
    ds = publish.make_datasette(served)
    conn = sqlite3.connect(served)
    ids = dict(conn.execute("select title, id from documents"))
    conn.close()
    evil = get(ds, loop, f"/scrutiny/documents/{ids['Evil']}").text
    assert 'href="javascript:' not in evil.lower()
    assert "javascript:alert(document.domain)" in evil  # shown as text, not linked
    fine = get(ds, loop, f"/scrutiny/documents/{ids['Fine']}").text
    assert 'href="https://example.org/paper"' in fine


def test_dashboard_links_refuse_script_urls():
    from plugins.scrutiny_datasette import html_link

    assert html_link("javascript:alert(1)", "x") == "x"
    assert html_link(" JavaScript:alert(1)", "<b>") == "&lt;b&gt;"
    assert html_link("/scrutiny/documents/1", "x") == '<a href="/scrutiny/documents/1">x</a>'
    assert html_link("//evil.example/x", "x") == "x"


@pytest.mark.parametrize(
    "sql",
    [
        "select randomblob(500000000)",
        "select zeroblob(500000000)",
        "select replace(hex(zeroblob(4000000)), '0', 'aaaaaaaa')",
    ],
)
def test_one_query_cannot_build_a_giant_response(hostile_db, loop, sql):
    _db, served = hostile_db
    ds = publish.make_datasette(served)
    started = time.monotonic()
    response = get(ds, loop, "/scrutiny.json", sql=sql, _shape="array")
    assert response.status_code == 400 and "too big" in response.text
    assert len(response.content) < 10_000 and time.monotonic() - started < 2


def test_response_bodies_are_cut_at_the_limit(hostile_db, loop, monkeypatch):
    _db, served = hostile_db
    ds = publish.make_datasette(served)
    plugin = next(p for name, p in pm.list_name_plugin() if "scrutiny_datasette" in name)
    monkeypatch.setattr(plugin, "MAX_RESPONSE_BYTES", 5000)
    body = get(ds, loop, "/scrutiny.json", sql="select hex(zeroblob(100000)) as x", _shape="array").content
    assert len(body) == 5000


@pytest.mark.parametrize(
    "path", ["/scrutiny", "/scrutiny/documents", "/scrutiny/documents/-/insert", "/-/messages", "/nowhere"]
)
def test_writes_are_refused_with_405(hostile_db, loop, path):
    _db, served = hostile_db
    ds = publish.make_datasette(served)
    response = loop.run_until_complete(ds.client.post(path, json={"row": {"id": "x"}}))
    assert response.status_code == 405 and "read-only" in response.text


# --- publish --force ---------------------------------------------------------------------------


def test_publish_refuses_a_folder_holding_the_database(hostile_db, tmp_path):
    db, _served = hostile_db
    folder = tmp_path / "work"
    folder.mkdir()
    own = folder / "mine.db"
    own.write_bytes(db.read_bytes())
    (folder / "notes.txt").write_text("mine")
    for out in (folder, tmp_path):
        result = CliRunner().invoke(cli, ["publish", str(out), "--db", str(own), "--force"])
        assert result.exit_code != 0 and "holds the database" in result.output, result.output
    assert own.read_bytes() == db.read_bytes() and (folder / "notes.txt").read_text() == "mine"


def test_publish_force_replaces_only_what_it_wrote(hostile_db, tmp_path):
    db, _served = hostile_db
    out = tmp_path / "site"
    assert CliRunner().invoke(cli, ["publish", str(out), "--db", str(db)]).exit_code == 0
    (out / "mine.txt").write_text("keep me")
    (out / "templates" / "extra.html").write_text("keep me too")
    result = CliRunner().invoke(cli, ["publish", str(out), "--db", str(db), "--force"])
    assert result.exit_code == 0, result.output
    assert (out / "mine.txt").read_text() == "keep me"
    assert (out / "templates" / "extra.html").read_text() == "keep me too"
    assert (out / "scrutiny.db").exists() and (out / "plugins" / "scrutiny_datasette.py").exists()


def test_publish_force_will_not_overwrite_files_it_did_not_write(hostile_db, tmp_path):
    db, _served = hostile_db
    out = tmp_path / "site"
    out.mkdir()
    (out / "README.md").write_text("my own readme")
    result = CliRunner().invoke(cli, ["publish", str(out), "--db", str(db), "--force"])
    assert result.exit_code != 0 and "not written by" in result.output
    assert (out / "README.md").read_text() == "my own readme"


# --- serve -------------------------------------------------------------------------------------


def _serve(db, port: int):
    import os
    import subprocess
    import sys

    from conftest import ROOT

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "pipeline.cli", "serve", "--db", str(db), "--port", str(port)]
    return subprocess.Popen(command, env=env, cwd=ROOT, stderr=subprocess.PIPE, text=True)


def _get_json(url: str, timeout: float = 30):
    import urllib.request

    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return json.loads(response.read())
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_serve_never_writes_the_database_and_serves_a_committed_snapshot(hostile_db, tmp_path):
    import hashlib
    import socket

    db, _served = hostile_db
    live = tmp_path / "live.db"
    source = sqlite3.connect(db)
    target = sqlite3.connect(live)
    source.backup(target)
    source.close()
    target.execute("pragma journal_mode = wal")
    target.close()
    before = (hashlib.sha256(live.read_bytes()).hexdigest(), live.stat().st_mtime_ns)
    # A build is writing: a transaction has deleted every recommendation but not committed.
    writer = sqlite3.connect(live)
    writer.execute("begin immediate")
    writer.execute("delete from recommendations")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = _serve(live, port)
    try:
        counted = _get_json(
            f"http://127.0.0.1:{port}/scrutiny.json?sql=select+count(*)+as+n+from+recommendations&_shape=array"
        )
        assert counted[0]["n"] > 0  # the committed state, not the half-written one
    finally:
        server.terminate()
        server.wait(timeout=10)
        writer.rollback()
        writer.close()
    assert (hashlib.sha256(live.read_bytes()).hexdigest(), live.stat().st_mtime_ns) == before
    conn = sqlite3.connect(live)
    assert conn.execute("pragma journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_serve_refuses_a_database_still_being_created(tmp_path):
    db = tmp_path / "new.db"
    sqlite3.connect(db).close()  # a build has created the file, not yet its tables
    result = CliRunner().invoke(cli, ["serve", "--db", str(db)])
    assert result.exit_code != 0 and "not a scrutiny database yet" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
