"""`scrutiny fetch` then `scrutiny build`: the fixture site's metadata arrives in the database."""

# ruff: noqa: F811  (tests take the imported server/site fixtures as arguments)

from __future__ import annotations

import json
import sqlite3
import time

import pytest
from click.testing import CliRunner
from fetch_site import DOCS, server, site  # noqa: F401  (fixtures: server, site)

from pipeline import fetch
from pipeline.cli import cli

FAST = [
    "--delay",
    "0",
    "--timeout",
    "0.5",
    "--backoff",
    "0.01",
    "--silent",
    "--contact",
    "https://example.org/c",
]


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_fetch_moderngov_then_build(site, tmp_path):
    corpus, db = tmp_path / "corpus", tmp_path / "scrutiny.db"
    result = invoke(
        "fetch",
        "moderngov",
        site.base,
        "--committee",
        "Children's Scrutiny",
        "--since",
        "2013-01-01",
        "--until",
        "2017-12-31",
        "--corpus",
        corpus,
        *FAST,
    )
    assert result.exit_code == 0, result.output
    assert "Exampleshire County Council: 16 new, 0 unchanged, 0 failed, 1 duplicate link" in result.output
    assert f"{corpus}: 16 new, 0 unchanged, 0 failed" in result.output
    result = invoke("build", corpus, "--db", db, "--silent")
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(db)
    rows = conn.execute(
        "select council, body, date, url, title, meta from documents order by date, url"
    ).fetchall()
    assert len(rows) == 16
    assert {(r[0], r[1]) for r in rows} == {("Exampleshire County Council", "Children's Scrutiny Committee")}
    assert {r[2] for r in rows} == {"2014-06-26", "2015-01-15"}
    assert all(r[3].startswith(site.base) for r in rows)
    report = next(r for r in rows if r[4] == "Task Group report")
    assert report[2] == "2014-06-26" and report[3] == site.base + "mgConvert2PDF.aspx?ID=5002"
    meta = json.loads(report[5])
    assert meta["agenda_item"] == "Safeguarding Children Task Group: Interim Report"
    assert meta["platform"] == "moderngov" and len(meta["sha256"]) == 64
    text = conn.execute("select text from documents where title = 'Task Group report'").fetchone()[0]
    assert "recruitment of permanent social workers" in text


def test_second_fetch_reports_nothing_new(site, tmp_path):
    args = [
        "fetch",
        "moderngov",
        site.base,
        "--committee",
        "101",
        "--since",
        "2013-01-01",
        "--until",
        "2017-12-31",
        "--corpus",
        tmp_path,
        *FAST,
    ]
    invoke(*args)
    result = invoke(*args)
    assert result.exit_code == 0
    assert "0 new, 0 unchanged, 0 failed, 2 finished meetings not revisited" in result.output


def test_list_committees(site):
    result = invoke("fetch", "moderngov", site.base, "--list-committees", *FAST)
    assert result.exit_code == 0
    assert "101\tChildren's Scrutiny Committee" in result.output
    assert "103\tCorporate Parenting Panel\t(expired)" in result.output
    assert "Shadow Children" not in result.output  # deleted committees are left out


def test_council_from_a_councils_file(site, tmp_path):
    sites_file = tmp_path / "sites.csv"
    sites_file.write_text(f"council,base_url,platform\nExampleshire County Council,{site.base},moderngov\n")
    result = invoke(
        "fetch",
        "moderngov",
        "--council",
        "exampleshire county council",
        "--sites",
        sites_file,
        "--committee",
        "children",
        "--since",
        "2014-01-01",
        "--until",
        "2014-12-31",
        "--corpus",
        tmp_path / "c",
        *FAST,
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in (tmp_path / "c" / "manifest.jsonl").read_text().splitlines()]
    assert {e["council"] for e in lines} == {"Exampleshire County Council"}
    assert {e["date"] for e in lines} == {"2014-06-26"}


def test_unknown_council_names_the_known_ones(tmp_path):
    result = CliRunner().invoke(
        cli, ["fetch", "moderngov", "--council", "Atlantis", "--committee", "x", "--corpus", str(tmp_path)]
    )
    assert result.exit_code != 0
    assert "'Atlantis' is not in the councils file; known: " in result.output
    assert "Devon County Council" in result.output


def test_unknown_committee_lists_the_committees(site, tmp_path):
    result = invoke("fetch", "moderngov", site.base, "--committee", "Planning", "--corpus", tmp_path, *FAST)
    assert "no committee matches 'Planning'" in result.output
    assert "101 Children's Scrutiny Committee" in result.output


def test_missing_committee_or_corpus_is_a_usage_error(site):
    result = CliRunner().invoke(cli, ["fetch", "moderngov", site.base, *FAST])
    assert result.exit_code == 2 and "--committee" in result.output


