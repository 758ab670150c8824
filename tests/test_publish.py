"""Publish: the Datasette site, tested in-process through ``datasette.client``.

Exact rows come from the publish fixture (four fictional papers with hand-annotated records,
``tests/fixtures/publish/``); structure is checked on a real build of the sample documents,
whose counts change as the extractors improve.
"""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from datasette.app import Datasette
from datasette_dashboards import replace_opts_in_query
from publish_fixture import build_fixture_db

from pipeline.cli import cli
from pipeline.publish import site as publish
from pipeline.store import RECORD_TABLES

METADATA = publish.load_metadata()
TABLES = METADATA["databases"]["scrutiny"]["tables"]
QUERIES = METADATA["databases"]["scrutiny"]["queries"]
DASHBOARD = METADATA["plugins"]["datasette-dashboards"]["scrutiny"]
OFFICIAL = METADATA["plugins"]["datasette-dashboards"]["official-figures"]
#: Plugins a published site may load; none of them writes to a database.
READ_ONLY_PLUGINS = {
    "datasette-dashboards",
    "datasette-leaflet",
    "datasette-render-markdown",
    "datasette-search-all",
    "scrutiny_datasette.py",
    "scrutiny_facets.py",
    "scrutiny_feeds.py",
}


@pytest.fixture(scope="module")
def fixture_db(tmp_path_factory) -> Path:
    """The fixture corpus, built and then optimised as for publishing, with its inspect file."""
    folder = tmp_path_factory.mktemp("publish")
    built = build_fixture_db(folder / "built.db")
    db = publish.optimised_copy(built, folder / "fixture.db")
    publish.write_inspect(db)
    return db


@pytest.fixture(scope="module")
def seeds_published(seeds_db, tmp_path_factory) -> Path:
    return publish.optimised_copy(seeds_db, tmp_path_factory.mktemp("seeds-pub") / "seeds.db")


class Client:
    """Synchronous GETs against an in-process Datasette."""

    def __init__(self, ds: Datasette, loop):
        self.ds, self.loop = ds, loop

    def get(self, path: str, **params):
        response = self.loop.run_until_complete(self.ds.client.get(path, params=params or None))
        assert response.status_code == 200, (
            f"{path} {params}: HTTP {response.status_code}\n{response.text[:2000]}"
        )
        return response

    def rows(self, query: str, **params) -> list[dict]:
        return self.get(f"/scrutiny/{query}.json", _shape="array", **params).json()

    def sql(self, sql: str, **params) -> list[dict]:
        return self.get("/scrutiny.json", sql=sql, _shape="array", **params).json()


@pytest.fixture(scope="module")
def site(fixture_db, loop) -> Client:
    return Client(publish.make_datasette(fixture_db), loop)


@pytest.fixture(scope="module")
def seeds_site(seeds_published, loop) -> Client:
    return Client(publish.make_datasette(seeds_published), loop)


def params_of(sql: str) -> set[str]:
    return set(re.findall(r"(?<![:\w]):(\w+)", sql))


def doc_id(site: Client, filename: str) -> str:
    return site.sql("select id from documents where filename = :f", f=filename)[0]["id"]


# --- Metadata ---------------------------------------------------------------------------------


def test_metadata_names_only_tables_and_columns_that_exist(seeds_published):
    conn = sqlite3.connect(seeds_published)
    for table, meta in TABLES.items():
        columns = {r[1] for r in conn.execute(f"pragma table_info([{table}])")}
        assert columns, f"metadata names table {table!r}, which a built database does not have"
        facets = [next(iter(f.values())) if isinstance(f, dict) else f for f in meta.get("facets", [])]
        named = set(meta.get("columns", {})) | set(facets)
        named |= {meta[k] for k in ("label_column", "sort", "sort_desc") if k in meta}
        assert named <= columns, f"{table}: metadata names columns that do not exist: {named - columns}"


def test_metadata_describes_every_table_and_column_of_a_built_database(seeds_published):
    conn = sqlite3.connect(seeds_published)
    fts_parts = ("_fts", "_fts_data", "_fts_idx", "_fts_docsize", "_fts_config")
    tables = [
        r[0]
        for r in conn.execute("select name from sqlite_master where type = 'table'")
        if not r[0].endswith(fts_parts) and not r[0].startswith("sqlite_")
    ]
    for table in tables:
        assert table in TABLES and TABLES[table].get("description"), f"table {table} has no description"
        described = TABLES[table].get("columns", {})
        for (column,) in conn.execute(f"select name from pragma_table_info('{table}')"):
            assert described.get(column), f"{table}.{column} has no description"


