"""Atom feeds (plugins/scrutiny_feeds.py) on the publish fixture: exact entries, order and links.

The fixture's four documents are Kent 2015 and 2018, Walsall 2016 and Medway 2019, with
hand-annotated records (tests/fixtures/publish/records.json), so every feed's entries are known.
"""

from __future__ import annotations

import asyncio
import importlib.util
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from publish_fixture import build_fixture_db

from pipeline.publish import site as publish

ROOT = Path(__file__).resolve().parent.parent
ATOM = "{http://www.w3.org/2005/Atom}"


def _plugin():
    spec = importlib.util.spec_from_file_location("scrutiny_feeds", ROOT / "plugins" / "scrutiny_feeds.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def feed(tmp_path_factory):
    """GET a feed from an in-process Datasette over the fixture; returns (status, parsed feed)."""
    folder = tmp_path_factory.mktemp("feeds")
    db = publish.optimised_copy(build_fixture_db(folder / "built.db"), folder / "scrutiny.db")
    publish.write_inspect(db)
    ds = publish.make_datasette(db)
    loop = asyncio.new_event_loop()

    def get(path: str) -> ET.Element:
        response = loop.run_until_complete(ds.client.get(path))
        assert response.status_code == 200, f"{path}: HTTP {response.status_code}\n{response.text[:1000]}"
        assert response.headers["content-type"] == "application/atom+xml; charset=utf-8"
        root = ET.fromstring(response.text)
        assert root.tag == f"{ATOM}feed"
        return root

    yield get
    loop.close()


def entries(root: ET.Element) -> list[dict]:
    return [
        {
            "id": e.findtext(f"{ATOM}id"),
            "title": e.findtext(f"{ATOM}title"),
            "updated": e.findtext(f"{ATOM}updated"),
            "author": e.findtext(f"{ATOM}author/{ATOM}name"),
            "link": e.find(f"{ATOM}link").get("href"),
            "content": e.findtext(f"{ATOM}content"),
        }
        for e in root.findall(f"{ATOM}entry")
    ]


def test_a_search_feed_lists_matches_newest_first_linking_to_their_quotes(feed):
    found = entries(feed("/scrutiny/recommendations_feed.atom?words=recruit"))
    assert [(e["author"], e["updated"]) for e in found] == [
        ("Kent County Council", "2018-11-05T00:00:00Z"),
        ("Walsall Council", "2016-01-14T00:00:00Z"),
    ]
    kent = found[0]
    assert kent["title"].startswith("Kent County Council: That the Director report progress on recruitment")
    assert kent["id"].startswith("tag:scrutiny-miner,2025:recommendations/")
    record_id = kent["id"].rsplit("/", 1)[1]
    assert kent["link"].startswith("http://localhost/scrutiny/documents/")
    assert kent["link"].endswith(f"#record-{record_id}")
    assert kent["content"].startswith("“(ii) That the Director report progress on recruitment")
    assert kent["content"].endswith("p. 1 of Children's Services Improvement Update")


def test_a_search_with_no_match_yet_is_a_valid_empty_feed(feed):
    root = feed("/scrutiny/recommendations_feed.atom?words=zeppelin")
    assert entries(root) == []
    assert root.findtext(f"{ATOM}updated").endswith("Z")
    assert root.findtext(f"{ATOM}title") == "Feed of new recommendations matching words (words: zeppelin)"


def test_a_council_feed_holds_every_kind_of_its_records_newest_first(feed):
    found = entries(feed("/scrutiny/council_feed.atom?council=Kent"))
    # Kent's two documents: 2 + 2 recommendations, 2 + 1 caseloads, 1 + 1 judgements, 2 + 2 witnesses.
    assert len(found) == 13
    assert {e["author"] for e in found} == {"Kent County Council"}
    assert [e["updated"][:10] for e in found] == ["2018-11-05"] * 6 + ["2015-03-10"] * 7
    kinds = {e["id"].split(":")[-1].split("/")[0] for e in found}
    assert kinds == {"recommendations", "caseloads", "ofsted_ratings", "witnesses"}
    assert all(e["title"].startswith("Kent County Council: ") for e in found)
    assert entries(feed("/scrutiny/council_feed.atom?council=")) == []


def test_the_ofsted_feed_lists_judgements_newest_first(feed):
    found = entries(feed("/scrutiny/ofsted_feed.atom?council="))
    assert [e["updated"][:4] for e in found] == ["2019", "2018", "2016", "2015"]
    assert found[0]["title"].startswith("Medway Council: Overall effectiveness: ")
    medway = entries(feed("/scrutiny/ofsted_feed.atom?council=Medway"))
    assert [e["id"] for e in medway] == [found[0]["id"]]


def test_a_record_table_view_is_a_feed_in_its_order(feed):
    root = feed("/scrutiny/caseloads.atom?_labels=on&council_id=kent")
    assert root.findtext(f"{ATOM}title") == "New caseloads (council: Kent County Council)"
    found = entries(root)
    assert [e["updated"][:10] for e in found] == ["2018-11-05", "2015-03-10", "2015-03-10"]
    assert all(e["link"].split("#record-")[1] == e["id"].rsplit("/", 1)[1] for e in found)
    assert {e["author"] for e in found} == {"Kent County Council"}
    root = feed("/scrutiny/recommendations.atom?_search=recruit")
    assert root.findtext(f"{ATOM}title") == "New recommendations (search: recruit)"
    assert len(entries(root)) == 2


def test_atom_times():
    plugin = _plugin()
    assert plugin.atom_time("2024-03-05") == "2024-03-05T00:00:00Z"
    assert plugin.atom_time(2024) == "2024-01-01T00:00:00Z"
    assert plugin.atom_time("2025-01-02T10:11:12+01:00") == "2025-01-02T09:11:12Z"
    assert plugin.atom_time("2025-01-02T10:11:12") == "2025-01-02T10:11:12Z"
    assert plugin.atom_time("March 2024") is None and plugin.atom_time(None) is None
