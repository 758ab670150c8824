"""Official reference data: loading, linking to councils, and the checks beside the papers.

The view tests write records straight into a database (through ``store.save_document``, as the
build does), so they test the comparisons exactly whatever the extractors find. The end-to-end
test builds the sample documents plus our own post-2018 documents and checks the pairs the
extractors' plain phrasings must give. Official values asserted here are the published ones in
the shipped files.
"""

from __future__ import annotations

import asyncio
import csv
import json
import re
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from core.document import Document
from extractors.base import Record, provenance
from pipeline import reference, store
from pipeline.build import open_database
from pipeline.cli import cli

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "reference"
SEEDS = ROOT.parent / "shared" / "seeds"
GOLD = ROOT.parent / "shared" / "gold"

HELP = "The experiences and progress of children who need help and protection"
IN_CARE = "The experiences and progress of children in care"
PRE_ILACS = "no official data (ILACS series starts 2018)"
PRE_CENSUS = "no official figure (DfE series starts 2017)"


@dataclass(kw_only=True)
class CaseloadRow(Record):
    """The columns of ``caseloads``, independent of the extractor's own dataclass."""

    low: float
    high: float | None
    role: str
    kind: str
    period: str | None


@dataclass(kw_only=True)
class RatingRow(Record):
    subject: str | None
    area: str
    judgement: str
    judgement_as_printed: str
    inspection_year: int | None


def hub_council(db, gss: str, name: str, dfe: str) -> str:
    """The id of the council with this GSS code (or DfE number), added to the hub if missing."""
    for column, code in (("gss_code", gss), ("dfe_code", dfe)):
        row = db.execute(f"select id from councils where {column} = ?", [code]).fetchone()
        if row:
            return row[0]
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    db["councils"].insert({"id": slug, "name": name, "gss_code": gss, "dfe_code": dfe, "area": name})
    return slug


def add_document(db, name, council_id, date, caseloads=(), ratings=()) -> str:
    """Store one document whose text is the quotes of its records, one per line."""
    quotes = [c["quote"] for c in caseloads] + [r["quote"] for r in ratings]
    text = "\n".join(quotes) + "\n"
    doc = Document.from_text(text, filename=f"{name}.txt")
    offsets, pos = [], 0
    for quote in quotes:
        offsets.append((pos, pos + len(quote)))
        pos += len(quote) + 1
    council = db.execute("select name from councils where id = ?", [council_id]).fetchone()
    records = {"caseloads": [], "ofsted_ratings": []}
    for spec, (start, end) in zip(caseloads, offsets[: len(caseloads)], strict=True):
        records["caseloads"].append(
            CaseloadRow(
                low=spec["low"],
                high=spec["high"],
                role="social worker",
                kind=spec["kind"],
                period=spec["period"],
                **provenance(doc, start, end),
            )
        )
    for spec, (start, end) in zip(ratings, offsets[len(caseloads) :], strict=True):
        records["ofsted_ratings"].append(
            RatingRow(
                subject=spec.get("subject", council[0] if council else None),
                area=spec["area"],
                judgement=spec["judgement"],
                judgement_as_printed=spec["printed"],
                inspection_year=spec["year"],
                **provenance(doc, start, end),
            )
        )
    metadata = {
        "council": council[0] if council else "Atlantis Borough Council",
        "council_id": council_id,
        "date": date,
        "year": int(date[:4]) if date else None,
        "title": name,
    }
    return store.save_document(db, doc, metadata, records, "test", path=name)


def C(quote: str, low: float, period: str | None = None, high: float | None = None, kind: str = "reported"):
    """A caseload record to store: its quote (the document's line) and columns."""
    return {"quote": quote, "low": low, "high": low if high is None else high, "period": period, "kind": kind}