def test_every_table_says_its_licence_and_source():
    for table, meta in TABLES.items():
        assert "Open Government Licence" in meta["license"], table
        assert meta["license_url"].startswith("https://www.nationalarchives.gov.uk/"), table
        assert meta["source"], table


def test_caseload_columns_give_their_unit():
    for column in ("low", "high"):
        assert "cases per worker" in TABLES["caseloads"]["columns"][column]


def test_foreign_keys_point_at_tables_with_a_label_column(seeds_published):
    conn = sqlite3.connect(seeds_published)
    for table in ["documents", *RECORD_TABLES]:
        for fk in conn.execute(f"pragma foreign_key_list([{table}])"):
            assert TABLES[fk[2]].get("label_column"), f"{table}.{fk[3]} -> {fk[2]} would show ids, not names"


def test_every_canned_query_has_a_title_description_and_parameters():
    assert len(QUERIES) >= 8
    for name, query in QUERIES.items():
        assert query.get("title") and query.get("description"), name
        assert params_of(query["sql"]), f"{name} takes no parameters"


# --- Canned queries on a real build ------------------------------------------------------------


BLANK = {name: {p: "" for p in params_of(q["sql"])} for name, q in QUERIES.items()}


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_canned_query_runs_on_a_build_of_the_sample_documents(seeds_site, name):
    data = seeds_site.get(f"/scrutiny/{name}.json", **BLANK[name]).json()
    assert data["ok"] is not False and data["columns"]
    if "document_id" in data["columns"]:
        assert "document" in data["columns"], f"{name}: shows a document id without its title"


@pytest.mark.parametrize(
    ("query", "table"),
    [
        ("council_recommendations", "recommendations"),
        ("council_caseloads", "caseloads"),
        ("witness_appearances", "witnesses"),
    ],
)
def test_blank_council_or_name_lists_every_record(seeds_site, query, table):
    total = seeds_site.sql(f"select count(*) as n from {table}")[0]["n"]
    assert total > 0, f"the sample build has no {table}"
    assert len(seeds_site.rows(query, **BLANK[query])) == total


def test_search_finds_recommendations_in_the_sample_build(seeds_site):
    word = seeds_site.sql("select text from recommendations limit 1")[0]["text"].split()[-1].strip(".,;:")
    assert seeds_site.rows("search_recommendations", words=word)


# --- Canned queries: exact answers on the fixture ----------------------------------------------


def test_search_recommendations_is_stemmed_newest_first(site):
    rows = site.rows("search_recommendations", words="recruit")
    assert [(r["year"], r["council"], r["number"]) for r in rows] == [
        (2018, "Kent County Council", "(ii)"),
        (2016, "Walsall Council", None),
    ]
    assert rows[0]["source_url"] == "https://committees.example.org/kent/2018-11-05/improvement.pdf"
    assert rows[0]["document"] == "Children's Services Improvement Update"
    assert rows[0]["quote"].startswith("(ii) That the Director") and rows[0]["page"] == 1


def test_search_recommendations_newest_year_first_then_relevance(site):
    rows = site.rows("search_recommendations", words="caseloads")
    assert [r["year"] for r in rows] == [2019, 2015, 2015]
    assert {r["number"] for r in rows[1:]} == {"2.1", "2.2"}


@pytest.mark.parametrize("words", ["children's", '"retention strategy', "", "   "])
def test_search_recommendations_takes_any_text(site, words):
    rows = site.rows("search_recommendations", words=words)
    assert [r["council"] for r in rows] == (["Walsall Council"] if words.strip() else [])


@pytest.mark.parametrize("council", ["Kent", "kent", "Kent County Council"])
def test_council_recommendations_by_year(site, council):
    rows = site.rows("council_recommendations", council=council)
    assert [(r["year"], r["number"], r["kind"]) for r in rows] == [
        (2018, "(i)", "resolution"),
        (2018, "(ii)", "resolution"),
        (2015, "2.1", "recommendation"),
        (2015, "2.2", "recommendation"),
    ]
    assert rows[0]["procedural"] == 1


