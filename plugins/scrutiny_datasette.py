"""Datasette plugin for the scrutiny database: links back to sources, and safe display.

Loaded from this folder (``Datasette(plugins_dir=...)``, or ``plugins/`` of a published bundle),
so it must import nothing from the project: a bundle runs with Datasette and its plugins only.
It never writes: it renders cells, adds two SQL functions and one template helper.

What it does, and why:
- Every figure links back to its source. In canned queries (no table), a ``document`` column
  (the title) and a ``document_id`` column link to the document page; ``recommendation_id``,
  ``caseload_id``, ``ofsted_rating_id`` and ``witness_id`` link to the record. Table pages
  already do this through foreign keys and ``label_column``.
- A ``quote`` is shown with its page ("p. 2") and links to the record on its document's page.
- ``documents.text`` is shortened in lists; the document page shows it whole. All extracted
  text is escaped here (markupsafe), never passed through as HTML.
- ``fts_query(q)`` turns what a person types into a safe FTS5 query (each word quoted, as
  Datasette's own ``escape_fts`` does), so "children's" or an odd quote cannot break a query;
  unlike ``escape_fts``, an empty query matches nothing instead of failing.
- Connections read the database through a memory map (``PRAGMA mmap_size``), which is faster for
  queries that look up many rows.
- ``html_link(href, text)`` is for dashboard table charts: datasette-dashboards writes each cell
  into the page as HTML (``innerHTML``), so their queries must hand it escaped markup; this
  links a document title or quote to its source and escapes it. Only http(s) addresses and
  paths on this site become links, never ``javascript:``.
- One request cannot exhaust the server: no SQL value may exceed :data:`MAX_VALUE_BYTES` (SQLite's
  own length limit, so ``randomblob(500000000)`` or a giant ``replace()`` fails at once), a response
  body stops at :data:`MAX_RESPONSE_BYTES`, and the site is read-only: any method but GET, HEAD
  and OPTIONS is answered 405 (Datasette itself answered some POSTs with a 500).
"""

from __future__ import annotations

import sqlite3

from datasette import hookimpl
from datasette.utils import escape_fts as _escape_fts
from datasette.utils import tilde_encode
from markupsafe import Markup, escape

DATABASE = "scrutiny"
RECORD_TABLES = ("recommendations", "ofsted_ratings", "caseloads", "witnesses")
#: Query-result columns that hold the id of a row in a table, and the table.
ID_COLUMNS = {
    "document_id": "documents",
    "recommendation_id": "recommendations",
    "ofsted_rating_id": "ofsted_ratings",
    "caseload_id": "caseloads",
    "witness_id": "witnesses",
}
#: Foreign keys whose target's label a row page shows (Datasette 0.65 labels them only in tables).
LABELS = {"document_id": ("documents", "title"), "council_id": ("councils", "name")}
TEXT_PREVIEW = 300
#: Read the database through a memory map instead of a read() call per page: a search that looks up
#: every matching row of a large database takes a quarter less time. The site only reads, so mapping
#: is safe; SQLite lowers the size to what it was built to allow (and maps nothing if it cannot).
MMAP_BYTES = 2_000_000_000
#: The largest string or blob a query may make or return (the longest text of a real document is
#: far below it). SQLite refuses a bigger one with "string or blob too big".
MAX_VALUE_BYTES = 10_000_000
#: A response body (JSON, CSV, a page) stops after this many bytes. The database download itself
#: (``/scrutiny.db``) is a file streamed from disk and is not cut.
MAX_RESPONSE_BYTES = 100_000_000
READ_METHODS = {"GET", "HEAD", "OPTIONS"}


def fts_query(query: str | None) -> str:
    """A safe FTS5 MATCH string for free text; an empty query matches nothing."""
    return _escape_fts(query or "") or '""'


def html_link(href: str | None, text) -> str:
    """``<a href="href">text</a>``, both escaped; the escaped text alone when there is no href."""
    if text is None:
        return ""
    if not href or not _safe_href(str(href)):
        return str(escape(str(text)))
    return str(Markup('<a href="{}">{}</a>').format(str(href), str(text)))


def _safe_href(href: str) -> bool:
    """A link may only lead to a web address or a path on this site (never ``javascript:``)."""
    lowered = href.strip().lower()
    return lowered.startswith(("http://", "https://")) or (href.startswith("/") and not href.startswith("//"))


@hookimpl
def prepare_connection(conn):
    conn.create_function("fts_query", 1, fts_query, deterministic=True)
    conn.create_function("html_link", 2, html_link, deterministic=True)
    conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
    if hasattr(conn, "setlimit"):  # Python 3.11+
        conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)


