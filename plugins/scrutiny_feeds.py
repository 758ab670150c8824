"""Atom feeds of the scrutiny database: subscribe to a search, a council, or Ofsted judgements.

Why our own renderer and not datasette-atom: datasette-atom 0.9 (the latest) fails with a server
error on a feed with no entries yet (it takes the newest entry's time as the feed's), which is
exactly what a new subscription to a search often is; it needs absolute links from the SQL, which
cannot know the address the site is served at; and it pulls in feedgen, lxml and bleach. This
renders the same columns it reads (``atom_id``, ``atom_updated``, ``atom_title``, optional
``atom_link``, ``atom_content``, ``atom_author_name``), so a canned query written for one works
with the other, with the standard library alone. Like the other plugin here it imports nothing
from the project (a published bundle runs without it) and never writes.

Two kinds of page get an ``.atom`` link ("This data as ... atom"):
- canned queries returning the ``atom_*`` columns (the feeds in ``datasette-metadata.yml``);
- every record table page (recommendations, ofsted_ratings, caseloads, witnesses) as filtered,
  searched and sorted: ``/scrutiny/recommendations.atom?_search=agency&council_id=...`` is a feed
  of that view, newest first by default (the tables sort by date descending).

Each entry links to the record's quote on its document page (``/scrutiny/documents/ID#record-ID``),
made absolute from the address the feed was fetched at. An entry's time is its document's date
(the meeting or report), or the first of January of its year when only the year is known, or
when the document was built when neither is; the canned feeds are in that order, newest first.
"""

from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree as ET

from datasette import hookimpl
from datasette.utils.asgi import Response

DATABASE = "scrutiny"
ATOM = "http://www.w3.org/2005/Atom"
#: The columns a canned query returns to be a feed (datasette-atom's names).
FEED_COLUMNS = {"atom_id", "atom_updated", "atom_title"}
#: Record tables, and the columns an entry's title is made of (in order, empty ones skipped).
RECORD_TITLES = {
    "recommendations": ("text",),
    "ofsted_ratings": ("subject", "area", "judgement", "inspection_year"),
    "caseloads": ("role", "kind", "low", "high", "period"),
    "witnesses": ("name", "position", "organisation"),
}
RECORD_COLUMNS = {"id", "document_id", "quote"}
#: Entry ids are tag URIs (RFC 4151): the same record keeps its id wherever the site is served.
TAG = "tag:scrutiny-miner,2025:"
TITLE_CHARS = 200

ET.register_namespace("", ATOM)


def can_render_atom(columns, table) -> bool:
    names = set(columns or [])
    return FEED_COLUMNS <= names or (table in RECORD_TITLES and RECORD_COLUMNS <= names)


@hookimpl
def register_output_renderer(datasette):
    return {"extension": "atom", "render": render_atom, "can_render": can_render_atom}


def atom_time(value) -> str | None:
    """An RFC 3339 time for a date ("2024-03-05": midnight UTC), a year, or an ISO timestamp."""
    if value is None or value == "":
        return None
    text = str(value).strip()
    try:
        if len(text) == 4 and text.isdigit():
            return f"{text}-01-01T00:00:00Z"
        if len(text) == 10:
            return dt.date.fromisoformat(text).isoformat() + "T00:00:00Z"
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _plain(value):
    return value["value"] if isinstance(value, dict) and "value" in value else value


