"""The shipped council list: names people write, official codes, history, and initialisms in context."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
import sqlite_utils

from core.council_of import main_council, resolve_initialism
from core.councils import (
    by_code,
    councils,
    current_councils,
    find_council,
    initialisms,
    mentions,
)
from pipeline.councils_table import load_councils_table

REFERENCE = Path(__file__).parent / "fixtures" / "councils" / "reference_codes.csv"


def reference(source: str) -> list[dict]:
    with REFERENCE.open(encoding="utf-8") as f:
        return [r for r in csv.DictReader(f) if r["source"] == source]


@pytest.mark.parametrize(
    ("printed", "council_id"),
    [
        ("Devon County Council", "devon"),
        ("Devon", "devon"),
        ("DEVON COUNTY COUNCIL", "devon"),
        ("Devon's", "devon"),
        ("Durham County Council", "county-durham"),
        ("County Durham", "county-durham"),
        ("Durham", "county-durham"),
        ("Durham Council", "county-durham"),
        ("Medway Council", "medway"),
        ("Medway", "medway"),
        ("Walsall Council", "walsall"),
        ("Walsall Metropolitan Borough Council", "walsall"),
        ("Walsall MBC", "walsall"),
        ("Birmingham City Council", "birmingham"),
        ("Leeds City Council", "leeds"),
        ("London Borough of Hackney", "hackney"),
        ("Hackney Council", "hackney"),
        ("LB Hackney", "hackney"),
        ("Royal Borough of Greenwich", "greenwich"),
        ("Greenwich Council", "greenwich"),
        ("Westminster City Council", "westminster"),
        ("City of Westminster", "westminster"),
        ("Cornwall Council", "cornwall"),
        ("Cornwall County Council", "cornwall"),
        ("Kent County Council", "kent"),
        ("Kent", "kent"),
        ("Bristol City Council", "bristol"),
        ("Bristol, City of", "bristol"),
        ("Hull City Council", "kingston-upon-hull"),
        ("Kingston upon Hull, City of", "kingston-upon-hull"),
        ("Herefordshire, County of", "herefordshire"),
        ("Council of the Isles of Scilly", "isles-of-scilly"),
        ("City of London Corporation", "city-of-london"),
        ("BCP Council", "bournemouth-christchurch-and-poole"),
        ("Bournemouth, Christchurch and Poole Council", "bournemouth-christchurch-and-poole"),
        ("Southend-on-Sea Borough Council", "southend-on-sea"),
        ("St. Helens", "st-helens"),
        ("Telford & Wrekin Council", "telford-and-wrekin"),
        ("Brighton & Hove City Council", "brighton-and-hove"),
        ("Royal Borough of Kensington and Chelsea", "kensington-and-chelsea"),
        ("RBKC", "kensington-and-chelsea"),
        ("North Yorkshire County Council", "north-yorkshire-county"),
        ("North Yorkshire Council", "north-yorkshire"),
        ("Dorset Council", "dorset"),
        ("Dorset County Council", "dorset-county"),
        ("Bournemouth Borough Council", "bournemouth"),
        ("Borough of Poole", "poole"),
        ("Westmorland and Furness Council", "westmorland-and-furness"),
        ("E10000008", "devon"),
        ("E08000016", "barnsley"),  # Barnsley's code before the 2024 recoding
    ],
)
def test_find_council_reads_the_names_people_write(printed, council_id):
    found = find_council(printed)
    assert found is not None, printed
    assert found.id == council_id


@pytest.mark.parametrize("printed", ["", None, "Gotham City Council", "DCC", "The Council", "County Council"])
def test_find_council_returns_none_for_unknown_or_ambiguous_names(printed):
    assert find_council(printed) is None


def test_canonical_names_are_the_ones_people_write():
    expected = {
        "devon": "Devon County Council",
        "county-durham": "Durham County Council",
        "medway": "Medway Council",
        "walsall": "Walsall Council",
        "birmingham": "Birmingham City Council",
        "leeds": "Leeds City Council",
        "hackney": "London Borough of Hackney",
        "greenwich": "Royal Borough of Greenwich",
        "westminster": "Westminster City Council",
        "cornwall": "Cornwall Council",
        "kent": "Kent County Council",
    }
    by_id = {c.id: c for c in councils()}
    assert {k: by_id[k].name for k in expected} == expected
    assert by_id["county-durham"].area == "County Durham"


def test_ids_are_unique_lowercase_slugs_of_the_area():
    ids = [c.id for c in councils()]
    assert len(ids) == len(set(ids))
    for c in councils():
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", c.id), c.id
        assert c.id.startswith(re.sub(r"[^a-z0-9]+", "-", c.area.lower().replace("&", "and")).strip("-"))


def test_codes_are_unique_and_well_formed():
    gss = [code for c in councils() for code in (c.gss_code, *c.former_gss_codes) if code]
    assert len(gss) == len(set(gss))
    assert all(re.fullmatch(r"E0[689]\d{6}|E10\d{6}", code) for code in gss)
    assert all(re.fullmatch(r"\d{3}", c.dfe_code) for c in councils())


def test_historical_authorities_are_kept_with_their_end_dates():
    ended = {c.id: c.active_to for c in councils() if c.active_to}
    assert ended["bournemouth"] == ended["poole"] == ended["dorset-county"] == "2019-03-31"
    assert ended["buckinghamshire-county"] == "2020-03-31"
    assert ended["northamptonshire"] == "2021-03-31"
    assert ended["cumbria"] == ended["north-yorkshire-county"] == ended["somerset-county"] == "2023-03-31"
    starts = {c.id: c.active_from for c in councils() if c.active_from}
    assert starts["bournemouth-christchurch-and-poole"] == starts["dorset"] == "2019-04-01"
    assert starts["north-northamptonshire"] == starts["west-northamptonshire"] == "2021-04-01"
    for new in ("cumberland", "westmorland-and-furness", "north-yorkshire", "somerset"):
        assert starts[new] == "2023-04-01"


@pytest.mark.parametrize(
    ("printed", "as_of", "council_id"),
    [
        ("Dorset", "2015-06-01", "dorset-county"),
        ("Dorset", "2021", "dorset"),
        ("Dorset", None, "dorset"),
        ("North Yorkshire", "2016", "north-yorkshire-county"),
        ("North Yorkshire", "2024-01", "north-yorkshire"),
        ("Somerset", "2019", "somerset-county"),
        ("Buckinghamshire", "2012", "buckinghamshire-county"),
        ("Buckinghamshire", "2022", "buckinghamshire"),
        ("Devon", "2012", "devon"),
    ],
)
def test_a_date_chooses_between_councils_sharing_an_area(printed, as_of, council_id):
    assert find_council(printed, as_of).id == council_id


def test_153_current_authorities_match_ofsted_latest_judgements_2025():
    rows = reference("ofsted_latest_2025")
    assert len(rows) == 153
    assert len(current_councils()) == 153
    resolved = {by_code(r["gss_code"]) for r in rows}
    assert None not in resolved
    assert resolved == set(current_councils())
    for r in rows:
        assert find_council(r["name"]).id == by_code(r["gss_code"]).id, r["name"]


def test_every_code_in_the_official_files_resolves():
    for r in reference("ofsted_ilacs_history") + reference("ons_utla_2023"):
        council = by_code(r["gss_code"])
        assert council is not None, r
        assert (council.active_to is None) == (r["status"] == "current"), r
    for r in reference("csww_2017_2025"):
        council = by_code(r["gss_code"])
        assert council is not None, r
        assert council.dfe_code == r["dfe_code"], r
        assert find_council(r["name"]) is not None, r["name"]


def test_initialisms_are_never_global_short_forms():
    table = initialisms()
    assert {c.id for c in table["DCC"]} >= {"devon", "county-durham", "derbyshire", "dorset-county"}
    for c in councils():
        for form in c.short_forms:
            if re.fullmatch(r"[A-Z&]{2,6}", form):  # an all-capitals form must be unique to its council
                assert [x.id for x in table.get(form.replace("&", ""), table.get(form, (c,)))] == [c.id], form


@pytest.mark.parametrize(
    ("initialism", "context", "text", "council_id"),
    [
        ("DCC", "Devon County Council", None, "devon"),
        ("DCC", "Durham County Council", None, "county-durham"),
        ("DCC", None, "Report to Derbyshire County Council. DCC officers attended.", "derbyshire"),
        ("DCC", None, "Minutes of the meeting in Durham. DCC was learning.", "county-durham"),
        ("WMBC", "Walsall Council", None, "walsall"),
        ("KCC", None, "Kent County Council cabinet: KCC has agreed the plan.", "kent"),
        ("RBKC", None, None, "kensington-and-chelsea"),
    ],
)
def test_resolve_initialism_reads_it_in_context(initialism, context, text, council_id):
    assert resolve_initialism(initialism, context, text).id == council_id


@pytest.mark.parametrize(
    ("initialism", "context", "text"),
    [
        ("DCC", None, None),  # five councils are "DCC"
        ("DCC", "Kent County Council", None),  # Kent is not one of them
        (
            "DCC",
            None,
            "Kent County Council hosted Devon County Council and Durham County Council. KCC agreed.",
        ),
        ("XYZ", "Devon County Council", None),
    ],
)
def test_resolve_initialism_leaves_undecidable_ones_unresolved(initialism, context, text):
    assert resolve_initialism(initialism, context, text) is None


def test_mentions_and_main_council_of_a_document():
    text = (
        "MEDWAY COUNCIL\nCabinet, 23 May 2013\n"
        "Children's services in Medway were inspected. Kent Police and Devon and Cornwall Police helped.\n"
        "Councillor Sutton asked about Reading the report.\n"
        "Newcastle-under-Lyme and New York were mentioned.\n"
        "Medway Council will report back."
    )
    named = [text[s:e] for s, e, _ in mentions(text)]
    assert named == ["MEDWAY COUNCIL", "Medway", "Devon", "Cornwall", "Medway Council"]
    assert main_council(text).id == "medway"
    assert main_council("Nothing here names a council.") is None


def test_mentions_follow_names_across_line_breaks():
    text = "Report of the London Borough of\nHackney to its Cabinet"
    [(s, e, council)] = mentions(text)
    assert council.id == "hackney" and text[s:e] == "London Borough of\nHackney"


def test_load_councils_table_writes_every_column():
    db = sqlite_utils.Database(memory=True)
    load_councils_table(db)
    assert db["councils"].count == len(councils())
    row = db["councils"].get("barnsley")
    assert row["former_gss_codes"] == "E08000016" and row["active_to"] is None
    assert db["councils"].get("dorset-county")["active_to"] == "2019-03-31"


def test_a_renamed_council_is_named_as_it_was_on_a_date():
    southend = find_council("Southend-on-Sea Borough Council")
    assert southend.name_on("2016-07-07") == "Southend-on-Sea Borough Council"
    assert southend.name_on("2024-12-03") == southend.name == "Southend-on-Sea City Council"
    assert southend.name_on(None) == southend.name