def R(quote: str, area: str, judgement: str, year: int | None = None, printed=None, subject=None):
    """A rating record to store; ``subject`` defaults to the document's council."""
    spec = {"quote": quote, "area": area, "judgement": judgement, "year": year}
    return {**spec, "printed": printed or judgement, **({"subject": subject} if subject else {})}


OVERALL = "Overall effectiveness"


@pytest.fixture(scope="module")
def checks_db(tmp_path_factory) -> Path:
    """A database holding hand-made documents for each kind of pair the checks must give."""
    path = tmp_path_factory.mktemp("reference") / "checks.db"
    db = open_database(path)
    ids = {
        "barnet": hub_council(db, "E09000003", "Barnet", "302"),
        "walsall": hub_council(db, "E08000030", "Walsall", "335"),
        "devon": hub_council(db, "E10000008", "Devon", "878"),
        "leeds": hub_council(db, "E08000035", "Leeds", "383"),
        "kingston": hub_council(db, "E09000021", "Kingston upon Thames", "314"),
        "barnsley": hub_council(db, "E08000038", "Barnsley", "370"),
        "birmingham": hub_council(db, "E08000025", "Birmingham", "330"),
    }
    reference.load_reference(db)  # relink the official rows to councils added above
    documents = [
        (
            "barnet-2019",
            "barnet",
            "2019-11-14",
            [
                C("The average caseload was 13 in September 2019.", 13, "September 2019"),
                C("Between 18 and 22 cases in 2018/19.", 18, "2018/19", high=22),
                C("A target of 15 cases.", 15, kind="target"),
                C("Caseloads of 12 by 2040.", 12, "2040"),
            ],
            [
                R("Ofsted judged us Good overall.", OVERALL, "Good", 2019),
                R("Adoption performance - Good", "Adoption performance", "Good", 2019),
                R(
                    "Children in care and care leavers - Good",
                    "Children in care and care leavers",
                    "Good",
                    2019,
                ),
                R("Care leavers - Good", "Experiences and progress of care leavers", "Good", 2019),
                R("Still Good overall in 2021.", OVERALL, "Good", 2021),
                R("Atlantis was rated Good.", OVERALL, "Good", 2019, subject="Atlantis Borough Council"),
            ],
        ),
        (
            "walsall-2022",
            "walsall",
            "2022-01-20",
            [C("Caseloads averaged 15 per worker.", 15)],
            [
                R("Judged Outstanding overall.", OVERALL, "Outstanding", 2021),
                R(
                    "Children who need help and protection - Requires improvement to be good",
                    "Children who need help and protection",
                    "Requires improvement",
                    2021,
                    printed="Requires improvement to be good",
                ),
            ],
        ),
        (
            "devon-2016",
            "devon",
            "2016-05-16",
            [C("The average caseload was 25 in March 2016.", 25, "March 2016")],
            [],
        ),
        (
            "devon-2017",
            "devon",
            "2017-05-01",
            [C("The average caseload was 20 in March 2017.", 20, "March 2017")],
            [],
        ),
        ("leeds-2016", "leeds", "2016-03-10", [], [R("Good overall in 2015.", OVERALL, "Good", 2015)]),
        ("leeds-2020", "leeds", "2020-01-10", [], [R("Outstanding overall.", OVERALL, "Outstanding")]),
        ("kingston-2019", "kingston", "2019-12-01", [C("Caseloads were 14 in 2019.", 14, "2019")], []),
        ("barnsley-2019", "barnsley", "2019-10-01", [C("Caseloads stand at 19.", 19)], []),
        (
            "birmingham-2024",
            "birmingham",
            "2024-12-01",
            [C("Caseloads were 16 in 2024.", 16, "2024")],
            [R("Requires improvement overall.", OVERALL, "Requires improvement", 2019)],
        ),
        ("barnet-undated", "barnet", None, [C("Caseloads of 17.", 17)], []),
        ("nowhere-2019", None, "2019-06-01", [C("Caseloads of 18.", 18)], []),
    ]
    for name, council, date, caseloads, ratings in documents:
        add_document(db, name, ids.get(council), date, caseloads, ratings)
    db.close()
    return path