@hookimpl
def asgi_wrapper(datasette):
    """Refuse writes with 405, and cut any response body at :data:`MAX_RESPONSE_BYTES`."""

    def wrap(app):
        async def bounded(scope, receive, send):
            if scope.get("type") != "http":
                return await app(scope, receive, send)
            if scope.get("method", "GET").upper() not in READ_METHODS:
                return await _read_only(send)
            if scope.get("path", "").endswith(".db"):
                return await app(scope, receive, send)
            sent = 0

            async def capped(message):
                nonlocal sent
                if message.get("type") == "http.response.body":
                    body = message.get("body", b"")
                    if sent + len(body) > MAX_RESPONSE_BYTES:
                        body = body[: max(0, MAX_RESPONSE_BYTES - sent)]
                        message = {**message, "body": body, "more_body": False}
                    if sent >= MAX_RESPONSE_BYTES:
                        return  # the response is already complete
                    sent += len(body)
                await send(message)

            return await app(scope, receive, capped)

        return bounded

    return wrap


async def _read_only(send) -> None:
    body = b"This site is read-only: only GET requests are answered.\n"
    await send(
        {
            "type": "http.response.start",
            "status": 405,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"allow", b"GET, HEAD, OPTIONS"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _keys(row) -> set[str]:
    try:
        return set(row.keys())
    except AttributeError:
        return set()


def _row_url(datasette, table: str, pk: str) -> str:
    return datasette.urls.row(DATABASE, table, tilde_encode(str(pk)))


def _record_id(row, table: str | None, keys: set[str]) -> str | None:
    if table in RECORD_TABLES and "id" in keys:
        return row["id"]
    for column, target in ID_COLUMNS.items():
        if target in RECORD_TABLES and column in keys and row[column]:
            return row[column]
    return None


def render_quote(datasette, row, value: str, table: str | None) -> Markup:
    """``p. 2: “quote”``, linked to the record's place on its document page."""
    keys = _keys(row)
    page = row["page"] if "page" in keys and row["page"] is not None else None
    label = (
        Markup('<span class="quote-page">p.&nbsp;{}</span> ').format(page) if page is not None else Markup("")
    )
    body = Markup("“{}”").format(value)
    doc_id = row["document_id"] if "document_id" in keys else None
    if not doc_id:
        return Markup('<span class="quote">{}{}</span>').format(label, body)
    rec_id = _record_id(row, table, keys)
    href = _row_url(datasette, "documents", doc_id) + (f"#record-{rec_id}" if rec_id else "")
    return Markup(
        '<a class="quote" href="{}" title="Open the source document at this quote">{}{}</a>'
    ).format(href, label, body)


def _labelled_link(datasette, column: str, value: str):
    """A link to the row a foreign key points at, showing its label (title or name)."""
    target, label_column = LABELS[column]

    async def inner():
        result = await datasette.get_database(DATABASE).execute(
            f"select [{label_column}] from [{target}] where id = ?", [value]
        )
        first = result.first()
        label = first[0] if first and first[0] else value
        return Markup('<a href="{}">{}</a>').format(_row_url(datasette, target, value), label)

    return inner


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if database != DATABASE or value is None:
        return None
    if column == "quote" and isinstance(value, str) and (table in RECORD_TABLES or table is None):
        return render_quote(datasette, row, value, table)
    if table == "documents" and column == "text" and isinstance(value, str):
        if len(value) <= TEXT_PREVIEW:
            return None
        more = f"… ({len(value):,} characters: open the document for the full text)"
        return Markup('<span class="text-preview">{}{}</span>').format(value[:TEXT_PREVIEW], more)
    if table is not None and column in LABELS and isinstance(value, str):
        return _labelled_link(datasette, column, value)
    if table is None:
        keys = _keys(row)
        if column in ID_COLUMNS and value:
            return Markup('<a href="{}">{}</a>').format(_row_url(datasette, ID_COLUMNS[column], value), value)
        if column == "document" and "document_id" in keys and row["document_id"]:
            href = _row_url(datasette, "documents", row["document_id"])
            return Markup('<a href="{}">{}</a>').format(href, value)
    return None


@hookimpl
def extra_template_vars(template, database, datasette):
    """``document_records(id)`` for the document page: its records, table by table."""
    if not template.startswith("row-") or database != DATABASE:
        return None

    async def document_records(document_id: str) -> dict[str, list[dict]]:
        db = datasette.get_database(DATABASE)
        found = {}
        for table in RECORD_TABLES:
            result = await db.execute(
                f"select * from [{table}] where document_id = ? order by char_start", [document_id]
            )
            found[table] = [dict(r) for r in result.rows]
        return found

    return {"document_records": document_records}