def _number(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= TITLE_CHARS else text[: TITLE_CHARS - 1].rstrip() + "…"


def record_title(table: str, row: dict) -> str:
    """An entry title for a record row: its defining columns, joined."""
    parts = [_number(row[c]) for c in RECORD_TITLES[table] if row.get(c) not in (None, "")]
    return _short(", ".join(parts) or row.get("quote") or row["id"])


async def _documents(datasette, ids: set[str]) -> dict[str, dict]:
    """Title, council name, date and build time of each document the entries come from."""
    if not ids:
        return {}
    db = datasette.get_database(DATABASE)
    marks = ", ".join("?" for _ in ids)
    result = await db.execute(
        "select d.id, d.title, d.date, d.built_at, coalesce(c.name, d.council) as council "
        f"from documents d left join councils c on c.id = d.council_id where d.id in ({marks})",
        list(ids),
    )
    return {r["id"]: dict(r) for r in result.rows}


def _entries_from_feed_rows(rows: list[dict]) -> list[dict]:
    return [
        {
            "id": str(r["atom_id"]),
            "updated": atom_time(r["atom_updated"]),
            "title": _short(r["atom_title"] or ""),
            "link": r.get("atom_link"),
            "content": r.get("atom_content"),
            "author": r.get("atom_author_name"),
        }
        for r in rows
    ]


async def _entries_from_records(datasette, table: str, rows: list[dict]) -> list[dict]:
    docs = await _documents(datasette, {r["document_id"] for r in rows if r.get("document_id")})
    entries = []
    for r in rows:
        doc = docs.get(r["document_id"], {})
        where = f"p. {r['page']} of " if r.get("page") is not None else ""
        content = f"“{r['quote']}”\n\n{where}{doc.get('title') or 'the document'}"
        entries.append(
            {
                "id": f"{table}/{r['id']}",
                "updated": atom_time(r.get("date") or r.get("year") or doc.get("built_at")),
                "title": record_title(table, r),
                "link": f"/{DATABASE}/documents/{r['document_id']}#record-{r['id']}",
                "content": content,
                "author": doc.get("council"),
            }
        )
    return entries


async def _latest_build(datasette) -> str:
    result = await datasette.get_database(DATABASE).execute("select max(built_at) from documents")
    first = result.first()
    return atom_time(first[0] if first else None) or "1970-01-01T00:00:00Z"


def _absolute(datasette, request, link: str) -> str:
    if "://" in link:
        return link
    return datasette.absolute_url(request, datasette.urls.path(link) if link.startswith("/") else link)


def _text(parent: ET.Element, tag: str, text: str, **attrs) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    element.text = text
    return element


def _args(request) -> list[tuple[str, str]]:
    """The query string's non-empty arguments, in order."""
    return [(k, v) for k in request.args.keys() for v in request.args.getlist(k) if v]


async def _title(datasette, table, query_name, request) -> str:
    """The feed's title: the canned query's, or "New <table>", with what was asked (a council by
    its name rather than its id)."""
    if request.args.get("_feed_title"):
        return request.args["_feed_title"]
    if query_name:
        query = (datasette.metadata("queries", database=DATABASE) or {}).get(query_name) or {}
        title = query.get("title") if isinstance(query, dict) else None
        asked = ", ".join(f"{k}: {v}" for k, v in _args(request) if not k.startswith("_"))
        return (title or query_name) + (f" ({asked})" if asked else "")
    asked = []
    for k, v in _args(request):
        if k == "council_id":
            result = await datasette.get_database(DATABASE).execute(
                "select name from councils where id = ?", [v]
            )
            first = result.first()
            asked.append(f"council: {first[0] if first and first[0] else v}")
        elif k == "_search" or k[0] != "_":
            asked.append(f"{k.lstrip('_')}: {v}")
    return f"New {table.replace('_', ' ')}" + (f" ({', '.join(asked)})" if asked else "")


async def render_atom(datasette, request, columns, rows, table, query_name, database):
    """The rows of a table page or canned query as an Atom 1.0 feed, in the page's order."""
    if database != DATABASE:
        return Response.text("Feeds are served for the scrutiny database only.", status=404)
    if not can_render_atom(columns, table):
        need = ", ".join(sorted(FEED_COLUMNS))
        return Response.text(
            f"This page cannot be a feed: a query must return the columns {need} "
            "(a record table page always can).",
            status=400,
        )
    # A link from a table page asks for labels (``_labels=on``): a foreign key is then {value, label}.
    dicts = [{c: _plain(v) for c, v in zip(columns, row, strict=False)} for row in rows]
    if FEED_COLUMNS <= set(columns):
        entries = _entries_from_feed_rows(dicts)
    else:
        entries = await _entries_from_records(datasette, table, dicts)
    latest = await _latest_build(datasette)
    for e in entries:
        e["updated"] = e["updated"] or latest
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "id", request.url)
    _text(feed, "title", await _title(datasette, table, query_name, request))
    _text(feed, "updated", max((e["updated"] for e in entries), default=latest))
    _text(feed, "generator", "scrutiny-miner on Datasette")
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": request.url})
    page = request.url.replace(".atom", "", 1)
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": page})
    for e in entries:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "id", e["id"] if ":" in e["id"] else TAG + e["id"])
        _text(entry, "title", e["title"] or e["id"])
        _text(entry, "updated", e["updated"])
        author = ET.SubElement(entry, f"{{{ATOM}}}author")
        _text(author, "name", e["author"] or "scrutiny-miner")
        if e["link"]:
            href = _absolute(datasette, request, e["link"])
            ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": href})
        if e["content"]:
            _text(entry, "content", str(e["content"]), type="text")
    body = ET.tostring(feed, encoding="unicode", xml_declaration=False)
    return Response(
        '<?xml version="1.0" encoding="utf-8"?>\n' + body,
        content_type="application/atom+xml; charset=utf-8",
    )