def rows(db_path: Path, sql: str, params=()) -> list[dict]:
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


def caseload_pairs(db_path: Path) -> dict[str, tuple]:
    found = rows(
        db_path,
        "select quote, reported, census_year, official_caseload_fte, difference, status from caseload_checks",
    )
    columns = ("reported", "census_year", "official_caseload_fte", "difference", "status")
    return {r["quote"]: tuple(r[c] for c in columns) for r in found}


def test_caseload_checks_pair_each_figure_with_the_nearest_census(checks_db):
    pairs = caseload_pairs(checks_db)
    assert pairs["The average caseload was 13 in September 2019."] == (13, 2019, 13.1, -0.1, "compared")
    # a January figure is nearest the previous September's census
    assert pairs["Caseloads averaged 15 per worker."] == (15, 2021, 13.3, 1.7, "compared")
    # a range is compared by its midpoint; a financial year by its first September
    assert pairs["Between 18 and 22 cases in 2018/19."] == (20, 2018, 17.2, 2.8, "compared")
    # March 2017 is nearest September 2016, before the series: the first census is used
    assert pairs["The average caseload was 20 in March 2017."] == (20, 2017, 19.3, 0.7, "compared")
    # Barnsley's 2019 row carries its old GSS code, E08000016: linked through the DfE number
    assert pairs["Caseloads stand at 19."] == (19, 2019, 19.3, -0.3, "compared")
    assert "A target of 15 cases." not in pairs


def test_caseload_checks_say_why_there_is_no_official_figure(checks_db):
    pairs = caseload_pairs(checks_db)
    assert pairs["The average caseload was 25 in March 2016."] == (25, None, None, None, PRE_CENSUS)
    assert pairs["Caseloads were 14 in 2019."] == (
        14,
        2019,
        None,
        None,
        "no official figure (DfE publishes one joint figure, 13.8, for "
        "Kingston upon Thames / Richmond upon Thames)",
    )
    assert pairs["Caseloads were 16 in 2024."] == (
        16,
        2024,
        None,
        None,
        "no official figure (suppressed in the DfE data)",
    )
    assert pairs["Caseloads of 17."][1:] == (None, None, None, "no official figure (no date for this figure)")
    assert pairs["Caseloads of 18."][2:] == (None, None, "no official figure (council not identified)")
    assert pairs["Caseloads of 12 by 2040."][2:] == (
        None,
        None,
        "no official figure (latest DfE census is 2025)",
    )


def rating_pairs(db_path: Path) -> dict[str, tuple]:
    found = rows(
        db_path,
        "select quote, ilacs_area, official_judgement, official_inspection_date, status from rating_checks",
    )
    columns = ("ilacs_area", "official_judgement", "official_inspection_date", "status")
    return {r["quote"]: tuple(r[c] for c in columns) for r in found}


def test_rating_checks_agree_and_disagree(checks_db):
    pairs = rating_pairs(checks_db)
    overall = OVERALL
    assert pairs["Ofsted judged us Good overall."] == (overall, "Good", "2019-05-13", "agrees")
    assert pairs["Judged Outstanding overall."] == (overall, "Good", "2021-10-04", "disagrees")
    # Ofsted's "Requires improvement to be good" is our "Requires improvement"
    assert pairs["Children who need help and protection - Requires improvement to be good"] == (
        HELP,
        "Requires improvement",
        "2021-10-04",
        "agrees",
    )
    # before 2023 ILACS judged children in care and care leavers together
    assert pairs["Children in care and care leavers - Good"] == (IN_CARE, "Good", "2019-05-13", "agrees")
    # an inspection of December 2018 published in 2019 is "the 2019 inspection"
    assert pairs["Requires improvement overall."] == (overall, "Requires improvement", "2018-12-03", "agrees")
    # no year stated: the latest inspection published before the document
    assert pairs["Outstanding overall."] == (overall, "Outstanding", "2018-10-29", "agrees")
    disagreements = rows(
        checks_db,
        "select quote, judgement, official_judgement_as_printed from rating_checks "
        "where status = 'disagrees'",
    )
    assert disagreements == [
        {
            "quote": "Judged Outstanding overall.",
            "judgement": "Outstanding",
            "official_judgement_as_printed": "Good",
        }
    ]