def test_council_caseloads_over_time(site):
    rows = site.rows("council_caseloads", council="Kent")
    assert [(r["year"], r["low"], r["high"], r["kind"]) for r in rows] == [
        (2015, 24, 24, "reported"),
        (2015, 18, 18, "target"),
        (2018, 16, 16, "reported"),
    ]
    assert rows[0]["period"] == "January 2015"


def test_latest_caseload_per_council(site):
    rows = site.rows("latest_caseloads", kind="reported", role="social worker")
    assert [(r["council"], r["year"], r["low"], r["high"]) for r in rows] == [
        ("Kent County Council", 2018, 16, 16),
        ("Medway Council", 2019, 22, 22),
        ("Walsall Council", 2016, 20, 25),
    ]
    assert [r["council"] for r in site.rows("latest_caseloads", kind="target", role="")] == [
        "Kent County Council",
        "Walsall Council",
    ]


def test_latest_ofsted_judgement_per_council(site):
    rows = site.rows("latest_ofsted", council="")
    assert [(r["council"], r["judgement"], r["inspection_year"]) for r in rows] == [
        ("Kent County Council", "Good", 2017),
        ("Medway Council", "Requires improvement", 2019),
        ("Walsall Council", "Inadequate", 2015),
    ]
    assert [r["judgement"] for r in site.rows("latest_ofsted", council="Walsall")] == ["Inadequate"]


def test_councils_by_latest_judgement(site):
    # Kent was judged Requires improvement in 2014, but Good since 2017: only Medway is listed.
    rows = site.rows("councils_by_judgement", judgement="requires improvement")
    assert [(r["council"], r["region"]) for r in rows] == [("Medway Council", "South East")]
    everyone = site.rows("councils_by_judgement", judgement="")
    assert [(r["judgement"], r["council"]) for r in everyone] == [
        ("Good", "Kent County Council"),
        ("Requires improvement", "Medway Council"),
        ("Inadequate", "Walsall Council"),
    ]


def test_people_who_gave_evidence_most_often_and_where(site):
    rows = site.rows("frequent_witnesses", organisation="")
    top = [(r["name"], r["documents"], r["councils"], r["at_councils"]) for r in rows[:2]]
    assert top == [
        ("Tom Ashworth", 2, 2, "Kent County Council; Walsall Council"),
        ("Jane Okafor", 2, 1, "Kent County Council"),
    ]
    assert len(rows) == 4
    narrowed = site.rows("frequent_witnesses", organisation="Government Association")
    assert [r["name"] for r in narrowed] == ["Tom Ashworth"]


def test_where_a_person_gave_evidence(site):
    rows = site.rows("witness_appearances", name="Ashworth")
    assert [(r["council"], r["year"], r["body"]) for r in rows] == [
        ("Walsall Council", 2016, "Children's Services Overview and Scrutiny Committee"),
        ("Kent County Council", 2015, "Children's Social Care Scrutiny Committee"),
    ]


def test_canned_query_rows_link_to_their_document_and_quote_their_page(site):
    html = site.get("/scrutiny/search_recommendations", words="recruit").text
    kent = doc_id(site, "kent_2018_improvement.txt")
    assert f'<a href="/scrutiny/documents/{kent}">Children&#39;s Services Improvement Update</a>' in html
    assert re.search(
        rf'<a class="quote" href="/scrutiny/documents/{kent}#record-\w+"[^>]*>'
        r'<span class="quote-page">p.&nbsp;1</span> “\(ii\) That the Director',
        html,
    )
    assert '<a href="https://committees.example.org/kent/2018-11-05/improvement.pdf">' in html


# --- Tables: facets, search, labels, the document page -----------------------------------------


def test_default_facets(site):
    facets = site.get("/scrutiny/documents.json").json()["facet_results"]
    assert {r["value"]: r["count"] for r in facets["council"]["results"]} == {
        "Kent County Council": 2,
        "Medway Council": 1,
        "Walsall Council": 1,
    }
    assert set(facets) == {"council", "year", "body"}
    kinds = site.get("/scrutiny/recommendations.json").json()["facet_results"]["kind"]["results"]
    assert {r["value"]: r["count"] for r in kinds} == {"recommendation": 5, "resolution": 2}
    judged = site.get("/scrutiny/ofsted_ratings.json").json()["facet_results"]["council_id"]["results"]
    assert {r["label"]: r["count"] for r in judged} == {
        "Kent County Council": 2,
        "Medway Council": 1,
        "Walsall Council": 1,
    }