def test_a_blocked_council_fails_the_command_saying_so(site, tmp_path):
    site.blocked = True
    result = CliRunner().invoke(
        cli, ["fetch", "moderngov", site.base, "--committee", "x", "--corpus", str(tmp_path), *FAST]
    )
    assert result.exit_code == 1
    assert "BLOCKED" in result.output and "every site refused us" in result.output


def test_fetch_urls_then_build(site, tmp_path):
    links = tmp_path / "links.txt"
    links.write_text(
        "# papers found by hand\n"
        f"{site.base}documents/s5002/Task%20Group%20report.pdf\n"
        f"{site.base}mgConvert2PDF.aspx?ID=5005  caseloads\n"
        "\n"
        f"{site.base}documents/s5002/Task%20Group%20report.pdf\n"
        f"{site.base}documents/s9999/Missing.pdf\n"
    )
    corpus = tmp_path / "mixed"
    result = invoke(
        "fetch", "urls", links, "--corpus", corpus, "--council", "Exampleshire County Council", *FAST
    )
    assert result.exit_code == 0, result.output
    assert "2 new, 0 unchanged, 1 failed" in result.output and "HTTP 404" in result.output
    lines = [json.loads(x) for x in (corpus / "manifest.jsonl").read_text().splitlines()]
    assert [e["platform"] for e in lines] == ["urls", "urls"]
    assert (corpus / lines[0]["path"]).read_bytes() == (DOCS / "task_group_report.pdf").read_bytes()
    again = invoke("fetch", "urls", links, "--corpus", corpus, *FAST)
    assert "0 new, 2 unchanged, 1 failed" in again.output
    result = invoke("build", corpus, "--db", tmp_path / "m.db", "--silent")
    assert result.exit_code == 0
    rows = sqlite3.connect(tmp_path / "m.db").execute("select council, url from documents").fetchall()
    assert len(rows) == 2 and {r[0] for r in rows} == {"Exampleshire County Council"}


def test_bad_url_list_says_which_line(tmp_path):
    links = tmp_path / "links.txt"
    links.write_text("https://example.org/a.pdf\nfile:///etc/passwd\n")
    result = CliRunner().invoke(cli, ["fetch", "urls", str(links), "--corpus", str(tmp_path / "c")])
    assert result.exit_code == 1 and "line 2" in result.output and "not an http(s) URL" in result.output


def test_platform_registry_names_the_valid_platforms():
    assert fetch.get("ModernGov") is fetch.moderngov
    with pytest.raises(fetch.UnknownPlatform, match="valid platforms: moderngov, urls"):
        fetch.get("cmis")


def test_the_shipped_councils_file_matches_names_loosely():
    from pipeline.fetch import sites

    rows = sites.load()
    assert rows and all(r.platform in fetch.PLATFORMS and r.base_url.startswith("https://") for r in rows)
    assert sites.find("devon").council == "Devon County Council"
    assert sites.find("Kent County Council").base_url.endswith("/")


def test_a_council_on_another_platform_points_to_its_command(tmp_path):
    sites_file = tmp_path / "sites.csv"
    sites_file.write_text("council,base_url,platform\nListshire,https://listshire.example/,urls\n")
    result = CliRunner().invoke(
        cli, ["fetch", "moderngov", "--council", "Listshire", "--sites", str(sites_file)]
    )
    assert result.exit_code == 1 and "use `scrutiny fetch urls`" in result.output


def test_progress_shows_unless_silent(site, tmp_path):
    links = tmp_path / "links.txt"
    links.write_text(f"{site.base}documents/s5002/Task%20Group%20report.pdf\n")
    loud = [a for a in FAST if a != "--silent"]
    shown = invoke("fetch", "urls", links, "--corpus", tmp_path / "a", *loud)
    quiet = invoke("fetch", "urls", links, "--corpus", tmp_path / "b", *FAST)
    assert "1/1" in shown.output and "document" in shown.output
    assert "1/1" not in quiet.output


def test_a_failure_is_printed_once(site, tmp_path):
    links = tmp_path / "links.txt"
    links.write_text(
        f"{site.base}documents/s9999/Missing.pdf\n{site.base}documents/s5002/Task%20Group%20report.pdf\n"
    )
    loud = [a for a in FAST if a != "--silent"]
    result = invoke("fetch", "urls", links, "--corpus", tmp_path / "c", *loud)
    assert result.output.count("s9999/Missing.pdf: HTTP 404") == 1, result.output


def test_a_dripping_server_is_cut_off_by_max_time(tmp_path):
    from test_fetch_http import DripServer

    drip = DripServer(gap=0.2)
    try:
        links = tmp_path / "links.txt"
        links.write_text(drip.url + "/slow.pdf\n")
        start = time.monotonic()
        result = CliRunner().invoke(
            cli,
            ["fetch", "urls", str(links), "--corpus", str(tmp_path / "c"), "--max-time", "1", *FAST],
        )
        assert time.monotonic() - start < 5
        assert result.exit_code == 1 and "gave up after 1 s (the --max-time" in result.output
        assert result.output.count("gave up after") == 1
    finally:
        drip.close()