def test_rating_checks_say_why_there_is_no_official_data(checks_db):
    pairs = rating_pairs(checks_db)
    assert pairs["Good overall in 2015."] == ("Overall effectiveness", None, None, PRE_ILACS)
    assert pairs["Adoption performance - Good"][3] == "no official data (area not judged under ILACS)"
    assert pairs["Care leavers - Good"] == (
        "The experiences and progress of care leavers",
        None,
        "2019-05-13",
        "no official data (area not judged at this inspection)",
    )
    assert pairs["Still Good overall in 2021."][3] == (
        "no official data (no ILACS inspection of this council found for 2021)"
    )
    assert pairs["Atlantis was rated Good."][3] == "no official data (council not identified)"


def test_council_timeline_puts_reported_figures_beside_the_official_series(checks_db):
    barnet = rows(checks_db, "select id from councils where gss_code = 'E09000003'")[0]["id"]
    timeline = rows(
        checks_db,
        "select year, series, value, judgement from council_timeline "
        "where council_id = ? order by year, series",
        [barnet],
    )
    official = [(r["year"], r["value"]) for r in timeline if r["series"] == "official (DfE census)"]
    assert official[:3] == [(2017, 19.9), (2018, 17.2), (2019, 13.1)] and len(official) == 9
    reported = {
        (r["year"], r["value"]) for r in timeline if r["series"] == "reported in papers" and r["value"]
    }
    assert {(2019, 13.0), (2018, 20.0)} <= reported
    assert all(year is not None for year, _ in reported)
    ofsted = [(r["year"], r["judgement"]) for r in timeline if r["series"] == "official (Ofsted ILACS)"]
    assert ofsted == [(2019, "Good"), (2024, "Good")]


def test_official_rows_are_linked_to_the_council_hub(checks_db):
    barnsley = rows(
        checks_db,
        "select w.year, w.gss_code from official_workforce w join councils c on c.id = w.council_id "
        "where c.dfe_code = '370' order by w.year",
    )
    assert [r["year"] for r in barnsley] == list(range(2017, 2026))
    assert {r["gss_code"] for r in barnsley} == {"E08000016", "E08000038"}
    joint = rows(
        checks_db,
        "select distinct reported_jointly_as from official_workforce where la_name = 'Richmond upon Thames'",
    )
    assert joint == [{"reported_jointly_as": "Kingston upon Thames / Richmond upon Thames"}]
    assert rows(
        checks_db, "select caseload_fte from official_workforce where gss_code = 'E08000025' and year = 2024"
    ) == [{"caseload_fte": None}]  # 'u' in the DfE file
    unlinked = rows(checks_db, "select count(*) as n from official_workforce where council_id is null")[0][
        "n"
    ]
    assert unlinked < 60  # only authorities missing from the councils list stay unlinked
    grades = rows(checks_db, "select distinct judgement from official_inspections order by judgement")
    assert [g["judgement"] for g in grades] == ["Good", "Inadequate", "Outstanding", "Requires improvement"]
    sources = rows(checks_db, "select kind, licence, attribution from reference_sources order by kind")
    assert [s["kind"] for s in sources] == ["inspections", "lookup", "workforce"]
    assert all(s["attribution"] == reference.ATTRIBUTION for s in sources)


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory) -> Path:
    """The sample documents (with their known council and date) plus our own post-2018 ones."""
    if not SEEDS.exists():
        pytest.skip(f"sample documents not found at {SEEDS}")
    folder = tmp_path_factory.mktemp("seeds")
    with (folder / "manifest.jsonl").open("w", encoding="utf-8") as manifest:
        for seed in sorted(SEEDS.glob("*.txt")):
            shutil.copy(seed, folder / seed.name)
            gold = json.loads((GOLD / f"{seed.stem}.json").read_text(encoding="utf-8"))
            meta = {k: gold.get(k) for k in ("council", "date", "title")}
            manifest.write(json.dumps({"path": seed.name, **meta}) + "\n")
    from pipeline.build import build

    path = folder / "corpus.db"
    build([folder, FIXTURES], path)
    return path