@pytest.mark.parametrize(
    ("table", "words", "expected"),
    [
        ("recommendations", "recruits", 2),  # porter: recruits ~ recruitment
        ("documents", "inspected", 3),
        ("witnesses", "adviser", 2),
        ("witnesses", "safeguarding", 3),
    ],
)
def test_full_text_search_is_stemmed(site, table, words, expected):
    data = site.get(f"/scrutiny/{table}.json", _search=words).json()
    assert data["filtered_table_rows_count"] == expected


def test_one_search_box_over_every_searchable_table(site):
    html = site.get("/-/search", q="recruit").text
    for table in ("recommendations", "documents", "witnesses"):
        assert f'data-searchable-url="/scrutiny/{table}"' in html
    assert 'id="search-all-q"' in site.get("/").text


def test_foreign_keys_show_names_and_link(site):
    kent = doc_id(site, "kent_2015_caseloads.txt")
    html = site.get("/scrutiny/recommendations").text
    assert (
        f'<a href="/scrutiny/documents/{kent}">Social Work Caseloads: Report of the Task and Finish Group</a>'
        in html
    )
    html = site.get("/scrutiny/ofsted_ratings").text
    assert '<a href="/scrutiny/councils/kent">Kent County Council</a>' in html
    html = site.get("/scrutiny/documents").text
    assert '<a href="/scrutiny/councils/walsall">Walsall Council</a>' in html


def test_document_page_lists_its_records_with_pages_and_source(site):
    medway = doc_id(site, "medway_2019_scrutiny.txt")
    html = site.get(f"/scrutiny/documents/{medway}").text
    for table in RECORD_TABLES:
        ids = [r["id"] for r in site.sql(f"select id from {table} where document_id = :d", d=medway)]
        for rec in ids:
            assert f'id="record-{rec}"' in html
    assert "Caseload figures (cases per worker) (2)" in html
    assert '<span class="quote-page">p.&nbsp;2</span> “up to 31 cases”' in html
    assert '<a href="https://committees.example.org/medway/2019-07-02/ofsted.pdf" rel="nofollow">' in html


def test_documents_table_leaves_out_the_full_text_unless_asked(site):
    html = site.get("/scrutiny/documents").text
    assert 'data-column="text"' not in html and 'data-column="title"' in html
    html = site.get("/scrutiny/documents", _all="1").text
    assert 'data-column="text"' in html
    assert "characters: open the document for the full text)" in html  # shortened, even then
    full = site.sql("select text from documents where filename = 'kent_2015_caseloads.txt'")[0]["text"]
    assert full[400:460].replace("'", "&#39;") not in html


def test_record_page_links_to_its_document(site):
    rec = site.sql("select id, document_id from caseloads where low = 31")[0]
    html = site.get(f"/scrutiny/caseloads/{rec['id']}").text
    assert f'href="/scrutiny/documents/{rec["document_id"]}#record-{rec["id"]}"' in html
    assert "Ofsted Inspection Outcome and &lt;i&gt;Action&lt;/i&gt; Plan" in html


# --- Safety ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "raw", "escaped"),
    [
        ("/scrutiny/recommendations", "<script>alert(", "&lt;script&gt;alert("),
        ("/scrutiny/recommendations?_search=caseload", "<b>caseload</b>", "&lt;b&gt;caseload&lt;/b&gt;"),
        ("/scrutiny/search_recommendations?words=caseload", "<script>alert(", "&lt;script&gt;alert("),
        (
            "/scrutiny/council_recommendations?council=Medway",
            "<b>caseload</b>",
            "&lt;b&gt;caseload&lt;/b&gt;",
        ),
        ("/scrutiny/documents", "<i>Action</i>", "&lt;i&gt;Action&lt;/i&gt;"),
        ("/scrutiny/recommendations", "<i>Action</i>", "&lt;i&gt;Action&lt;/i&gt;"),
    ],
)
def test_extracted_text_is_escaped_never_html(site, path, raw, escaped):
    html = site.get(path).text
    assert raw not in html and escaped in html


def test_document_page_escapes_title_and_text(site):
    html = site.get(f"/scrutiny/documents/{doc_id(site, 'medway_2019_scrutiny.txt')}").text
    assert "<i>Action</i>" not in html and "<script>alert(" not in html
    assert "Ofsted Inspection Outcome and &lt;i&gt;Action&lt;/i&gt; Plan" in html