def test_built_corpus_gives_the_expected_pairs(corpus_db):
    def checks(view, filename, **where):
        sql = f"select v.* from {view} v join documents d on d.id = v.document_id where d.filename = ?"
        found = rows(corpus_db, sql, [filename])
        assert found and all(r["council_id"] for r in found), f"{filename}: no linked {view}"
        return [r for r in found if all(r[k] == v for k, v in where.items())]

    barnet = checks("caseload_checks", "barnet_cabinet_2019.txt", reported=13.0)
    assert [(r["census_year"], r["official_caseload_fte"], r["difference"], r["status"]) for r in barnet] == [
        (2019, 13.1, -0.1, "compared")
    ]
    walsall = checks("caseload_checks", "walsall_scrutiny_2022.txt", reported=15.0)
    assert [(r["census_year"], r["official_caseload_fte"], r["difference"]) for r in walsall] == [
        (2021, 13.3, 1.7)
    ]
    devon = checks("caseload_checks", "devon_scrutiny_2016.txt", reported=25.0)
    assert [(r["official_caseload_fte"], r["status"]) for r in devon] == [(None, PRE_CENSUS)]

    overall = {"area": OVERALL}
    assert [
        (r["official_judgement"], r["status"])
        for r in checks("rating_checks", "barnet_cabinet_2019.txt", **overall)
    ] == [("Good", "agrees")]
    walsall = checks("rating_checks", "walsall_scrutiny_2022.txt", **overall)
    assert [(r["judgement"], r["official_judgement"], r["status"]) for r in walsall] == [
        ("Outstanding", "Good", "disagrees")
    ]
    assert [r["status"] for r in checks("rating_checks", "leeds_scrutiny_2016.txt", **overall)] == [PRE_ILACS]
    # the "<area> - <grade>" line is found once the extractor matches lines past the first
    for r in checks("rating_checks", "walsall_scrutiny_2022.txt", ilacs_area=HELP):
        assert r["status"] == "agrees"


def test_built_sample_documents_have_no_official_data(corpus_db):
    """The samples date from 2011 to 2017: the checks must say so rather than pick a year."""
    by_council = rows(
        corpus_db,
        "select d.date, v.status, v.official_caseload_fte from caseload_checks v "
        "join documents d on d.id = v.document_id where d.date < '2017'",
    )
    assert by_council and all(
        r["status"] == PRE_CENSUS and r["official_caseload_fte"] is None for r in by_council
    )
    durham = rows(
        corpus_db,
        "select v.status, v.official_judgement from rating_checks v "
        "where v.inspection_year = 2016 and v.area = 'Overall effectiveness'",
    )
    assert durham and all(r == {"status": PRE_ILACS, "official_judgement": None} for r in durham)


def write_csv(path: Path, header: list[str], body: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(body)
    return path


def shipped(kind: str) -> Path:
    return reference.REFERENCE_DIR / reference.SHAPES[kind].filename


def test_refresh_rejects_a_file_of_another_shape_and_replaces_nothing(tmp_path):
    dest = tmp_path / "ref"
    dest.mkdir()
    for kind in reference.SHAPES:
        shutil.copy(shipped(kind), dest / reference.SHAPES[kind].filename)
    before = {p.name: p.read_bytes() for p in dest.iterdir()}
    bad = write_csv(tmp_path / "bad.csv", ["time_period", "la_name", "caseload"], [["2026", "Barnet", "12"]])
    args = ["--workforce", str(bad), "--inspections", str(shipped("inspections")), "--dest", str(dest)]
    result = CliRunner().invoke(cli, ["reference", "refresh", *args])
    assert result.exit_code == 1
    assert "bad.csv: not a Children's social work workforce indicators" in result.output
    for column in ("geographic_level", "old_la_code", "new_la_code", "caseload_fte"):
        assert repr(column) in result.output
    assert "nothing was replaced" in result.output
    assert {p.name: p.read_bytes() for p in dest.iterdir()} == before


def test_refresh_rejects_a_date_that_is_not_a_date(tmp_path):
    lines = shipped("inspections").read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace("2019-02-18", "February 2019", 1)
    bad = tmp_path / "inspections.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(
        reference.ReferenceDataError, match=r"inspections.csv, line 2: Inspection date 'February 2019'"
    ):
        reference.read_table(bad, "inspections")


def test_refresh_replaces_copies_and_load_uses_them(tmp_path, checks_db):
    dest = tmp_path / "ref"
    shutil.copytree(reference.REFERENCE_DIR, dest, ignore=shutil.ignore_patterns("*.md"))
    lines = shipped("workforce").read_text(encoding="utf-8").splitlines()
    newer = [line.replace("2025,", "2026,", 1) for line in lines[1:] if line.startswith("2025,")]
    workforce = tmp_path / "csww_indicators_2017_to_2026.csv"
    workforce.write_text("\n".join(lines + newer) + "\n", encoding="utf-8")
    lookup_lines = shipped("lookup").read_text(encoding="utf-8-sig").splitlines()
    lookup = tmp_path / "lookup24.csv"
    lookup.write_text(
        "\n".join([lookup_lines[0].replace("23", "24")] + lookup_lines[1:]) + "\n", encoding="utf-8"
    )
    runner = CliRunner()
    args = [
        "reference",
        "refresh",
        "--workforce",
        str(workforce),
        "--inspections",
        str(shipped("inspections")),
    ]
    result = runner.invoke(cli, [*args, "--lookup", str(lookup), "--dest", str(dest)])
    assert result.exit_code == 0, result.output
    assert "2017-2026" in result.output
    sources = json.loads((dest / "sources.json").read_text(encoding="utf-8"))
    assert sources["workforce"]["original_file"] == "csww_indicators_2017_to_2026.csv"

    db = tmp_path / "copy.db"
    shutil.copy(checks_db, db)
    result = runner.invoke(cli, ["reference", "load", "--db", str(db), "--dir", str(dest)])
    assert result.exit_code == 0, result.output
    last = rows(db, "select max(year) as y from official_workforce where gss_code = 'E09000003'")
    assert last == [{"y": 2026}]
    assert (
        caseload_pairs(db)["Caseloads of 12 by 2040."][4] == "no official figure (latest DfE census is 2026)"
    )


def test_load_from_a_broken_folder_fails_and_keeps_the_loaded_data(tmp_path, checks_db):
    broken = tmp_path / "broken"
    shutil.copytree(reference.REFERENCE_DIR, broken)
    (broken / "inspections.csv").write_text("Local authority name,Overall effectiveness\n", encoding="utf-8")
    db = tmp_path / "copy.db"
    shutil.copy(checks_db, db)
    result = CliRunner().invoke(cli, ["reference", "load", "--db", str(db), "--dir", str(broken)])
    assert result.exit_code == 1
    assert "missing column(s) 'Local authority area code', 'Inspection date'" in result.output
    assert rows(db, "select count(*) as n from official_inspections")[0]["n"] > 1000
    assert caseload_pairs(db) == caseload_pairs(checks_db)