def test_served_read_only_with_a_time_limit(site, fixture_db):
    databases = site.get("/-/databases.json").json()
    assert [(d["name"], d["is_mutable"]) for d in databases] == [("scrutiny", False)]
    assert site.get("/-/settings.json").json()["sql_time_limit_ms"] == publish.SETTINGS["sql_time_limit_ms"]
    plugins = {p["name"] for p in site.get("/-/plugins.json").json()}
    assert plugins <= READ_ONLY_PLUGINS, f"unexpected plugins (do they write?): {plugins - READ_ONLY_PLUGINS}"
    # Row counts come from the inspect file, not from counting at start-up.
    counts = json.loads(publish.inspect_file(fixture_db).read_text())["scrutiny"]["tables"]
    assert (
        site.ds.get_database("scrutiny").cached_table_counts["caseloads"] == counts["caseloads"]["count"] == 7
    )


def test_serve_binds_localhost_by_default():
    host = next(p for p in cli.commands["serve"].params if p.name == "host")
    assert host.default == "127.0.0.1"


# --- Dashboard ---------------------------------------------------------------------------------


def test_dashboard_page_and_every_chart_query(site):
    assert "Children&#39;s safeguarding scrutiny at a glance" in site.get("/-/dashboards/scrutiny").text
    charts = {k: c for k, c in DASHBOARD["charts"].items() if "query" in c}
    assert {"caseloads", "judgements", "records"} <= set(charts)
    for name, chart in charts.items():
        sql = re.sub(r"\[\[.*?\]\]", "", chart["query"], flags=re.S)
        assert site.sql(sql), f"chart {name} has no data on the fixture"
    caseloads = site.sql(re.sub(r"\[\[.*?\]\]", "", charts["caseloads"]["query"], flags=re.S))
    kent = [(r["year"], r["cases_per_worker"]) for r in caseloads if r["council"] == "Kent County Council"]
    assert kent == [(2015, 24.0), (2018, 16.0)]
    # The council filter is applied through the [[ ... ]] clause, as the dashboard does.
    filtered = site.sql(
        charts["caseloads"]["query"].replace("[[", "").replace("]]", ""), council="Walsall Council"
    )
    assert [(r["council"], r["cases_per_worker"]) for r in filtered] == [("Walsall Council", 22.5)]


def official_chart(site: Client, chart: str, council: str = "") -> list[dict]:
    """Rows of an official-figures chart as the dashboard asks for them (filter set or not)."""
    options = {"council": council} if council else {}
    sql = replace_opts_in_query(OFFICIAL["charts"][chart]["query"], options)
    return site.sql(sql, **options)


def test_official_figures_put_a_councils_figures_beside_the_official_ones(site):
    assert (
        "What councils reported, beside the official figures"
        in site.get("/-/dashboards/official-figures", council="Medway Council").text
    )
    medway = doc_id(site, "medway_2019_scrutiny.txt")
    title = "Ofsted Inspection Outcome and &lt;i&gt;Action&lt;/i&gt; Plan"
    checks = official_chart(site, "caseload-checks", "Medway Council")
    record = site.sql("select caseload_id from caseload_checks where document_id = :d", d=medway)[0]
    assert checks == [
        {
            "Council": "Medway Council",
            "Date": "2019-07-02",
            "Reported": 22.0,
            "Census year": 2019,
            "Official": 20.3,
            "Difference": 1.7,
            "Status": "compared",
            "Document": f'<a href="/scrutiny/documents/{medway}#record-{record["caseload_id"]}">{title}</a>',
        }
    ]
    timeline = official_chart(site, "caseload-timeline", "Medway Council")
    assert {(r["series"], r["value"]) for r in timeline if r["year"] == 2019} == {
        ("reported in papers", 22.0),
        ("official (DfE census)", 20.3),
    }
    ofsted = [r for r in official_chart(site, "ofsted-timeline", "Medway Council") if r["Year"] == 2019]
    assert [(r["Source"], r["Judgement"], r["Document"]) for r in ofsted] == [
        ("reported in papers", "Requires improvement", f'<a href="/scrutiny/documents/{medway}">{title}</a>'),
        ("official (Ofsted ILACS)", "Inadequate", ""),
    ]


def test_official_figures_without_a_council_show_the_councils_whose_papers_give_figures(site):
    for chart, council in [("caseload-timeline", "council"), ("ofsted-timeline", "Council")]:
        assert {r[council] for r in official_chart(site, chart)} == {
            "Kent County Council",
            "Medway Council",
            "Walsall Council",
        }, chart


@pytest.mark.parametrize(
    ("council", "shown"),
    [("Atlantis", "of Atlantis"), ("<b>Atlantis</b>", "of &lt;b&gt;Atlantis&lt;/b&gt;")],
)
def test_official_figures_say_when_a_council_has_no_figure_and_escape_what_they_show(site, council, shown):
    # datasette-dashboards writes table cells into the page as HTML: nothing may reach it raw.
    (checks,) = official_chart(site, "caseload-checks", council)
    assert checks["Status"] == f"No reported caseload figure in the papers {shown}"
    (ofsted,) = official_chart(site, "ofsted-timeline", council)
    assert ofsted["Source"] == f"No Ofsted overall judgement quoted in the papers {shown}"
    quotes = official_chart(site, "ofsted-timeline", "Walsall Council")
    assert "Following the 2015 inspection, Ofsted judged overall effectiveness to be Inadequate." in {
        r["Quote"] for r in quotes
    }


def test_official_figures_queries_answer_for_a_council_by_any_of_its_names(site):
    for council in ("Kent", "kent", "Kent County Council"):
        rows = site.rows("caseload_checks_for_council", council=council)
        assert [(r["reported"], r["official_caseload_fte"], r["difference"]) for r in rows] == [
            (24.0, None, None),
            (16.0, 16.9, -0.9),
        ]
        assert rows[1]["document"] == "Children's Services Improvement Update"
        judged = site.rows("rating_checks_for_council", council=council)
        assert [(r["inspection_year"], r["judgement"], r["status"]) for r in judged] == [
            (2014, "Requires improvement", "no official data (ILACS series starts 2018)"),
            (2017, "Good", "no official data (ILACS series starts 2018)"),
        ]
    (disagrees,) = site.rows("rating_disagreements", council="")
    assert (
        disagrees["council"],
        disagrees["judgement_as_printed"],
        disagrees["official_judgement_as_printed"],
    ) == (
        "Medway Council",
        "Requires improvement to be good",
        "Inadequate",
    )
    assert disagrees["document"] == "Ofsted Inspection Outcome and <i>Action</i> Plan"
    assert site.rows("rating_disagreements", council="Kent") == []


# --- The bundle --------------------------------------------------------------------------------


def test_publish_writes_a_bundle_that_datasette_serves_read_only(fixture_db, tmp_path, loop):
    out = tmp_path / "site"
    result = CliRunner().invoke(cli, ["publish", str(out), "--db", str(fixture_db)])
    assert result.exit_code == 0, result.output
    for name in (
        "scrutiny.db",
        "inspect-data.json",
        "metadata.yml",
        "settings.json",
        "requirements.txt",
        "Procfile",
        "README.md",
        "templates/row-scrutiny-documents.html",
        "plugins/scrutiny_datasette.py",
        "plugins/scrutiny_facets.py",
        "plugins/scrutiny_feeds.py",
    ):
        assert (out / name).exists(), name
    assert not (out / "scrutiny.db-wal").exists()
    conn = sqlite3.connect(out / "scrutiny.db")
    assert conn.execute("pragma journal_mode").fetchone()[0] == "delete"
    conn.close()
    assert "datasette==0.65.5" in (out / "requirements.txt").read_text().split()
    ds = Datasette(config_dir=out)
    bundled = Client(ds, loop)
    assert [(d["name"], d["is_mutable"]) for d in bundled.get("/-/databases.json").json()] == [
        ("scrutiny", False)
    ]
    assert len(bundled.rows("latest_ofsted", council="")) == 3
    feed = bundled.get("/scrutiny/ofsted_feed.atom", council="")
    assert feed.headers["content-type"].startswith("application/atom+xml") and "<entry>" in feed.text
    assert (
        bundled.get("/-/settings.json").json()["sql_time_limit_ms"] == publish.SETTINGS["sql_time_limit_ms"]
    )


def test_publish_refuses_to_overwrite_without_force(fixture_db, tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "keep.txt").write_text("x")
    result = CliRunner().invoke(cli, ["publish", str(out), "--db", str(fixture_db)])
    assert result.exit_code != 0 and "--force" in result.output
    result = CliRunner().invoke(cli, ["publish", str(out), "--db", str(fixture_db), "--force"])
    # --force replaces what publish wrote, never anything else.
    assert result.exit_code == 0, result.output
    assert (out / "keep.txt").read_text() == "x" and (out / "scrutiny.db").exists()