def test_load_refuses_while_a_build_holds_the_database(tmp_path, checks_db):
    from pipeline.lock import build_lock

    db = tmp_path / "copy.db"
    shutil.copy(checks_db, db)
    with build_lock(db):  # a build is writing this database
        result = CliRunner().invoke(cli, ["reference", "load", "--db", str(db)])
    assert result.exit_code == 1 and "another build is running" in result.output
    assert caseload_pairs(db) == caseload_pairs(checks_db)
    after = CliRunner().invoke(cli, ["reference", "load", "--db", str(db)])  # the build is done
    assert after.exit_code == 0, after.output


def test_load_refuses_a_database_that_is_not_a_scrutiny_database(tmp_path):
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("create table t (x)").connection.commit()
    result = CliRunner().invoke(cli, ["reference", "load", "--db", str(other)])
    assert result.exit_code == 1 and "not a scrutiny database" in result.output


def test_canned_queries_and_dashboard_run_in_datasette(checks_db):
    """The reference queries and the official-figures dashboard in the published metadata run."""
    from pipeline.publish.metadata import load_metadata
    from pipeline.publish.site import make_datasette

    metadata = load_metadata()
    queries = [q for q in metadata["databases"]["scrutiny"]["queries"] if "check" in q or "disagree" in q]
    expected = {"caseload_checks_for_council", "rating_disagreements", "rating_checks_for_council"}
    assert expected <= set(queries)
    extra = {"queries": queries, "dashboards": metadata["plugins"]["datasette-dashboards"]}
    walsall = rows(checks_db, "select id, name from councils where gss_code = 'E08000030'")[0]
    ds = make_datasette(checks_db)

    async def run():
        out = {}
        for name in extra["queries"]:
            r = await ds.client.get(
                f"/scrutiny/{name}.json", params={"_shape": "array", "council": walsall["id"]}
            )
            assert r.status_code == 200, (name, r.text)
            out[name] = r.json()
        page = await ds.client.get("/-/dashboards/official-figures", params={"council": walsall["name"]})
        assert page.status_code == 200
        charts = extra["dashboards"]["official-figures"]["charts"].items()
        for key, chart in ((k, c) for k, c in charts if "query" in c):  # the markdown intro has none
            sql = chart["query"].replace("[[", "").replace("]]", "")
            r = await ds.client.get(
                "/scrutiny.json", params={"sql": sql, "council": walsall["name"], "_shape": "array"}
            )
            assert r.status_code == 200 and r.json(), (chart["title"], r.text)
            out[key] = r.json()
        return out

    out = asyncio.run(run())
    # Real rows, not the placeholder a table chart shows for a council with no figures.
    assert [r["Reported"] for r in out["caseload-checks"]] == [15.0]
    quoted = [r for r in out["ofsted-timeline"] if r["Source"] == "reported in papers"]
    assert [(r["Year"], r["Judgement"]) for r in quoted] == [(2021, "Outstanding")]
    assert [r["reported"] for r in out["caseload_checks_for_council"]] == [15.0]
    assert [r["quote"] for r in out["rating_disagreements"]] == ["Judged Outstanding overall."]


def test_opening_a_database_with_views_of_an_older_version_recreates_them(tmp_path, checks_db):
    """A database built before a view gained a column gets the current views when it is opened."""
    db_path = tmp_path / "old.db"
    shutil.copy(checks_db, db_path)
    conn = sqlite3.connect(db_path)
    conn.execute("drop view rating_checks")
    conn.execute("create view rating_checks as select rating_id, document_id from ofsted_ratings")
    conn.commit()
    conn.close()
    open_database(db_path).close()
    found = rows(
        db_path, "select document_title from rating_checks where quote = 'Judged Outstanding overall.'"
    )
    assert found == [{"document_title": "walsall-2022"}]
    assert caseload_pairs(db_path) == caseload_pairs(checks_db)
